/**
 * `npm run mutate`: mutation testing (StrykerJS) of the modules that guard users, one StrykerJS run
 * per group of tools/mutation/modules.ts, then the score of every module.
 *
 *   npm run mutate                 every group, incremental (unchanged mutants keep their result)
 *   npm run mutate -- csv markdown only these groups
 *   npm run mutate -- --force      every mutant again, ignoring earlier results
 *
 * Reports: reports/mutation/<group>/mutation.html and mutation.json, reports/mutation/summary.json.
 * Exits non-zero when a module scores below the threshold (90 %).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../host-shim/common/paths.ts';
import { mutationGroups, type MutationGroup } from '../tools/mutation/modules.ts';

const threshold = 90;
const toolsDir = path.join(repoRoot, 'tools', 'mutation');
const reportsDir = path.join(repoRoot, 'reports', 'mutation');
const strykerBin = path.join(toolsDir, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');

const args = process.argv.slice(2);
const force = args.includes('--force');
const wanted = args.filter((arg) => !arg.startsWith('--'));
const unknown = wanted.filter((name) => !mutationGroups.some((group) => group.name === name));
if (unknown.length > 0) {
  console.error(`Unknown group(s): ${unknown.join(', ')}. Groups: ${mutationGroups.map((group) => group.name).join(', ')}`);
  process.exit(2);
}
const groups = wanted.length > 0 ? mutationGroups.filter((group) => wanted.includes(group.name)) : mutationGroups;

/** MUTATE_TESTS / MUTATE_FILES (comma-separated) replace a single group's lists while its tests are being written. */
function listFromEnvironment(name: string): string[] | undefined {
  const value = process.env[name];
  if (!value) return undefined;
  if (groups.length !== 1) {
    console.error(`${name} applies to one group at a time`);
    process.exit(2);
  }
  return value.split(',').map((item) => item.trim()).filter(Boolean);
}

/**
 * The TypeScript checker's program for one group: the mutated files and what they import, not the
 * whole project. A mutant is checked against the files it can break directly; the checker (one
 * process) compiles a few dozen files per mutant instead of several hundred, which is what keeps a
 * full run within 30 minutes. Written under tools/mutation/ (its `extends` is relative to it).
 */
function checkerTsconfig(groupName: string, mutate: string[]): string {
  const file = path.join(toolsDir, `tsconfig.${groupName}.json`);
  const files = [...new Set(mutate.map((entry) => entry.replace(/:\d+-\d+$/, '')))].map((entry) => path.relative(toolsDir, path.join(repoRoot, entry)));
  fs.writeFileSync(file, JSON.stringify({ extends: './tsconfig.json', include: [], files }, null, 2) + '\n');
  return file;
}

function strykerConfig(group: MutationGroup) {
  const out = path.join(reportsDir, group.name);
  const tests = listFromEnvironment('MUTATE_TESTS') ?? group.tests;
  const mutate = listFromEnvironment('MUTATE_FILES') ?? group.mutate;
  return {
    $schema: path.join(toolsDir, 'node_modules', '@stryker-mutator', 'core', 'schema', 'stryker-schema.json'),
    packageManager: 'npm',
    testRunner: 'tap',
    tap: {
      testFiles: tests,
      // Node's test runner writes TAP when its output is not a terminal; tsx runs the TypeScript.
      nodeArgs: ['--import', 'tsx'],
      forceBail: true,
    },
    checkers: ['typescript'],
    tsconfigFile: path.relative(repoRoot, checkerTsconfig(group.name, mutate)),
    typescriptChecker: { prioritizePerformanceOverAccuracy: true },
    plugins: [path.join(toolsDir, 'node_modules', '@stryker-mutator', 'tap-runner', 'dist', 'src', 'index.js'), path.join(toolsDir, 'node_modules', '@stryker-mutator', 'typescript-checker', 'dist', 'src', 'index.js')],
    mutate,
    coverageAnalysis: 'perTest',
    // Both cores by default; MUTATE_CONCURRENCY=1 leaves one free for other work.
    concurrency: Number(process.env.MUTATE_CONCURRENCY ?? 2),
    timeoutMS: 15000,
    timeoutFactor: 2,
    incremental: !force,
    force,
    incrementalFile: path.relative(repoRoot, path.join(out, 'stryker-incremental.json')),
    ignorePatterns: ['/.stryker-tmp', '/tools', '/reports', '/dist', '/.data', '/test-results', '/locales/en-XA'],
    reporters: ['html', 'json', 'clear-text', 'progress'],
    htmlReporter: { fileName: path.relative(repoRoot, path.join(out, 'mutation.html')) },
    jsonReporter: { fileName: path.relative(repoRoot, path.join(out, 'mutation.json')) },
    clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
    thresholds: { high: 95, low: threshold, break: null },
    tempDirName: `.stryker-tmp/${group.name}`,
    cleanTempDir: true,
    logLevel: 'info',
    fileLogLevel: 'off',
  };
}

interface ReportMutant {
  status: 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';
  mutatorName: string;
  statusReason?: string;
  location: { start: { line: number; column: number } };
  replacement?: string;
}

interface ModuleScore {
  group: string;
  module: string;
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  ignored: number;
  invalid: number;
  score: number | null;
}

/** Stryker's mutation score: detected / (detected + undetected); ignored and non-compiling mutants do not count. */
function scoreFile(group: string, module: string, mutants: ReportMutant[]): ModuleScore {
  const count = (...statuses: ReportMutant['status'][]) => mutants.filter((mutant) => statuses.includes(mutant.status)).length;
  const killed = count('Killed');
  const timeout = count('Timeout');
  const survived = count('Survived');
  const noCoverage = count('NoCoverage');
  const valid = killed + timeout + survived + noCoverage;
  return {
    group,
    module,
    killed,
    timeout,
    survived,
    noCoverage,
    ignored: count('Ignored'),
    invalid: count('CompileError', 'RuntimeError'),
    score: valid === 0 ? null : Math.round(((killed + timeout) / valid) * 1000) / 10,
  };
}

fs.mkdirSync(reportsDir, { recursive: true });
const started = Date.now();
const timings: Record<string, number> = {};
for (const group of groups) {
  const out = path.join(reportsDir, group.name);
  fs.mkdirSync(out, { recursive: true });
  const configFile = path.join(out, 'stryker.config.json');
  fs.writeFileSync(configFile, JSON.stringify(strykerConfig(group), null, 2));
  console.log(`\n=== ${group.name}: ${group.title} ===`);
  const groupStarted = Date.now();
  const result = spawnSync(process.execPath, [strykerBin, 'run', path.relative(repoRoot, configFile)], { cwd: repoRoot, stdio: 'inherit' });
  timings[group.name] = Math.round((Date.now() - groupStarted) / 1000);
  if (result.status !== 0) {
    console.error(`StrykerJS failed for ${group.name} (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

// Scores of every group that has a report (also those not run this time).
const scores: ModuleScore[] = [];
const survivors: string[] = [];
for (const group of mutationGroups) {
  const reportFile = path.join(reportsDir, group.name, 'mutation.json');
  if (!fs.existsSync(reportFile)) continue;
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as { files: Record<string, { mutants: ReportMutant[] }> };
  for (const [file, { mutants }] of Object.entries(report.files)) {
    scores.push(scoreFile(group.name, file, mutants));
    for (const mutant of mutants) {
      if (mutant.status === 'Survived' || mutant.status === 'NoCoverage') {
        survivors.push(`${file}:${mutant.location.start.line}:${mutant.location.start.column} ${mutant.status} ${mutant.mutatorName} → ${(mutant.replacement ?? '').replace(/\s+/g, ' ').slice(0, 80)}`);
      }
    }
  }
}

const seconds = Math.round((Date.now() - started) / 1000);
fs.writeFileSync(path.join(reportsDir, 'summary.json'), JSON.stringify({ threshold, seconds, timings, scores, survivors }, null, 2));

const width = Math.max(...scores.map((score) => score.module.length), 6);
console.log(`\n${'module'.padEnd(width)}  score   killed  timeout  survived  no-cov  ignored  group`);
for (const score of scores) {
  const shown = score.score === null ? '   n/a' : `${score.score.toFixed(1).padStart(5)}%`;
  console.log(
    `${score.module.padEnd(width)}  ${shown}  ${String(score.killed).padStart(6)}  ${String(score.timeout).padStart(7)}  ${String(score.survived).padStart(8)}  ${String(score.noCoverage).padStart(6)}  ${String(score.ignored).padStart(7)}  ${score.group}`,
  );
}
if (survivors.length > 0) console.log(`\nUndetected mutants (${survivors.length}):\n  ${survivors.join('\n  ')}`);
const below = scores.filter((score) => score.score !== null && score.score < threshold);
console.log(`\nmutation run: ${seconds} s (${Object.entries(timings).map(([name, time]) => `${name} ${time} s`).join(', ')}); reports in ${path.relative(repoRoot, reportsDir)}/`);
if (below.length > 0) {
  console.error(`Below ${threshold} %: ${below.map((score) => `${score.module} ${score.score}%`).join(', ')}`);
  process.exit(1);
}

/**
 * `npm test`: every suite in turn — types (TypeScript over the browser and the Node code), lint (ESLint
 * with the Lit rules), server tests (the locale check among them), component tests in Chromium,
 * end-to-end tests — then one closing line `N passed, N failed` over all of them.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../host-shim/common/paths.ts';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

interface Suite {
  name: string;
  command: string[];
  env?: NodeJS.ProcessEnv;
  counts: (output: string, exitCode: number) => Counts;
}

/** Reads the summary of Node's spec reporter (ℹ pass N / ℹ fail N / ℹ skipped N). */
function nodeCounts(output: string, exitCode: number): Counts {
  const number = (label: string) => Number(new RegExp(`^ℹ ${label} (\\d+)`, 'm').exec(output)?.[1] ?? 0);
  const counts = { passed: number('pass'), failed: number('fail') + number('cancelled'), skipped: number('skipped') + number('todo') };
  if (exitCode !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

/** Counts the `✔ ` and `✖ ` lines of a check script (types, lint): one line a check. */
function checkCounts(output: string, exitCode: number): Counts {
  const passed = (output.match(/^✔ /gm) ?? []).length;
  const failed = (output.match(/^✖ /gm) ?? []).length;
  return { passed, failed: failed === 0 && exitCode !== 0 ? 1 : failed, skipped: 0 };
}

/** Test files under `folder` (Node 20's test runner does not expand globs itself). */
function testFiles(folder: string): string[] {
  const root = path.join(repoRoot, folder);
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.test.ts'))
    .sort()
    .map((file) => path.join(folder, file));
}

// A test that hangs fails after ten minutes, and a file whose tests are done ends even if something it
// started is still open, so that one stuck test cannot hold the whole run.
const nodeTest = (...folders: string[]) => [
  process.execPath,
  '--import',
  'tsx',
  '--test',
  '--test-concurrency=1',
  '--test-timeout=600000',
  '--test-force-exit',
  '--test-reporter=spec',
  ...folders.flatMap(testFiles),
];

/** A whole suite takes minutes on this machine; one that takes forty is stopped and counted as failed. */
const suiteLimitMs = Number(process.env.MDR_TEST_SUITE_LIMIT_MS ?? 40 * 60_000);

const wtrCountFile = path.join(os.tmpdir(), `wtr-counts-${process.pid}.json`);

const suites: Suite[] = [
  {
    name: 'types',
    command: [process.execPath, '--import', 'tsx', path.join(repoRoot, 'scripts', 'typecheck.ts')],
    counts: checkCounts,
  },
  {
    name: 'lint',
    command: [process.execPath, '--import', 'tsx', path.join(repoRoot, 'scripts', 'lint.ts')],
    counts: checkCounts,
  },
  {
    // The console server, the MDR service, and the checks over the whole repository (layers, locales, lock).
    name: 'server',
    command: nodeTest('test/console-server', 'test/mdr-service', 'test/project'),
    counts: nodeCounts,
  },
  {
    name: 'components',
    command: [process.execPath, path.join(repoRoot, 'node_modules', '@web', 'test-runner', 'dist', 'bin.js')],
    env: { WTR_COUNT_FILE: wtrCountFile },
    counts: (_output, exitCode) => {
      const totals = fs.existsSync(wtrCountFile)
        ? (JSON.parse(fs.readFileSync(wtrCountFile, 'utf8')) as Counts & { filesFailed: number })
        : { passed: 0, failed: 0, skipped: 0, filesFailed: 0 };
      const failed = totals.failed + totals.filesFailed + (exitCode !== 0 && totals.failed + totals.filesFailed === 0 ? 1 : 0);
      return { passed: totals.passed, failed, skipped: totals.skipped };
    },
  },
  {
    name: 'end-to-end',
    command: nodeTest('test/e2e'),
    counts: nodeCounts,
  },
];

/** The suite running now: stopped with the run when the run is interrupted. */
let current: number | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (current !== undefined) {
      try {
        process.kill(-current, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    process.exit(1);
  });
}

function run(suite: Suite): Promise<{ output: string; code: number }> {
  return new Promise((resolve) => {
    console.log(`\n=== ${suite.name} tests ===`);
    const [command, ...args] = suite.command;
    // Its own process group, so that the suite and everything it started can be stopped together.
    const child = spawn(command!, args, { cwd: repoRoot, env: { ...process.env, ...suite.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    current = child.pid;
    let output = '';
    const limit = setTimeout(() => {
      const message = `\n✖ the ${suite.name} tests did not finish within ${Math.round(suiteLimitMs / 1000)} s and were stopped\n`;
      output += message;
      process.stderr.write(message);
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, suiteLimitMs);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on('close', (code) => {
      clearTimeout(limit);
      current = undefined;
      resolve({ output, code: code ?? 1 });
    });
  });
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const selected = only.length > 0 ? suites.filter((suite) => only.includes(suite.name)) : suites;
  const results: { name: string; counts: Counts }[] = [];
  for (const suite of selected) {
    const { output, code } = await run(suite);
    results.push({ name: suite.name, counts: suite.counts(output, code) });
  }
  console.log('\n=== summary ===');
  for (const { name, counts } of results) {
    console.log(`${name}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
  }
  const total = results.reduce((sum, { counts }) => ({ passed: sum.passed + counts.passed, failed: sum.failed + counts.failed, skipped: sum.skipped + counts.skipped }), {
    passed: 0,
    failed: 0,
    skipped: 0,
  });
  console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
  process.exit(total.failed > 0 || total.passed === 0 ? 1 : 0);
}

void main();

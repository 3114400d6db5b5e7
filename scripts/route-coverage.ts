/**
 * Route coverage: for every route the manifest declares, which of the gate's answers a test has
 * proved — 401 without a session, 403 without the rights, 403 for a change without the CSRF token,
 * 404 for an undeclared path beside it, 405 for an undeclared method, 413 for a body over the limit,
 * 415 for a body that is not JSON, 403 for a change from a foreign origin, 421 for a foreign `Host`
 * (DNS rebinding), 400 for a path parameter that is a dot segment or hides a separator. `test/console-server/route-conformance.test.ts` records what it proved in
 * `test-results/route-coverage.json`; `npm run routes:coverage` prints the table from the manifest
 * and that record, and fails on any route with a missing or failed answer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../host-shim/common/paths.ts';
import { loadManifest, type ManifestRoute } from '../host-shim/server/manifest.ts';

export const checks = ['401', '403', 'csrf', '404', '405', '413', '415', 'origin', 'host', 'param'] as const;
export type Check = (typeof checks)[number];
export type Outcome = 'pass' | 'fail';
export type CoverageRecord = Record<string, Partial<Record<Check, Outcome>>>;

export const coverageFile = path.join(repoRoot, 'test-results', 'route-coverage.json');

export const routeKey = (route: ManifestRoute) => `${route.method} ${route.path}`;

/** Which answers a route must have a test for; the others do not apply to it (and why). */
export function applicable(route: ManifestRoute): Partial<Record<Check, string>> {
  const notApplicable: Partial<Record<Check, string>> = {};
  if (route.rights.length === 0 && (route.hostRights ?? []).length === 0) notApplicable['403'] = 'no right needed';
  if (route.method === 'GET') {
    notApplicable.csrf = 'read';
    notApplicable['413'] = 'no body';
    notApplicable['415'] = 'no body';
    notApplicable.origin = 'read';
  }
  if (!route.path.includes('/:')) notApplicable.param = 'no parameter';
  return notApplicable;
}

/** The table (Markdown) and the routes with a missing or failed answer. */
export function coverageTable(routes: ManifestRoute[], record: CoverageRecord): { markdown: string; gaps: string[] } {
  const gaps: string[] = [];
  const lines = [`| route | ${checks.join(' | ')} |`, `|---|${checks.map(() => '---').join('|')}|`];
  for (const route of routes) {
    const proved = record[routeKey(route)] ?? {};
    const notApplicable = applicable(route);
    const cells = checks.map((check) => {
      if (notApplicable[check]) return `n/a (${notApplicable[check]})`;
      const outcome = proved[check];
      if (outcome !== 'pass') gaps.push(`${routeKey(route)}: ${check} ${outcome === 'fail' ? 'failed' : 'has no test'}`);
      return outcome === 'pass' ? '✔' : outcome === 'fail' ? '✘' : '—';
    });
    lines.push(`| \`${routeKey(route)}\` | ${cells.join(' | ')} |`);
  }
  return { markdown: lines.join('\n'), gaps };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const record: CoverageRecord = fs.existsSync(coverageFile) ? (JSON.parse(fs.readFileSync(coverageFile, 'utf8')) as CoverageRecord) : {};
  const { markdown, gaps } = coverageTable(loadManifest().routes, record);
  console.log(markdown);
  if (!fs.existsSync(coverageFile)) console.log(`\nNo record at ${path.relative(repoRoot, coverageFile)}: run the server tests first.`);
  for (const gap of gaps) console.log(`missing: ${gap}`);
  console.log(gaps.length === 0 ? '\nEvery declared route has every answer tested.' : `\n${gaps.length} answer(s) without a passing test.`);
  process.exit(gaps.length === 0 ? 0 : 1);
}

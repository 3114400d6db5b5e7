/**
 * `npm run typecheck`: TypeScript over the whole repository, then the browser code and the Node code
 * each on their own, so that the plug-in and the console pages cannot use a Node API (`process`,
 * `Buffer`) and the servers cannot use a DOM one (`document`, `window`) without the compiler
 * saying so. Part of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../host-shim/common/paths.ts';

const configurations = [
  { file: 'tsconfig.json', what: 'everything, as editors see it' },
  { file: 'tsconfig.browser.json', what: 'contract/, plugin/, host-shim/console/ with the DOM and without Node' },
  { file: 'tsconfig.node.json', what: 'contract/, the servers, the MDR service, scripts and server tests with Node and without the DOM' },
];

const tsc = path.join(repoRoot, 'node_modules', '.bin', 'tsc');
let failed = 0;
for (const { file, what } of configurations) {
  const result = spawnSync(tsc, ['--noEmit', '-p', file], { cwd: repoRoot, encoding: 'utf8' });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  if (result.status === 0) console.log(`✔ ${file}: ${what}`);
  else {
    failed++;
    console.log(`✖ ${file}: ${what}`);
  }
}
process.exit(failed > 0 ? 1 : 0);

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A new empty temporary data folder. On its own, so that unit tests of the repositories do not load
 * the whole MDR service (Fastify, PDF, mail) just for it: `npm run mutate` starts them once per mutant.
 */
export function tempDataDir(prefix = 'mdr-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

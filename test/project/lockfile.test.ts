import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../../host-shim/common/paths.ts';

/**
 * `npm start` and `npm test` install with `npm ci`, which refuses a lock file that does not match
 * package.json or lacks entries (for example another platform's optional binaries of the bundler).
 * A clean folder holding only the two files proves that a fresh clone installs from the lock as committed.
 */
describe('package lock', () => {
  it('installs with npm ci in a clean folder (dry run)', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lock-check-'));
    try {
      for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(repoRoot, file), path.join(folder, file));
      const result = spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: folder, encoding: 'utf8', timeout: 120_000 });
      assert.equal(result.status, 0, `npm ci refused the lock:\n${result.stderr}`);
      assert.match(result.stdout, /added \d+ packages/);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { startSystem, waitFor, type RunningSystem } from '../support/system.ts';

/** Every folder and file under `dir` (the folder itself first), with its permission bits. */
function modesUnder(dir: string): { path: string; kind: 'folder' | 'file'; mode: number }[] {
  const found: { path: string; kind: 'folder' | 'file'; mode: number }[] = [{ path: dir, kind: 'folder', mode: fs.statSync(dir).mode & 0o777 }];
  for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const target = path.join(dir, name);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(target);
    } catch {
      continue; // A lock file released while walking.
    }
    if (stat.isDirectory()) found.push({ path: target, kind: 'folder', mode: stat.mode & 0o777 });
    else if (stat.isFile()) found.push({ path: target, kind: 'file', mode: stat.mode & 0o777 });
  }
  return found;
}

/** Entries whose mode is not the private one (folders 0700, files 0600), as readable lines. */
function notPrivate(dir: string): string[] {
  return modesUnder(dir)
    .filter((entry) => entry.mode !== (entry.kind === 'folder' ? 0o700 : 0o600))
    .map((entry) => `${path.relative(dir, entry.path) || '.'} ${entry.kind} ${entry.mode.toString(8)}`);
}

/**
 * What makes every kind of file appear: a sign-in (console sessions in console.db), a notification
 * address (a verification mail in the embedded sink's mailbox, the code's hash in mdr.db).
 */
async function useTheProduct(system: RunningSystem, address: string): Promise<void> {
  const origin = system.consoleUrl;
  const signIn = await fetch(`${origin}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ userName: 'admin', password: 'demo' }) });
  assert.equal(signIn.status, 200);
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  const current = (await (await fetch(`${origin}/api/plugins/mdr/notifications`, { headers: { cookie } })).json()) as { version: number };
  const saved = await fetch(`${origin}/api/plugins/mdr/notifications`, {
    method: 'PUT',
    headers: { cookie, origin, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ email: { enabled: true, address, categories: ['incidents'] }, telegram: { enabled: false, categories: [] }, expectedVersion: current.version }),
  });
  assert.equal(saved.status, 200, await saved.text());
  const mailbox = path.join(system.dataDir, 'mailbox');
  await waitFor(
    async () => fs.existsSync(mailbox) && fs.readdirSync(mailbox).some((name) => name.endsWith('.eml')) && fs.readdirSync(mailbox).some((name) => name.endsWith('.json')),
    'the verification mail in the mailbox',
  );
}

function expectedFilesPresent(dir: string): void {
  const names = new Set(fs.readdirSync(dir));
  for (const name of ['mdr.db', 'mdr.db-wal', 'mdr.db-shm', 'console.db', 'console.db-wal', 'console.db-shm', 'mdr-ca.pem', 'mdr-ca-key.pem', 'mdr-service.pem', 'mdr-service-key.pem', 'jwt-keys.json', 'console-credential.key', 'mailbox']) {
    assert.ok(names.has(name), `${name} is in the data folder (found ${[...names].join(', ')})`);
  }
}

describe('the data folder is readable by its owner only', () => {
  const folders: string[] = [];
  after(() => {
    for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('is 0700 with every folder 0700 and every file 0600 (databases with WAL, mail, keys, certificates) while the product runs', async () => {
    const system = await startSystem({ demoAssets: 50 });
    try {
      await useTheProduct(system, 'modes@example.com');
      expectedFilesPresent(system.dataDir);
      assert.deepEqual(notPrivate(system.dataDir), []);
    } finally {
      await system.stop();
    }
  });

  it('tightens a folder an older version left readable by others (0755 folders, 0644 files) at the next start', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mdr-modes-'));
    folders.push(root);
    const dataDir = path.join(root, 'data');
    const first = await startSystem({ demoAssets: 50, dataDir });
    try {
      await useTheProduct(first, 'upgrade@example.com');
    } finally {
      await first.stop();
    }
    for (const entry of modesUnder(dataDir)) fs.chmodSync(entry.path, entry.kind === 'folder' ? 0o755 : 0o644);
    assert.ok(notPrivate(dataDir).length > 10, 'the folder really is loose before the start');

    const second = await startSystem({ demoAssets: 50, dataDir });
    try {
      expectedFilesPresent(dataDir);
      assert.deepEqual(notPrivate(dataDir), []);
    } finally {
      await second.stop();
    }
  });
});

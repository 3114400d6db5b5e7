import assert from 'node:assert/strict';
import { once } from 'node:events';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { startSystem, waitFor, type RunningSystem } from '../support/system.ts';

/** Signs in as the console's administrator; returns what a browser keeps. */
async function signIn(consoleUrl: string): Promise<{ cookie: string; csrfToken: string }> {
  const response = await fetch(`${consoleUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: consoleUrl },
    body: JSON.stringify({ userName: 'admin', password: 'demo' }),
  });
  assert.equal(response.status, 200);
  return { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0]!, csrfToken: ((await response.json()) as { csrfToken: string }).csrfToken };
}

/**
 * The console server process killed with SIGKILL while 10 administrators create roles at once:
 * after a restart every role it acknowledged (201) exists and its database checks clean.
 */
describe('the console server killed during a burst of role changes', () => {
  let system: RunningSystem;

  before(async () => {
    system = await startSystem({ discardLogs: true });
  });
  after(async () => system?.stop());

  it('keeps every acknowledged role after SIGKILL and restart', async (t) => {
    const { cookie, csrfToken } = await signIn(system.consoleUrl);
    const acknowledged: string[] = [];
    let refused = 0;
    let killed = false;
    const writer = async (client: number) => {
      for (let i = 0; !killed; i++) {
        const name = `Crash role ${client}-${i}`;
        try {
          const response = await fetch(`${system.consoleUrl}/api/roles`, {
            method: 'POST',
            headers: { cookie, 'x-csrf-token': csrfToken, origin: system.consoleUrl, 'content-type': 'application/json' },
            body: JSON.stringify({ name, rights: ['incidentAccess'] }),
          });
          await response.arrayBuffer();
          if (response.status === 201) acknowledged.push(name);
          else refused++;
        } catch {
          return; // the process died with this request in flight: never acknowledged
        }
      }
    };
    const writers = Array.from({ length: 10 }, (_, client) => writer(client));
    await waitFor(async () => acknowledged.length >= 200, 'the first 200 acknowledged roles', 60_000);
    killed = true;
    system.console.kill('SIGKILL');
    await Promise.all(writers);
    if (system.console.exitCode === null && system.console.signalCode === null) await once(system.console, 'exit');
    assert.equal(system.console.signalCode, 'SIGKILL');
    assert.equal(refused, 0, 'no change was refused before the kill');

    const check = new Database(path.join(system.dataDir, 'console.db'), { readonly: true });
    try {
      assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
      assert.deepEqual(check.pragma('foreign_key_check'), []);
    } finally {
      check.close();
    }

    await system.startConsole();
    const session = await signIn(system.consoleUrl);
    const roles = (await (await fetch(`${system.consoleUrl}/api/roles`, { headers: { cookie: session.cookie } })).json()) as { roles: { name: string }[] };
    const stored = new Set(roles.roles.map((role) => role.name));
    const lost = acknowledged.filter((name) => !stored.has(name));
    assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged roles lost`);
    t.diagnostic(`${acknowledged.length} roles acknowledged before SIGKILL, all there after the restart`);
  });
});

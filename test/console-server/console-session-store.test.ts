import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConsoleDatabase } from '../../host-shim/server/console-db.ts';
import { seedConsoleDemo } from '../../host-shim/server/console-demo.ts';
import { verifyPassword } from '../../host-shim/server/passwords.ts';
import { SessionStore } from '../../host-shim/server/sessions.ts';

describe('console session store', () => {
  let dir: string;
  let database: ConsoleDatabase;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'session-store-'));
    database = new ConsoleDatabase(path.join(dir, 'console.db'));
    await seedConsoleDemo(database, { password: 'demo-Password-1', devices: () => [] });
  });
  after(() => {
    database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ends a session idle longer than the timeout, and keeps one in use', () => {
    let now = 1_000_000;
    const store = new SessionStore(database, 30 * 60_000, () => now);
    const officer = database.users.findByName('officer')!;
    const busy = store.create(officer.id);
    const idle = store.create(officer.id);
    for (let minute = 0; minute < 40; minute += 5) {
      now += 5 * 60_000;
      assert.ok(store.resolve(busy.id), `busy session ended at minute ${minute + 5}`);
    }
    assert.equal(store.resolve(idle.id), undefined);
    // Gone from the database, not just refused.
    now += 31 * 60_000;
    store.purgeIdle();
    assert.equal(store.resolve(busy.id), undefined);
  });

  it('re-reads roles at every lookup, so a role change applies to an open session', () => {
    const store = new SessionStore(database, 30 * 60_000);
    const officer = database.users.findByName('officer')!;
    const session = store.create(officer.id);
    assert.deepEqual([...store.resolve(session.id)!.rights], ['incidentAccess']);
    const role = database.roles.heldBy(officer.id)[0]!;
    database.roles.update(role.id, role.version, { name: role.name, rights: ['incidentAccess', 'tenantManagement'] });
    assert.deepEqual([...store.resolve(session.id)!.rights].sort(), ['incidentAccess', 'tenantManagement']);
  });

  it('stores passwords as scrypt hashes, never in clear', async () => {
    const stored = database.users.findByName('admin')!.passwordHash;
    assert.match(stored, /^scrypt\$16384\$8\$1\$/);
    assert.equal(stored.includes('demo-Password-1'), false);
    assert.equal(await verifyPassword('demo-Password-1', stored), true);
    assert.equal(await verifyPassword('demo-password-1', stored), false);
  });
});

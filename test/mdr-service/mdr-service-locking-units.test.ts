/**
 * Optimistic locking in every repository of the MDR service, at unit level on a temporary database:
 * a save with the version the caller read succeeds and bumps the version by one; a save or delete
 * with a stale version is refused with 409 Conflict and changes nothing; a row that is gone is 404
 * Not found, never a Conflict (there is nothing to merge with).
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ConflictError, NotFoundError } from '../../host-shim/mdr-service/errors.ts';
import type { MdrDatabase } from '../../host-shim/mdr-service/db.ts';
import { notActivatedOrganization } from '../../host-shim/mdr-service/db/organization.ts';
import { runVersionedUpdate } from '../../host-shim/mdr-service/db/sql.ts';
import type { SqlContext } from '../../host-shim/mdr-service/db/connection.ts';
import { temporaryDatabase, testIncident } from '../support/mdr-records.ts';

const NOW = Date.UTC(2026, 5, 10, 12);

/** Asserts a 409 Conflict about `what`. */
function isConflict(what: string) {
  return (error: unknown) => {
    assert.ok(error instanceof ConflictError, `expected a ConflictError, got ${String(error)}`);
    assert.equal(error.statusCode, 409);
    assert.equal(error.code, 'conflict');
    assert.equal(error.message, `${what} was changed by someone else`);
    return true;
  };
}

/** Asserts a 404 Not found about `what`. */
function isNotFound(what: string) {
  return (error: unknown) => {
    assert.ok(error instanceof NotFoundError, `expected a NotFoundError, got ${String(error)}`);
    assert.equal(error.statusCode, 404);
    assert.equal(error.code, 'notFound');
    assert.equal(error.message, `${what} not found`);
    return true;
  };
}

const db = temporaryDatabase({ prefix: 'mdr-locking-' });

/**
 * The delete of a versioned repository, for records that `create` inserts at version 1 and `edit` saves
 * once (version 2): a stale version is a Conflict and the record stays; the current one deletes; a
 * record that is gone is Not found, with or without a version. Without a version (service-internal)
 * a delete removes whatever the version.
 */
function deleteTests(
  what: string,
  repository: () => { delete(id: string, version?: number): void; require(id: string): { version: number }; get(id: string): unknown },
  create: (id: string) => { id: string },
  edit: (id: string) => void,
): void {
  test(`delete: a stale version is a Conflict and the ${what} stays; then gone, a second delete is Not found`, () => {
    const record = create(`lock-delete-${what.replaceAll(' ', '-')}`);
    edit(record.id);
    assert.throws(() => repository().delete(record.id, 1), isConflict(what));
    assert.equal(repository().require(record.id).version, 2);
    repository().delete(record.id, 2);
    assert.equal(repository().get(record.id), null);
    assert.throws(() => repository().delete(record.id, 2), isNotFound(what));
    assert.throws(() => repository().delete(record.id), isNotFound(what));
  });

  test(`delete without a version (service-internal) removes the ${what} whatever the version`, () => {
    const record = create(`lock-unversioned-${what.replaceAll(' ', '-')}`);
    edit(record.id);
    repository().delete(record.id);
    assert.equal(repository().get(record.id), null);
  });
}

describe('runVersionedUpdate: the outcome of a versioned statement', () => {
  /** A fake SQL context: the statement changes `changes` rows; the row exists or not. */
  function fakeSql(changes: number, exists: boolean, seen: string[]): SqlContext {
    return {
      stmt: (text: string) => ({
        run: () => (seen.push(`run ${text}`), { changes }),
        get: (...args: unknown[]) => (seen.push(`get ${text} ${JSON.stringify(args)}`), exists ? { 1: 1 } : undefined),
      }),
    } as unknown as SqlContext;
  }

  test('a changed row is success; the existence query is not even asked', () => {
    const seen: string[] = [];
    runVersionedUpdate(fakeSql(1, true, seen), 'UPDATE x', {}, 'SELECT x', ['id'], 'thing');
    assert.deepEqual(seen, ['run UPDATE x']);
  });

  test('no row changed and the row exists: Conflict (the version was stale)', () => {
    const seen: string[] = [];
    assert.throws(() => runVersionedUpdate(fakeSql(0, true, seen), 'UPDATE x', {}, 'SELECT x', ['id-1'], 'thing'), isConflict('thing'));
    assert.deepEqual(seen, ['run UPDATE x', 'get SELECT x ["id-1"]']);
  });

  test('no row changed and the row is gone: Not found, not Conflict', () => {
    const seen: string[] = [];
    assert.throws(() => runVersionedUpdate(fakeSql(0, false, seen), 'UPDATE x', {}, 'SELECT x', ['id-2'], 'thing'), isNotFound('thing'));
    assert.deepEqual(seen, ['run UPDATE x', 'get SELECT x ["id-2"]']);
  });
});

describe('Tenants', () => {
  test('update: the read version saves once, a stale one is a Conflict and changes nothing', () => {
    const tenant = db().tenants.insert({ id: 'lock-t1', name: 'Lock tenant', description: 'd0', active: true, createdOn: NOW });
    assert.equal(tenant.version, 1);
    const saved = db().tenants.update(tenant.id, { name: 'Lock tenant 2', description: 'd1', active: false, autoAccept: true }, 1);
    assert.deepEqual(saved, { ...tenant, name: 'Lock tenant 2', description: 'd1', active: false, autoAccept: true, version: 2 });
    assert.throws(() => db().tenants.update(tenant.id, { description: 'lost' }, 1), isConflict('tenant'));
    assert.throws(() => db().tenants.update(tenant.id, { description: 'future' }, 3), isConflict('tenant'));
    assert.deepEqual(db().tenants.require(tenant.id), saved);
    // Each field on its own, and an empty patch that only bumps the version.
    assert.equal(db().tenants.update(tenant.id, { description: 'd2' }, 2).description, 'd2');
    assert.equal(db().tenants.update(tenant.id, { active: true }, 3).active, true);
    assert.equal(db().tenants.update(tenant.id, { autoAccept: false }, 4).autoAccept, false);
    assert.equal(db().tenants.update(tenant.id, { name: 'Lock tenant 3' }, 5).name, 'Lock tenant 3');
    assert.deepEqual(db().tenants.update(tenant.id, {}, 6), { ...saved, name: 'Lock tenant 3', description: 'd2', active: true, autoAccept: false, version: 7 });
  });

  test('update of a tenant that is gone: Not found', () => {
    assert.throws(() => db().tenants.update('no-such-tenant', { description: 'x' }, 1), isNotFound('tenant'));
  });

  deleteTests(
    'tenant',
    () => db().tenants,
    (id) => db().tenants.insert({ id, name: `Tenant ${id}`, description: '', active: true, createdOn: NOW }),
    (id) => db().tenants.update(id, { description: 'edited' }, 1),
  );
});

describe('Report schedules', () => {
  const input = (id: string, tenantId: string | null = null) => ({
    id,
    enabled: true,
    name: `Schedule ${id}`,
    tenantId,
    emails: ['soc@example.com'],
    day: 'monday' as const,
    time: '08:00',
    unencryptedAcknowledged: true,
    created: NOW,
  });

  test('update: the read version saves once, a stale one is a Conflict and changes nothing', () => {
    const schedule = db().reportSchedules.insert(input('lock-s1'));
    assert.equal(schedule.version, 1);
    const saved = db().reportSchedules.update(schedule.id, { name: 'Weekly', time: '09:30' }, 1, NOW + 1000);
    assert.deepEqual(saved, { ...schedule, name: 'Weekly', time: '09:30', updated: NOW + 1000, version: 2 });
    assert.throws(() => db().reportSchedules.update(schedule.id, { name: 'lost' }, 1, NOW + 2000), isConflict('report schedule'));
    assert.throws(() => db().reportSchedules.update(schedule.id, { name: 'future' }, 5, NOW + 2000), isConflict('report schedule'));
    assert.deepEqual(db().reportSchedules.require(schedule.id), saved);
  });

  test('update of a schedule that is gone: Not found', () => {
    assert.throws(() => db().reportSchedules.update('no-such-schedule', { name: 'x' }, 1), isNotFound('report schedule'));
  });

  deleteTests(
    'report schedule',
    () => db().reportSchedules,
    (id) => db().reportSchedules.insert(input(id)),
    (id) => db().reportSchedules.update(id, { enabled: false }, 1, NOW),
  );
});

describe('API connections', () => {
  const connection = (id: string) =>
    db().apiConnections.insert({ id, clientId: `client-${id}`, name: `Connection ${id}`, accessLevel: 'incident', tenantIds: ['root'], created: NOW, createdBy: 'admin' });

  test('update: the read version saves once, a stale one is a Conflict and changes nothing', () => {
    const original = connection('lock-c1');
    assert.equal(original.version, 1);
    const saved = db().apiConnections.update(original.id, { name: 'Renamed', accessLevel: 'full', tenantIds: ['t1', 'root'] }, 1);
    assert.deepEqual(saved, { ...original, name: 'Renamed', accessLevel: 'full', tenantIds: ['t1', 'root'], version: 2 });
    assert.throws(() => db().apiConnections.update(original.id, { accessLevel: 'senior' }, 1), isConflict('API connection'));
    assert.throws(() => db().apiConnections.update(original.id, { accessLevel: 'senior' }, 3), isConflict('API connection'));
    assert.deepEqual(db().apiConnections.require(original.id), saved);
    assert.throws(() => db().apiConnections.update('no-such-connection', { name: 'x' }, 1), isNotFound('API connection'));
    // A patch changes only what it names: the name and tenants stay when only the level changes.
    const levelOnly = db().apiConnections.update(original.id, { accessLevel: 'senior' }, 2);
    assert.deepEqual(levelOnly, { ...saved, accessLevel: 'senior', version: 3 });
  });

  deleteTests(
    'API connection',
    () => db().apiConnections,
    connection,
    (id) => db().apiConnections.update(id, { name: 'Edited' }, 1),
  );
});

describe('Incidents', () => {
  before(() => {
    db().incidents.insert(testIncident(1, { id: 'lock-i1', summary: 'Suspicious process', created: NOW, updated: NOW }));
  });

  test('status change: the read version saves once, a stale one is a Conflict and changes nothing', () => {
    const original = db().incidents.require('lock-i1');
    const saved = db().incidents.updateStatus(original.id, { status: 'resolved', resolution: 'falsePositive' }, original.version, NOW + 5000);
    assert.deepEqual(saved, { ...original, status: 'resolved', resolution: 'falsePositive', updated: NOW + 5000, version: original.version + 1 });
    assert.throws(() => db().incidents.updateStatus(original.id, { status: 'open' }, original.version, NOW + 6000), isConflict('incident'));
    assert.deepEqual(db().incidents.require(original.id), saved);
    assert.throws(() => db().incidents.updateStatus('no-such-incident', { status: 'open' }, 1), isNotFound('incident'));
  });
});

describe('Licenses', () => {
  before(() => {
    db().licenses.insert({
      id: 'lock-l1',
      activationCode: 'ABCDE12345ABCDE12345',
      tier: 'expert',
      assetLimit: 100,
      activationDate: NOW,
      expirationDate: NOW + 365 * 86_400_000,
      status: 'active',
      customIncidentsPerPeriod: null,
      regionCode: 'europe',
      addedOn: NOW,
      removedOn: null,
    });
  });

  test('status change: the read version saves once, a stale one is a Conflict and changes nothing; without a version it always saves', () => {
    const original = db().licenses.require('lock-l1');
    const removed = db().licenses.setStatus(original.id, 'removed', original.version, NOW + 1);
    assert.deepEqual(removed, { ...original, status: 'removed', removedOn: NOW + 1, version: original.version + 1 });
    assert.throws(() => db().licenses.setStatus(original.id, 'active', original.version, NOW + 2), isConflict('license'));
    assert.deepEqual(db().licenses.require(original.id), removed);
    const restored = db().licenses.setStatus(original.id, 'active', undefined, NOW + 3);
    assert.deepEqual(restored, { ...original, version: original.version + 2 });
    assert.throws(() => db().licenses.setStatus('no-such-license', 'blocked', 1), isNotFound('license'));
    assert.throws(() => db().licenses.setStatus('no-such-license', 'blocked'), isNotFound('license'));
  });
});

describe('Organization', () => {
  test('before initialization an update is Not found', () => {
    assert.equal(db().organization.get(), null);
    assert.throws(() => db().organization.update({ name: 'x' }, 1), isNotFound('organization'));
    assert.throws(() => db().organization.update({ name: 'x' }), isNotFound('organization'));
  });

  test('update: the read version saves once, a stale one is a Conflict and changes nothing; without a version it always saves', () => {
    const original = db().organization.put(notActivatedOrganization('Example Corp'), NOW);
    assert.equal(original.version, 1);
    const saved = db().organization.update({ name: 'Example Ltd', consoleTenantScope: ['root'] }, 1, NOW + 10);
    assert.deepEqual(saved, { ...original, name: 'Example Ltd', consoleTenantScope: ['root'], version: 2, updatedOn: NOW + 10 });
    assert.throws(() => db().organization.update({ name: 'Lost' }, 1, NOW + 20), isConflict('organization'));
    assert.deepEqual(db().organization.require(), saved);
    const internal = db().organization.update({ consoleTenantScope: null }, undefined, NOW + 30);
    assert.deepEqual(internal, { ...saved, consoleTenantScope: null, version: 3, updatedOn: NOW + 30 });
 
    // What is not a stored field of the organization is left out of the statement, not an error.
    const withOther = db().organization.update({ name: 'Example Group', notStored: true } as Parameters<MdrDatabase['organization']['update']>[0], 3, NOW + 40);
    assert.deepEqual(withOther, { ...internal, name: 'Example Group', version: 4, updatedOn: NOW + 40 });
  });
});

describe('Settings', () => {
  test('first save with version 0 creates; a second create is a Conflict', () => {
    assert.deepEqual(db().settings.get('autoAccept'), { key: 'autoAccept', value: { mode: 'disabled' }, version: 0, updated: null });
    const created = db().settings.set('autoAccept', { mode: 'perTenant' }, 0, NOW);
    assert.deepEqual(created, { key: 'autoAccept', value: { mode: 'perTenant' }, version: 1, updated: NOW });
    assert.throws(() => db().settings.set('autoAccept', { mode: 'allTenants' }, 0, NOW + 1), isConflict('setting'));
    assert.deepEqual(db().settings.get('autoAccept'), created);
  });

  test('update: the read version saves once, a stale one is a Conflict and changes nothing', () => {
    const created = db().settings.set('language', 'ru', 0, NOW);
    const saved = db().settings.set('language', 'en', created.version, NOW + 1);
    assert.deepEqual(saved, { key: 'language', value: 'en', version: 2, updated: NOW + 1 });
    assert.throws(() => db().settings.set('language', 'ru', 1, NOW + 2), isConflict('setting'));
    assert.throws(() => db().settings.set('language', 'ru', 3, NOW + 2), isConflict('setting'));
    assert.deepEqual(db().settings.get('language'), saved);
  });

  test('update of a setting never saved (version > 0): Not found', () => {
    assert.throws(() => db().settings.set('extendedNotifications', { enabled: true, termsAcceptedOn: NOW }, 1, NOW), isNotFound('setting'));
    assert.equal(db().settings.get('extendedNotifications').version, 0);
  });
});

describe('Notification subscriptions', () => {
  test('create with version 0, then the read version saves once; stale Conflict; service-internal saves without a version', () => {
    const created = db().notifications.save('user-1', { email: 'soc@example.com', emailCategories: ['incidents'] }, 0, NOW);
    assert.equal(created.version, 1);
    assert.equal(created.email, 'soc@example.com');
    assert.throws(() => db().notifications.save('user-1', { email: 'other@example.com' }, 0, NOW), isConflict('notification subscription'));
    const saved = db().notifications.save('user-1', { emailVerified: true }, 1, NOW + 1);
    assert.deepEqual(saved, { ...created, emailVerified: true, version: 2, updated: NOW + 1 });
    assert.throws(() => db().notifications.save('user-1', { email: 'lost@example.com' }, 1, NOW + 2), isConflict('notification subscription'));
    assert.deepEqual(db().notifications.get('user-1'), saved);
    const internal = db().notifications.save('user-1', { emailCodeFailures: 2 }, undefined, NOW + 3);
    assert.deepEqual(internal, { ...saved, emailCodeFailures: 2, version: 3, updated: NOW + 3 });
 
    // What is not a stored field of the subscription is left out of the statement, not an error.
    const withOther = db().notifications.save('user-1', { emailVerified: false, notStored: 1 } as Parameters<MdrDatabase['notifications']['save']>[1], 3, NOW + 4);
    assert.deepEqual(withOther, { ...internal, emailVerified: false, version: 4, updated: NOW + 4 });
  });

  test('update of a subscription never saved: Not found', () => {
    assert.throws(() => db().notifications.save('user-2', { emailVerified: true }, 1, NOW), isNotFound('notification subscription'));
    assert.throws(() => db().notifications.save('user-2', { emailCodeFailures: 1 }, undefined, NOW), isNotFound('notification subscription'));
    assert.equal(db().notifications.get('user-2'), null);
  });
});

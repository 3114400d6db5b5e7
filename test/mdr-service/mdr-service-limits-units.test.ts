/**
 * Product limits at unit level, on temporary databases opened directly (no service started):
 *
 * - help topic "Multitenancy": "You can create up to 100 tenants in your MDR account."
 * - help topic "Setting up regular report delivery in MDR Web Console": "You can create no more than
 *   50 schedules for an organization, and no more than 10 schedules for each tenant."
 * - the console's user and role records (host-shim/common/administration-limits.ts).
 *
 * Also the rest of the tenant and report-schedule repositories that these limits live in: what a
 * tenant or schedule reads back as, sorting, scope and configuration files.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { administrationLimits, passwordProblem, userNamePattern } from '../../contract/administration-limits.ts';
import { LimitError, NotFoundError } from '../../host-shim/mdr-service/errors.ts';
import {
  MAX_SCHEDULES,
  MAX_SCHEDULES_PER_TENANT,
  MAX_TENANTS,
  type MdrDatabase,
  type ReportSchedule,
  type ReportScheduleInput,
} from '../../host-shim/mdr-service/db.ts';
import { temporaryDatabase, testAsset } from '../support/mdr-records.ts';

const NOW = Date.UTC(2026, 5, 10, 12);
const DAY = 86_400_000;

/** Asserts a 409 limit error with this code (and field, when the limit names one). */
function isLimit(code: string, message: string, field?: string) {
  return (error: unknown) => {
    assert.ok(error instanceof LimitError, `expected a LimitError, got ${String(error)}`);
    assert.equal(error.statusCode, 409);
    assert.equal(error.code, code);
    assert.equal(error.message, message);
    assert.equal(error.field, field);
    return true;
  };
}

function isNotFound(what: string) {
  return (error: unknown) => {
    assert.ok(error instanceof NotFoundError, `expected a NotFoundError, got ${String(error)}`);
    assert.equal(error.message, `${what} not found`);
    return true;
  };
}

const tenantInput = (id: string, extra: { name?: string; createdOn?: number; active?: boolean; autoAccept?: boolean } = {}) => ({
  id,
  name: extra.name ?? `Tenant ${id}`,
  description: `About ${id}`,
  active: extra.active ?? true,
  createdOn: extra.createdOn ?? NOW,
  ...(extra.autoAccept === undefined ? {} : { autoAccept: extra.autoAccept }),
});

describe('At most 100 tenants (help: Multitenancy)', () => {
  const db = temporaryDatabase({ prefix: 'mdr-limits-', perTest: true });

  test('the 100th tenant is created; the 101st is refused and nothing is written', () => {
    assert.equal(MAX_TENANTS, 100);
    db().transaction(() => {
      for (let i = 1; i < MAX_TENANTS; i++) db().tenants.insert(tenantInput(`t-${i}`));
    });
    assert.equal(db().tenants.count(null), 99);
    assert.equal(db().tenants.insert(tenantInput('t-100')).id, 't-100');
    assert.equal(db().tenants.count(null), 100);
    assert.throws(() => db().tenants.insert(tenantInput('t-101')), isLimit('tenantLimit', 'At most 100 tenants'));
    assert.equal(db().tenants.count(null), 100);
    assert.equal(db().tenants.get('t-101'), null);
  });

  test('the limit counts every tenant, not only those of a scope; after a delete there is room again', () => {
    db().transaction(() => {
      for (let i = 1; i <= MAX_TENANTS; i++) db().tenants.insert(tenantInput(`t-${i}`));
    });
    assert.equal(db().tenants.count(['t-1']), 1);
    assert.throws(() => db().tenants.insert(tenantInput('t-101')), isLimit('tenantLimit', 'At most 100 tenants'));
    db().tenants.delete('t-50');
    assert.equal(db().tenants.insert(tenantInput('t-101')).id, 't-101');
  });
});

describe('Tenant repository', () => {
  const db = temporaryDatabase({ prefix: 'mdr-limits-', perTest: true });

  test('a tenant reads back as written: flags, dates, version 1, no expiration before a configuration file', () => {
    const active = db().tenants.insert(tenantInput('t-a', { createdOn: NOW - DAY, autoAccept: true }));
    assert.deepEqual(active, { id: 't-a', name: 'Tenant t-a', description: 'About t-a', active: true, autoAccept: true, createdOn: NOW - DAY, expiration: null, version: 1 });
    const inactive = db().tenants.insert(tenantInput('t-b', { active: false, autoAccept: false }));
    assert.deepEqual(inactive, { id: 't-b', name: 'Tenant t-b', description: 'About t-b', active: false, autoAccept: false, createdOn: NOW, expiration: null, version: 1 });
    assert.deepEqual(db().tenants.require('t-b'), inactive);
  });

  test("without an explicit choice a new tenant's auto-acceptance follows the mode: on only in 'all tenants' mode", () => {
    assert.equal(db().tenants.insert(tenantInput('t-none')).autoAccept, false, 'mode never saved (disabled)');
    const setting = db().settings.set('autoAccept', { mode: 'perTenant' }, 0, NOW);
    assert.equal(db().tenants.insert(tenantInput('t-per')).autoAccept, false);
    assert.equal(db().tenants.insert(tenantInput('t-per-on', { autoAccept: true })).autoAccept, true, 'an explicit choice wins');
    db().settings.set('autoAccept', { mode: 'allTenants' }, setting.version, NOW);
    assert.equal(db().tenants.insert(tenantInput('t-all')).autoAccept, true);
    assert.equal(db().tenants.insert(tenantInput('t-all-off', { autoAccept: false })).autoAccept, false, 'an explicit choice wins');
  });

  test('get and require: a tenant outside the scope is not there (404, not 403)', () => {
    db().tenants.insert(tenantInput('t-a'));
    db().tenants.insert(tenantInput('t-b'));
    assert.equal(db().tenants.get('t-a', ['t-b']), null);
    assert.equal(db().tenants.get('t-a', ['root']), null);
    assert.equal(db().tenants.get('t-a', ['t-a'])?.id, 't-a');
    assert.equal(db().tenants.get('t-a')?.id, 't-a');
    assert.equal(db().tenants.get('missing'), null);
    assert.throws(() => db().tenants.require('t-a', ['t-b']), isNotFound('tenant'));
    assert.throws(() => db().tenants.require('missing'), isNotFound('tenant'));
    assert.equal(db().tenants.require('t-a', ['t-a', 't-b']).id, 't-a');
  });

  test('an update changes only the fields of the patch', () => {
    const tenant = db().tenants.insert(tenantInput('t-a', { autoAccept: true }));
    assert.deepEqual(db().tenants.update('t-a', { name: 'Renamed' }, 1), { ...tenant, name: 'Renamed', version: 2 });
    assert.deepEqual(db().tenants.update('t-a', { description: 'New text' }, 2), { ...tenant, name: 'Renamed', description: 'New text', version: 3 });
    assert.deepEqual(db().tenants.update('t-a', { active: false }, 3), { ...tenant, name: 'Renamed', description: 'New text', active: false, version: 4 });
    assert.deepEqual(db().tenants.update('t-a', { autoAccept: false }, 4), { ...tenant, name: 'Renamed', description: 'New text', active: false, autoAccept: false, version: 5 });
  });

  describe('list and its sort orders', () => {
    const license = {
      id: 'lic-1',
      activationCode: 'AAAAABBBBBCCCCCDDDDD',
      tier: 'expert' as const,
      assetLimit: 100,
      activationDate: NOW - 10 * DAY,
      expirationDate: NOW + 400 * DAY,
      status: 'active' as const,
      customIncidentsPerPeriod: null,
      regionCode: 'europe' as const,
      addedOn: NOW - 10 * DAY,
      removedOn: null,
    };

    /** Bravo: created first, expires last, 1 asset; alpha: no configuration file, 3 assets; Charlie: expires first, 2 assets. */
    function arrange(): void {
      db().licenses.insert(license);
      db().tenants.insert(tenantInput('t-b', { name: 'Bravo', createdOn: NOW - 3 * DAY }));
      db().tenants.insert(tenantInput('t-a', { name: 'alpha', createdOn: NOW - DAY }));
      db().tenants.insert(tenantInput('t-c', { name: 'Charlie', createdOn: NOW - 2 * DAY }));
      db().tenants.addConfigFile({ id: 'f-b', tenantId: 't-b', licenseId: 'lic-1', expirationDate: NOW + 300 * DAY, createdOn: NOW });
      db().tenants.addConfigFile({ id: 'f-c', tenantId: 't-c', licenseId: 'lic-1', expirationDate: NOW + 30 * DAY, createdOn: NOW });
      for (const [id, tenantId] of [['h1', 't-a'], ['h2', 't-a'], ['h3', 't-a'], ['h4', 't-c'], ['h5', 't-c'], ['h6', 't-b']] as const) db().assets.insert(testAsset(id, { tenantId, firstSeen: NOW, lastSeen: NOW }));
    }
    const ids = (list: { id: string }[]) => list.map((t) => t.id);

    test('default order: expiration date, latest first, tenants without a file as never expiring; with asset counts', () => {
      arrange();
      const list = db().tenants.list(null);
      assert.deepEqual(ids(list), ['t-a', 't-b', 't-c']);
      assert.deepEqual(
        list.map((t) => [t.id, t.expiration, t.assets]),
        [
          ['t-a', null, 3],
          ['t-b', NOW + 300 * DAY, 1],
          ['t-c', NOW + 30 * DAY, 2],
        ],
      );
      assert.deepEqual(ids(db().tenants.list(null, { field: 'expiration', direction: 'asc' })), ['t-c', 't-b', 't-a']);
    });

    test('by name (any case), creation date and asset count, both directions', () => {
      arrange();
      assert.deepEqual(ids(db().tenants.list(null, { field: 'name', direction: 'asc' })), ['t-a', 't-b', 't-c']);
      assert.deepEqual(ids(db().tenants.list(null, { field: 'name', direction: 'desc' })), ['t-c', 't-b', 't-a']);
      assert.deepEqual(ids(db().tenants.list(null, { field: 'createdOn', direction: 'asc' })), ['t-b', 't-c', 't-a']);
      assert.deepEqual(ids(db().tenants.list(null, { field: 'createdOn', direction: 'desc' })), ['t-a', 't-c', 't-b']);
      assert.deepEqual(ids(db().tenants.list(null, { field: 'assets', direction: 'asc' })), ['t-b', 't-c', 't-a']);
      assert.deepEqual(ids(db().tenants.list(null, { field: 'assets', direction: 'desc' })), ['t-a', 't-c', 't-b']);
    });

    test('ties are broken by name, then id; only tenants in scope are listed', () => {
      arrange();
      db().tenants.insert(tenantInput('t-d', { name: 'Delta', createdOn: NOW - 2 * DAY }));
      assert.deepEqual(ids(db().tenants.list(null, { field: 'createdOn', direction: 'desc' })), ['t-a', 't-c', 't-d', 't-b']);
      assert.deepEqual(ids(db().tenants.list(null, { field: 'createdOn', direction: 'asc' })), ['t-b', 't-c', 't-d', 't-a']);
      assert.deepEqual(ids(db().tenants.list(['t-c', 't-a'], { field: 'name', direction: 'asc' })), ['t-a', 't-c']);
      assert.equal(db().tenants.count(['t-c', 't-a']), 2);
    });

    test("configuration files: latest expiration first; the tenant's expiration follows them; the last one stays", () => {
      arrange();
      db().tenants.addConfigFile({ id: 'f-b2', tenantId: 't-b', licenseId: 'lic-1', expirationDate: NOW + 350 * DAY, createdOn: NOW + 1 });
      assert.deepEqual(db().tenants.configFiles('t-b'), [
        { id: 'f-b2', tenantId: 't-b', licenseId: 'lic-1', expirationDate: NOW + 350 * DAY, createdOn: NOW + 1 },
        { id: 'f-b', tenantId: 't-b', licenseId: 'lic-1', expirationDate: NOW + 300 * DAY, createdOn: NOW },
      ]);
      assert.equal(db().tenants.require('t-b').expiration, NOW + 350 * DAY);
      assert.throws(() => db().tenants.deleteConfigFile('t-b', 'f-c'), isNotFound('configuration file'), "another tenant's file");
      assert.throws(() => db().tenants.deleteConfigFile('t-b', 'no-such-file'), isNotFound('configuration file'));
      db().tenants.deleteConfigFile('t-b', 'f-b2');
      assert.deepEqual(ids(db().tenants.configFiles('t-b')), ['f-b']);
      assert.equal(db().tenants.require('t-b').expiration, NOW + 300 * DAY);
      assert.throws(() => db().tenants.deleteConfigFile('t-b', 'f-b'), isLimit('lastConfigFile', 'The last configuration file cannot be deleted'));
      assert.deepEqual(ids(db().tenants.configFiles('t-b')), ['f-b']);
      assert.deepEqual(ids(db().tenants.configFiles('t-c')), ['f-c'], "the other tenant's file is untouched");
      assert.deepEqual(db().tenants.configFiles('t-a'), []);
    });
  });
});

describe('Report schedules: at most 50 per organization and 10 per tenant (help: Setting up regular report delivery in MDR Web Console)', () => {
  const db = temporaryDatabase({ prefix: 'mdr-limits-', perTest: true });

  const input = (id: string, tenantId: string | null, created = NOW): ReportScheduleInput => ({
    id,
    enabled: true,
    name: `Schedule ${id}`,
    tenantId,
    emails: ['soc@example.com'],
    day: 'monday',
    time: '08:00',
    unencryptedAcknowledged: true,
    created,
  });
  const tenantSchedules = (tenantId: string) => db().reportSchedules.list(null).filter((s) => s.tenantId === tenantId).length;
  const perTenantLimit = isLimit('tenantScheduleLimit', 'At most 10 schedules per tenant', 'tenantId');
  const organizationLimit = isLimit('scheduleLimit', 'At most 50 schedules per organization');

  beforeEach(() => {
    for (const id of ['t-1', 't-2', 't-3', 't-4', 't-5', 't-6']) db().tenants.insert(tenantInput(id));
  });

  test('the limits are those of the help', () => {
    assert.equal(MAX_SCHEDULES, 50);
    assert.equal(MAX_SCHEDULES_PER_TENANT, 10);
  });

  test('the 10th schedule of a tenant is created, the 11th is refused and not written; other tenants are not affected', () => {
    for (let i = 1; i < 10; i++) db().reportSchedules.insert(input(`s-${i}`, 't-1'));
    assert.equal(db().reportSchedules.insert(input('s-10', 't-1')).id, 's-10');
    assert.throws(() => db().reportSchedules.insert(input('s-11', 't-1')), perTenantLimit);
    assert.equal(tenantSchedules('t-1'), 10);
    assert.equal(db().reportSchedules.get('s-11'), null);
    assert.equal(db().reportSchedules.insert(input('s-12', 't-2')).tenantId, 't-2');
    assert.equal(db().reportSchedules.insert(input('s-13', null)).tenantId, null, 'schedules for all tenants have no per-tenant limit');
  });

  test('the 50th schedule of the organization is created, the 51st is refused, for one tenant or for all tenants', () => {
    db().transaction(() => {
      for (let i = 0; i < 49; i++) db().reportSchedules.insert(input(`s-${i}`, i < 40 ? `t-${1 + Math.floor(i / 10)}` : null));
    });
    assert.equal(db().reportSchedules.count(), 49);
    assert.equal(db().reportSchedules.insert(input('s-49', 't-5')).id, 's-49');
    assert.equal(db().reportSchedules.count(), 50);
    assert.throws(() => db().reportSchedules.insert(input('s-50', 't-6')), organizationLimit);
    assert.throws(() => db().reportSchedules.insert(input('s-51', null)), organizationLimit);
    assert.equal(db().reportSchedules.count(), 50);
  });

  test('at the organization limit a schedule can still be edited and moved (it is not a new one)', () => {
    db().transaction(() => {
      for (let i = 0; i < 50; i++) db().reportSchedules.insert(input(`s-${i}`, i < 40 ? `t-${1 + Math.floor(i / 10)}` : null));
    });
    const moved = db().reportSchedules.update('s-45', { tenantId: 't-6' }, 1, NOW + 1);
    assert.equal(moved.tenantId, 't-6');
    assert.equal(db().reportSchedules.update('s-45', { tenantId: null }, 2, NOW + 2).tenantId, null);
    assert.equal(db().reportSchedules.update('s-0', { name: 'Renamed' }, 1, NOW + 3).name, 'Renamed');
  });

  test('moving a schedule into a tenant that has 10 is refused and changes nothing', () => {
    for (let i = 1; i <= 10; i++) db().reportSchedules.insert(input(`full-${i}`, 't-1'));
    const other = db().reportSchedules.insert(input('other', 't-2'));
    const forAll = db().reportSchedules.insert(input('for-all', null));
    assert.throws(() => db().reportSchedules.update('other', { tenantId: 't-1', name: 'Moved' }, 1, NOW + 1), perTenantLimit);
    assert.throws(() => db().reportSchedules.update('for-all', { tenantId: 't-1' }, 1, NOW + 1), perTenantLimit);
    assert.deepEqual(db().reportSchedules.require('other'), other);
    assert.deepEqual(db().reportSchedules.require('for-all'), forAll);
    assert.equal(tenantSchedules('t-1'), 10);
  });

  test('a tenant with 9 takes one more by a move; a schedule of a full tenant can be edited and stay there', () => {
    for (let i = 1; i <= 9; i++) db().reportSchedules.insert(input(`nine-${i}`, 't-1'));
    db().reportSchedules.insert(input('other', 't-2'));
    assert.equal(db().reportSchedules.update('other', { tenantId: 't-1' }, 1, NOW + 1).tenantId, 't-1');
    assert.equal(tenantSchedules('t-1'), 10);
    assert.throws(() => db().reportSchedules.insert(input('eleventh', 't-1')), perTenantLimit);
    const edited = db().reportSchedules.update('nine-1', { tenantId: 't-1', time: '10:15' }, 1, NOW + 2);
    assert.deepEqual([edited.tenantId, edited.time, edited.version], ['t-1', '10:15', 2]);
  });

  test('moving a schedule of a missing id is Not found', () => {
    assert.throws(() => db().reportSchedules.update('missing', { tenantId: 't-1' }, 1, NOW), isNotFound('report schedule'));
  });
});

describe('Report schedule repository', () => {
  const db = temporaryDatabase({ prefix: 'mdr-limits-', perTest: true });

  beforeEach(() => {
    for (const id of ['t-1', 't-2']) db().tenants.insert(tenantInput(id));
  });

  test('a schedule reads back as written (flags both ways, e-mails, editor, version 1)', () => {
    const written = {
      id: 's-on',
      enabled: true,
      name: 'Daily',
      tenantId: 't-1',
      emails: ['a@example.com', 'b@example.com'],
      day: 'everyDay' as const,
      time: '07:45',
      unencryptedAcknowledged: true,
      editedBy: 'admin-1',
      created: NOW,
    };
    const expected: ReportSchedule = { ...written, updated: NOW, version: 1 };
    assert.deepEqual(db().reportSchedules.insert(written), expected);
    const off = db().reportSchedules.insert({ id: 's-off', enabled: false, name: 'Off', tenantId: null, emails: [], day: 'sunday', time: '23:59', unencryptedAcknowledged: false, created: NOW + 1 });
    assert.deepEqual(off, { id: 's-off', enabled: false, name: 'Off', tenantId: null, emails: [], day: 'sunday', time: '23:59', unencryptedAcknowledged: false, editedBy: null, created: NOW + 1, updated: NOW + 1, version: 1 });
  });

  test('an update changes exactly the fields of the patch, bumps the version and the update time', () => {
    const original = db().reportSchedules.insert({ id: 's', enabled: true, name: 'N', tenantId: 't-1', emails: ['a@example.com'], day: 'monday', time: '08:00', unencryptedAcknowledged: true, editedBy: 'u-1', created: NOW });
    let expected: ReportSchedule = original;
    const steps: [Parameters<MdrDatabase['reportSchedules']['update']>[1], Partial<ReportSchedule>][] = [
      [{ enabled: false }, { enabled: false }],
      [{ name: 'Weekly' }, { name: 'Weekly' }],
      [{ tenantId: 't-2' }, { tenantId: 't-2' }],
      [{ emails: ['x@example.com', 'y@example.com'] }, { emails: ['x@example.com', 'y@example.com'] }],
      [{ day: 'friday' }, { day: 'friday' }],
      [{ time: '17:30' }, { time: '17:30' }],
      [{ unencryptedAcknowledged: false }, { unencryptedAcknowledged: false }],
      [{ editedBy: 'u-2' }, { editedBy: 'u-2' }],
      [{ tenantId: null }, { tenantId: null }],
      [{}, {}],
    ];
    for (const [index, [patch, change]] of steps.entries()) {
      const now = NOW + (index + 1) * 1000;
      expected = { ...expected, ...change, updated: now, version: expected.version + 1 };
      assert.deepEqual(db().reportSchedules.update('s', patch, expected.version - 1, now), expected, JSON.stringify(patch));
    }
    assert.deepEqual(db().reportSchedules.require('s'), expected);
  });

  test('scope: a schedule for all tenants is visible in every scope; one for a tenant only in scopes that list it', () => {
    db().reportSchedules.insert({ id: 's-all', enabled: true, name: 'All', tenantId: null, emails: [], day: 'monday', time: '08:00', unencryptedAcknowledged: true, created: NOW + 2 });
    db().reportSchedules.insert({ id: 's-1', enabled: true, name: 'One', tenantId: 't-1', emails: [], day: 'monday', time: '08:00', unencryptedAcknowledged: true, created: NOW + 1 });
    db().reportSchedules.insert({ id: 's-2', enabled: true, name: 'Two', tenantId: 't-2', emails: [], day: 'monday', time: '08:00', unencryptedAcknowledged: true, created: NOW + 1 });
    const ids = (list: ReportSchedule[]) => list.map((s) => s.id);
    assert.deepEqual(ids(db().reportSchedules.list(null)), ['s-1', 's-2', 's-all'], 'oldest first, ties by id');
    assert.deepEqual(ids(db().reportSchedules.list(['t-1'])), ['s-1', 's-all']);
    assert.deepEqual(ids(db().reportSchedules.list(['t-2', 'root'])), ['s-2', 's-all']);
    assert.deepEqual(ids(db().reportSchedules.list([])), ['s-all']);
    assert.equal(db().reportSchedules.get('s-all', ['t-2'])?.id, 's-all');
    assert.equal(db().reportSchedules.get('s-all', [])?.id, 's-all');
    assert.equal(db().reportSchedules.get('s-1', ['t-1'])?.id, 's-1');
    assert.equal(db().reportSchedules.get('s-1', null)?.id, 's-1');
    assert.equal(db().reportSchedules.get('s-1', ['t-2']), null);
    assert.equal(db().reportSchedules.get('s-1', ['root']), null);
    assert.equal(db().reportSchedules.get('missing'), null);
    assert.throws(() => db().reportSchedules.require('s-2', ['t-1']), isNotFound('report schedule'));
    assert.equal(db().reportSchedules.require('s-2', ['t-2']).id, 's-2');
    assert.equal(db().reportSchedules.count(), 3);
  });

  test("deleting a tenant deletes its schedules (cascade), not the other tenant's or those for all tenants", () => {
    db().reportSchedules.insert({ id: 's-all', enabled: true, name: 'All', tenantId: null, emails: [], day: 'monday', time: '08:00', unencryptedAcknowledged: true, created: NOW });
    db().reportSchedules.insert({ id: 's-1', enabled: true, name: 'One', tenantId: 't-1', emails: [], day: 'monday', time: '08:00', unencryptedAcknowledged: true, created: NOW });
    db().reportSchedules.insert({ id: 's-2', enabled: true, name: 'Two', tenantId: 't-2', emails: [], day: 'monday', time: '08:00', unencryptedAcknowledged: true, created: NOW });
    db().tenants.delete('t-1', 1);
    assert.deepEqual(db().reportSchedules.list(null).map((s) => s.id), ['s-2', 's-all']);
  });
});

describe("Console users and roles: the administration limits", () => {
  test('the lengths shared by the console pages and the console server', () => {
    assert.deepEqual(administrationLimits, { userNameMaxLength: 64, displayNameMaxLength: 100, passwordMinLength: 8, passwordMaxLength: 128, roleNameMaxLength: 100 });
  });

  test('user names: letters, digits and . _ @ - only, at least one character', () => {
    for (const name of ['a', 'Z', '0', 'AZaz09._@-', 'jane.doe@example.com', 'svc_backup-2', 'x'.repeat(64)]) assert.equal(userNamePattern.test(name), true, name);
    for (const name of ['', 'jane doe', ' jane', 'jane ', 'jane!', 'jäne', 'a/b', 'a\\b', 'a+b', 'a:b', '#', 'a\nb']) assert.equal(userNamePattern.test(name), false, JSON.stringify(name));
  });

  test('password length: required, at least 8, at most 128 characters', () => {
    assert.equal(passwordProblem('', 'jane'), 'required');
    assert.equal(passwordProblem('Ab1!xyz', 'jane'), 'tooShort');
    assert.equal(passwordProblem('Ab1!xyzw', 'jane'), undefined);
    assert.equal(passwordProblem(`Ab1!${'x'.repeat(124)}`, 'jane'), undefined);
    assert.equal(passwordProblem(`Ab1!${'x'.repeat(125)}`, 'jane'), 'tooLong');
  });

  test('at least three of lower case, upper case, digits and other characters', () => {
    // Exactly three classes, each class represented only by the ends of its range.
    for (const password of ['aaaaaaA0', 'zzzzzzZ9', 'aaaaaaa0!', 'ZZZZZZZ9~', 'AAAAaaa ', 'zzzzzzz9/', 'AAAAAAA0:', 'aaaaaaZ[', 'AAAAAAz`', 'aaaaaa9{']) {
      assert.equal(passwordProblem(password, ''), undefined, password);
    }
    for (const password of ['aaaaaaaA', 'zzzzzzzZ', 'aaaaaaa0', 'zzzzzzz9', 'AAAAAAA0', 'ZZZZZZZ9', 'aaaaaaa!', 'ZZZZZZZ!', '0000000!', '99999999', 'abcdefgh']) {
      assert.equal(passwordProblem(password, ''), 'tooWeak', password);
    }
  });

  test('a password must not contain the user name, in any case; an empty user name is no rule', () => {
    assert.equal(passwordProblem('xJane-2024!', 'jane'), 'containsUserName');
    assert.equal(passwordProblem('Pass-JANE-1', 'Jane'), 'containsUserName');
    assert.equal(passwordProblem('Pass-jane-1', 'JANE'), 'containsUserName');
    assert.equal(passwordProblem('Pass-jan-1x', 'jane'), undefined);
    assert.equal(passwordProblem('Pass-word-1', ''), undefined);
    assert.equal(passwordProblem('short', 'jane'), 'tooShort', 'length is reported before the other rules');
    assert.equal(passwordProblem('janejanejane', 'jane'), 'tooWeak', 'weakness is reported before the user name');
  });
});

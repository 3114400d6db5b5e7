/**
 * Auto-acceptance per tenant: the list's *All tenants* option and *Root without tenants* (help,
 * *Auto-accepting responses in Kaspersky Security Center*: "If you select the All tenants option, the
 * auto-acceptance of responses is enabled for the newly created tenants by default"; *Auto-accepting
 * responses in MDR Web Console*, access rights: "Enable auto-acceptance for all tenants" is the MDR
 * Administrator's alone, specific tenants also the Senior Security Officer's).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { receiveResponse } from '../../host-shim/mdr-service/services/auto-accept.ts';
import { httpsJson, startTestService, type TestService } from '../support/mdr-service.ts';

const NOW = Date.UTC(2026, 4, 12, 9, 0);
const ADMIN = ['incidentAccess', 'autoAcceptSettings', 'responseManagement', 'tenantManagement', 'incidentSummaryScheduling', 'restApiAccess'];
const SENIOR = ['incidentAccess', 'autoAcceptSettings', 'responseManagement'];

interface AutoAccept {
  mode: string;
  version: number;
  tenants: { id: string; autoAccept: boolean; version: number }[];
  newTenants: boolean;
  root: boolean | null;
}

describe('auto-acceptance per tenant: All tenants and Root without tenants', () => {
  let service: TestService;
  let seq = 0;
  const call = (method: string, path: string, rights: string[], json?: unknown) =>
    httpsJson<Record<string, any>>(`${service.url}/console/v1/${path}`, { method, ca: service.ca, headers: service.consoleHeaders(rights), json });
  const current = async () => (await call('GET', 'settings', ADMIN)).body.autoAccept as AutoAccept;
  const arrive = (tenantId: string | null) => {
    const { db } = service.app.mdr;
    const incident = db.incidents.list(null, { tenantIds: [tenantId ?? 'root'], pageSize: 1 }).items[0]!;
    return receiveResponse(db, null, {
      id: `resp-options-${++seq}-xxxxxxx`,
      incidentId: incident.id,
      assetId: incident.affectedAssetIds[0]!,
      type: 'get_file',
      parameters: { path: 'C:\\temp\\x.exe', maxFileSizeMb: 10 },
      created: NOW,
    }).status;
  };

  before(async () => {
    service = await startTestService({ now: () => NOW });
    const { version } = await current();
    assert.equal((await call('PUT', 'settings/auto-accept/mode', ADMIN, { mode: 'perTenant', expectedVersion: version })).status, 200);
  });
  after(() => service?.close());

  test('both are off at first, and read by whoever reads the setting', async () => {
    const senior = (await call('GET', 'settings', SENIOR)).body.autoAccept as AutoAccept;
    assert.deepEqual([senior.mode, senior.newTenants, senior.root], ['perTenant', false, false]);
  });

  test('Root without tenants covers the assets without a tenant; a Senior Security Officer may switch it', async () => {
    assert.equal(arrive(null), 'waiting');
    const { version } = await current();
    const missingVersion = await call('PUT', 'settings/auto-accept/tenants', SENIOR, { tenants: [], root: true });
    assert.deepEqual([missingVersion.status, missingVersion.body.field], [400, 'expectedVersion']);
    const switched = await call('PUT', 'settings/auto-accept/tenants', SENIOR, { tenants: [], root: true, expectedVersion: version });
    assert.equal(switched.status, 200);
    assert.deepEqual([switched.body.root, switched.body.newTenants, switched.body.version], [true, false, version + 1]);
    assert.equal(arrive(null), 'confirmed');
    const stale = await call('PUT', 'settings/auto-accept/tenants', SENIOR, { tenants: [], root: false, expectedVersion: version });
    assert.equal(stale.status, 409);
    assert.equal((await current()).root, true, 'a stale save changes nothing');
  });

  test('All tenants is the MDR Administrator’s: new tenants then start with auto-acceptance', async () => {
    const { db } = service.app.mdr;
    const before = await current();
    const senior = await call('PUT', 'settings/auto-accept/tenants', SENIOR, { tenants: [], newTenants: true, expectedVersion: before.version });
    assert.equal(senior.status, 403);
    assert.deepEqual(senior.body.missingRights, ['tenantManagement', 'incidentSummaryScheduling', 'restApiAccess']);
    assert.equal((await current()).newTenants, false, 'nothing changed');
    assert.equal(db.tenants.insert({ id: 'tenant-before', name: 'Before All', description: '', active: true, createdOn: NOW }).autoAccept, false);

    const all = await call('PUT', 'settings/auto-accept/tenants', ADMIN, {
      tenants: before.tenants.map((tenant) => ({ id: tenant.id, autoAccept: true, expectedVersion: tenant.version })),
      newTenants: true,
      expectedVersion: before.version,
    });
    assert.equal(all.status, 200);
    assert.equal(all.body.newTenants, true);
    assert.equal(db.tenants.insert({ id: 'tenant-after', name: 'After All', description: '', active: true, createdOn: NOW }).autoAccept, true);

    // Changing the mode keeps the per-tenant choices for when it comes back.
    const away = await call('PUT', 'settings/auto-accept/mode', ADMIN, { mode: 'disabled', expectedVersion: all.body.version });
    const back = await call('PUT', 'settings/auto-accept/mode', ADMIN, { mode: 'perTenant', expectedVersion: away.body.version });
    assert.equal(back.status, 200);
    const kept = await current();
    assert.deepEqual([kept.newTenants, kept.root], [true, true]);
    // Outside per-tenant mode, All tenants does not decide for new tenants: the mode does.
    await call('PUT', 'settings/auto-accept/mode', ADMIN, { mode: 'disabled', expectedVersion: kept.version });
    assert.equal(db.tenants.insert({ id: 'tenant-disabled', name: 'While Disabled', description: '', active: true, createdOn: NOW }).autoAccept, false);
    assert.equal(arrive(null), 'waiting', 'the root is not covered while auto-acceptance is off');
  });

  test('a console that does not reach the root neither sees nor switches it', async () => {
    const { db } = service.app.mdr;
    const tenant = db.tenants.list(null)[0]!;
    db.organization.update({ consoleTenantScope: [tenant.id] });
    try {
      const { version } = await current();
      const mode = await call('PUT', 'settings/auto-accept/mode', ADMIN, { mode: 'perTenant', expectedVersion: version });
      const scoped = await current();
      assert.equal(scoped.root, null);
      const refused = await call('PUT', 'settings/auto-accept/tenants', ADMIN, { tenants: [], root: false, expectedVersion: mode.body.version });
      assert.deepEqual([refused.status, refused.body.field], [400, 'root']);
      assert.equal(db.settings.get('autoAccept').value.root, true, 'unchanged');
    } finally {
      db.organization.update({ consoleTenantScope: null });
    }
  });
});

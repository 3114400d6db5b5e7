import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { httpsJson, startTestService, type TestService } from '../support/mdr-service.ts';
import { receiveResponse } from '../../host-shim/mdr-service/services/auto-accept.ts';
import { startWiredConsole } from '../support/wired-console.ts';

const NOW = Date.UTC(2026, 5, 10, 12);
const ADMIN = ['incidentAccess', 'autoAcceptSettings', 'responseManagement', 'tenantManagement', 'incidentSummaryScheduling', 'restApiAccess'];
const SENIOR = ['incidentAccess', 'autoAcceptSettings', 'responseManagement'];
const OFFICER = ['incidentAccess'];
/** General settings apply to the whole organization: they need Application Integration (help topics 213206, 210793). */
const INTEGRATION = ['incidentAccess', 'applicationIntegration'];

let service: TestService;
let seq = 0;

function call(method: string, path: string, rights: string[], json?: unknown) {
  return httpsJson<Record<string, any>>(`${service.url}/console/v1/${path}`, { method, ca: service.ca, headers: service.consoleHeaders(rights), json });
}

before(async () => {
  service = await startTestService({ now: () => NOW });
});
after(async () => service.close());

describe('console settings: general', () => {
  test('everyone with incident access reads them; auto-acceptance only with Auto-accept settings', async () => {
    const officer = await call('GET', 'settings', OFFICER);
    assert.equal(officer.status, 200);
    assert.equal(officer.body.general.extendedNotifications, false);
    assert.equal(officer.body.general.termsAcceptedOn, null);
    assert.equal(officer.body.general.language, 'en');
    assert.equal(officer.body.autoAccept, undefined);
    const senior = await call('GET', 'settings', SENIOR);
    assert.ok(['disabled', 'allTenants', 'perTenant'].includes(senior.body.autoAccept.mode));
    assert.ok(senior.body.autoAccept.tenants.length > 0);
    const names = senior.body.autoAccept.tenants.map((tenant: { name: string }) => tenant.name);
    assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
  });

  test('turning on extended notifications needs the terms check box; nothing changes without it', async () => {
    const version = (await call('GET', 'settings', OFFICER)).body.general.version as string;
    const [extendedVersion, languageVersion] = version.split('.').map(Number) as [number, number];
    const next = `${extendedVersion + 1}.${languageVersion + 1}`;
    const refused = await call('PUT', 'settings/general', INTEGRATION, { extendedNotifications: true, termsAccepted: false, language: 'ru', expectedVersion: version });
    assert.equal(refused.status, 400);
    assert.deepEqual([refused.body.error, refused.body.field, refused.body.rule], ['validation', 'termsAccepted', 'termsRequired']);
    assert.equal((await call('GET', 'settings', OFFICER)).body.general.language, 'en');

    const badLanguage = await call('PUT', 'settings/general', INTEGRATION, { extendedNotifications: false, language: 'de', expectedVersion: version });
    assert.deepEqual([badLanguage.status, badLanguage.body.field, badLanguage.body.rule], [400, 'language', 'invalidLanguage']);

    const saved = await call('PUT', 'settings/general', INTEGRATION, { extendedNotifications: true, termsAccepted: true, language: 'ru', expectedVersion: version });
    assert.equal(saved.status, 200);
    assert.equal(saved.body.extendedNotifications, true);
    assert.equal(saved.body.termsAcceptedOn, new Date(NOW).toISOString());
    assert.equal(saved.body.language, 'ru');
    assert.equal(saved.body.version, next);

    const stale = await call('PUT', 'settings/general', INTEGRATION, { extendedNotifications: false, language: 'en', expectedVersion: version });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error, 'conflict');
    assert.equal((await call('GET', 'settings', OFFICER)).body.general.language, 'ru');

    const back = await call('PUT', 'settings/general', INTEGRATION, { extendedNotifications: false, language: 'en', expectedVersion: next });
    assert.equal(back.status, 200);
    assert.equal(back.body.termsAcceptedOn, null, 'turning it off forgets the confirmation: turning it on again asks again');
  });
});

describe('console settings: general options are organization-wide', () => {
  // Help topic 213206: Application Integration grants the right "to activate, configure, use, and terminate
  // the use of" MDR; topic 210793: the general options are MDR's settings. Incident access alone is not enough.
  test('the MDR service refuses a save with the console credential but without Application Integration, and changes nothing', async () => {
    const before = (await call('GET', 'settings', OFFICER)).body.general;
    for (const rights of [OFFICER, SENIOR, ADMIN]) {
      const refused = await call('PUT', 'settings/general', rights, { extendedNotifications: !before.extendedNotifications, termsAccepted: true, language: 'ru', expectedVersion: before.version });
      assert.equal(refused.status, 403, rights.join('+'));
      assert.deepEqual(refused.body.missingRights, ['applicationIntegration'], rights.join('+'));
    }
    assert.deepEqual((await call('GET', 'settings', OFFICER)).body.general, before);
  });

  test('the console refuses it to a Security Officer, naming Application Integration; the administrator saves', async () => {
    const consoleServer = await startWiredConsole({ service });
    try {
      const before = (await consoleServer.call('officer', 'GET', 'settings')).body.general as { extendedNotifications: boolean; language: string; version: string };
      const change = { extendedNotifications: before.extendedNotifications, language: before.language === 'en' ? 'ru' : 'en', expectedVersion: before.version };
      for (const user of ['officer', 'senior']) {
        const refused = await consoleServer.call(user, 'PUT', 'settings/general', change);
        assert.equal(refused.status, 403, user);
        assert.deepEqual(refused.body.missingRights, ['applicationIntegration'], user);
      }
      assert.deepEqual((await consoleServer.call('officer', 'GET', 'settings')).body.general, before);
      const saved = await consoleServer.call('admin', 'PUT', 'settings/general', change);
      assert.equal(saved.status, 200);
      assert.equal(saved.body.language, change.language);
    } finally {
      await consoleServer.close();
    }
  });
});

describe('console settings: auto-acceptance', () => {
  test('only the MDR Administrator changes the mode; stale versions are refused', async () => {
    const senior = await call('PUT', 'settings/auto-accept/mode', SENIOR, { mode: 'allTenants', expectedVersion: 0 });
    assert.equal(senior.status, 403);
    assert.deepEqual(senior.body.missingRights, ['tenantManagement', 'incidentSummaryScheduling', 'restApiAccess']);
    const invalid = await call('PUT', 'settings/auto-accept/mode', ADMIN, { mode: 'sometimes', expectedVersion: 0 });
    assert.deepEqual([invalid.status, invalid.body.field, invalid.body.rule], [400, 'mode', 'invalidMode']);
    const { version } = (await call('GET', 'settings', ADMIN)).body.autoAccept;
    const saved = await call('PUT', 'settings/auto-accept/mode', ADMIN, { mode: 'perTenant', expectedVersion: version });
    assert.deepEqual(saved.body, { mode: 'perTenant', version: version + 1 });
    const stale = await call('PUT', 'settings/auto-accept/mode', ADMIN, { mode: 'disabled', expectedVersion: version });
    assert.equal(stale.status, 409);
  });

  test('single tenants are switched with Auto-accept settings + Response management, only in per-tenant mode', async () => {
    const tenants = (await call('GET', 'settings', SENIOR)).body.autoAccept.tenants as { id: string; autoAccept: boolean; version: number }[];
    const first = tenants[0]!;
    const without = await call('PUT', 'settings/auto-accept/tenants', ['incidentAccess', 'autoAcceptSettings'], { tenants: [{ id: first.id, autoAccept: true, expectedVersion: first.version }] });
    assert.equal(without.status, 403);
    const switched = await call('PUT', 'settings/auto-accept/tenants', SENIOR, { tenants: [{ id: first.id, autoAccept: true, expectedVersion: first.version }] });
    assert.equal(switched.status, 200);
    assert.equal(switched.body.tenants.find((tenant: { id: string }) => tenant.id === first.id).autoAccept, true);
    const stale = await call('PUT', 'settings/auto-accept/tenants', SENIOR, { tenants: [{ id: first.id, autoAccept: false, expectedVersion: first.version }] });
    assert.equal(stale.status, 409);
    assert.equal(service.app.mdr.db.tenants.get(first.id)!.autoAccept, true);
    const unknown = await call('PUT', 'settings/auto-accept/tenants', SENIOR, { tenants: [{ id: 'no-such-tenant', autoAccept: true, expectedVersion: 1 }] });
    assert.equal(unknown.status, 404);

    const mode = service.app.mdr.db.settings.get('autoAccept');
    service.app.mdr.db.settings.set('autoAccept', { mode: 'allTenants' }, mode.version, NOW);
    const notPerTenant = await call('PUT', 'settings/auto-accept/tenants', SENIOR, { tenants: [{ id: first.id, autoAccept: false, expectedVersion: first.version + 1 }] });
    assert.deepEqual([notPerTenant.status, notPerTenant.body.error], [409, 'notPerTenantMode']);
  });

  test('new responses for covered tenants are accepted on arrival and read as Confirmed through the REST API', async () => {
    const { db, tokens } = service.app.mdr;
    const setMode = (mode: 'disabled' | 'allTenants' | 'perTenant') => db.settings.set('autoAccept', { mode }, db.settings.get('autoAccept').version, NOW);
    const tenants = db.tenants.list(null, { field: 'name', direction: 'asc' });
    const [covered, uncovered] = [tenants[0]!, tenants[1]!];
    db.tenants.update(covered.id, { autoAccept: true }, db.tenants.get(covered.id)!.version);
    db.tenants.update(uncovered.id, { autoAccept: false }, db.tenants.get(uncovered.id)!.version);
    const incidentOf = (tenantId: string) => db.incidents.list(null, { tenantIds: [tenantId], pageSize: 1 }).items[0]!;
    const arrive = (tenantId: string) => {
      const incident = incidentOf(tenantId);
      return receiveResponse(db, service.app.mdr.activity, {
        id: `resp-${++seq}-xxxxxxxxxxxx`,
        incidentId: incident.id,
        assetId: incident.affectedAssetIds[0]!,
        type: 'get_file',
        parameters: { path: 'C:\\temp\\x.exe', maxFileSizeMb: 10 },
        created: NOW,
      });
    };

    setMode('perTenant');
    assert.equal(arrive(covered.id).status, 'confirmed');
    const waiting = arrive(uncovered.id);
    assert.equal(waiting.status, 'waiting');
    setMode('allTenants');
    const everywhere = arrive(uncovered.id);
    assert.equal(everywhere.status, 'confirmed');
    setMode('disabled');
    assert.equal(arrive(covered.id).status, 'waiting');

    // Visible to an API client exactly like a decision taken by a person.
    const connection = db.apiConnections.insert({ id: 'conn-aa', clientId: 'clientautoaccept', name: 'Auto', accessLevel: 'full', tenantIds: [...tenants.map((t) => t.id), 'root'], created: NOW, createdBy: 'admin' });
    const issued = await tokens.issueConsoleRefreshToken(connection.id);
    const confirm = await httpsJson<{ access_token: string }>(`${service.url}/api/v1/${connection.clientId}/session/confirm`, { ca: service.ca, json: { refresh_token: issued.refreshToken } });
    const list = await httpsJson<{ response_id: string; status: string }[]>(`${service.url}/api/v1/${connection.clientId}/responses/list`, {
      ca: service.ca,
      json: { incident_id: everywhere.incidentId, page: 1, page_size: 1000 },
      headers: { authorization: `Bearer ${confirm.body.access_token}` },
    });
    assert.equal(list.status, 200, JSON.stringify(list.body));
    const listed = list.body.find((entry) => entry.response_id === everywhere.id)!;
    assert.equal(listed.status, 'Confirmed');
    assert.equal(list.body.find((entry) => entry.response_id === waiting.id)?.status ?? 'Waiting', 'Waiting');
  });
});

describe('new tenants follow the auto-acceptance mode', () => {
  test('on in all-tenants mode, off in per-tenant mode', () => {
    const { db } = service.app.mdr;
    const setMode = (mode: 'disabled' | 'allTenants' | 'perTenant') => db.settings.set('autoAccept', { mode }, db.settings.get('autoAccept').version, NOW);
    setMode('allTenants');
    assert.equal(db.tenants.insert({ id: 'new-all', name: 'New in all-tenants mode', description: '', active: true, createdOn: NOW }).autoAccept, true);
    setMode('perTenant');
    assert.equal(db.tenants.insert({ id: 'new-per', name: 'New in per-tenant mode', description: '', active: true, createdOn: NOW }).autoAccept, false);
    db.tenants.delete('new-all');
    db.tenants.delete('new-per');
  });
});

describe('console settings through the console server', () => {
  test('a Security Officer is refused the mode and the tenant switches (403), a Senior Security Officer the mode only', async () => {
    const consoleServer = await startWiredConsole({ service });
    try {
      const officerView = await consoleServer.call('officer', 'GET', 'settings');
      assert.equal(officerView.status, 200);
      assert.equal(officerView.body.autoAccept, undefined);
      assert.equal((await consoleServer.call('officer', 'PUT', 'settings/auto-accept/tenants', { tenants: [{ id: 'x', autoAccept: true, expectedVersion: 1 }] })).status, 403);
      assert.equal((await consoleServer.call('senior', 'PUT', 'settings/auto-accept/mode', { mode: 'allTenants', expectedVersion: 1 })).status, 403);
      assert.equal((await consoleServer.call('guest', 'GET', 'settings')).status, 403);
      assert.equal((await consoleServer.call('guest', 'PUT', 'settings/general', { extendedNotifications: false, language: 'en', expectedVersion: '0.0' })).status, 403);
      const seniorView = await consoleServer.call('senior', 'GET', 'settings');
      assert.ok(seniorView.body.autoAccept);
    } finally {
      await consoleServer.close();
    }
  });
});

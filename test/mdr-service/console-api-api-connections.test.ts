import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { createApiConnection, httpsJson } from '../support/mdr-service.ts';
import { startWiredConsole, type WiredConsole } from '../support/wired-console.ts';

interface ConnectionBody {
  id: string;
  clientId: string;
  name: string;
  accessLevel: string;
  tenants: { id: string; name: string | null }[];
  status: string;
  version: number;
  creatorRightsInsufficient?: boolean;
}
interface Generated {
  connection: ConnectionBody;
  clientId: string;
  refreshToken: string;
  expiresAt: string;
}

describe('console routes: API connections', () => {
  let wired: WiredConsole;
  let tenantIds: string[];
  /** The service's clock, moved forward to see a connection become idle. */
  let clock = Date.now();

  const call = <T = Record<string, unknown>>(method: string, path: string, json?: unknown, rights?: string[]) =>
    httpsJson<T>(`${wired.service.url}/console/v1${path}`, { method, ca: wired.service.ca, headers: wired.service.consoleHeaders(rights), json });
  const rest = <T = Record<string, unknown>>(clientId: string, path: string, json: unknown, accessToken?: string) =>
    httpsJson<T>(`${wired.service.url}/api/v1/${clientId}/${path}`, {
      method: 'POST',
      ca: wired.service.ca,
      json,
      headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {},
    });

  before(async () => {
    wired = await startWiredConsole({ now: () => clock });
    const options = await call<{ root: boolean; tenants: { id: string; name: string }[] }>('GET', '/api-connection-tenants');
    assert.equal(options.status, 200);
    assert.equal(options.body.root, true);
    tenantIds = options.body.tenants.map((tenant) => tenant.id);
  });
  after(async () => wired?.close());

  test('lists connections without any token material, sorted and paged on the server', async () => {
    const list = await call<{ items: (ConnectionBody & Record<string, unknown>)[]; total: number }>('GET', '/api-connections');
    assert.equal(list.status, 200);
    assert.ok(list.body.total >= 1);
    const demo = list.body.items.find((connection) => connection.name === 'SIEM integration (old)')!;
    assert.equal(demo.status, 'revoked');
    assert.equal(demo.tenants[0]!.id, tenantIds.find((id) => id === demo.tenants[0]!.id));
    for (const key of ['refreshTokenHash', 'tokenChainId', 'refreshTokenExpires']) assert.ok(!(key in demo), key);
    assert.equal((await call('GET', '/api-connections?sort=name&direction=asc&page=1&pageSize=10')).status, 200);
    assert.equal((await call('GET', '/api-connections?sort=refreshTokenHash')).status, 400);
  });

  test('Generate: the client id and refresh token work against the REST API, once', async () => {
    const created = await call<Generated>('POST', '/api-connections', { name: 'SOAR', accessLevel: 'incident', tenantIds: [tenantIds[0], 'root'] });
    assert.equal(created.status, 201);
    assert.equal(created.body.connection.status, 'pendingActivation');
    assert.equal(created.body.clientId, created.body.connection.clientId);
    assert.match(created.body.refreshToken, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const { clientId, refreshToken } = created.body;
    const exchanged = await rest<{ access_token: string; refresh_token: string }>(clientId, 'session/confirm', { refresh_token: refreshToken });
    assert.equal(exchanged.status, 200);
    const count = await rest<{ count: number }>(clientId, 'assets/count', {}, exchanged.body.access_token);
    assert.equal(count.status, 200);
    assert.equal(typeof count.body.count, 'number');
    const list = await call<{ items: ConnectionBody[] }>('GET', '/api-connections');
    assert.equal(list.body.items.find((connection) => connection.id === created.body.connection.id)!.status, 'active');
    // The token is never shown again: nothing in the list or in a later answer carries it.
    assert.ok(!JSON.stringify(list.body).includes(refreshToken));
  });

  test('Refresh only for a pending connection; the new token replaces the old one', async () => {
    const created = await call<Generated>('POST', '/api-connections', { name: 'Pending one', accessLevel: 'senior', tenantIds: ['root'] });
    const refreshed = await call<Generated>('POST', `/api-connections/${created.body.connection.id}/refresh`);
    assert.equal(refreshed.status, 200);
    assert.notEqual(refreshed.body.refreshToken, created.body.refreshToken);
    const old = await rest<{ error: string }>(created.body.clientId, 'session/confirm', { refresh_token: created.body.refreshToken });
    assert.equal(old.status, 401);
    const fresh = await rest(created.body.clientId, 'session/confirm', { refresh_token: refreshed.body.refreshToken });
    assert.equal(fresh.status, 200);
    const notPending = await call<{ error: string }>('POST', `/api-connections/${created.body.connection.id}/refresh`);
    assert.equal(notPending.status, 409);
    assert.equal(notPending.body.error, 'notPending');
  });

  test('Revoke stops the tokens at once; only active or idle connections can be revoked', async () => {
    const created = await call<Generated>('POST', '/api-connections', { name: 'To revoke', accessLevel: 'full', tenantIds: [tenantIds[1]] });
    const pendingRevoke = await call<{ error: string }>('POST', `/api-connections/${created.body.connection.id}/revoke`);
    assert.equal(pendingRevoke.status, 409);
    assert.equal(pendingRevoke.body.error, 'notRevocable');
    const exchanged = await rest<{ access_token: string }>(created.body.clientId, 'session/confirm', { refresh_token: created.body.refreshToken });
    const revoked = await call<ConnectionBody>('POST', `/api-connections/${created.body.connection.id}/revoke`);
    assert.equal(revoked.status, 200);
    assert.equal(revoked.body.status, 'revoked');
    const refused = await rest(created.body.clientId, 'assets/count', {}, exchanged.body.access_token);
    assert.equal(refused.status, 401);
  });

  test('an active connection unused for 30 days shows as Idle and can still be revoked', async () => {
    const created = await call<Generated>('POST', '/api-connections', { name: 'Quiet one', accessLevel: 'incident', tenantIds: ['root'] });
    assert.equal((await rest(created.body.clientId, 'session/confirm', { refresh_token: created.body.refreshToken })).status, 200);
    const find = async () => (await call<{ items: ConnectionBody[] }>('GET', '/api-connections?pageSize=100')).body.items.find((item) => item.id === created.body.connection.id)!;
    assert.equal((await find()).status, 'active');
    clock += 31 * 86_400_000;
    try {
      assert.equal((await find()).status, 'idle');
      const revoked = await call<ConnectionBody>('POST', `/api-connections/${created.body.connection.id}/revoke`);
      assert.equal(revoked.body.status, 'revoked');
    } finally {
      clock -= 31 * 86_400_000;
    }
  });

  test('validates name, rights and tenants; edits with expectedVersion (409 when stale); deletes', async () => {
    const cases: [unknown, string, string][] = [
      [{ name: '', accessLevel: 'full', tenantIds: ['root'] }, 'name', 'required'],
      [{ name: 'n'.repeat(101), accessLevel: 'full', tenantIds: ['root'] }, 'name', 'maxLength'],
      [{ name: 'Сервис', accessLevel: 'full', tenantIds: ['root'] }, 'name', 'characters'],
      [{ name: 'ok', accessLevel: 'god', tenantIds: ['root'] }, 'accessLevel', 'required'],
      [{ name: 'ok', accessLevel: 'full', tenantIds: ['no-such-tenant'] }, 'tenantIds', 'unknownTenant'],
      [{ name: 'SOAR', accessLevel: 'full', tenantIds: ['root'] }, 'name', 'nameTaken'],
    ];
    const before = (await call<{ total: number }>('GET', '/api-connections')).body.total;
    for (const [body, field, rule] of cases) {
      const response = await call<{ error: string; field: string; rule: string }>('POST', '/api-connections', body);
      assert.deepEqual([response.status, response.body.field, response.body.rule], [400, field, rule]);
    }
    assert.equal((await call<{ total: number }>('GET', '/api-connections')).body.total, before, 'nothing was created');

    const created = await call<Generated>('POST', '/api-connections', { name: 'Editable', accessLevel: 'incident', tenantIds: ['root'] });
    const { id, version } = created.body.connection;
    const edited = await call<ConnectionBody>('PATCH', `/api-connections/${id}`, { expectedVersion: version, name: 'Edited', accessLevel: 'senior', tenantIds: [tenantIds[0]] });
    assert.equal(edited.status, 200);
    assert.deepEqual([edited.body.name, edited.body.accessLevel, edited.body.tenants.map((tenant) => tenant.id)], ['Edited', 'senior', [tenantIds[0]]]);
    const stale = await call<{ error: string }>('PATCH', `/api-connections/${id}`, { expectedVersion: version, name: 'Lost' });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error, 'conflict');
    assert.equal((await call('DELETE', `/api-connections/${id}?expectedVersion=${version}`)).status, 409);
    assert.equal((await call('DELETE', `/api-connections/${id}?expectedVersion=${edited.body.version}`)).status, 200);
    assert.equal((await call('DELETE', `/api-connections/${id}?expectedVersion=${edited.body.version}`)).status, 404);
    // A deleted connection's token no longer works.
    assert.equal((await rest(created.body.clientId, 'session/confirm', { refresh_token: created.body.refreshToken })).status, 401);
  });

  // Help, *Creating an API connection in Kaspersky Security Center*: "If necessary, select the value
  // (or values) in the Tenant drop-down list" — without one the connection reaches everything.
  test('a connection without a tenant reaches every tenant and the root', async () => {
    const created = await call<Generated>('POST', '/api-connections', { name: 'Everywhere', accessLevel: 'incident', tenantIds: [] });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.connection.tenants, []);
    try {
      const exchanged = await rest<{ access_token: string }>(created.body.clientId, 'session/confirm', { refresh_token: created.body.refreshToken });
      const counted = await rest<{ count: number }>(created.body.clientId, 'assets/count', {}, exchanged.body.access_token);
      assert.equal(counted.status, 200);
      assert.equal(counted.body.count, wired.service.app.mdr.db.assets.count(null), 'every asset of every tenant and of the root');
    } finally {
      await call('DELETE', `/api-connections/${created.body.connection.id}?expectedVersion=${created.body.connection.version}`);
    }
  });

  test('keeps to the console tenant scope', async () => {
    wired.service.app.mdr.db.organization.update({ consoleTenantScope: [tenantIds[0]!] });
    try {
      const options = await call<{ root: boolean; tenants: { id: string }[] }>('GET', '/api-connection-tenants');
      assert.equal(options.body.root, false);
      assert.deepEqual(options.body.tenants.map((tenant) => tenant.id), [tenantIds[0]]);
      const outside = await call<{ field: string; rule: string }>('POST', '/api-connections', { name: 'Outside', accessLevel: 'incident', tenantIds: ['root'] });
      assert.deepEqual([outside.status, outside.body.field, outside.body.rule], [400, 'tenantIds', 'unknownTenant']);
      // Without a tenant, the connection gets exactly this console's tenants, never more.
      const unlimited = await call<Generated>('POST', '/api-connections', { name: 'Scoped by console', accessLevel: 'incident', tenantIds: [] });
      assert.equal(unlimited.status, 201);
      assert.deepEqual(unlimited.body.connection.tenants.map((tenant) => tenant.id), [tenantIds[0]]);
      const list = await call<{ items: ConnectionBody[] }>('GET', '/api-connections?pageSize=100');
      for (const connection of list.body.items) {
        assert.ok(connection.tenants.length > 0 && connection.tenants.every((tenant) => tenant.id === tenantIds[0]), connection.name);
      }
    } finally {
      wired.service.app.mdr.db.organization.update({ consoleTenantScope: null });
    }
  });

  /** Calls the service as console user `userId` holding `rights` (each user's first call introduces them). */
  const callAs = <T = Record<string, unknown>>(userId: string, rights: readonly string[], method: string, path: string, json?: unknown) =>
    httpsJson<T>(`${wired.service.url}/console/v1${path}`, {
      method,
      ca: wired.service.ca,
      headers: wired.service.consoleHeaders([...rights], { 'x-mdr-user': userId }),
      json,
    });
  const officerRights = ['incidentAccess', 'restApiAccess'];
  const seniorRights = ['incidentAccess', 'autoAcceptSettings', 'responseManagement', 'restApiAccess'];
  const administratorRights = ['incidentAccess', 'autoAcceptSettings', 'responseManagement', 'tenantManagement', 'incidentSummaryScheduling', 'restApiAccess'];

  // Help: *Creating an API connection in Kaspersky Security Center*: each level is a role's table of rights.
  test('Generate grants at most the caller\'s own rights: a stronger level is 400 accessLevel levelAboveOwnRights and nothing is created', async () => {
    const cases: [string, string[], string[]][] = [
      ['officer', officerRights, ['incident']],
      ['senior without auto-accept', ['incidentAccess', 'responseManagement', 'restApiAccess'], ['incident']],
      ['senior', seniorRights, ['incident', 'senior']],
      ['senior with tenants', [...seniorRights, 'tenantManagement', 'applicationIntegration'], ['incident', 'senior']],
      ['administrator without scheduling', administratorRights.filter((right) => right !== 'incidentSummaryScheduling'), ['incident', 'senior']],
      ['administrator', administratorRights, ['incident', 'senior', 'full']],
    ];
    for (const [who, rights, allowed] of cases) {
      const userId = `create-${who.replaceAll(' ', '-')}`;
      for (const level of ['full', 'senior', 'incident']) {
        const before = (await call<{ total: number }>('GET', '/api-connections')).body.total;
        const response = await callAs<{ error: string; field: string; rule: string }>(userId, rights, 'POST', '/api-connections', { name: `Own rights ${who} ${level}`, accessLevel: level, tenantIds: ['root'] });
        const where = `${who} creating ${level}`;
        if (allowed.includes(level)) {
          assert.equal(response.status, 201, where);
        } else {
          assert.deepEqual([response.status, response.body.error, response.body.field, response.body.rule], [400, 'validation', 'accessLevel', 'levelAboveOwnRights'], where);
          assert.equal((await call<{ total: number }>('GET', '/api-connections')).body.total, before, `${where}: nothing created`);
        }
      }
    }
  });

  test('editing: no level above own rights; a stronger connection can be neither edited nor refreshed, only revoked or deleted', async () => {
    const mine = await callAs<Generated>('edit-officer', officerRights, 'POST', '/api-connections', { name: 'Officer own', accessLevel: 'incident', tenantIds: ['root'] });
    assert.equal(mine.status, 201);
    for (const level of ['senior', 'full']) {
      const raised = await callAs<{ field: string; rule: string }>('edit-officer', officerRights, 'PATCH', `/api-connections/${mine.body.connection.id}`, {
        expectedVersion: mine.body.connection.version,
        accessLevel: level,
      });
      assert.deepEqual([raised.status, raised.body.field, raised.body.rule], [400, 'accessLevel', 'levelAboveOwnRights'], level);
    }
    const senior = await callAs<Generated>('edit-senior', seniorRights, 'PATCH', `/api-connections/${mine.body.connection.id}`, { expectedVersion: mine.body.connection.version, name: 'Officer own, renamed' });
    assert.equal(senior.status, 200, 'a connection within the caller\'s rights can be edited by another user');

    const stronger = await callAs<Generated>('edit-administrator', administratorRights, 'POST', '/api-connections', { name: 'Administrator own', accessLevel: 'full', tenantIds: ['root'] });
    const { id, version } = stronger.body.connection;
    for (const [who, rights] of [['edit-officer', officerRights], ['edit-senior', seniorRights]] as const) {
      const renamed = await callAs<{ error: string; missingRights: string[] }>(who, rights, 'PATCH', `/api-connections/${id}`, { expectedVersion: version, name: 'Taken over' });
      assert.equal(renamed.status, 403, who);
      assert.equal(renamed.body.error, 'connectionAboveOwnRights');
      const lowered = await callAs<{ error: string }>(who, rights, 'PATCH', `/api-connections/${id}`, { expectedVersion: version, accessLevel: 'incident' });
      assert.deepEqual([lowered.status, lowered.body.error], [403, 'connectionAboveOwnRights'], `${who} lowering`);
      const refreshed = await callAs<{ error: string }>(who, rights, 'POST', `/api-connections/${id}/refresh`);
      assert.deepEqual([refreshed.status, refreshed.body.error], [403, 'connectionAboveOwnRights'], `${who} refreshing`);
    }
    assert.equal((await call<{ items: ConnectionBody[] }>('GET', '/api-connections?pageSize=100')).body.items.find((item) => item.id === id)!.name, 'Administrator own');
    // Taking access away stays open to everyone with the tab.
    assert.equal((await rest(stronger.body.clientId, 'session/confirm', { refresh_token: stronger.body.refreshToken })).status, 200);
    const revoked = await callAs<ConnectionBody>('edit-officer', officerRights, 'POST', `/api-connections/${id}/revoke`);
    assert.deepEqual([revoked.status, revoked.body.status], [200, 'revoked']);
    const deleted = await callAs('edit-officer', officerRights, 'DELETE', `/api-connections/${id}?expectedVersion=${revoked.body.version}`);
    assert.equal(deleted.status, 200);
  });

  test('editing cannot raise a connection above its creator\'s rights: its tokens stay bound to the creator', async () => {
    const mine = await callAs<Generated>('bound-officer', officerRights, 'POST', '/api-connections', { name: 'Bound to officer', accessLevel: 'incident', tenantIds: ['root'] });
    const raised = await callAs<{ field: string; rule: string }>('bound-administrator', administratorRights, 'PATCH', `/api-connections/${mine.body.connection.id}`, {
      expectedVersion: mine.body.connection.version,
      accessLevel: 'senior',
    });
    assert.deepEqual([raised.status, raised.body.field, raised.body.rule], [400, 'accessLevel', 'levelAboveCreatorRights']);
  });

  test('a Security Officer\'s connection can read responses over the REST API but never confirm them', async () => {
    const full = await callAs<{ rule: string }>('rest-officer', officerRights, 'POST', '/api-connections', { name: 'Officer wants full', accessLevel: 'full', tenantIds: ['root', ...tenantIds] });
    assert.deepEqual([full.status, full.body.rule], [400, 'levelAboveOwnRights']);
    const created = await callAs<Generated>('rest-officer', officerRights, 'POST', '/api-connections', { name: 'Officer SOAR', accessLevel: 'incident', tenantIds: ['root', ...tenantIds] });
    assert.equal(created.status, 201);
    const patched = await callAs<{ rule: string }>('rest-officer', officerRights, 'PATCH', `/api-connections/${created.body.connection.id}`, { expectedVersion: created.body.connection.version, accessLevel: 'full' });
    assert.deepEqual([patched.status, patched.body.rule], [400, 'levelAboveOwnRights']);
    const session = await rest<{ access_token: string }>(created.body.clientId, 'session/confirm', { refresh_token: created.body.refreshToken });
    assert.equal(session.status, 200);
    const raw = new Database(wired.service.app.mdr.db.file, { readonly: true });
    const waiting = raw.prepare("SELECT id, incident_id FROM responses WHERE status = 'waiting' ORDER BY id LIMIT 2").all() as { id: string; incident_id: string }[];
    raw.close();
    assert.equal(waiting.length, 2);
    const listed = await rest<{ response_id: string }[]>(created.body.clientId, 'responses/list', { incident_id: waiting[0]!.incident_id }, session.body.access_token);
    assert.equal(listed.status, 200);
    const one = await rest(created.body.clientId, 'response/update', { response_id: waiting[0]!.id, status: 'Confirmed' }, session.body.access_token);
    const many = await rest(created.body.clientId, 'responses/update', { responses_ids: waiting.map((response) => response.id), status: 'Confirmed' }, session.body.access_token);
    assert.deepEqual([one.status, many.status], [403, 403]);
    for (const response of waiting) assert.equal(wired.service.app.mdr.db.responses.get(response.id)!.status, 'waiting');
  });

  test('a creator who loses the rights of the level: every call of the connection is 403 creatorRightsInsufficient until they are back', async () => {
    const creator = 'losing-senior';
    const created = await callAs<Generated>(creator, seniorRights, 'POST', '/api-connections', { name: 'Senior SOAR', accessLevel: 'senior', tenantIds: ['root'] });
    const first = await rest<{ access_token: string; refresh_token: string }>(created.body.clientId, 'session/confirm', { refresh_token: created.body.refreshToken });
    assert.equal((await rest(created.body.clientId, 'assets/count', {}, first.body.access_token)).status, 200);
    const flagged = async () => (await call<{ items: ConnectionBody[] }>('GET', '/api-connections?pageSize=100')).body.items.find((item) => item.id === created.body.connection.id)!.creatorRightsInsufficient;
    assert.equal(await flagged(), false);

    // The console says the user lost Response management (a role was edited).
    const push = (rights: string[]) => call('PUT', '/principals', { principals: [{ userId: creator, rights }] }, []);
    assert.equal((await push(officerRights)).status, 204);
    // A request of the user still carrying the old rights (under way before the change) does not bring them back.
    assert.equal((await callAs(creator, seniorRights, 'POST', '/api-connections', { name: 'Senior SOAR 2', accessLevel: 'incident', tenantIds: ['root'] })).status, 201);
    const refused = await rest<{ error: string }>(created.body.clientId, 'assets/count', {}, first.body.access_token);
    assert.deepEqual([refused.status, refused.body.error], [403, 'creatorRightsInsufficient']);
    const exchange = await rest<{ error: string }>(created.body.clientId, 'session/confirm', { refresh_token: first.body.refresh_token });
    assert.deepEqual([exchange.status, exchange.body.error], [403, 'creatorRightsInsufficient']);
    assert.equal(await flagged(), true);

    // Rights back: the same tokens work again (the refused exchange did not use the refresh token up).
    assert.equal((await push(seniorRights)).status, 204);
    assert.equal((await rest(created.body.clientId, 'assets/count', {}, first.body.access_token)).status, 200);
    assert.equal((await rest(created.body.clientId, 'session/confirm', { refresh_token: first.body.refresh_token })).status, 200);
    assert.equal(await flagged(), false);

    // Deleted or disabled in the console: no rights at all.
    assert.equal((await push([])).status, 204);
    assert.equal((await rest<{ error: string }>(created.body.clientId, 'assets/count', {}, first.body.access_token)).status, 403);
    assert.equal(await flagged(), true);
    // Connections made by the service's operator (command line, demo) are not bound to a console user.
    const operator = await createApiConnection(wired.service.app, { accessLevel: 'full', createdBy: 'command line' });
    assert.equal((await rest(operator.clientId, 'session/confirm', { refresh_token: operator.refreshToken })).status, 200);
  });

  test('through the console: 403 for a user without REST API access on every API route', async () => {
    const senior = await wired.asUser('senior');
    const admin = await wired.asUser('admin');
    const generated = await admin('POST', '/api/plugins/mdr/api-connections', { name: 'Through console', accessLevel: 'incident', tenantIds: ['root'] });
    assert.equal(generated.status, 201);
    const id = (generated.body.connection as ConnectionBody).id;
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/plugins/mdr/api-connections'],
      ['POST', '/api/plugins/mdr/api-connections', { name: 'x', accessLevel: 'full', tenantIds: ['root'] }],
      ['GET', '/api/plugins/mdr/api-connection-tenants'],
      ['PATCH', `/api/plugins/mdr/api-connections/${id}`, { expectedVersion: 1 }],
      ['DELETE', `/api/plugins/mdr/api-connections/${id}`],
      ['POST', `/api/plugins/mdr/api-connections/${id}/refresh`],
      ['POST', `/api/plugins/mdr/api-connections/${id}/revoke`],
    ];
    for (const [method, url, payload] of routes) {
      const response = await senior(method, url, payload);
      assert.equal(response.status, 403, `${method} ${url}`);
      assert.deepEqual(response.body.missingRights, ['restApiAccess'], `${method} ${url}`);
    }
    assert.equal((await call('GET', '/api-connections', undefined, ['incidentAccess'])).status, 403);
    // The token the console showed works against the REST API.
    const exchanged = await rest(String(generated.body.clientId), 'session/confirm', { refresh_token: generated.body.refreshToken });
    assert.equal(exchanged.status, 200);
  });
});

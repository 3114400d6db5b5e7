import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { httpsJson } from '../../host-shim/mdr-service/test-support.ts';
import { startWiredConsole, type WiredConsole } from '../support/wired-console.ts';

interface ConnectionBody {
  id: string;
  clientId: string;
  name: string;
  accessLevel: string;
  tenants: { id: string; name: string | null }[];
  status: string;
  version: number;
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
      [{ name: 'ok', accessLevel: 'full', tenantIds: [] }, 'tenantIds', 'required'],
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

  test('keeps to the console tenant scope', async () => {
    wired.service.app.mdr.db.organization.update({ consoleTenantScope: [tenantIds[0]!] });
    try {
      const options = await call<{ root: boolean; tenants: { id: string }[] }>('GET', '/api-connection-tenants');
      assert.equal(options.body.root, false);
      assert.deepEqual(options.body.tenants.map((tenant) => tenant.id), [tenantIds[0]]);
      const outside = await call<{ field: string; rule: string }>('POST', '/api-connections', { name: 'Outside', accessLevel: 'incident', tenantIds: ['root'] });
      assert.deepEqual([outside.status, outside.body.field, outside.body.rule], [400, 'tenantIds', 'unknownTenant']);
      const list = await call<{ items: ConnectionBody[] }>('GET', '/api-connections?pageSize=100');
      for (const connection of list.body.items) assert.ok(connection.tenants.every((tenant) => tenant.id === tenantIds[0]), connection.name);
    } finally {
      wired.service.app.mdr.db.organization.update({ consoleTenantScope: null });
    }
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

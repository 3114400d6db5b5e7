/**
 * The organization's license tier decides what the service offers. Help, *Comparison of commercial
 * license tiers*: "API for exporting Kaspersky MDR data" and "Customers can create a custom incident"
 * are not in MDR Optimum; *Managing the solution through the REST API*: "This feature is available in
 * MDR Expert, MDR Advanced … and MDR Prime"; *Creating custom incidents in MDR Web Console*: "Creating
 * custom incidents is not available in some of the commercial license tiers".
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiConnection, httpsJson, startTestService, type TestService } from '../support/mdr-service.ts';
import { createCustomIncident } from '../../host-shim/mdr-service/services/custom-incidents.ts';
import { MdrError } from '../../host-shim/mdr-service/errors.ts';
import type { LicenseTier } from '../../host-shim/mdr-service/db.ts';

const START = Date.UTC(2026, 7, 5, 9);
let service: TestService;

const ADMIN = ['incidentAccess', 'autoAcceptSettings', 'responseManagement', 'tenantManagement', 'incidentSummaryScheduling', 'restApiAccess'];

function setTier(tier: LicenseTier): void {
  const { db } = service.app.mdr;
  const organization = db.organization.require();
  db.organization.update({ tier }, organization.version, START);
}

function rest<T = Record<string, any>>(clientId: string, route: string, body: unknown, token?: string) {
  return httpsJson<T>(`${service.url}/api/v1/${clientId}/${route}`, { ca: service.ca, json: body, headers: token ? { authorization: `Bearer ${token}` } : {} });
}

before(async () => {
  service = await startTestService({ now: () => START });
  assert.equal(service.app.mdr.db.organization.require().tier, 'expert', 'the demo organization is MDR Expert');
});
after(async () => service.close());

describe('a tier without the REST API (MDR Optimum)', () => {
  test('the API connections of the console are refused, after the caller’s rights; nothing is made', async () => {
    setTier('optimum');
    try {
      const before = service.app.mdr.db.apiConnections.list().length;
      for (const [method, route, json] of [
        ['GET', 'api-connections', undefined],
        ['GET', 'api-connection-tenants', undefined],
        ['POST', 'api-connections', { name: 'SIEM', accessLevel: 'incident', tenantIds: [] }],
      ] as const) {
        const answer = await service.consoleCall(method, route, { json, rights: ADMIN });
        assert.deepEqual([answer.status, answer.body.error], [403, 'notInLicenseTier'], `${method} ${route}`);
      }
      assert.equal(service.app.mdr.db.apiConnections.list().length, before, 'no connection was made');
      // Rights come first: a caller without REST API access learns nothing about the tier.
      const withoutRight = await service.consoleCall('GET', 'api-connections', { rights: ['incidentAccess'] });
      assert.deepEqual([withoutRight.status, withoutRight.body.error], [403, 'forbidden']);
    } finally {
      setTier('expert');
    }
    assert.equal((await service.consoleCall('GET', 'api-connections', { rights: ADMIN })).status, 200);
  });

  test('the REST API refuses every call, and a refresh token is not used up by the refusal', async () => {
    const connection = await createApiConnection(service.app, { accessLevel: 'full' });
    const first = await rest<{ access_token: string; refresh_token: string }>(connection.clientId, 'session/confirm', { refresh_token: connection.refreshToken });
    assert.equal(first.status, 200);
    const access = first.body.access_token;
    assert.equal((await rest(connection.clientId, 'assets/count', {}, access)).status, 200);

    setTier('optimum');
    try {
      for (const route of ['assets/count', 'incidents/list', 'incident/create']) {
        const refused = await rest(connection.clientId, route, route === 'incident/create' ? { summary: 'x', description: '', asset_ids: ['a'] } : {}, access);
        assert.deepEqual([refused.status, refused.body.error], [403, 'notInLicenseTier'], route);
      }
      const exchange = await rest(connection.clientId, 'session/confirm', { refresh_token: first.body.refresh_token });
      assert.deepEqual([exchange.status, exchange.body.error], [403, 'notInLicenseTier']);
      // Without a token the answer stays 401: the tier is checked after the caller is known.
      assert.equal((await rest(connection.clientId, 'assets/count', {})).status, 401);
    } finally {
      setTier('expert');
    }
    const again = await rest(connection.clientId, 'session/confirm', { refresh_token: first.body.refresh_token });
    assert.equal(again.status, 200, 'the refresh token refused under Optimum still works: it was not used');
  });
});

describe('custom incidents follow the tier', () => {
  test('MDR Expert: a custom incident is created through the REST API (Low by default) and counts against the week’s allowance', async () => {
    const { db } = service.app.mdr;
    const tenant = db.tenants.list(null)[0]!;
    const [asset] = db.assets.listItems([tenant.id], { pageSize: 1 });
    const [foreign] = db.assets.listItems(null, { pageSize: 500 }).filter((each) => each.tenantId !== tenant.id);
    const usageBefore = (await service.consoleCall('GET', 'usage')).body.customIncidents;
    assert.ok(usageBefore && usageBefore.remaining > 0, JSON.stringify(usageBefore));

    const connection = await createApiConnection(service.app, { accessLevel: 'incident', tenantIds: [tenant.id] });
    const session = await rest<{ access_token: string }>(connection.clientId, 'session/confirm', { refresh_token: connection.refreshToken });
    const created = await rest(connection.clientId, 'incident/create', { summary: 'Suspicious login at night', description: 'Seen in **our** SIEM', asset_ids: [asset!.id] }, session.body.access_token);
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.deepEqual(
      [created.body.is_custom, created.body.priority, created.body.status, created.body.tenant_name, created.body.affected_hosts],
      [true, 'LOW', 'Open', tenant.name, [`${asset!.hostName}:${asset!.id}`]],
    );
    const usageAfter = (await service.consoleCall('GET', 'usage')).body.customIncidents;
    assert.deepEqual(usageAfter, { total: usageBefore.total, remaining: usageBefore.remaining - 1 });

    // The connection's tenants bound it: another tenant's asset is not found, and nothing is created.
    const count = db.incidents.count(null, {});
    const outside = await rest(connection.clientId, 'incident/create', { summary: 'x', description: '', asset_ids: [foreign!.id] }, session.body.access_token);
    assert.deepEqual([outside.status, outside.body.error], [404, 'notFound']);
    assert.equal(db.incidents.count(null, {}), count);
  });

  test('MDR Optimum: creating one is refused, and MDR Usage has no allowance', async () => {
    const { db } = service.app.mdr;
    const asset = db.assets.listItems(null, { pageSize: 1 })[0]!;
    setTier('optimum');
    try {
      const count = db.incidents.count(null, {});
      assert.throws(
        () => createCustomIncident(db, { summary: 'x', description: '', assetIds: [asset.id], scope: null, actor: 'tester', now: START }),
        (error: unknown) => error instanceof MdrError && error.statusCode === 403 && error.code === 'notInLicenseTier',
      );
      assert.equal(db.incidents.count(null, {}), count);
      const usage = (await service.consoleCall('GET', 'usage')).body;
      assert.equal(usage.customIncidents, null);
    } finally {
      setTier('expert');
    }
    assert.ok(createCustomIncident(db, { summary: 'x', description: '', assetIds: [asset.id], scope: null, actor: 'tester', now: START }).isCustom);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApiConnection, serviceForSuite } from '../support/mdr-service.ts';

/**
 * Every read route of the REST API under each kind of connection scope the *API* tab can make: one
 * tenant, the root only, several tenants, all tenants. What a token reads is exactly its tenants'
 * data; another tenant's object is 404 as if it did not exist.
 */
describe('REST API reads under each kind of tenant scope', () => {
  const service = serviceForSuite({ demo: { seed: 4, assets: 240 } });

  const post = <T = unknown>(clientId: string, route: string, body: unknown, token: string) => service.restCall<T>(clientId, route, body, token);

  it('counts, lists, details, responses and comments: only the connection’s tenants', async () => {
    const { db } = service.app.mdr;
    const tenants = db.tenants.list(null);
    assert.ok(tenants.length >= 3, 'the demo has tenants to choose from');
    const kinds: [string, string[]][] = [
      ['one tenant', [tenants[0]!.id]],
      ['the root only', ['root']],
      ['several tenants', [tenants[1]!.id, tenants[2]!.id, 'root']],
      ['all tenants', []],
    ];
    const allAssets = db.assets.listItems(null, { pageSize: 1000 });
    const allIncidents = db.incidents.listItems(null, { pageSize: 1000 });
    let checks = 0;
    for (const [kind, tenantIds] of kinds) {
      const scope = tenantIds.length > 0 ? tenantIds : null;
      const inScope = (tenantId: string | null) => scope === null || scope.includes(tenantId ?? 'root');
      const connection = await createApiConnection(service.app, { accessLevel: 'incident', tenantIds, name: `Scope ${kind}` });
      const confirmed = await service.restCall<{ access_token: string }>(connection.clientId, 'session/confirm', { refresh_token: connection.refreshToken });
      assert.equal(confirmed.status, 200, kind);
      const token = confirmed.body.access_token;
      const ownAssets = allAssets.filter((asset) => inScope(asset.tenantId));
      const ownIncidents = allIncidents.filter((incident) => inScope(incident.tenantId));
      assert.ok(ownAssets.length > 0 && ownIncidents.length > 0, `${kind}: the scope holds data`);

      const assetCount = await post<{ count: number }>(connection.clientId, 'assets/count', {}, token);
      assert.equal(assetCount.body.count, ownAssets.length, `${kind}: assets/count`);
      const incidentCount = await post<{ count: number }>(connection.clientId, 'incidents/count', {}, token);
      assert.equal(incidentCount.body.count, ownIncidents.length, `${kind}: incidents/count`);
      const assetList = await post<{ asset_id: string }[]>(connection.clientId, 'assets/list', { page_size: 1000 }, token);
      assert.deepEqual(assetList.body.map((asset) => asset.asset_id).sort(), ownAssets.map((asset) => asset.id).sort(), `${kind}: assets/list`);
      const incidentList = await post<{ incident_id: string }[]>(connection.clientId, 'incidents/list', { page_size: 1000 }, token);
      assert.deepEqual(incidentList.body.map((incident) => incident.incident_id).sort(), ownIncidents.map((incident) => incident.id).sort(), `${kind}: incidents/list`);

      const foreignAsset = allAssets.find((asset) => !inScope(asset.tenantId));
      const foreignIncident = allIncidents.find((incident) => !inScope(incident.tenantId));
      assert.equal((await post(connection.clientId, 'assets/details', { asset_id: ownAssets[0]!.id }, token)).status, 200, `${kind}: own asset`);
      assert.equal((await post(connection.clientId, 'incidents/details', { incident_id: ownIncidents[0]!.id }, token)).status, 200, `${kind}: own incident`);
      assert.equal((await post(connection.clientId, 'responses/list', { incident_id: ownIncidents[0]!.id }, token)).status, 200, `${kind}: own responses`);
      assert.equal((await post(connection.clientId, 'comments/list', { incident_id: ownIncidents[0]!.id }, token)).status, 200, `${kind}: own comments`);
      checks += 8;
      if (scope !== null) {
        assert.ok(foreignAsset && foreignIncident, `${kind}: something lies outside the scope`);
        assert.equal((await post(connection.clientId, 'assets/details', { asset_id: foreignAsset.id }, token)).status, 404, `${kind}: foreign asset`);
        assert.equal((await post(connection.clientId, 'incidents/details', { incident_id: foreignIncident.id }, token)).status, 404, `${kind}: foreign incident`);
        assert.equal((await post(connection.clientId, 'responses/list', { incident_id: foreignIncident.id }, token)).status, 404, `${kind}: foreign responses`);
        assert.equal((await post(connection.clientId, 'comments/list', { incident_id: foreignIncident.id }, token)).status, 404, `${kind}: foreign comments`);
        checks += 4;
      }
    }
    assert.equal(checks, 4 * 8 + 3 * 4);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadManifest } from '../../host-shim/server/manifest.ts';
import { httpsJson, serviceForSuite } from '../support/mdr-service.ts';

/** The management routes: the manifest's rights and the service's must be the same set. */
const areas = /^\/api\/plugins\/mdr\/(tenants|tenant-licenses|api-connections|api-connection-tenants|licenses)(\/|$)/;

describe('management routes: the service asks for exactly the rights the manifest declares', () => {
  const service = serviceForSuite({ demo: { seed: 2, assets: 50 } });

  const routes = loadManifest().routes.filter((route) => areas.test(route.path));

  test('every management route of the manifest is declared with rights', () => {
    assert.equal(routes.length, 21);
    for (const route of routes) assert.ok(route.rights.includes('incidentAccess'), `${route.method} ${route.path}`);
  });

  test('each right the manifest names is also required by the service', async () => {
    for (const route of routes) {
      const servicePath = route.path.replace('/api/plugins/mdr', '/console/v1').replace(/:[A-Za-z]+/g, 'x1');
      const json = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
      for (const right of route.rights) {
        const rights = route.rights.filter((other) => other !== right);
        const response = await httpsJson<{ missingRights?: string[] }>(`${service.url}${servicePath}`, {
          method: route.method,
          ca: service.ca,
          headers: service.consoleHeaders(rights),
          json,
        });
        assert.equal(response.status, 403, `${route.method} ${route.path} without ${right}`);
        assert.deepEqual(response.body.missingRights, [right], `${route.method} ${route.path} without ${right}`);
      }
      const allowed = await httpsJson(`${service.url}${servicePath}`, { method: route.method, ca: service.ca, headers: service.consoleHeaders(route.rights), json });
      assert.notEqual(allowed.status, 403, `${route.method} ${route.path} with its rights`);
    }
  });
});

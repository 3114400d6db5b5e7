import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RouteOptions } from 'fastify';
import { startTestService, type TestService } from '../support/mdr-service.ts';

interface RegisteredRoute {
  method: string;
  url: string;
  isPublic: boolean;
}

/**
 * Every route the MDR service registers, taken from the service itself rather than a hand list: a route
 * added tomorrow is attacked the same way. Console routes need the console's credential; REST routes a
 * bearer access token; the demo mailbox the console's credential too.
 */
describe('MDR service: every non-public route refuses a missing or wrong credential', () => {
  let service: TestService;
  const routes: RegisteredRoute[] = [];

  before(async () => {
    service = await startTestService({
      demo: { seed: 5, assets: 30 },
      onRoute: (route: RouteOptions) => {
        const isPublic = Boolean((route.config as { public?: boolean } | undefined)?.public);
        for (const method of [route.method].flat()) {
          if (method === 'HEAD' || method === 'OPTIONS') continue;
          routes.push({ method, url: route.url, isPublic });
        }
      },
    });
  });

  after(async () => {
    await service?.close();
  });

  const wrongCredentials = (good: string): Record<string, string | undefined> => ({
    'no Authorization header': undefined,
    'an empty bearer': 'Bearer ',
    'another scheme': `Basic ${good}`,
    'a credential one character off': `Bearer ${good.slice(0, -1)}${good.endsWith('A') ? 'B' : 'A'}`,
    'a credential one character short': `Bearer ${good.slice(0, -1)}`,
    'a credential with a character more': `Bearer ${good}A`,
    'a random token': `Bearer ${'x'.repeat(good.length)}`,
  });

  it('finds the console, REST and demo routes', () => {
    for (const prefix of ['/console/v1/', '/api/v1/', '/demo/v1/']) {
      assert.ok(routes.some((route) => route.url.startsWith(prefix) && !route.isPublic), `no protected route under ${prefix}`);
    }
    assert.ok(routes.length >= 40, `${routes.length} routes`);
  });

  it('answers 401 and never the route’s own answer, for every protected route and every wrong credential', async () => {
    let tried = 0;
    for (const route of routes) {
      if (route.isPublic || !/^\/(console|api|demo)\/v1\//.test(route.url)) continue;
      // session/confirm takes its refresh token in the body: the REST token check is the body's, tested in the REST suites.
      if (route.url.endsWith('/session/confirm')) continue;
      const url = route.url.replace(':clientId', 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2').replace(/:[A-Za-z]+/g, 'id-0001');
      for (const [what, authorization] of Object.entries(wrongCredentials(service.consoleCredential))) {
        const response = await service.app.inject({
          method: route.method as 'GET',
          url,
          headers: {
            ...(authorization === undefined ? {} : { authorization }),
            'x-mdr-user': 'attacker',
            'x-mdr-rights': 'applicationIntegration,incidentAccess,autoAcceptSettings,responseManagement,tenantManagement,incidentSummaryScheduling,restApiAccess',
            ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { 'content-type': 'application/json' }),
          },
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: '{}' }),
        });
        assert.equal(response.statusCode, 401, `${route.method} ${route.url} with ${what}: ${response.statusCode} ${response.body.slice(0, 200)}`);
        tried++;
      }
    }
    assert.ok(tried >= 40 * 7, `${tried} requests`);
  });
});

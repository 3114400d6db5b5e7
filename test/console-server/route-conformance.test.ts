import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadManifest, RouteTable, type ManifestRoute } from '../../host-shim/server/manifest.ts';
import { applicable, coverageFile, coverageTable, routeKey, type Check, type CoverageRecord } from '../../scripts/route-coverage.ts';
import { signInAs, startConsole } from '../support/console-fixture.ts';

const manifest = loadManifest();
const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** A concrete URL for a declared path: parameters get a plausible id. */
function concrete(routePath: string): string {
  return routePath
    .split('/')
    .map((segment) => (segment.startsWith(':') ? 'id-0001' : segment))
    .join('/');
}

/** Methods the manifest declares for the concrete URL of `route` (several routes may share a path). */
function declaredMethods(url: string): Set<string> {
  return new Set(
    manifest.routes
      .filter((other) => concrete(other.path) === url || new RegExp(`^${other.path.replace(/:[^/]+/g, '[^/]+')}$`).test(url))
      .map((other) => other.method),
  );
}

/**
 * Every route of the manifest, every answer of the gate: the console server refuses before anything
 * reaches the MDR service, so no service runs here. What each check proved is recorded for the
 * coverage table (`npm run routes:coverage`).
 */
describe('every declared route answers 401, 403, 404, 405, 413, 415, 421 and the parameter and origin refusals as the manifest says', () => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let guest: { cookie: string; csrfToken: string };
  let admin: { cookie: string; csrfToken: string };
  const record: CoverageRecord = {};

  before(async () => {
    const fixture = await startConsole();
    app = fixture.app;
    close = fixture.close;
    guest = await signInAs(app, 'guest');
    admin = await signInAs(app, 'admin');
    await app.listen({ port: 0, host: '127.0.0.1' });
  });

  after(async () => {
    fs.mkdirSync(path.dirname(coverageFile), { recursive: true });
    fs.writeFileSync(coverageFile, `${JSON.stringify(record, null, 2)}\n`);
    await close();
  });

  /** One request with its path sent byte for byte, as an attacker's client would. */
  async function rawRequest(method: string, rawPath: string, headers: Record<string, string>, body?: string): Promise<number> {
    const { port } = app.server.address() as AddressInfo;
    return new Promise((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, method, path: rawPath, headers: { ...headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end(body);
    });
  }

  /** Runs one check and records whether it held. */
  async function prove(route: ManifestRoute, check: Check, body: () => Promise<void>): Promise<void> {
    const entry = (record[routeKey(route)] ??= {});
    try {
      await body();
      entry[check] = 'pass';
    } catch (error) {
      entry[check] = 'fail';
      throw error;
    }
  }

  const json = { 'content-type': 'application/json' };

  for (const route of manifest.routes) {
    const url = concrete(route.path);
    const notApplicable = applicable(route);
    const hasBody = route.method !== 'GET';

    it(`${routeKey(route)}`, async () => {
      await prove(route, '401', async () => {
        const response = await app.inject({ method: route.method, url, headers: hasBody ? json : {}, payload: hasBody ? '{}' : undefined });
        assert.equal(response.statusCode, 401, 'without a session');
      });

      if (!notApplicable['403']) {
        await prove(route, '403', async () => {
          const response = await app.inject({
            method: route.method,
            url,
            headers: { cookie: guest.cookie, ...(hasBody ? { ...json, 'x-csrf-token': guest.csrfToken } : {}) },
            payload: hasBody ? '{}' : undefined,
          });
          assert.equal(response.statusCode, 403, 'a user without the rights');
          // MDR rights are named; a console right (hostRights) is refused with its own reason.
          if (route.rights.length > 0) assert.deepEqual([...(response.json() as { missingRights: string[] }).missingRights].sort(), [...route.rights].sort());
        });
      }

      if (!notApplicable.csrf) {
        await prove(route, 'csrf', async () => {
          const response = await app.inject({ method: route.method, url, headers: { cookie: admin.cookie, ...json }, payload: '{}' });
          assert.equal(response.statusCode, 403, 'a change without the CSRF token');
          assert.match(String((response.json() as { error: string }).error), /csrf/i);
        });
      }

      await prove(route, '404', async () => {
        const undeclared = `${url}/undeclared/part/beyond/any/route`;
        assert.equal(new RouteTable(manifest.routes).match(route.method, undeclared).kind, 'notDeclared', 'the probe path is really undeclared');
        const response = await app.inject({ method: route.method, url: undeclared, headers: { cookie: admin.cookie, ...(hasBody ? { ...json, 'x-csrf-token': admin.csrfToken } : {}) }, payload: hasBody ? '{}' : undefined });
        assert.equal(response.statusCode, 404, 'a path the manifest does not declare');
      });

      await prove(route, '405', async () => {
        const declared = declaredMethods(url);
        const method = methods.find((candidate) => !declared.has(candidate))!;
        const response = await app.inject({ method, url, headers: { cookie: admin.cookie, ...(method !== 'GET' ? { ...json, 'x-csrf-token': admin.csrfToken } : {}) }, payload: method !== 'GET' ? '{}' : undefined });
        assert.equal(response.statusCode, 405, `${method} is not declared for ${url}`);
        assert.deepEqual(String(response.headers.allow).split(', ').sort(), [...declared].sort());
      });

      if (!notApplicable['413']) {
        await prove(route, '413', async () => {
          const payload = JSON.stringify({ text: 'x'.repeat(300 * 1024) });
          const response = await app.inject({ method: route.method, url, headers: { cookie: admin.cookie, ...json, 'x-csrf-token': admin.csrfToken }, payload });
          assert.equal(response.statusCode, 413, 'a body over the limit');
        });
      }

      if (!notApplicable.origin) {
        await prove(route, 'origin', async () => {
          const response = await app.inject({
            method: route.method,
            url,
            headers: { cookie: admin.cookie, ...json, 'x-csrf-token': admin.csrfToken, origin: 'http://localhost:80.evil.example' },
            payload: '{}',
          });
          assert.equal(response.statusCode, 403, 'a change from a look-alike origin');
          assert.equal((response.json() as { error: string }).error, 'crossOrigin');
        });
      }

      await prove(route, 'host', async () => {
        // A page of another name re-bound to this address: refused before any handler.
        const response = await app.inject({ method: route.method, url, headers: { host: 'rebound.evil.example', cookie: admin.cookie, ...(hasBody ? { ...json, 'x-csrf-token': admin.csrfToken } : {}) }, payload: hasBody ? '{}' : undefined });
        assert.equal(response.statusCode, 421, 'a foreign Host');
      });

      if (!notApplicable.param) {
        await prove(route, 'param', async () => {
          // Sent as raw bytes over a socket: a URL-parsing client would resolve the dot segments first.
          for (const hostile of ['..', '.', '%2e%2e', '.%2E', 'a%2Fb', 'a%5Cb', '%252e%252e']) {
            const probe = route.path.replace(/:[^/]+/, hostile).replace(/:[^/]+/g, 'id-0001');
            const status = await rawRequest(route.method, probe, { cookie: admin.cookie, ...(hasBody ? { ...json, 'x-csrf-token': admin.csrfToken } : {}) }, hasBody ? '{}' : undefined);
            assert.equal(status, 400, `${route.method} ${probe}`);
          }
        });
      }

      if (!notApplicable['415']) {
        await prove(route, '415', async () => {
          const response = await app.inject({
            method: route.method,
            url,
            headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': admin.csrfToken },
            payload: 'a=1',
          });
          assert.equal(response.statusCode, 415, 'a body that is not JSON');
        });
      }
    });
  }

  it('leaves no declared route with an answer untested (the coverage table)', () => {
    const { gaps, markdown } = coverageTable(manifest.routes, record);
    assert.equal(markdown.split('\n').length, manifest.routes.length + 2, 'one line per declared route');
    assert.deepEqual(gaps, []);
  });
});

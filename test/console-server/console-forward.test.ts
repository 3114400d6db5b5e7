import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startTestService, type TestService } from '../support/mdr-service.ts';
import { signInAs, startConsole } from '../support/console-fixture.ts';

/** One request with the path sent byte for byte (Node's client does not resolve dot segments). */
function rawRequest(port: number, method: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

/**
 * The gate and the forwarder see one path: a path parameter that is a dot segment or hides a
 * separator is refused before forwarding, and what is forwarded is exactly what the gate matched.
 */
describe('console forwarder: one path for the gate and the MDR service', () => {
  let service: TestService;
  let fixture: Awaited<ReturnType<typeof startConsole>>;
  let port: number;
  let headers: Record<string, string>;
  const seen: string[] = [];

  before(async () => {
    service = await startTestService({ demo: { seed: 3, assets: 20 } });
    // Every request the service receives, as it arrived (Fastify's own listener is untouched).
    service.app.server.on('request', (request: http.IncomingMessage) => seen.push(request.url ?? ''));
    fixture = await startConsole({ service });
    await fixture.app.listen({ port: 0, host: '127.0.0.1' });
    port = (fixture.app.server.address() as AddressInfo).port;
    const admin = await signInAs(fixture.app, 'admin');
    headers = { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken };
  });

  after(async () => {
    await fixture?.close();
    await service?.close();
  });

  const refused: [string, string, string, string][] = [
    ['GET', '/api/plugins/mdr/tenants/..%2Fapi-connections', 'id', 'encodedSeparator'],
    ['GET', '/api/plugins/mdr/tenants/%2e%2e/config-files/f-1/archive', 'id', 'dotSegment'],
    ['GET', '/api/plugins/mdr/licenses/../archive', 'id', 'dotSegment'],
    ['GET', '/api/plugins/mdr/tenants/t-1/config-files/../archive', 'fileId', 'dotSegment'],
    ['DELETE', '/api/plugins/mdr/tenants/.', 'id', 'dotSegment'],
    ['PATCH', '/api/plugins/mdr/api-connections/a%5Cb', 'id', 'encodedSeparator'],
    ['POST', '/api/plugins/mdr/api-connections/%252e%252e/refresh', 'id', 'dotSegment'],
    ['POST', '/api/plugins/mdr/report-schedules/..%2f..%2fapi-connections/send', 'id', 'encodedSeparator'],
  ];

  for (const [method, path, field, code] of refused) {
    it(`refuses ${method} ${path} with 400 before it reaches the MDR service`, async () => {
      const before = seen.length;
      const response = await rawRequest(port, method, path, headers);
      assert.equal(response.status, 400, response.body);
      assert.deepEqual(JSON.parse(response.body), { error: 'validation', field, rule: code });
      assert.deepEqual(seen.slice(before), [], 'the MDR service saw nothing');
    });
  }

  it('forwards exactly the path and query it authorized, with no re-normalization', async () => {
    const before = seen.length;
    const response = await rawRequest(port, 'GET', "/api/plugins/mdr/tenants/t.1..x?sort=name&q=%2e%2e%2F&note=it's", headers);
    assert.ok(response.status < 500, response.body);
    assert.deepEqual(seen.slice(before), ["/console/v1/tenants/t.1..x?sort=name&q=%2e%2e%2F&note=it's"]);
  });
});

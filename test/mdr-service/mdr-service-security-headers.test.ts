import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApiConnection, httpsJson, serviceForSuite, type JsonResponse } from '../support/mdr-service.ts';

const service = serviceForSuite({ demo: { seed: 1, assets: 20 } });

/** Raw bytes as the body (for JSON that does not parse). */
const postRaw = (url: string, body: string) => httpsJson<Record<string, unknown>>(url, { method: 'POST', ca: service.ca, text: body });

function assertSecurityHeaders(response: JsonResponse<unknown>, what: string): void {
  assert.match(String(response.headers['strict-transport-security']), /^max-age=\d{7,}/, `${what}: Strict-Transport-Security`);
  assert.equal(response.headers['x-content-type-options'], 'nosniff', `${what}: X-Content-Type-Options`);
  assert.equal(response.headers['cache-control'], 'no-store', `${what}: Cache-Control`);
}

describe('MDR service: security headers on token answers and on error answers', () => {
  it('session/confirm hands out tokens with HSTS, nosniff and no-store', async () => {
    const connection = await createApiConnection(service.app);
    const answer = await httpsJson<{ access_token: string }>(`${service.url}/api/v1/${connection.clientId}/session/confirm`, { ca: service.ca, json: { refresh_token: connection.refreshToken } });
    assert.equal(answer.status, 200);
    assert.ok(answer.body.access_token);
    assertSecurityHeaders(answer, 'session/confirm');
  });

  it('the console routes that return a refresh token (create, refresh) answer with the same headers', async () => {
    const created = await httpsJson<{ refreshToken: string; connection: { id: string } }>(`${service.url}/console/v1/api-connections`, {
      ca: service.ca,
      headers: service.consoleHeaders(),
      json: { name: 'Header check', accessLevel: 'full', tenantIds: [service.app.mdr.db.tenants.list(null)[0]!.id] },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.ok(created.body.refreshToken);
    assertSecurityHeaders(created, 'POST /console/v1/api-connections');
    const refreshed = await httpsJson<{ refreshToken: string }>(`${service.url}/console/v1/api-connections/${created.body.connection.id}/refresh`, {
      method: 'POST',
      ca: service.ca,
      headers: service.consoleHeaders(),
    });
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    assert.ok(refreshed.body.refreshToken);
    assertSecurityHeaders(refreshed, 'POST /console/v1/api-connections/:id/refresh');
  });

  it("the framework's own answers carry them too: unknown route (404), bad JSON (400), too large (413), no credential (401)", async () => {
    const unknown = await httpsJson(`${service.url}/console/v1/no-such-route`, { ca: service.ca });
    assert.equal(unknown.status, 404);
    assertSecurityHeaders(unknown, '404');

    const badJson = await postRaw(`${service.url}/api/v1/abc/session/confirm`, '{"refresh_token": ');
    assert.equal(badJson.status, 400);
    assertSecurityHeaders(badJson, '400 bad JSON');

    const tooLarge = await postRaw(`${service.url}/api/v1/abc/session/confirm`, JSON.stringify({ refresh_token: 'x'.repeat(2 * 1024 * 1024) }));
    assert.equal(tooLarge.status, 413);
    assertSecurityHeaders(tooLarge, '413');

    const noCredential = await httpsJson(`${service.url}/console/v1/usage`, { ca: service.ca });
    assert.equal(noCredential.status, 401);
    assertSecurityHeaders(noCredential, '401');
  });

  it('ordinary answers carry HSTS and nosniff as well', async () => {
    const health = await httpsJson(`${service.url}/console/v1/health`, { ca: service.ca });
    assert.equal(health.status, 200);
    assertSecurityHeaders(health, 'health');
  });
});

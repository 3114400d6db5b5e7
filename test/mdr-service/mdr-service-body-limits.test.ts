import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApiConnection, httpsJson, serviceForSuite } from '../support/mdr-service.ts';

const service = serviceForSuite({ demo: { seed: 1, assets: 20 } });

/** `text` as a JSON body, sent as it is (it may be deliberately odd). */
const postText = (url: string, text: string, headers: Record<string, string> = {}) => httpsJson<Record<string, any>>(url, { method: 'POST', ca: service.ca, text, headers });

/** `{"refresh_token": token, "nested": [[[…]]]}` with `depth` levels in all. */
function nestedBody(token: string, depth: number): string {
  return `{"refresh_token":${JSON.stringify(token)},"nested":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
}

describe('MDR service: parsing before authentication is cheap', () => {
  it('session/confirm refuses a body over 8 KiB and a deeply nested one before looking at the token: the token still works afterwards', async () => {
    const connection = await createApiConnection(service.app);
    const url = `${service.url}/api/v1/${connection.clientId}/session/confirm`;

    const large = await postText(url, JSON.stringify({ refresh_token: connection.refreshToken, padding: 'x'.repeat(8 * 1024) }));
    assert.deepEqual([large.status, large.body.error], [413, 'payloadTooLarge']);

    const deep = await postText(url, nestedBody(connection.refreshToken, 2000));
    assert.ok(Buffer.byteLength(nestedBody(connection.refreshToken, 2000)) < 8 * 1024, 'small enough to pass the size limit');
    assert.deepEqual([deep.status, deep.body.error, deep.body.rule], [400, 'validation', 'maxDepth']);

    // Neither refusal exchanged (or burnt) the single-use token.
    const { db } = service.app.mdr;
    assert.equal(db.apiConnections.require(connection.id).status, 'pendingActivation');
    const exchanged = await httpsJson<{ access_token: string }>(url, { ca: service.ca, json: { refresh_token: connection.refreshToken } });
    assert.equal(exchanged.status, 200, JSON.stringify(exchanged.body));
  });

  it('a nested body with a made-up token is refused for its shape, not after a signature check (400, not 401)', async () => {
    const url = `${service.url}/api/v1/abcdef/session/confirm`;
    const deep = await postText(url, nestedBody('not-a-token', 100));
    assert.deepEqual([deep.status, deep.body.rule], [400, 'maxDepth']);
    // Brackets inside strings are text, not nesting; a modestly nested body goes on to the token check.
    const bracketsInText = await postText(url, JSON.stringify({ refresh_token: '['.repeat(3000) }));
    assert.deepEqual([bracketsInText.status, bracketsInText.body.error], [401, 'invalidToken']);
    const modest = await postText(url, nestedBody('not-a-token', 8));
    assert.deepEqual([modest.status, modest.body.error], [401, 'invalidToken']);
  });

  it('an unknown route refuses a large body instead of reading it (413)', async () => {
    const answer = await postText(`${service.url}/api/v1/abcdef/no-such-route`, JSON.stringify({ padding: 'x'.repeat(100 * 1024) }));
    assert.deepEqual([answer.status, answer.body.error], [413, 'payloadTooLarge']);
  });

  it('authenticated routes refuse deep nesting too, but keep their larger body limit', async () => {
    const deep = await postText(`${service.url}/console/v1/notifications/email/verify`, `{"code":"123456","x":${'['.repeat(50)}${']'.repeat(50)}}`, service.consoleHeaders());
    assert.deepEqual([deep.status, deep.body.rule], [400, 'maxDepth']);
    const large = await postText(`${service.url}/console/v1/notifications/email/verify`, JSON.stringify({ code: '123456', padding: 'x'.repeat(100 * 1024) }), service.consoleHeaders());
    assert.equal(large.status, 400, 'answered by the route schema, not refused by size');
    assert.equal(large.body.error, 'validation');
    assert.notEqual(large.body.rule, 'maxDepth');
  });
});

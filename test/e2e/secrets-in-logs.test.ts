import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { readConsoleCredential } from '../../host-shim/mdr-service/console-credential.ts';
import { openMdrDatabase } from '../../host-shim/mdr-service/db.ts';
import { httpsJson } from '../support/mdr-service.ts';
import { TokenService } from '../../host-shim/mdr-service/tokens.ts';
import { startSystem, waitFor, type RunningSystem } from '../support/system.ts';

const password = 'Gr33n-Lantern_Oath!';

/**
 * Runs the product as `npm start` does, with request logging on, through sign-ins (right and wrong),
 * plug-in calls and the public REST API, then reads everything both processes wrote: no password,
 * token, session id, CSRF token or the console's credential may appear.
 */
describe('secrets never reach the logs', () => {
  let system: RunningSystem;
  const secrets = new Map<string, string>();

  before(async () => {
    system = await startSystem({ env: { KSC_DEMO_PASSWORD: password, MDR_SERVICE_LOG_LEVEL: 'debug' } });
  });

  after(async () => {
    await system?.stop();
  });

  it('keeps passwords, tokens, session ids and credentials out of both processes’ output', async () => {
    const origin = system.consoleUrl;
    const wrong = await fetch(`${origin}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ userName: 'admin', password: `${password}-typo` }) });
    assert.equal(wrong.status, 401);
    secrets.set('wrong password', `${password}-typo`);

    const signIn = await fetch(`${origin}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ userName: 'admin', password }) });
    assert.equal(signIn.status, 200);
    secrets.set('password', password);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    secrets.set('session id', cookie.split('=')[1]!);
    const { csrfToken } = (await signIn.json()) as { csrfToken: string };
    secrets.set('CSRF token', csrfToken);

    for (const route of ['usage', 'incidents/summary', 'assets/summary', 'connection']) {
      assert.equal((await fetch(`${origin}/api/plugins/mdr/${route}`, { headers: { cookie } })).status, 200, route);
    }
    const signOut = await fetch(`${origin}/api/session`, { method: 'DELETE', headers: { cookie, origin, 'x-csrf-token': csrfToken } });
    assert.equal(signOut.status, 204);

    secrets.set('console credential', readConsoleCredential(system.dataDir));

    const db = openMdrDatabase({ dir: system.dataDir });
    const tokens = await TokenService.create(db, system.dataDir, Date.now);
    const tenantIds = [...db.tenants.list(null).map((tenant) => tenant.id), 'root'];
    const connection = db.apiConnections.insert({ id: 'conn-logs', clientId: 'clientlogs0001', name: 'Log check', accessLevel: 'full', tenantIds, created: Date.now(), createdBy: 'admin' });
    const { refreshToken } = await tokens.issueConsoleRefreshToken(connection.id);
    db.close();
    secrets.set('refresh token', refreshToken);
    const ca = fs.readFileSync(system.caPath);
    const confirmed = await httpsJson<{ access_token: string; refresh_token: string }>(`${system.serviceUrl}/api/v1/${connection.clientId}/session/confirm`, { ca, json: { refresh_token: refreshToken } });
    assert.equal(confirmed.status, 200);
    secrets.set('access token', confirmed.body.access_token);
    secrets.set('second refresh token', confirmed.body.refresh_token);
    const listed = await httpsJson(`${system.serviceUrl}/api/v1/${connection.clientId}/incidents/list`, { ca, json: { page_size: 5 }, headers: { authorization: `Bearer ${confirmed.body.access_token}` } });
    assert.equal(listed.status, 200);
    const reused = await httpsJson(`${system.serviceUrl}/api/v1/${connection.clientId}/session/confirm`, { ca, json: { refresh_token: refreshToken } });
    assert.equal(reused.status, 401, 'a reused refresh token is refused (and logged as such)');

    // The last answer of each process is in its log before the logs are read (logging is asynchronous).
    await waitFor(async () => /"statusCode":204/.test(system.console.output()), 'the console log of the sign-out', 10_000);
    await waitFor(async () => /"statusCode":401/.test(system.service.output()), 'the service log of the refused token reuse', 10_000);
    const output = `${system.console.output()}\n${system.service.output()}`;
    assert.match(system.console.output(), /"url":"\/api\/session"/, 'the console logged the sign-ins');
    assert.match(system.service.output(), /session\/confirm/, 'the service logged the token exchanges');
    for (const [what, secret] of secrets) {
      assert.ok(secret.length >= 8, what);
      assert.ok(!output.includes(secret), `the ${what} appears in the output`);
      assert.ok(!output.includes(encodeURIComponent(secret)), `the ${what} appears URL-encoded in the output`);
    }
  });
});

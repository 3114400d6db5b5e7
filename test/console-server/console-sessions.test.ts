import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { consoleForSuite, demoPassword, injectAs, signInAs } from '../support/console-fixture.ts';

describe('console sessions', () => {
  const fixture = consoleForSuite();

  it('answers 401 for the session without a cookie', async () => {
    const response = await fixture.app.inject({ method: 'GET', url: '/api/session' });
    assert.equal(response.statusCode, 401);
    assert.deepEqual(response.json(), { error: 'unauthenticated' });
  });

  it('signs in with a session cookie that is HttpOnly and SameSite=Strict, and reports the rights', async () => {
    const response = await fixture.app.inject({ method: 'POST', url: '/api/session', payload: { userName: 'officer', password: demoPassword } });
    assert.equal(response.statusCode, 200);
    const cookie = String(response.headers['set-cookie']);
    assert.match(cookie, /^ksc_session=[^;]{40,};/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const body = response.json();
    assert.deepEqual(body.rights, ['incidentAccess']);
    assert.equal(body.user.userName, 'officer');
    assert.equal(typeof body.csrfToken, 'string');
    assert.equal(body.language, 'en');
  });

  it('gives the demo accounts the rights of their roles', async () => {
    const admin = await signInAs(fixture.app, 'admin');
    assert.deepEqual(new Set(admin.rights), new Set(['applicationIntegration', 'incidentAccess', 'autoAcceptSettings', 'responseManagement', 'tenantManagement', 'incidentSummaryScheduling', 'restApiAccess']));
    const senior = await signInAs(fixture.app, 'senior');
    assert.deepEqual(new Set(senior.rights), new Set(['incidentAccess', 'autoAcceptSettings', 'responseManagement']));
    const guest = await signInAs(fixture.app, 'guest');
    assert.deepEqual(guest.rights, []);
  });

  it('issues a new session id at every sign-in and ends the one it replaces', async () => {
    const first = await signInAs(fixture.app, 'senior');
    const response = await fixture.app.inject({ method: 'POST', url: '/api/session', payload: { userName: 'senior', password: demoPassword }, headers: { cookie: first.cookie } });
    const second = String(response.headers['set-cookie']).split(';')[0]!;
    assert.notEqual(second, first.cookie);
    assert.equal((await fixture.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: first.cookie } })).statusCode, 401);
    assert.equal((await fixture.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: second } })).statusCode, 200);
  });

  it('refuses a wrong password without saying whether the user exists', async () => {
    const wrong = await fixture.app.inject({ method: 'POST', url: '/api/session', payload: { userName: 'guest', password: 'nope' } });
    const unknown = await fixture.app.inject({ method: 'POST', url: '/api/session', payload: { userName: 'nobody', password: 'nope' } });
    assert.equal(wrong.statusCode, 401);
    assert.deepEqual(wrong.json(), unknown.json());
  });

  it('refuses empty fields with the field named', async () => {
    const response = await fixture.app.inject({ method: 'POST', url: '/api/session', payload: { userName: '  ', password: 'x' } });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json(), { error: 'required', field: 'userName' });
  });

  it('limits failed sign-ins per user name from one address, even when the right password follows', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await fixture.app.inject({ method: 'POST', url: '/api/session', payload: { userName: 'officer', password: `wrong-${attempt}` } });
      assert.equal(response.statusCode, 401);
    }
    const blocked = await fixture.app.inject({ method: 'POST', url: '/api/session', payload: { userName: 'officer', password: demoPassword } });
    assert.equal(blocked.statusCode, 429);
    assert.ok(Number(blocked.headers['retry-after']) > 0);
  });

  it('ends the session on the server at sign-out, and sign-out needs the CSRF token', async () => {
    const session = await signInAs(fixture.app, 'admin');
    const withoutToken = await injectAs(fixture.app, session, 'DELETE', '/api/session', undefined, false);
    assert.equal(withoutToken.statusCode, 403);
    const signOut = await injectAs(fixture.app, session, 'DELETE', '/api/session');
    assert.equal(signOut.statusCode, 204);
    const reuse = await injectAs(fixture.app, session, 'GET', '/api/session');
    assert.equal(reuse.statusCode, 401);
  });

  it('saves the language and Show MDR features for that user only', async () => {
    const admin = await signInAs(fixture.app, 'admin');
    const saved = await fixture.app.inject({
      method: 'PUT',
      url: '/api/session/preferences',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
      payload: { language: 'de', showMdrFeatures: false },
    });
    assert.equal(saved.statusCode, 200);
    assert.equal(saved.json().language, 'de');
    assert.equal(saved.json().showMdrFeatures, false);
    const senior = await signInAs(fixture.app, 'senior');
    const other = await fixture.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: senior.cookie } });
    assert.equal(other.json().showMdrFeatures, true);
    const unknown = await fixture.app.inject({
      method: 'PUT',
      url: '/api/session/preferences',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
      payload: { language: 'xx' },
    });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().field, 'language');
  });

  it('sends security headers with every answer', async () => {
    const response = await fixture.app.inject({ method: 'GET', url: '/api/languages' });
    assert.match(String(response.headers['content-security-policy']), /script-src 'self'(;|$)/);
    assert.doesNotMatch(String(response.headers['content-security-policy']), /script-src[^;]*unsafe-inline/);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(response.headers['x-frame-options'], 'DENY');
  });
});

describe('plug-in route gate', () => {
  const fixture = consoleForSuite();

  it('answers 401 without a session, before anything else', async () => {
    const response = await fixture.app.inject({ method: 'GET', url: '/api/plugins/mdr/usage' });
    assert.equal(response.statusCode, 401);
  });

  it('answers 404 for a route the manifest does not declare, and 405 for an undeclared method', async () => {
    const admin = await signInAs(fixture.app, 'admin');
    const missing = await injectAs(fixture.app, admin, 'GET', '/api/plugins/mdr/secrets');
    assert.equal(missing.statusCode, 404);
    const method = await injectAs(fixture.app, admin, 'DELETE', '/api/plugins/mdr/usage');
    assert.equal(method.statusCode, 405);
    assert.equal(method.headers.allow, 'GET');
  });

  it('answers 403 naming the missing right', async () => {
    const guest = await signInAs(fixture.app, 'guest');
    const response = await fixture.app.inject({ method: 'GET', url: '/api/plugins/mdr/usage', headers: { cookie: guest.cookie } });
    assert.equal(response.statusCode, 403);
    assert.deepEqual(response.json(), { error: 'forbidden', missingRights: ['incidentAccess'] });
  });

  it('refuses a change without the CSRF token or from another origin', async () => {
    const officer = await signInAs(fixture.app, 'officer');
    const noToken = await fixture.app.inject({ method: 'POST', url: '/api/plugins/mdr/connection/test', headers: { cookie: officer.cookie }, payload: {} });
    assert.equal(noToken.statusCode, 403);
    assert.equal(noToken.json().error, 'csrfTokenInvalid');
    const otherOrigin = await fixture.app.inject({
      method: 'POST',
      url: '/api/plugins/mdr/connection/test',
      headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrfToken, origin: 'http://evil.example' },
      payload: {},
    });
    assert.equal(otherOrigin.statusCode, 403);
    assert.equal(otherOrigin.json().error, 'crossOrigin');
  });

  it('answers 415 for a body that is not JSON and 413 for one that is too large', async () => {
    const admin = await signInAs(fixture.app, 'admin');
    const headers = { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken };
    const text = await fixture.app.inject({ method: 'POST', url: '/api/plugins/mdr/connection/test', headers: { ...headers, 'content-type': 'text/plain' }, payload: 'hello' });
    assert.equal(text.statusCode, 415);
    const large = await fixture.app.inject({
      method: 'POST',
      url: '/api/plugins/mdr/connection/test',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ filler: 'x'.repeat(300 * 1024) }),
    });
    assert.equal(large.statusCode, 413);
  });

  it('answers 400 for a JSON body nested deeper than 16 levels, before the route runs', async () => {
    const admin = await signInAs(fixture.app, 'admin');
    const headers = { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': 'application/json' };
    const deep = await fixture.app.inject({ method: 'POST', url: '/api/plugins/mdr/connection/test', headers, payload: `${'['.repeat(17)}${']'.repeat(17)}` });
    assert.equal(deep.statusCode, 400);
    assert.deepEqual(deep.json(), { error: 'validation', field: 'body', rule: 'maxDepth' });
    const brackets = await fixture.app.inject({ method: 'PUT', url: '/api/session/preferences', headers, payload: JSON.stringify({ language: '['.repeat(40) }) });
    assert.equal(brackets.statusCode, 400);
    assert.equal(brackets.json().field, 'language', 'brackets inside strings do not count');
  });

  it('names an unreachable MDR service with a 502 and a specific failure', async () => {
    const officer = await signInAs(fixture.app, 'officer');
    const response = await fixture.app.inject({ method: 'GET', url: '/api/plugins/mdr/usage', headers: { cookie: officer.cookie } });
    assert.equal(response.statusCode, 502);
    assert.equal(response.json().error, 'serviceUnreachable');
  });
});

describe('sign-in parses cheaply before any password check', () => {
  const fixture = consoleForSuite();

  /** Posts `text` as the sign-in body and returns the answer and how long it took. */
  const post = async (text: string) => {
    const started = Date.now();
    const response = await fixture.app.inject({ method: 'POST', url: '/api/session', headers: { 'content-type': 'application/json' }, payload: text });
    return { response, ms: Date.now() - started };
  };

  /** No refused body was a sign-in attempt: the right password still works at once. */
  const noAttemptCounted = async () => {
    const response = await fixture.app.inject({ method: 'POST', url: '/api/session', payload: { userName: 'officer', password: demoPassword } });
    assert.equal(response.statusCode, 200, `no password check was counted: ${response.body}`);
  };

  it('refuses a 100 KiB body with 413 at once', async () => {
    for (let attempt = 0; attempt < 6; attempt++) {
      const { response, ms } = await post(JSON.stringify({ userName: 'officer', password: 'x'.repeat(100 * 1024) }));
      assert.equal(response.statusCode, 413, response.body);
      assert.deepEqual(response.json(), { error: 'bodyTooLarge' });
      assert.ok(ms < 2000, `answered in ${ms} ms`);
    }
    await noAttemptCounted();
  });

  it('refuses a 10,000-deep array with 413 at once, and JSON nested deeper than 5 levels with 400', async () => {
    const deep = `{"userName":"officer","password":"wrong","extra":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const { response, ms } = await post(deep);
    assert.ok([400, 413].includes(response.statusCode), `${response.statusCode}: ${response.body}`);
    assert.ok(ms < 2000, `answered in ${ms} ms`);
    for (let attempt = 0; attempt < 6; attempt++) {
      const small = await post('{"userName":"officer","password":"wrong","extra":[[[[[["six levels"]]]]]]}');
      assert.equal(small.response.statusCode, 400, small.response.body);
      assert.deepEqual(small.response.json(), { error: 'validation', field: 'body', rule: 'maxDepth' });
    }
    await noAttemptCounted();
    const shallow = await post(JSON.stringify({ userName: 'senior', password: demoPassword, remember: { device: [['x']] } }));
    assert.equal(shallow.response.statusCode, 200, `four levels are fine: ${shallow.response.body}`);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadManifest } from '../../host-shim/server/manifest.ts';
import { signInAs, startConsole } from '../support/console-fixture.ts';

type Console = Awaited<ReturnType<typeof startConsole>>;

/** Origins a hostile or rebinding page can send; the console's own is `http://localhost:80` under inject. */
const foreignOrigins = [
  'http://evil.example',
  'http://localhost:80.evil.example',
  'http://localhost.evil.example:80',
  'https://localhost:80',
  'http://localhost:8080',
  'http://127.0.0.1:80',
  'null',
  'http://localhost:80/',
  'HTTP://LOCALHOST:80.evil.example',
];

/** Every route that changes something: the manifest's plug-in routes and the console's own. */
function changeRoutes(): { method: string; url: string }[] {
  const plugin = loadManifest()
    .routes.filter((route) => route.method !== 'GET')
    .map((route) => ({ method: route.method, url: route.path.replace(/:[A-Za-z]+/g, 'id-0001') }));
  const own = [
    { method: 'DELETE', url: '/api/session' },
    { method: 'PUT', url: '/api/session/preferences' },
    { method: 'POST', url: '/api/users' },
    { method: 'PUT', url: '/api/users/id-0001' },
    { method: 'DELETE', url: '/api/users/id-0001' },
    { method: 'POST', url: '/api/roles' },
    { method: 'PUT', url: '/api/roles/id-0001' },
    { method: 'DELETE', url: '/api/roles/id-0001' },
  ];
  return [...plugin, ...own];
}

describe('console: a change from a foreign or look-alike origin is refused, whatever the route', () => {
  let consoleServer: Console;

  before(async () => {
    consoleServer = await startConsole();
  });

  after(async () => {
    await consoleServer?.close();
  });

  it('refuses sign-in from every foreign origin before the password is checked', async () => {
    for (const origin of foreignOrigins) {
      const response = await consoleServer.app.inject({ method: 'POST', url: '/api/session', headers: { origin }, payload: { userName: 'admin', password: 'wrong' } });
      assert.equal(response.statusCode, 403, `${origin}: ${response.body}`);
      assert.equal((response.json() as { error: string }).error, 'crossOrigin', origin);
      assert.equal(response.headers['set-cookie'], undefined);
    }
    // The same request from the console's own origin is judged on its password.
    const own = await consoleServer.app.inject({ method: 'POST', url: '/api/session', headers: { origin: 'http://localhost:80' }, payload: { userName: 'admin', password: 'wrong' } });
    assert.equal(own.statusCode, 401);
  });

  it('refuses every change route from every foreign origin, even with a valid session and CSRF token', async () => {
    const session = await signInAs(consoleServer.app, 'admin');
    const routes = changeRoutes();
    assert.ok(routes.length >= 30, `${routes.length} change routes`);
    for (const route of routes) {
      for (const origin of foreignOrigins) {
        const response = await consoleServer.app.inject({
          method: route.method as 'POST',
          url: route.url,
          headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, origin, 'content-type': 'application/json' },
          payload: '{}',
        });
        assert.equal(response.statusCode, 403, `${route.method} ${route.url} from ${origin}: ${response.statusCode} ${response.body.slice(0, 200)}`);
        assert.equal((response.json() as { error: string }).error, 'crossOrigin', `${route.method} ${route.url} from ${origin}`);
      }
    }
    // The session still works: nothing above signed it out.
    const still = await consoleServer.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: session.cookie } });
    assert.equal(still.statusCode, 200);
  });
});

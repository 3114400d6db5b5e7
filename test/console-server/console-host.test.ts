import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { before, describe, it } from 'node:test';
import { consoleForSuite, demoPassword } from '../support/console-fixture.ts';

/** One request to the console on loopback with `Host` as given (a rebinding page sends its own name). */
function request(port: number, options: { method?: string; path: string; host: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const outgoing = http.request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, agent: false, headers: { host: options.host, ...options.headers } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

describe('console: only the host names it is known by (DNS rebinding)', () => {
  const consoleServer = consoleForSuite({ listen: true });
  let port: number;
  before(() => {
    port = consoleServer.port;
  });

  it('refuses sign-in with the demo password from a page whose name was re-bound to loopback', async () => {
    const host = `rebind.evil.example:${port}`;
    const response = await request(port, {
      method: 'POST',
      path: '/api/session',
      host,
      headers: { origin: `http://${host}`, 'content-type': 'application/json' },
      body: JSON.stringify({ userName: 'admin', password: demoPassword }),
    });
    assert.equal(response.status, 421, response.body);
    assert.deepEqual(JSON.parse(response.body), { error: 'hostNotAllowed' });
    assert.equal(response.headers['set-cookie'], undefined, 'no session was opened');
  });

  it('refuses every kind of answer to a foreign host: API, plug-in routes, static files, locales, the page, unknown paths', async () => {
    for (const path of ['/api/languages', '/api/session', '/api/plugins/mdr/usage', '/', '/devices', '/locales/en/console.json', '/plugins/mdr/mdr-plugin.js', '/no-such-file', '/demo/mailbox']) {
      const response = await request(port, { path, host: `evil.example:${port}` });
      assert.equal(response.status, 421, `${path}: ${response.body.slice(0, 200)}`);
      assert.deepEqual(JSON.parse(response.body), { error: 'hostNotAllowed' }, path);
    }
  });

  it('refuses look-alike hosts and other ports of the loopback names', async () => {
    for (const host of [`localhost.evil.example:${port}`, `127.0.0.1.nip.io:${port}`, `localhost:${port + 1}`, '127.0.0.1', `127.0.0.1:${port}@evil.example`, `[::1]:${port}x`, ' ']) {
      const response = await request(port, { path: '/api/languages', host });
      assert.equal(response.status, 421, `${host}: ${response.body.slice(0, 200)}`);
    }
  });

  it('refuses a request without a Host header (HTTP/1.0)', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write('GET /api/languages HTTP/1.0\r\n\r\n'));
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    assert.match(answer, /^HTTP\/1\.1 421 /);
  });

  it('answers its loopback names on its own port', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      const response = await request(port, { path: '/api/languages', host });
      assert.equal(response.status, 200, `${host}: ${response.body}`);
    }
    const signIn = await request(port, {
      method: 'POST',
      path: '/api/session',
      host: `127.0.0.1:${port}`,
      headers: { origin: `http://127.0.0.1:${port}`, 'content-type': 'application/json' },
      body: JSON.stringify({ userName: 'admin', password: demoPassword }),
    });
    assert.equal(signIn.status, 200, signIn.body);
  });
});

describe('console: KSC_ALLOWED_HOSTS adds host names', () => {
  const consoleServer = consoleForSuite({ env: { KSC_ALLOWED_HOSTS: 'console.corp.example, mdr-console:8443' }, listen: true });
  let port: number;
  before(() => {
    port = consoleServer.port;
  });

  it('answers the listed names (on its port, or on the port listed with the name) and still refuses the rest', async () => {
    assert.equal((await request(port, { path: '/api/languages', host: `console.corp.example:${port}` })).status, 200);
    assert.equal((await request(port, { path: '/api/languages', host: 'mdr-console:8443' })).status, 200);
    assert.equal((await request(port, { path: '/api/languages', host: `localhost:${port}` })).status, 200);
    assert.equal((await request(port, { path: '/api/languages', host: `mdr-console:${port + 1}` })).status, 421);
    assert.equal((await request(port, { path: '/api/languages', host: `evil.example:${port}` })).status, 421);
  });
});

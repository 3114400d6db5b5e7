import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { before, describe, it } from 'node:test';
import { resolveConsoleConnectionLimits } from '../../host-shim/server/connection-limits.ts';
import { consoleForSuite, demoPassword } from '../support/console-fixture.ts';
import { closedBy, trickle } from '../support/slow-client.ts';

/** Short limits, so that a test sees them fire; `npm start` uses the defaults (README, Configuration). */
const limits = { KSC_HEADERS_TIMEOUT_MS: '1000', KSC_REQUEST_TIMEOUT_MS: '2000', KSC_KEEP_ALIVE_TIMEOUT_MS: '1000', KSC_IDLE_TIMEOUT_MS: '10000', KSC_MAX_CONNECTIONS_PER_ADDRESS: '10' };
/** What the server's periodic timeout check and a busy machine may add. */
const SLACK_MS = 2500;

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

function get(port: number, path: string, method = 'GET', body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, path, method, agent: false, headers: body ? { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` } : {} },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** A user signing in and reading the languages while the slow client holds its connection. */
async function normalUserIsServed(port: number): Promise<void> {
  assert.equal((await get(port, '/api/languages')).status, 200);
  const signIn = await get(port, '/api/session', 'POST', JSON.stringify({ userName: 'officer', password: demoPassword }));
  assert.equal(signIn.status, 200, signIn.body);
}

describe('console server: slow clients', () => {
  const consoleServer = consoleForSuite({ env: limits, listen: true });
  let port: number;
  before(() => {
    port = consoleServer.port;
  });

  it('closes a connection whose body trickles in slower than the request timeout, while serving others', async () => {
    const socket = await connect(port);
    socket.write(`POST /api/session HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n`);
    const stop = trickle(socket, ' '.repeat(4000), 200);
    try {
      const closing = closedBy(socket, Number(limits.KSC_REQUEST_TIMEOUT_MS) + SLACK_MS);
      await normalUserIsServed(port);
      const after = await closing;
      assert.ok(after >= Number(limits.KSC_REQUEST_TIMEOUT_MS) / 2, `closed after ${after} ms, not at once`);
    } finally {
      stop();
      socket.destroy();
    }
  });

  it('closes a connection whose headers trickle in slower than the headers timeout, while serving others', async () => {
    const socket = await connect(port);
    const stop = trickle(socket, `GET /api/languages HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Padding: ${'a'.repeat(200)}\r\n\r\n`, 150);
    try {
      const closing = closedBy(socket, Number(limits.KSC_HEADERS_TIMEOUT_MS) + SLACK_MS);
      await normalUserIsServed(port);
      await closing;
    } finally {
      stop();
      socket.destroy();
    }
  });

  it('closes a connection that never sends a byte', async () => {
    const socket = await connect(port);
    await closedBy(socket, Number(limits.KSC_HEADERS_TIMEOUT_MS) + SLACK_MS);
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const socket = await connect(port);
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.write(`GET /api/languages HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n\r\n`);
    await closedBy(socket, Number(limits.KSC_KEEP_ALIVE_TIMEOUT_MS) + SLACK_MS);
    assert.match(answer, /^HTTP\/1\.1 200/, 'the request itself was answered');
  });
});

describe('console server: connections per client address', () => {
  const capped = consoleForSuite({ env: { KSC_MAX_CONNECTIONS_PER_ADDRESS: '3' }, listen: true });
  let port: number;
  before(() => {
    port = capped.port;
  });

  /** One GET from another loopback address (Linux routes all of 127.0.0.0/8 to lo). */
  const getFrom = (localAddress: string) =>
    new Promise<number>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/api/languages', localAddress, agent: false }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        })
        .on('error', reject);
    });

  it('refuses connections beyond the cap from one address, serves other addresses meanwhile, and serves again once one closes', async () => {
    const held = [await connect(port), await connect(port), await connect(port)];
    try {
      await assert.rejects(get(port, '/api/languages'), 'a fourth connection is not served');
      assert.equal(await getFrom('127.0.0.2'), 200, 'another address has connections of its own');
      const closing = new Promise((resolve) => held[0]!.once('close', resolve));
      held[0]!.destroy();
      await closing;
      // The server sees the close a moment later: ask until it answers (or give up).
      const deadline = Date.now() + 5000;
      for (;;) {
        const answer = await get(port, '/api/languages').catch(() => null);
        if (answer?.status === 200) break;
        assert.ok(Date.now() < deadline, 'served again after a connection closed');
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      for (const socket of held) socket.destroy();
    }
  });
});

describe('console server: connection limit settings', () => {
  it('uses the defaults, reads the variables, and stops on a value that is not a positive whole number', () => {
    assert.deepEqual(resolveConsoleConnectionLimits(), { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 10_000, idleTimeoutMs: 60_000, maxConnectionsPerAddress: 256 });
    assert.equal(resolveConsoleConnectionLimits({}, { KSC_REQUEST_TIMEOUT_MS: '5000' }).requestTimeoutMs, 5000);
    assert.equal(resolveConsoleConnectionLimits({}, { KSC_REQUEST_TIMEOUT_MS: '5000' }).headersTimeoutMs, 5000, 'never longer than the whole request');
    for (const bad of ['0', '-1', '1.5', 'ten']) assert.throws(() => resolveConsoleConnectionLimits({}, { KSC_HEADERS_TIMEOUT_MS: bad }), /KSC_HEADERS_TIMEOUT_MS/);
  });
});

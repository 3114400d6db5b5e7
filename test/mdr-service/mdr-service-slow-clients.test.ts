import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { httpsJson, serviceForSuite, startTestService, type TestService } from '../support/mdr-service.ts';
import { closedBy, trickle } from '../support/slow-client.ts';

/** Short limits, so that a test sees them fire; `npm start` uses the defaults (README). */
const limits = { headersTimeoutMs: 1000, requestTimeoutMs: 2000, keepAliveTimeoutMs: 1000, idleTimeoutMs: 10_000, handshakeTimeoutMs: 1000, maxConnectionsPerAddress: 10 };
/** What the server's periodic timeout check and a busy machine may add. */
const SLACK_MS = 2500;

let service: TestService;
let port: number;

before(async () => {
  service = await startTestService({ demo: false, connectionLimits: limits });
  port = Number(new URL(service.url).port);
});
after(async () => service.close());

/** A TLS connection to the service that trusts only the local CA, once the handshake is done. */
function openTls(): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ca: service.ca, servername: 'localhost' }, () => resolve(socket));
    socket.once('error', reject);
  });
}

async function normalClientIsServed(): Promise<void> {
  const health = await httpsJson<{ status: string }>(`${service.url}/console/v1/health`, { ca: service.ca });
  assert.deepEqual([health.status, health.body.status], [200, 'ok']);
}

describe('MDR service: slow and greedy clients', () => {
  it('closes a connection whose body trickles in slower than the request timeout, while serving others', async () => {
    const socket = await openTls();
    socket.write('POST /api/v1/abcdef/session/confirm HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n');
    const stop = trickle(socket, ' '.repeat(4000), 200);
    try {
      const closing = closedBy(socket, limits.requestTimeoutMs + SLACK_MS);
      await normalClientIsServed();
      const after = await closing;
      assert.ok(after >= limits.requestTimeoutMs / 2, `closed after ${after} ms, not at once`);
    } finally {
      stop();
      socket.destroy();
    }
  });

  it('closes a connection whose headers trickle in slower than the headers timeout, while serving others', async () => {
    const socket = await openTls();
    const stop = trickle(socket, `GET /console/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${'a'.repeat(200)}\r\n\r\n`, 150);
    try {
      const closing = closedBy(socket, limits.headersTimeoutMs + SLACK_MS);
      await normalClientIsServed();
      await closing;
    } finally {
      stop();
      socket.destroy();
    }
  });

  it('closes a TCP connection that never completes the TLS handshake', async () => {
    const socket = net.connect({ host: '127.0.0.1', port });
    await new Promise((resolve) => socket.once('connect', resolve));
    await closedBy(socket, limits.handshakeTimeoutMs + SLACK_MS);
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const socket = await openTls();
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.write('GET /console/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    await closedBy(socket, limits.keepAliveTimeoutMs + SLACK_MS);
    assert.match(answer, /^HTTP\/1\.1 200/, 'the request itself was answered');
  });
});

describe('MDR service: connections per client address', () => {
  const capped = serviceForSuite({ demo: false, connectionLimits: { maxConnectionsPerAddress: 3 } });

  const connect = (url: string, ca: string) =>
    new Promise<tls.TLSSocket>((resolve, reject) => {
      const socket = tls.connect({ host: '127.0.0.1', port: Number(new URL(url).port), ca, servername: 'localhost' }, () => resolve(socket));
      socket.once('error', reject);
    });

  it('refuses connections beyond the cap from one address, and serves again once one closes', async () => {
    const held = [await connect(capped.url, capped.ca), await connect(capped.url, capped.ca), await connect(capped.url, capped.ca)];
    try {
      await assert.rejects(httpsJson(`${capped.url}/console/v1/health`, { ca: capped.ca }), 'a fourth connection is not served');
      const closing = new Promise((resolve) => held[0]!.once('close', resolve));
      held[0]!.destroy();
      await closing;
      // The server sees the close a moment later: ask until it answers (or give up).
      const deadline = Date.now() + 5000;
      for (;;) {
        const answer = await httpsJson(`${capped.url}/console/v1/health`, { ca: capped.ca }).catch(() => null);
        if (answer?.status === 200) break;
        assert.ok(Date.now() < deadline, 'served again after a connection closed');
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      for (const socket of held) socket.destroy();
    }
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createProxy, type ProxyServer } from 'proxy';
import { issueCertificate } from '../../host-shim/common/pki.ts';
import { startTestService, type TestService } from '../support/mdr-service.ts';
import { signInAs, startConsole } from '../support/console-fixture.ts';

const user = 'alice';
const password = 'p@ss:w0rd/secret';
const encoded = `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;

/** A real forward proxy with Basic authentication that records every CONNECT it tunnels. */
async function startProxy(options: { tls?: { cert: string; key: string } } = {}): Promise<{ port: number; connects: string[]; server: ProxyServer; close(): Promise<void> }> {
  const base = options.tls ? https.createServer(options.tls) : http.createServer();
  const server = createProxy(base as http.Server);
  const connects: string[] = [];
  server.authenticate = (request) => {
    const header = request.headers['proxy-authorization'] ?? '';
    return header === `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  };
  server.prependListener('connect', (request: http.IncomingMessage) => connects.push(String(request.url)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connects,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** A TCP server that accepts connections and never says anything. */
async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function closedPort(): Promise<number> {
  const server = await startSilentServer();
  await server.close();
  return server.port;
}

describe('calls to the MDR service through a proxy and with extra certificates', () => {
  let service: TestService;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let caFile: string;
  const servicePort = () => new URL(service.url).port;

  before(async () => {
    service = await startTestService();
    proxy = await startProxy();
    caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ca-')), 'extra.pem');
    fs.writeFileSync(caFile, service.ca);
  });
  after(async () => {
    await proxy.close();
    await service.close();
  });

  /** Signs in an officer on a console with `env` and calls `path`; returns status, body and the console. */
  async function call(env: Record<string, string>, route = '/api/plugins/mdr/usage', method: 'GET' | 'POST' = 'GET') {
    const fixture = await startConsole({ serviceUrl: service.url, credential: service.consoleCredential, env });
    try {
      const session = await signInAs(fixture.app, 'officer');
      const response = await fixture.app.inject({
        method,
        url: route,
        headers: { cookie: session.cookie, ...(method === 'POST' ? { 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' } : {}) },
        payload: method === 'POST' ? '{}' : undefined,
      });
      return { status: response.statusCode, body: response.body, json: response.json() as Record<string, unknown> };
    } finally {
      await fixture.close();
    }
  }

  it('goes through the proxy with CONNECT and Proxy-Authorization, and trusts the extra CA', async () => {
    const before = proxy.connects.length;
    const result = await call({ HTTPS_PROXY: `http://${encoded}@127.0.0.1:${proxy.port}`, NODE_EXTRA_CA_CERTS: caFile });
    assert.equal(result.status, 200, result.body);
    assert.equal((result.json.activation as { status: string }).status, 'active');
    assert.deepEqual(proxy.connects.slice(before), [`127.0.0.1:${servicePort()}`]);
  });

  it('describes the route on the status line without the password', async () => {
    const result = await call({ HTTPS_PROXY: `http://${encoded}@127.0.0.1:${proxy.port}`, NODE_EXTRA_CA_CERTS: caFile }, '/api/plugins/mdr/connection');
    assert.equal(result.status, 200);
    assert.deepEqual(result.json.proxy, { host: '127.0.0.1', port: proxy.port, protocol: 'http', withCredentials: true });
    assert.deepEqual(result.json.extraCertificates, { count: 1, rejected: 0 });
    assert.equal(result.body.includes('w0rd'), false);
    assert.equal(result.body.includes(encodeURIComponent(password)), false);
  });

  it('bypasses the proxy for hosts in NO_PROXY', async () => {
    const before = proxy.connects.length;
    const result = await call({ HTTPS_PROXY: `http://${encoded}@127.0.0.1:${proxy.port}`, NO_PROXY: 'localhost,127.0.0.1', NODE_EXTRA_CA_CERTS: caFile });
    assert.equal(result.status, 200);
    assert.equal(proxy.connects.length, before);
  });

  it('names wrong proxy credentials (407) and never repeats the password', async () => {
    const result = await call({ HTTPS_PROXY: `http://${user}:wrong-${encodeURIComponent(password)}@127.0.0.1:${proxy.port}`, NODE_EXTRA_CA_CERTS: caFile });
    assert.equal(result.status, 502);
    assert.equal(result.json.error, 'proxyAuthenticationFailed');
    assert.equal(result.body.includes('w0rd'), false);
  });

  it('names an unreachable proxy', async () => {
    const result = await call({ HTTPS_PROXY: `http://${encoded}@127.0.0.1:${await closedPort()}`, NODE_EXTRA_CA_CERTS: caFile });
    assert.equal(result.status, 502);
    assert.equal(result.json.error, 'proxyUnreachable');
  });

  it('names a proxy that does not answer, with a 504', async () => {
    const silent = await startSilentServer();
    try {
      const result = await call({ HTTPS_PROXY: `http://${encoded}@127.0.0.1:${silent.port}`, NODE_EXTRA_CA_CERTS: caFile });
      assert.equal(result.status, 504);
      assert.equal(result.json.error, 'proxyTimeout');
    } finally {
      await silent.close();
    }
  });

  it('names an untrusted service certificate, directly and through the proxy', async () => {
    const direct = await call({});
    assert.equal(direct.status, 502);
    assert.equal(direct.json.error, 'certificateUntrusted');
    const proxied = await call({ HTTPS_PROXY: `http://${encoded}@127.0.0.1:${proxy.port}` });
    assert.equal(proxied.json.error, 'certificateUntrusted');
  });

  it('reports a missing PEM file on the status line', async () => {
    const result = await call({ NODE_EXTRA_CA_CERTS: path.join(path.dirname(caFile), 'missing.pem') }, '/api/plugins/mdr/connection');
    assert.deepEqual(result.json.extraCertificates, { count: 0, problem: 'missing', rejected: 0 });
  });

  it('works with a proxy reached over https://', async () => {
    const caKey = path.join(service.dataDir, 'mdr-ca-key.pem');
    const issued = issueCertificate({ certPath: path.join(service.dataDir, 'mdr-ca.pem'), keyPath: caKey }, { commonName: 'proxy', altNames: ['127.0.0.1'], validDays: 2 });
    const tlsProxy = await startProxy({ tls: { cert: issued.certPem, key: issued.keyPem } });
    try {
      const result = await call({ HTTPS_PROXY: `https://${encoded}@127.0.0.1:${tlsProxy.port}`, NODE_EXTRA_CA_CERTS: caFile });
      assert.equal(result.status, 200, result.body);
      assert.deepEqual(tlsProxy.connects, [`127.0.0.1:${servicePort()}`]);
    } finally {
      await tlsProxy.close();
    }
  });

  it('names each failing step in the connection test', async () => {
    const good = await call({ HTTPS_PROXY: `http://${encoded}@127.0.0.1:${proxy.port}`, NODE_EXTRA_CA_CERTS: caFile }, '/api/plugins/mdr/connection/test', 'POST');
    assert.equal(good.json.ok, true);
    const badAuth = await call({ HTTPS_PROXY: `http://${user}:nope@127.0.0.1:${proxy.port}`, NODE_EXTRA_CA_CERTS: caFile }, '/api/plugins/mdr/connection/test', 'POST');
    assert.deepEqual(badAuth.json.steps, [
      { step: 'proxy', ok: true },
      { step: 'proxyAuthentication', ok: false },
      { step: 'tlsTrust', ok: null },
      { step: 'service', ok: null },
    ]);
    const untrusted = await call({}, '/api/plugins/mdr/connection/test', 'POST');
    assert.deepEqual(untrusted.json.steps, [
      { step: 'tlsTrust', ok: false },
      { step: 'service', ok: null },
    ]);
  });
});

describe('MDR service faults without a proxy', () => {
  it('tells an unreachable service, a silent one (504) and a 5xx answer apart', async () => {
    const service = await startTestService({ demo: { seed: 1, assets: 20 } });
    const caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ca-')), 'extra.pem');
    fs.writeFileSync(caFile, service.ca);
    const issued = issueCertificate(
      { certPath: path.join(service.dataDir, 'mdr-ca.pem'), keyPath: path.join(service.dataDir, 'mdr-ca-key.pem') },
      { commonName: 'localhost', altNames: ['127.0.0.1'], validDays: 2 },
    );
    const failing = https.createServer({ cert: issued.certPem, key: issued.keyPem }, (_request, response) => {
      response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"internal"}');
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    const silent = await startSilentServer();
    try {
      const cases: [string, number, string][] = [
        [`https://127.0.0.1:${await closedPort()}`, 502, 'serviceUnreachable'],
        [`https://127.0.0.1:${silent.port}`, 504, 'serviceTimeout'],
        [`https://127.0.0.1:${(failing.address() as net.AddressInfo).port}`, 502, 'serviceError'],
      ];
      for (const [serviceUrl, status, failure] of cases) {
        const fixture = await startConsole({ serviceUrl, credential: service.consoleCredential, env: { NODE_EXTRA_CA_CERTS: caFile } });
        try {
          const session = await signInAs(fixture.app, 'officer');
          const response = await fixture.app.inject({ method: 'GET', url: '/api/plugins/mdr/usage', headers: { cookie: session.cookie } });
          assert.equal(response.statusCode, status, `${failure}: ${response.body}`);
          assert.equal(response.json().error, failure);
        } finally {
          await fixture.close();
        }
      }
    } finally {
      failing.close();
      await silent.close();
      await service.close();
    }
  });
});

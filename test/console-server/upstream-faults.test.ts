import assert from 'node:assert/strict';
import https from 'node:https';
import type net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { issueCertificate } from '../../host-shim/common/pki.ts';
import { startTestService, type TestService } from '../support/mdr-service.ts';
import { signInAs, startConsole } from '../support/console-fixture.ts';

type Fault = 'none' | 'slow' | 'error500' | 'garbage' | 'html' | 'reset';

/**
 * Between the console server and the real MDR service: an HTTPS server with the service's own kind of
 * certificate that passes calls through, or injects the fault it is switched to.
 */
async function startFaultInjector(service: TestService): Promise<{ url: string; fault: Fault; close(): Promise<void> }> {
  const issued = issueCertificate(
    { certPath: path.join(service.dataDir, 'mdr-ca.pem'), keyPath: path.join(service.dataDir, 'mdr-ca-key.pem') },
    { commonName: 'localhost', altNames: ['127.0.0.1'], validDays: 2 },
  );
  const state = { fault: 'none' as Fault };
  const target = new URL(service.url);
  const server = https.createServer({ cert: issued.certPem, key: issued.keyPem }, (request, response) => {
    switch (state.fault) {
      case 'slow':
        setTimeout(() => response.destroyed || response.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 10_000).unref();
        return;
      case 'error500':
        response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"internal"}');
        return;
      case 'garbage':
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('{"organization": {"na\u0000');
        return;
      case 'html':
        response.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Please sign in to the Wi-Fi</body></html>');
        return;
      case 'reset':
        request.socket.destroy();
        return;
      case 'none': {
        const upstream = https.request(
          { host: target.hostname, port: target.port, path: request.url, method: request.method, headers: request.headers, ca: service.ca },
          (answer) => {
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(response);
          },
        );
        request.pipe(upstream);
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    get fault() {
      return state.fault;
    },
    set fault(value: Fault) {
      state.fault = value;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('upstream faults: a specific answer for each, a responsive console, recovery without a restart', () => {
  let service: TestService;
  let injector: Awaited<ReturnType<typeof startFaultInjector>>;
  let fixture: Awaited<ReturnType<typeof startConsole>>;
  let cookie: string;

  before(async () => {
    service = await startTestService({ demo: { seed: 1, assets: 20 } });
    injector = await startFaultInjector(service);
    const caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ca-')), 'extra.pem');
    fs.writeFileSync(caFile, service.ca);
    fixture = await startConsole({ serviceUrl: injector.url, credential: service.consoleCredential, env: { NODE_EXTRA_CA_CERTS: caFile } });
    cookie = (await signInAs(fixture.app, 'officer')).cookie;
  });

  after(async () => {
    await fixture?.close();
    await injector?.close();
    await service?.close();
  });

  const usage = () => fixture.app.inject({ method: 'GET', url: '/api/plugins/mdr/usage', headers: { cookie } });

  it('answers 502 or 504 with the failure named, for each fault, and recovers when it ends', async () => {
    const cases: [Fault, number, string][] = [
      ['error500', 502, 'serviceError'],
      ['garbage', 502, 'invalidResponse'],
      ['html', 502, 'invalidResponse'],
      ['reset', 502, 'serviceUnreachable'],
      ['slow', 504, 'serviceTimeout'],
    ];
    for (const [fault, status, failure] of cases) {
      injector.fault = 'none';
      assert.equal((await usage()).statusCode, 200, `before ${fault}`);
      injector.fault = fault;
      const response = await usage();
      assert.equal(response.statusCode, status, `${fault}: ${response.body}`);
      assert.equal((response.json() as { error: string }).error, failure, fault);
      injector.fault = 'none';
      const recovered = await usage();
      assert.equal(recovered.statusCode, 200, `after ${fault} ends, without a restart: ${recovered.body}`);
      assert.ok((recovered.json() as { organization?: unknown }).organization, 'real data again');
    }
  });

  it('stays responsive while the MDR service hangs', async () => {
    injector.fault = 'slow';
    const hanging = usage();
    const started = Date.now();
    const session = await fixture.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } });
    assert.equal(session.statusCode, 200);
    assert.ok(Date.now() - started < 1000, 'the console answered its own route at once');
    assert.equal((await hanging).statusCode, 504);
    injector.fault = 'none';
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createProxy } from 'proxy';
import { startSystem, waitFor, type RunningSystem } from '../support/system.ts';

const proxyUser = 'corp-user';
const proxyPassword = 'Pr0xy:s3cret/!';
const wrongPassword = 'not-the-Pr0xy-password';

/** A real forward proxy with Basic authentication that counts the CONNECT tunnels it opened. */
async function startProxy(): Promise<{ port: number; connects: string[]; close(): Promise<void> }> {
  const server = createProxy(http.createServer());
  const connects: string[] = [];
  server.authenticate = (request) => request.headers['proxy-authorization'] === `Basic ${Buffer.from(`${proxyUser}:${proxyPassword}`).toString('base64')}`;
  server.prependListener('connect', (request: http.IncomingMessage) => connects.push(String(request.url)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connects,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** Signs in through the console API as a browser would and returns a function for GET calls. */
async function signIn(consoleUrl: string, userName: string): Promise<(route: string) => Promise<{ status: number; body: Record<string, unknown> }>> {
  const response = await fetch(`${consoleUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: consoleUrl },
    body: JSON.stringify({ userName, password: 'demo' }),
  });
  assert.equal(response.status, 200, `sign-in as ${userName}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  return async (route) => {
    const answer = await fetch(`${consoleUrl}${route}`, { headers: { cookie } });
    return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
  };
}

/**
 * What an administrator behind a corporate proxy does: puts the proxy (with credentials) and a PEM
 * file in the console's `.env`, restarts the console, and uses the section. The console server and
 * the MDR service run as the real processes `npm start` runs.
 */
describe('proxy and extra CA certificates from .env, with the real processes', () => {
  let system: RunningSystem;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  const envFile = () => path.join(system.consoleDir, '.env');
  const proxyUrl = (password: string) => `http://${proxyUser}:${encodeURIComponent(password)}@127.0.0.1:${proxy.port}`;

  /** Writes `.env` and restarts the console server, which reads it at start-up only. */
  async function restartWith(lines: string[]): Promise<void> {
    await system.stopConsole();
    fs.writeFileSync(envFile(), `${lines.join('\n')}\n`);
    await system.startConsole();
  }

  before(async () => {
    proxy = await startProxy();
    system = await startSystem();
    fs.mkdirSync(path.join(system.consoleDir, 'certs'));
    fs.copyFileSync(system.caPath, path.join(system.consoleDir, 'certs', 'corporate-ca.pem'));
  });

  after(async () => {
    await system?.stop();
    await proxy?.close();
  });

  it('reaches the MDR service through the proxy with a relative PEM path, and never logs the password', async () => {
    // Counted before the restart: the console already calls the service at start-up (it tells the
    // service its users' rights), and later calls may reuse that tunnel.
    const connectsBefore = proxy.connects.length;
    await restartWith([`HTTPS_PROXY=${proxyUrl(proxyPassword)}`, 'NO_PROXY=', 'NODE_EXTRA_CA_CERTS=certs/corporate-ca.pem']);
    const get = await signIn(system.consoleUrl, 'admin');

    const usage = await get('/api/plugins/mdr/usage');
    assert.equal(usage.status, 200);
    assert.ok(proxy.connects.length > connectsBefore, 'the proxy opened a CONNECT tunnel');
    assert.match(proxy.connects.at(-1)!, new RegExp(`127\\.0\\.0\\.1:${new URL(system.serviceUrl).port}$`));

    const connection = await get('/api/plugins/mdr/connection');
    assert.equal(connection.status, 200);
    assert.deepEqual(connection.body.proxy, { protocol: 'http', host: '127.0.0.1', port: proxy.port, withCredentials: true });
    assert.ok((connection.body.extraCertificates as { count: number }).count >= 1, 'the PEM file is loaded');
    assert.equal(connection.body.restartNeeded, false);
    assert.ok(!JSON.stringify(connection.body).includes(proxyPassword));

    const log = system.console.output();
    assert.match(log, new RegExp(`127\\.0\\.0\\.1:${proxy.port}`), 'the log says which proxy is used');
    assert.ok(!log.includes(proxyPassword) && !log.includes(encodeURIComponent(proxyPassword)), 'the proxy password is not in the log');
  });

  it('says a restart is needed once .env changes, and not after the restart', async () => {
    const get = await signIn(system.consoleUrl, 'admin');
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(envFile(), later, later);
    assert.equal((await get('/api/plugins/mdr/connection')).body.restartNeeded, true);

    await restartWith(fs.readFileSync(envFile(), 'utf8').trim().split('\n'));
    const afterRestart = await signIn(system.consoleUrl, 'admin');
    assert.equal((await afterRestart('/api/plugins/mdr/connection')).body.restartNeeded, false);
  });

  it('names wrong proxy credentials, in the answer and the log, without either password', async () => {
    await restartWith([`HTTPS_PROXY=${proxyUrl(wrongPassword)}`, 'NO_PROXY=', 'NODE_EXTRA_CA_CERTS=certs/corporate-ca.pem']);
    const get = await signIn(system.consoleUrl, 'admin');
    const usage = await get('/api/plugins/mdr/usage');
    assert.equal(usage.status, 502);
    assert.equal(usage.body.error, 'proxyAuthenticationFailed');
    await waitFor(async () => /proxyAuthenticationFailed/.test(system.console.output()), 'the log line of the refused call', 5_000);
    const everything = `${JSON.stringify(usage.body)}\n${system.console.output()}`;
    for (const secret of [wrongPassword, encodeURIComponent(wrongPassword), proxyPassword]) assert.ok(!everything.includes(secret), `"${secret}" leaked`);
  });

  it('says loudly at start-up that the PEM file is missing, and names the untrusted certificate on use', async () => {
    await restartWith([`HTTPS_PROXY=${proxyUrl(proxyPassword)}`, 'NO_PROXY=', 'NODE_EXTRA_CA_CERTS=certs/missing.pem']);
    const log = system.console.output();
    assert.match(log, /NODE_EXTRA_CA_CERTS names .*missing\.pem, which is missing/);
    assert.match(log, /"level":50/, 'logged as an error');

    const get = await signIn(system.consoleUrl, 'admin');
    const connection = await get('/api/plugins/mdr/connection');
    assert.equal((connection.body.extraCertificates as { problem?: string }).problem, 'missing');
    const usage = await get('/api/plugins/mdr/usage');
    assert.equal(usage.body.error, 'certificateUntrusted');
    assert.match(String(usage.body.message), /NODE_EXTRA_CA_CERTS in the console's \.env, then restart/);
  });
});

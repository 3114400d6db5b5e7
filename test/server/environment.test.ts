import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { describeProxy, envFileChangedSince, isNoProxyHost, readConsoleEnvironment, redactProxyUrl } from '../../host-shim/server/environment.ts';
import { loadExtraCertificates } from '../../host-shim/server/outbound.ts';

describe('console environment', () => {
  it('reads .env over the inherited environment, and resolves CA paths against the console folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'env-test-'));
    fs.writeFileSync(path.join(dir, '.env'), 'HTTPS_PROXY=http://u:p%40ss@proxy.local:3128\nNODE_EXTRA_CA_CERTS=certs/extra.pem\nNO_PROXY=localhost\n');
    const environment = readConsoleEnvironment(dir, { NO_PROXY: '*.internal', HTTP_PROXY: 'http://inherited:3128', NODE_EXTRA_CA_CERTS: '/etc/ssl/system.pem' });
    assert.equal(environment.httpsProxy, 'http://u:p%40ss@proxy.local:3128');
    assert.equal(environment.noProxy, 'localhost');
    assert.equal(environment.httpProxy, 'http://inherited:3128');
    assert.deepEqual(environment.extraCaCertsPaths, [path.join(dir, 'certs', 'extra.pem'), '/etc/ssl/system.pem']);
    assert.equal(envFileChangedSince(environment), false);
    fs.writeFileSync(path.join(dir, '.env'), 'HTTPS_PROXY=http://other:3128\n');
    fs.utimesSync(path.join(dir, '.env'), new Date(), new Date(Date.now() + 5000));
    assert.equal(envFileChangedSince(environment), true);
  });

  it('never shows a proxy password', () => {
    assert.equal(redactProxyUrl('http://alice:s3cr%21t@proxy.local:3128'), 'http://alice:***@proxy.local:3128');
    assert.deepEqual(describeProxy('http://alice:s3cret@proxy.local:3128'), { host: 'proxy.local', port: 3128, protocol: 'http', withCredentials: true });
    assert.equal(JSON.stringify(describeProxy('http://alice:s3cret@proxy.local:3128')).includes('s3cret'), false);
  });

  it('applies NO_PROXY names, domains, ports and the wildcard', () => {
    assert.equal(isNoProxyHost('127.0.0.1', 8443, 'localhost,127.0.0.1'), true);
    assert.equal(isNoProxyHost('mdr.example.com', 443, '.example.com'), true);
    assert.equal(isNoProxyHost('mdr.example.com', 443, 'example.com'), true);
    assert.equal(isNoProxyHost('mdr.example.org', 443, 'example.com'), false);
    assert.equal(isNoProxyHost('anything', 443, '*'), true);
    assert.equal(isNoProxyHost('127.0.0.1', 8443, '127.0.0.1:9000'), false);
    assert.equal(isNoProxyHost('127.0.0.1', 8443, undefined), false);
  });

  it('reports a missing or empty PEM file instead of failing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pem-test-'));
    assert.equal(loadExtraCertificates([path.join(dir, 'nope.pem')]).problem, 'missing');
    fs.writeFileSync(path.join(dir, 'empty.pem'), 'not a certificate');
    const empty = loadExtraCertificates([path.join(dir, 'empty.pem')]);
    assert.equal(empty.problem, 'noCertificates');
    assert.equal(empty.problemPath, path.join(dir, 'empty.pem'));
    assert.equal(loadExtraCertificates([]).count, 0);
  });
});

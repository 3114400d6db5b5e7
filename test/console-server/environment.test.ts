import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { describeProxy, envFileChangedSince, isNoProxyHost, readConsoleEnvironment, redactProxyUrl } from '../../host-shim/server/environment.ts';
import { createCa, issueCertificate } from '../../host-shim/common/pki.ts';
import { describeRejectedCertificates, loadExtraCertificates } from '../../host-shim/server/outbound.ts';

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

  it('checks every certificate of the extra CA file and names each bad one by file, position and subject', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pem-check-'));
    const ca = createCa(dir, 'Inspecting Proxy CA');
    const caPem = fs.readFileSync(ca.certPath, 'utf8');
    const leaf = issueCertificate(ca, { commonName: 'proxy.example', altNames: ['proxy.example'], validDays: 30 });
    const damaged = '-----BEGIN CERTIFICATE-----\nTUlJQ2RhbWFnZWQ=\n-----END CERTIFICATE-----\n';
    const file = path.join(dir, 'extra.pem');
    fs.writeFileSync(file, `# corporate proxy\n${caPem}${leaf.certPem}${damaged}`);

    const loaded = loadExtraCertificates([file]);
    assert.equal(loaded.count, 1, 'the good CA certificate is still trusted');
    assert.equal(loaded.problem, undefined, 'the file itself is usable');
    assert.deepEqual(
      loaded.rejected.map(({ position, reason, subject }) => ({ position, reason, subject })),
      [
        { position: 2, reason: 'notCa', subject: 'CN=proxy.example' },
        { position: 3, reason: 'unreadable', subject: undefined },
      ],
    );
    const [leafLine, damagedLine] = describeRejectedCertificates(loaded);
    const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
    const secondBegin = lines.indexOf('-----BEGIN CERTIFICATE-----', lines.indexOf('-----BEGIN CERTIFICATE-----') + 1) + 1;
    assert.equal(loaded.rejected[0]!.line, secondBegin);
    assert.match(leafLine!, new RegExp(`certificate 2 of ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(line \\d+\\), subject CN=proxy.example, is not a CA certificate`));
    assert.match(damagedLine!, /certificate 3 of .*extra\.pem \(line \d+\), cannot be read as a certificate/);

    // The same CA, years after it expired.
    const later = loadExtraCertificates([ca.certPath], new Date(Date.now() + 20 * 365 * 24 * 3600_000));
    assert.equal(later.count, 0);
    assert.deepEqual(later.rejected.map(({ reason, subject, line }) => ({ reason, subject, line })), [{ reason: 'expired', subject: 'CN=Inspecting Proxy CA, O=MDR local stand-in', line: 1 }]);
  });
});

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createCa, ensurePki, issueCertificate } from '../../host-shim/common/pki.ts';
import { httpsJson, startTestService, tempDataDir, type TestService } from '../support/mdr-service.ts';

const DAY = 24 * 60 * 60 * 1000;

describe('local PKI (ensurePki)', () => {
  test('creates CA and server certificate quickly, keys private, SAN and validity as specified', () => {
    const dir = tempDataDir('mdr-pki-');
    try {
      const started = performance.now();
      const pki = ensurePki(dir);
      const elapsed = performance.now() - started;
      assert.ok(elapsed < 2000, `ensurePki took ${elapsed.toFixed(0)} ms`);

      for (const file of [pki.caKeyPath, pki.serverKeyPath]) {
        assert.equal(fs.statSync(file).mode & 0o777, 0o600, `${path.basename(file)} must be 0600`);
      }
      const ca = new crypto.X509Certificate(fs.readFileSync(pki.caCertPath));
      const server = new crypto.X509Certificate(fs.readFileSync(pki.serverCertPath));
      assert.equal(ca.ca, true);
      assert.match(ca.subject, /CN=MDR Local CA/);
      assert.equal(server.ca, false);
      assert.ok(server.checkIssued(ca), 'server certificate is issued by the CA');
      assert.ok(server.verify(ca.publicKey), 'server certificate signature verifies with the CA key');
      assert.ok(!server.verify(new crypto.X509Certificate(fs.readFileSync(pki.serverCertPath)).publicKey), 'not self-signed');
      const san = server.subjectAltName ?? '';
      assert.match(san, /DNS:localhost/);
      assert.match(san, /IP Address:127\.0\.0\.1/);
      assert.match(san, /IP Address:(0:0:0:0:0:0:0:1|::1)/);
      const validDays = (Date.parse(server.validTo) - Date.now()) / DAY;
      assert.ok(validDays > 725 && validDays <= 731, `server certificate valid for ${validDays.toFixed(1)} days`);
      // The key on disk belongs to the certificate.
      const key = crypto.createPrivateKey(fs.readFileSync(pki.serverKeyPath));
      assert.ok(server.checkPrivateKey(key));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('is idempotent and never regenerates existing files', () => {
    const dir = tempDataDir('mdr-pki-');
    try {
      const first = ensurePki(dir);
      const before = Object.fromEntries(Object.entries(first).filter(([k]) => k !== 'dir').map(([k, file]) => [k, fs.readFileSync(file as string, 'utf8')]));
      const second = ensurePki(dir);
      assert.deepEqual(second, first);
      for (const [k, content] of Object.entries(before)) assert.equal(fs.readFileSync((second as unknown as Record<string, string>)[k]!, 'utf8'), content, `${k} unchanged`);

      // A missing server certificate is re-issued by the existing CA (the CA itself is kept).
      fs.rmSync(first.serverCertPath);
      fs.rmSync(first.serverKeyPath);
      const third = ensurePki(dir);
      assert.equal(fs.readFileSync(third.caCertPath, 'utf8'), before.caCertPath);
      const ca = new crypto.X509Certificate(fs.readFileSync(third.caCertPath));
      assert.ok(new crypto.X509Certificate(fs.readFileSync(third.serverCertPath)).checkIssued(ca));
      assert.notEqual(fs.readFileSync(third.serverCertPath, 'utf8'), before.serverCertPath);

      // Half a CA is refused rather than silently replaced.
      fs.rmSync(first.caKeyPath);
      assert.throws(() => ensurePki(dir), /Incomplete CA/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('MDR service TLS trust', () => {
  let service: TestService;
  let otherDir: string;

  before(async () => {
    service = await startTestService({ demo: false });
    otherDir = tempDataDir('mdr-other-ca-');
  });
  after(async () => {
    await service.close();
    fs.rmSync(otherDir, { recursive: true, force: true });
  });

  test('the certificate verifies against the local CA', async () => {
    const response = await httpsJson<{ status: string }>(`${service.url}/console/v1/health`, { ca: service.ca });
    assert.equal(response.status, 200);
    assert.equal(response.body.status, 'ok');
  });

  test('the certificate fails against another CA', async () => {
    const other = createCa(otherDir, 'Untrusted Test CA', 'other-ca');
    await assert.rejects(
      httpsJson(`${service.url}/console/v1/health`, { ca: fs.readFileSync(other.certPath) }),
      (error: NodeJS.ErrnoException) => {
        assert.match(String(error.code), /UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN/);
        return true;
      },
    );
  });

  test('without any trust configured (system roots only) the connection is refused', async () => {
    await assert.rejects(
      new Promise((resolve, reject) => {
        https.get(`${service.url}/console/v1/health`, { agent: false }, resolve).on('error', reject);
      }),
      (error: NodeJS.ErrnoException) => /CERT|SIGNATURE|ISSUER/.test(String(error.code)),
    );
  });

  test('issueCertificate: a certificate from another CA is trusted by that CA only', async () => {
    const other = createCa(otherDir, 'Untrusted Test CA', 'other-ca');
    const leaf = issueCertificate(other, { commonName: 'localhost', altNames: ['localhost', '127.0.0.1'], validDays: 2 });
    const server = https.createServer({ key: leaf.keyPem, cert: leaf.certPem }, (_req, res) => res.end('{"ok":true}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const trusted = await httpsJson<{ ok: boolean }>(`https://127.0.0.1:${port}/`, { ca: fs.readFileSync(other.certPath) });
      assert.equal(trusted.body.ok, true);
      await assert.rejects(httpsJson(`https://127.0.0.1:${port}/`, { ca: service.ca }), (error: NodeJS.ErrnoException) =>
        /UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/.test(String(error.code)),
      );
    } finally {
      server.close();
    }
  });
});

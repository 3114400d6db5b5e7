import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import net from 'node:net';
import forge from 'node-forge';
import { dataDir } from './paths.ts';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from './file-modes.ts';
import { withFileLockSync, writeFileAtomic } from './files.ts';

/** Where a certificate authority's PEM files live. */
export interface CaPaths {
  /** PEM certificate of the CA (the file clients trust). */
  certPath: string;
  /** PEM private key of the CA (mode 0600). */
  keyPath: string;
}

/** Everything {@link ensurePki} guarantees to exist. */
export interface PkiPaths {
  /** Folder that holds the files. */
  dir: string;
  /** `mdr-ca.pem`: the local CA certificate, to be trusted by clients of the MDR service. */
  caCertPath: string;
  /** `mdr-ca-key.pem`: the local CA private key. */
  caKeyPath: string;
  /** `mdr-service.pem`: the MDR service's server certificate, signed by the local CA. */
  serverCertPath: string;
  /** `mdr-service-key.pem`: the MDR service's private key. */
  serverKeyPath: string;
}

/** What {@link issueCertificate} should put into a leaf certificate. */
export interface CertificateRequest {
  /** Subject common name. */
  commonName: string;
  /** Subject alternative names: IPv4/IPv6 literals become IP entries, anything else a DNS entry. */
  altNames: string[];
  /** Validity in days from now. */
  validDays: number;
}

/** A freshly issued certificate and its private key, both PEM. */
export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
}

const CA_VALID_DAYS = 3650;
const SERVER_VALID_DAYS = 730;
/** Start validity a little in the past so a client whose clock lags does not reject a new certificate. */
const BACKDATE_MS = 60 * 60 * 1000;
/** Certificates too: the data folder holds nothing others may read (a client gets the CA by path). */
const PRIVATE_MODE = PRIVATE_FILE_MODE;

/** Node's native RSA generation is ~50 ms; forge's pure-JS generation would take seconds. */
function generateRsaKeyPair(): { forgePrivate: forge.pki.rsa.PrivateKey; forgePublic: forge.pki.rsa.PublicKey; pkcs8Pem: string } {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pkcs8Pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const pkcs1Pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgePrivate = forge.pki.privateKeyFromPem(pkcs1Pem) as forge.pki.rsa.PrivateKey;
  const forgePublic = forge.pki.setRsaPublicKey(forgePrivate.n, forgePrivate.e);
  return { forgePrivate, forgePublic, pkcs8Pem };
}

/** A random positive 128-bit serial number (RFC 5280 requires positive, unique serials). */
function randomSerial(): string {
  const bytes = crypto.randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  if (bytes[0] === 0) bytes[0] = 0x01;
  return bytes.toString('hex');
}

function validity(cert: forge.pki.Certificate, days: number): void {
  const now = Date.now();
  cert.validity.notBefore = new Date(now - BACKDATE_MS);
  cert.validity.notAfter = new Date(now + days * 24 * 60 * 60 * 1000);
}

/** Key identifier computed exactly as forge computes the subjectKeyIdentifier it writes, so AKI matches SKI. */
function subjectKeyId(publicKey: forge.pki.rsa.PublicKey): string {
  return forge.pki.getPublicKeyFingerprint(publicKey, { type: 'RSAPublicKey' }).getBytes();
}

/** Builds a self-signed CA certificate with the extensions strict verifiers (OpenSSL X509_STRICT) expect. */
function buildCaCertificate(commonName: string): IssuedCertificate {
  const keys = generateRsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.forgePublic;
  cert.serialNumber = randomSerial();
  validity(cert, CA_VALID_DAYS);
  const attrs = [{ name: 'commonName', value: commonName }, { name: 'organizationName', value: 'MDR local stand-in' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  const keyId = subjectKeyId(keys.forgePublic);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: keyId },
  ]);
  cert.sign(keys.forgePrivate, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.pkcs8Pem };
}

function readCa(ca: CaPaths): { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } {
  const cert = forge.pki.certificateFromPem(fs.readFileSync(ca.certPath, 'utf8'));
  const keyObject = crypto.createPrivateKey(fs.readFileSync(ca.keyPath, 'utf8'));
  const key = forge.pki.privateKeyFromPem(keyObject.export({ type: 'pkcs1', format: 'pem' }).toString()) as forge.pki.rsa.PrivateKey;
  return { cert, key };
}

/**
 * Issues a TLS server certificate signed by the CA at `ca`. Nothing is written to disk: the caller
 * decides where the PEMs go (tests use this to make certificates from other, untrusted CAs).
 */
export function issueCertificate(ca: CaPaths, request: CertificateRequest): IssuedCertificate {
  const issuer = readCa(ca);
  const keys = generateRsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.forgePublic;
  cert.serialNumber = randomSerial();
  validity(cert, request.validDays);
  cert.setSubject([{ name: 'commonName', value: request.commonName }]);
  cert.setIssuer(issuer.cert.subject.attributes);
  const issuerKeyId = subjectKeyId(issuer.cert.publicKey as forge.pki.rsa.PublicKey);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: request.altNames.map((name) => (net.isIP(name) ? { type: 7, ip: name } : { type: 2, value: name })),
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: issuerKeyId },
  ]);
  cert.sign(issuer.key, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.pkcs8Pem };
}

/**
 * Makes sure a CA named `name` exists in `dir` as `<fileStem>.pem` / `<fileStem>-key.pem` and
 * returns its paths. Existing files are never replaced. Tests call it with another folder or stem
 * to get a second, untrusted CA.
 */
export function createCa(dir: string, name: string, fileStem = 'mdr-ca'): CaPaths {
  const paths: CaPaths = { certPath: path.join(dir, `${fileStem}.pem`), keyPath: path.join(dir, `${fileStem}-key.pem`) };
  return withFileLockSync(path.join(dir, `.${fileStem}.lock`), () => {
    const haveCert = fs.existsSync(paths.certPath);
    const haveKey = fs.existsSync(paths.keyPath);
    if (haveCert && haveKey) return paths;
    if (haveCert !== haveKey) {
      // Regenerating would silently invalidate every certificate the CA issued: refuse instead.
      throw new Error(`Incomplete CA in ${dir}: ${haveCert ? paths.keyPath : paths.certPath} is missing`);
    }
    const ca = buildCaCertificate(name);
    writeFileAtomic(paths.keyPath, ca.keyPem, PRIVATE_MODE);
    writeFileAtomic(paths.certPath, ca.certPem, PRIVATE_MODE);
    return paths;
  });
}

/**
 * Creates, on first call, the local CA ("MDR Local CA") and the MDR service's server certificate
 * (SAN: localhost, 127.0.0.1, ::1; valid two years) in `dir`, and returns their paths.
 * Idempotent: files that exist are never regenerated.
 */
export function ensurePki(dir: string = dataDir()): PkiPaths {
  ensurePrivateDir(dir);
  const ca = createCa(dir, 'MDR Local CA', 'mdr-ca');
  const result: PkiPaths = {
    dir,
    caCertPath: ca.certPath,
    caKeyPath: ca.keyPath,
    serverCertPath: path.join(dir, 'mdr-service.pem'),
    serverKeyPath: path.join(dir, 'mdr-service-key.pem'),
  };
  withFileLockSync(path.join(dir, '.mdr-service-cert.lock'), () => {
    if (fs.existsSync(result.serverCertPath) && fs.existsSync(result.serverKeyPath)) return;
    const issued = issueCertificate(ca, {
      commonName: 'localhost',
      altNames: ['localhost', '127.0.0.1', '::1'],
      validDays: SERVER_VALID_DAYS,
    });
    writeFileAtomic(result.serverKeyPath, issued.keyPem, PRIVATE_MODE);
    writeFileAtomic(result.serverCertPath, issued.certPem, PRIVATE_MODE);
  });
  return result;
}

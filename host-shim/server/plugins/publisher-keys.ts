/**
 * Publisher keys: Ed25519 key pairs a publisher signs its bundles with, and the public keys the
 * console trusts, kept per publisher — `<folder>/<publisher id>/<any name>.pem` — so that a key
 * vouches only for bundles whose manifest names its own publisher. The console reads
 * `<data folder>/trusted-publishers/` and the folder `KSC_TRUSTED_PUBLISHERS_DIR` names; a key
 * added there is trusted from the next installation on, without a restart.
 */
import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../common/files.ts';
import type { SignatureFile } from './bundle-format.ts';

/** A public key the console accepts signatures of, for one publisher. */
export interface TrustedKey {
  publisherId: string;
  /** `sha256:<hex>` of the public key (SubjectPublicKeyInfo, DER). */
  keyId: string;
  key: KeyObject;
  /** The file it was read from. */
  source: string;
}

const publisherIdPattern = /^[a-z][a-z0-9-]*$/;

/** The id of a public key: `sha256:` and the SHA-256 of its SubjectPublicKeyInfo. */
export function keyIdOf(publicKey: KeyObject): string {
  return `sha256:${crypto.createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex')}`;
}

/** Signs an archive: the detached signature file's content. */
export function signArchive(archive: Buffer, privateKey: KeyObject): SignatureFile {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('A publisher key must be an Ed25519 key');
  return {
    format: 1,
    algorithm: 'Ed25519',
    keyId: keyIdOf(crypto.createPublicKey(privateKey)),
    signature: crypto.sign(null, archive, privateKey).toString('base64'),
  };
}

/** The signature file as bytes (what is written beside the archive and uploaded with it). */
export function signatureFileBytes(signature: SignatureFile): Buffer {
  return Buffer.from(`${JSON.stringify(signature, null, 2)}\n`, 'utf8');
}

/**
 * The trusted keys of every folder given (missing folders are skipped): each sub-folder named after a
 * publisher id holds that publisher's public keys as PEM files. A file that is not an Ed25519 public
 * key is skipped and named in `problems`.
 */
export function readTrustedKeys(folders: readonly string[]): { keys: TrustedKey[]; problems: string[] } {
  const keys: TrustedKey[] = [];
  const problems: string[] = [];
  for (const folder of folders) {
    if (!fs.existsSync(folder)) continue;
    for (const publisher of fs.readdirSync(folder, { withFileTypes: true })) {
      if (!publisher.isDirectory()) continue;
      if (!publisherIdPattern.test(publisher.name)) {
        problems.push(`${path.join(folder, publisher.name)}: not a publisher id`);
        continue;
      }
      for (const file of fs.readdirSync(path.join(folder, publisher.name), { withFileTypes: true })) {
        if (!file.isFile() || !file.name.endsWith('.pem')) continue;
        const source = path.join(folder, publisher.name, file.name);
        try {
          const key = crypto.createPublicKey(fs.readFileSync(source, 'utf8'));
          if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
          keys.push({ publisherId: publisher.name, keyId: keyIdOf(key), key, source });
        } catch (error) {
          problems.push(`${source}: ${(error as Error).message}`);
        }
      }
    }
  }
  return { keys, problems };
}

/** Writes a public key into a trusted-keys folder for `publisherId` (as `<name>.pem`). */
export function trustPublicKey(folder: string, publisherId: string, publicKey: KeyObject, name: string): string {
  if (!publisherIdPattern.test(publisherId)) throw new Error(`Not a publisher id: ${publisherId}`);
  const file = path.join(folder, publisherId, `${name}.pem`);
  writeFileAtomic(file, publicKey.export({ type: 'spki', format: 'pem' }) as string, 0o644);
  return file;
}

/** The local publisher key pair of the demo: where it lives in the data folder. */
export function localPublisherKeyPath(dataDir: string, publisherId: string): string {
  return path.join(dataDir, 'publisher', `${publisherId}.key.pem`);
}

/**
 * The local publisher key of `npm start` and `npm run package`: an Ed25519 key pair for `publisherId`
 * in `<data folder>/publisher/` (private key `0600`), made on first use, whose public key is trusted
 * in `<data folder>/trusted-publishers/<publisherId>/local.pem`.
 */
export function ensureLocalPublisherKey(dataDir: string, publisherId: string): { privateKey: KeyObject; publicKey: KeyObject; keyId: string; created: boolean } {
  const keyFile = localPublisherKeyPath(dataDir, publisherId);
  let created = false;
  if (!fs.existsSync(keyFile)) {
    const pair = crypto.generateKeyPairSync('ed25519');
    writeFileAtomic(keyFile, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 0o600);
    created = true;
  }
  const privateKey = crypto.createPrivateKey(fs.readFileSync(keyFile, 'utf8'));
  const publicKey = crypto.createPublicKey(privateKey);
  const trusted = path.join(trustedPublishersDir(dataDir), publisherId, 'local.pem');
  const pem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
  if (!fs.existsSync(trusted) || fs.readFileSync(trusted, 'utf8') !== pem) trustPublicKey(trustedPublishersDir(dataDir), publisherId, publicKey, 'local');
  return { privateKey, publicKey, keyId: keyIdOf(publicKey), created };
}

/** The console's own folder of trusted publisher keys in its data folder. */
export function trustedPublishersDir(dataDir: string): string {
  return path.join(dataDir, 'trusted-publishers');
}

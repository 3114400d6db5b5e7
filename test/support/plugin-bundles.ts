/**
 * Plug-in bundles for tests: publisher keys, small bundles of a manifest with a stub entry module
 * and its locale files, signed the way `npm run package` signs, and their files for archives the
 * tests write themselves (test/support/zip-builder.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { HOST_CONTRACT_VERSION } from '../../contract/host-contract.ts';
import { repoRoot } from '../../host-shim/common/paths.ts';
import { loadManifest, type PluginManifest } from '../../host-shim/server/manifest.ts';
import { FILE_LIST_FILE, LEGAL_NOTICES_FILE, localeFilePath, MANIFEST_FILE, type SignatureFile } from '../../host-shim/server/plugins/bundle-format.ts';
import { fileListOf, signedBundle, zipFiles } from '../../host-shim/server/plugins/bundle-packager.ts';
import { verifyBundle, type VerifiedBundle } from '../../host-shim/server/plugins/bundle-verifier.ts';
import { keyIdOf, signArchive, signatureFileBytes, trustPublicKey, type TrustedKey } from '../../host-shim/server/plugins/publisher-keys.ts';

/** A publisher with its key pair, and its public key as the console trusts it. */
export interface TestPublisher {
  publisherId: string;
  privateKey: crypto.KeyObject;
  publicKey: crypto.KeyObject;
  keyId: string;
  trusted: TrustedKey;
}

export function testPublisher(publisherId = 'example-security'): TestPublisher {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const keyId = keyIdOf(publicKey);
  return { publisherId, privateKey, publicKey, keyId, trusted: { publisherId, keyId, key: publicKey, source: 'test' } };
}

/** Writes the publisher's public key into a trusted-keys folder. */
export function trustPublisher(folder: string, publisher: TestPublisher): void {
  trustPublicKey(folder, publisher.publisherId, publisher.publicKey, `test-${publisher.keyId.slice(7, 19)}`);
}

/** The MDR plug-in's manifest as its bundle carries it (no `$schema`), with `changes` applied. */
export function mdrManifest(changes: Partial<PluginManifest> = {}): PluginManifest {
  const { $schema: _schema, ...manifest } = loadManifest() as PluginManifest & { $schema?: string };
  return { ...manifest, ...changes };
}

/**
 * The files of a small bundle of `manifest`: the manifest, a stub entry module, every listed
 * language's locale file (the repository's, when it has one), the legal notices, and `extra`.
 */
export function bundleFiles(manifest: PluginManifest, extra: Record<string, string | Buffer> = {}): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  files.set(MANIFEST_FILE, Buffer.from(JSON.stringify(manifest, null, 2)));
  files.set(manifest.entry, Buffer.from(`// ${manifest.qualifiedId} ${manifest.version}\nexport const version = ${JSON.stringify(manifest.version)};\n`));
  for (const language of manifest.locales) {
    const source = path.join(repoRoot, 'locales', language, `${manifest.localeNamespace}.json`);
    files.set(localeFilePath(language, manifest.localeNamespace), fs.existsSync(source) ? fs.readFileSync(source) : Buffer.from('{"section":{"title":"Test"}}'));
  }
  files.set(LEGAL_NOTICES_FILE, Buffer.from('This plug-in contains no third-party code.\n'));
  for (const [name, content] of Object.entries(extra)) files.set(name, Buffer.from(content));
  return files;
}

/** `files` with their `files.json`, as the archive holds them. */
export function withFileList(files: Map<string, Buffer>): Map<string, Buffer> {
  const all = new Map(files);
  all.set(FILE_LIST_FILE, Buffer.from(JSON.stringify(fileListOf(files))));
  return all;
}

/** Signs archive bytes: the signature file's bytes. */
export function signatureOf(archive: Buffer, publisher: TestPublisher, change: (signature: SignatureFile) => SignatureFile = (signature) => signature): Buffer {
  return signatureFileBytes(change(signArchive(archive, publisher.privateKey)));
}

/** A signed bundle of `manifest` (default: the MDR manifest with English and German only). */
export async function signedTestBundle(
  publisher: TestPublisher,
  manifest: PluginManifest = mdrManifest({ locales: ['en', 'de'] }),
  extra: Record<string, string | Buffer> = {},
): Promise<{ manifest: PluginManifest; archive: Buffer; signature: Buffer; fileName: string }> {
  const bundle = await signedBundle(manifest, bundleFiles(manifest, extra), publisher.privateKey);
  return { manifest, archive: bundle.archive, signature: bundle.signatureBytes, fileName: bundle.fileName };
}

/** A signed archive of exactly `files` (no file list added), zipped the honest way. */
export async function signedArchiveOf(files: Map<string, Buffer>, publisher: TestPublisher): Promise<{ archive: Buffer; signature: Buffer }> {
  const archive = await zipFiles(files);
  return { archive, signature: signatureOf(archive, publisher) };
}

/** Verifies with this console's contract version and the given trusted keys. */
export function verifyForTest(archive: Buffer, signature: Buffer | undefined, trusted: TrustedKey[], limits = {}): VerifiedBundle {
  return verifyBundle(archive, signature, { trustedKeys: trusted, hostContractVersion: HOST_CONTRACT_VERSION, limits });
}

/**
 * Verification of a plug-in bundle before anything of it is written where the console serves from.
 * In this order, each refusal with its own rule (`BundleRefusedError`):
 *
 * 1. the archive's size (`archiveTooLarge`);
 * 2. the detached signature: present (`unsigned`), readable (`signatureMalformed`), Ed25519
 *    (`unsupportedSignature`), by a trusted key (`untrustedKey`), valid over the archive's bytes
 *    (`badSignature`);
 * 3. the archive: a ZIP this console reads (`notAZip`, `unsupportedEntry`), at most so many entries
 *    (`tooManyFiles`), regular files only (`link`, `notAFile`), safe names — relative, no `..`, no
 *    backslash or other characters outside the allowed ones (`unsafeName`) — each once, whatever
 *    the case (`duplicateName`), declared sizes within the limits (`fileTooLarge`, `bundleTooLarge`)
 *    and a compression no bomb stays under (`compressionRatio`); unpacking stops at the declared size
 *    and checks it and the CRC (`corruptEntry`);
 * 4. `files.json` and `manifest.json` present (`missingFile`), the file list well formed
 *    (`fileListInvalid`), naming every other file exactly once (`unlistedFile`, `missingFile`), each
 *    with its size and SHA-256 (`checksumMismatch`);
 * 5. the manifest: JSON valid against the manifest schema, its qualified id made of publisher and
 *    id, its routes under its own prefix, every right its tabs, widgets and routes need declared by it
 *    (`manifestInvalid`, `field` naming where), none of its rights a console permission
 *    (`rightIdTaken`), its entry
 *    module and locale files in the bundle (`missingFile`), the locale files JSON objects
 *    (`localeInvalid`), its publisher the signing key's (`publisherMismatch`), its host contract
 *    range including this console's version (`hostContractIncompatible`).
 *
 * Everything happens in memory: a refused bundle leaves nothing behind.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { repoRoot } from '../../common/paths.ts';
import { BundleRefusedError, type BundleRefusal } from '../errors.ts';
import type { PluginManifest } from '../manifest.ts';
import { CONSOLE_PERMISSION_IDS } from '../../../contract/host-contract.ts';
import { defaultBundleLimits, FILE_LIST_FILE, isSafeBundleName, localeFilePath, MANIFEST_FILE, type BundleLimits, type FileListEntry } from './bundle-format.ts';
import type { TrustedKey } from './publisher-keys.ts';
import { satisfiesRange } from './versions.ts';
import { readZipDirectory, readZipEntry, ZipError } from './zip-reader.ts';

export type { BundleRefusal };

/** A bundle that passed every check: what the store installs. */
export interface VerifiedBundle {
  manifest: PluginManifest;
  /** Every file of the archive by its path, `files.json` and `manifest.json` included. */
  files: Map<string, Buffer>;
  /** The file list of `files.json`. */
  fileList: FileListEntry[];
  /** The key that signed it, and whose publisher it is. */
  keyId: string;
  /** SHA-256 of `files.json`: equal for two bundles with the same content, whatever their archives' bytes. */
  contentDigest: string;
  /** SHA-256 of the archive. */
  archiveSha256: string;
}

export interface VerifyOptions {
  trustedKeys: readonly TrustedKey[];
  /** The console's host contract version (contract/host-contract.ts). */
  hostContractVersion: string;
  limits?: Partial<BundleLimits>;
}

/** Files of 64 KiB and more are held to the compression ratio limit; smaller ones cannot make a bomb. */
const RATIO_CHECKED_FROM = 64 * 1024;

const manifestSchemaPath = path.join(repoRoot, 'manifest', 'mdr-plugin.schema.json');
let manifestValidator: ValidateFunction | undefined;

/** The manifest schema, compiled once. */
function validateManifestSchema(value: unknown): { valid: true } | { valid: false; field: string } {
  manifestValidator ??= new Ajv({ allErrors: false, strict: false }).compile(JSON.parse(fs.readFileSync(manifestSchemaPath, 'utf8')) as object);
  if (manifestValidator(value)) return { valid: true };
  const issue = manifestValidator.errors?.[0];
  const missing = issue?.keyword === 'required' ? `/${String(issue.params.missingProperty)}` : '';
  return { valid: false, field: `${issue?.instancePath ?? ''}${missing}`.replace(/^\//, '') || 'manifest' };
}

function refuse(rule: BundleRefusal, field?: string): never {
  throw new BundleRefusedError(rule, field);
}

function sha256(content: Buffer): string {
  return crypto.createHash('sha256').update(content).digest('hex');
}

/** The signature file, read; the key that made it, among the trusted ones. */
function checkSignature(archive: Buffer, signatureBytes: Buffer | undefined, trustedKeys: readonly TrustedKey[]): TrustedKey {
  if (!signatureBytes || signatureBytes.length === 0) refuse('unsigned', 'signature');
  let signature: unknown;
  try {
    signature = JSON.parse(signatureBytes.toString('utf8'));
  } catch {
    refuse('signatureMalformed', 'signature');
  }
  const { format, algorithm, keyId, signature: value } = (signature ?? {}) as Record<string, unknown>;
  if (format !== 1 || typeof algorithm !== 'string' || typeof keyId !== 'string' || typeof value !== 'string') refuse('signatureMalformed', 'signature');
  if (algorithm !== 'Ed25519') refuse('unsupportedSignature', 'signature');
  const key = trustedKeys.find((candidate) => candidate.keyId === keyId);
  if (!key) refuse('untrustedKey', 'signature');
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== 64 || bytes.toString('base64') !== value) refuse('signatureMalformed', 'signature');
  if (!crypto.verify(null, archive, key.key, bytes)) refuse('badSignature', 'signature');
  return key;
}

/** The archive's files, unpacked within the limits. */
function unpack(archive: Buffer, limits: BundleLimits): Map<string, Buffer> {
  let entries;
  try {
    entries = readZipDirectory(archive);
  } catch (error) {
    if (error instanceof ZipError) refuse(error.problem, error.entryName);
    throw error;
  }
  if (entries.length > limits.files) refuse('tooManyFiles');
  const seen = new Set<string>();
  let total = 0;
  for (const entry of entries) {
    if (entry.kind === 'symbolicLink') refuse('link', entry.name);
    if (entry.kind === 'directory') continue;
    if (entry.kind !== 'file') refuse('notAFile', entry.name);
    if (!isSafeBundleName(entry.name)) refuse('unsafeName', entry.name);
    // Case-insensitive file systems would make two names one file.
    const folded = entry.name.toLowerCase();
    if (seen.has(folded)) refuse('duplicateName', entry.name);
    seen.add(folded);
    if (entry.uncompressedSize > limits.fileBytes) refuse('fileTooLarge', entry.name);
    total += entry.uncompressedSize;
    if (total > limits.totalBytes) refuse('bundleTooLarge', entry.name);
    if (entry.uncompressedSize >= RATIO_CHECKED_FROM && entry.uncompressedSize > limits.compressionRatio * Math.max(entry.compressedSize, 1)) refuse('compressionRatio', entry.name);
  }
  const files = new Map<string, Buffer>();
  for (const entry of entries) {
    if (entry.kind !== 'file') continue;
    try {
      files.set(entry.name, readZipEntry(archive, entry));
    } catch (error) {
      if (error instanceof ZipError) refuse(error.problem, error.entryName);
      throw error;
    }
  }
  // A folder entry must not share its name with a file (`a` and `a/`), nor be unsafe itself.
  for (const entry of entries) {
    if (entry.kind !== 'directory') continue;
    const name = entry.name.replace(/\/$/, '');
    if (!isSafeBundleName(name)) refuse('unsafeName', entry.name);
    if (files.has(name)) refuse('duplicateName', entry.name);
  }
  return files;
}

/** `files.json`, read and matched against the files: every other file listed once, with its size and SHA-256. */
function checkFileList(files: Map<string, Buffer>): { entries: FileListEntry[]; digest: string } {
  const listBytes = files.get(FILE_LIST_FILE);
  if (!listBytes) refuse('missingFile', FILE_LIST_FILE);
  let list: unknown;
  try {
    list = JSON.parse(listBytes.toString('utf8'));
  } catch {
    refuse('fileListInvalid', FILE_LIST_FILE);
  }
  const entries = (list as { format?: unknown; files?: unknown } | null)?.files;
  if ((list as { format?: unknown } | null)?.format !== 1 || !Array.isArray(entries)) refuse('fileListInvalid', FILE_LIST_FILE);
  const listed = new Map<string, FileListEntry>();
  for (const entry of entries as unknown[]) {
    const { path: name, size, sha256: digest } = (entry ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || typeof size !== 'number' || typeof digest !== 'string' || !/^[0-9a-f]{64}$/.test(digest)) refuse('fileListInvalid', FILE_LIST_FILE);
    if (listed.has(name) || name === FILE_LIST_FILE) refuse('fileListInvalid', name);
    listed.set(name, { path: name, size, sha256: digest });
  }
  for (const name of files.keys()) {
    if (name !== FILE_LIST_FILE && !listed.has(name)) refuse('unlistedFile', name);
  }
  for (const entry of listed.values()) {
    const content = files.get(entry.path);
    if (!content) refuse('missingFile', entry.path);
    if (content.length !== entry.size || sha256(content) !== entry.sha256) refuse('checksumMismatch', entry.path);
  }
  return { entries: [...listed.values()], digest: sha256(listBytes) };
}

/**
 * The manifest's rights: each declared once, none a permission of the console itself (`rightIdTaken`:
 * a plug-in cannot make its users administrators by naming the console's permission), and every right
 * a tab, widget or route needs one the manifest declares (`manifestInvalid`). Whether another
 * installed plug-in declares the same id is decided when installing (services/web-plugins.ts).
 */
function checkDeclaredRights(manifest: PluginManifest): void {
  const declared = new Set<string>();
  manifest.rights.forEach((right, index) => {
    if (CONSOLE_PERMISSION_IDS.includes(right.id)) refuse('rightIdTaken', `rights/${index}/id`);
    if (declared.has(right.id)) refuse('manifestInvalid', `rights/${index}/id`);
    declared.add(right.id);
  });
  for (const part of ['tabs', 'widgets', 'routes'] as const) {
    manifest[part].forEach((item: { rights: string[] }, index) => {
      const undeclared = item.rights.findIndex((right) => !declared.has(right));
      if (undeclared >= 0) refuse('manifestInvalid', `${part}/${index}/rights/${undeclared}`);
    });
  }
}

/** The manifest, valid and consistent with the bundle, the signing key and this console. */
function checkManifest(files: Map<string, Buffer>, signer: TrustedKey, hostContractVersion: string): PluginManifest {
  const bytes = files.get(MANIFEST_FILE);
  if (!bytes) refuse('missingFile', MANIFEST_FILE);
  let manifest: PluginManifest;
  try {
    manifest = JSON.parse(bytes.toString('utf8')) as PluginManifest;
  } catch {
    refuse('manifestInvalid', MANIFEST_FILE);
  }
  const schema = validateManifestSchema(manifest);
  if (!schema.valid) refuse('manifestInvalid', schema.field);
  if (manifest.qualifiedId !== `${manifest.publisher.id}.${manifest.id}`) refuse('manifestInvalid', 'qualifiedId');
  const prefix = `/api/plugins/${manifest.id}/`;
  const outside = manifest.routes.findIndex((route) => !route.path.startsWith(prefix));
  if (outside >= 0) refuse('manifestInvalid', `routes/${outside}/path`);
  checkDeclaredRights(manifest);
  if (!files.has(manifest.entry)) refuse('missingFile', manifest.entry);
  for (const language of manifest.locales) {
    const localeFile = localeFilePath(language, manifest.localeNamespace);
    const content = files.get(localeFile);
    if (!content) refuse('missingFile', localeFile);
    let strings: unknown;
    try {
      strings = JSON.parse(content.toString('utf8'));
    } catch {
      refuse('localeInvalid', localeFile);
    }
    if (strings === null || typeof strings !== 'object' || Array.isArray(strings)) refuse('localeInvalid', localeFile);
  }
  if (manifest.publisher.id !== signer.publisherId) refuse('publisherMismatch', 'publisher.id');
  if (!satisfiesRange(hostContractVersion, manifest.hostContract)) refuse('hostContractIncompatible', 'hostContract');
  return manifest;
}

/**
 * Verifies a bundle (archive and detached signature) completely, in memory. Returns what the store
 * installs, or throws {@link BundleRefusedError} with the rule the bundle broke and, where there is
 * one, the file or manifest field at fault.
 */
export function verifyBundle(archive: Buffer, signature: Buffer | undefined, options: VerifyOptions): VerifiedBundle {
  const limits = { ...defaultBundleLimits, ...options.limits };
  if (archive.length > limits.archiveBytes) refuse('archiveTooLarge');
  const signer = checkSignature(archive, signature, options.trustedKeys);
  const files = unpack(archive, limits);
  const fileList = checkFileList(files);
  const manifest = checkManifest(files, signer, options.hostContractVersion);
  return { manifest, files, fileList: fileList.entries, keyId: signer.keyId, contentDigest: fileList.digest, archiveSha256: sha256(archive) };
}

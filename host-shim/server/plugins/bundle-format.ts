/**
 * The plug-in bundle: what an administrator installs into the console. One ZIP archive, with a
 * detached signature beside it (`<archive>.sig`):
 *
 *   manifest.json        the plug-in's manifest (manifest/mdr-plugin.schema.json)
 *   files.json           every other file of the archive with its size and SHA-256
 *   legal_notices.txt    the third-party code inside: names, versions, licenses
 *   <entry>.js, chunks/  the entry module named by the manifest and its chunks
 *   locales/<language>/<namespace>.json
 *
 * The signature is Ed25519 over the archive's bytes, by a key of the manifest's publisher. The
 * console serves a plug-in at `/plugins/<id>/<path in the archive>`, so the entry module finds its
 * chunks and its locale files beside it.
 */

export const MANIFEST_FILE = 'manifest.json';
export const FILE_LIST_FILE = 'files.json';
export const LEGAL_NOTICES_FILE = 'legal_notices.txt';

/** A file of the bundle as `files.json` lists it. */
export interface FileListEntry {
  path: string;
  size: number;
  /** Lower-case hexadecimal SHA-256 of the content. */
  sha256: string;
}

/** `files.json`: every file of the archive except itself, sorted by path. */
export interface FileList {
  format: 1;
  files: FileListEntry[];
}

/** The detached signature file (`<archive>.sig`), JSON. */
export interface SignatureFile {
  format: 1;
  algorithm: 'Ed25519';
  /** `sha256:<hex>` of the signing key's public key (SubjectPublicKeyInfo, DER). */
  keyId: string;
  /** Base64 of the Ed25519 signature over the whole archive. */
  signature: string;
}

/** What the console accepts at most; a bundle beyond any of them is refused before it is unpacked. */
export interface BundleLimits {
  /** Size of the archive itself. */
  archiveBytes: number;
  /** Number of entries in the archive. */
  files: number;
  /** Size of one file once unpacked. */
  fileBytes: number;
  /** Size of all files once unpacked. */
  totalBytes: number;
  /** Unpacked size over packed size, for files of 64 KiB and more (a compressed bomb goes far beyond it). */
  compressionRatio: number;
}

export const defaultBundleLimits: BundleLimits = {
  archiveBytes: 16 * 1024 * 1024,
  files: 1000,
  fileBytes: 8 * 1024 * 1024,
  totalBytes: 64 * 1024 * 1024,
  compressionRatio: 100,
};

/**
 * The names a bundle may hold: relative paths of letters, digits, `_`, `-` and `.`, whose segments do
 * not start with a dot (no `.`, `..` or hidden files), at most 200 characters.
 */
const safeName = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/;

/** Whether `name` may be a file of a bundle (see {@link safeName}). */
export function isSafeBundleName(name: string): boolean {
  return name.length <= 200 && safeName.test(name);
}

/** The archive's file name: `<id>-plugin-<version>.zip`, e.g. `mdr-plugin-0.1.0.zip`. */
export function bundleFileName(manifest: { id: string; version: string }): string {
  return `${manifest.id}-plugin-${manifest.version}.zip`;
}

/** The signature's file name beside an archive. */
export function signatureFileName(archiveFileName: string): string {
  return `${archiveFileName}.sig`;
}

/** The locale file of a language in a bundle. */
export function localeFilePath(language: string, namespace: string): string {
  return `locales/${language}/${namespace}.json`;
}

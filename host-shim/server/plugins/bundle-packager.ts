/**
 * Packaging: a built plug-in, its manifest and its locale files become a bundle (bundle-format.ts),
 * signed with a publisher key. The archive is reproducible: its entries are sorted and carry a fixed
 * time, so the same build gives the same bytes.
 */
import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import yazl from 'yazl';
import { discoverLanguages } from '../languages.ts';
import type { PluginManifest } from '../manifest.ts';
import { bundleFileName, FILE_LIST_FILE, LEGAL_NOTICES_FILE, localeFilePath, MANIFEST_FILE, type FileList, type SignatureFile } from './bundle-format.ts';
import { bundledPackages, filesUnder, legalNoticesText } from './legal-notices.ts';
import { signArchive, signatureFileBytes } from './publisher-keys.ts';

/** The time every entry of an archive carries. */
const ENTRY_TIME = new Date(2000, 0, 1);

export interface BundleSource {
  /** The manifest as written (a `$schema` property is left out of the bundle). */
  manifest: PluginManifest & { $schema?: string };
  /** The plug-in's build: entry module, chunks and their source maps (the maps are not packaged). */
  codeDir: string;
  /** `<language>/<namespace>.json` files; every language found is packaged. */
  localesDir: string;
  /** The text of legal_notices.txt (default: from the build's source maps). */
  legalNotices?: string;
}

export interface PackagedBundle {
  /** The manifest inside the bundle. */
  manifest: PluginManifest;
  fileName: string;
  archive: Buffer;
  signature: SignatureFile;
  /** The signature file's bytes. */
  signatureBytes: Buffer;
  fileList: FileList;
}

/** Languages with a `<namespace>.json` in `localesDir`, English first (the console's own discovery). */
export const localeLanguages = discoverLanguages;

function sha256(content: Buffer): string {
  return crypto.createHash('sha256').update(content).digest('hex');
}

/**
 * The files of a bundle by their path in it: manifest, code (without source maps and the bundler's
 * own folder), the locale files of every language found (the manifest's `locales` lists them) and
 * the legal notices. `files.json` is added when the archive is written.
 */
export function collectBundleFiles(source: BundleSource): { manifest: PluginManifest; files: Map<string, Buffer> } {
  const { $schema: _schema, ...declared } = source.manifest;
  const languages = localeLanguages(source.localesDir, declared.localeNamespace);
  const missing = declared.locales.filter((language) => !languages.includes(language));
  if (missing.length > 0) throw new Error(`The manifest lists languages without ${declared.localeNamespace}.json in ${source.localesDir}: ${missing.join(', ')}`);
  const manifest: PluginManifest = { ...declared, locales: languages };

  const files = new Map<string, Buffer>();
  for (const file of filesUnder(source.codeDir)) {
    if (file.endsWith('.map') || file.split('/').some((segment) => segment.startsWith('.'))) continue;
    files.set(file, fs.readFileSync(path.join(source.codeDir, file)));
  }
  if (!files.has(manifest.entry)) throw new Error(`The build in ${source.codeDir} has no ${manifest.entry}: build the plug-in first`);
  for (const language of languages) {
    files.set(localeFilePath(language, manifest.localeNamespace), fs.readFileSync(path.join(source.localesDir, language, `${manifest.localeNamespace}.json`)));
  }
  files.set(MANIFEST_FILE, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
  files.set(LEGAL_NOTICES_FILE, Buffer.from(source.legalNotices ?? legalNoticesText(manifest, bundledPackages(source.codeDir)), 'utf8'));
  return { manifest, files };
}

/** The list of every file with its size and SHA-256 (`files.json`). */
export function fileListOf(files: Map<string, Buffer>): FileList {
  return {
    format: 1,
    files: [...files.entries()]
      .filter(([name]) => name !== FILE_LIST_FILE)
      .map(([name, content]) => ({ path: name, size: content.length, sha256: sha256(content) }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };
}

/** A ZIP archive of `files` (sorted by name, fixed times, regular files `0644`). */
export function zipFiles(files: Map<string, Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const name of [...files.keys()].sort()) zip.addBuffer(files.get(name)!, name, { mtime: ENTRY_TIME, mode: 0o100644, compress: true });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** Writes the archive of `files` with their file list, and signs it. */
export async function signedBundle(manifest: PluginManifest, files: Map<string, Buffer>, privateKey: KeyObject): Promise<PackagedBundle> {
  const fileList = fileListOf(files);
  const all = new Map(files);
  all.set(FILE_LIST_FILE, Buffer.from(`${JSON.stringify(fileList, null, 2)}\n`, 'utf8'));
  const archive = await zipFiles(all);
  const signature = signArchive(archive, privateKey);
  return { manifest, fileName: bundleFileName(manifest), archive, signature, signatureBytes: signatureFileBytes(signature), fileList };
}

/** Packages a built plug-in: the bundle and its signature, in memory. */
export async function packagePlugin(source: BundleSource, privateKey: KeyObject): Promise<PackagedBundle> {
  const { manifest, files } = collectBundleFiles(source);
  return signedBundle(manifest, files, privateKey);
}

/** Writes a packaged bundle and its signature into `dir`; returns the archive's path. */
export function writeBundle(bundle: PackagedBundle, dir: string): { archivePath: string; signaturePath: string } {
  fs.mkdirSync(dir, { recursive: true });
  const archivePath = path.join(dir, bundle.fileName);
  const signaturePath = `${archivePath}.sig`;
  fs.writeFileSync(archivePath, bundle.archive);
  fs.writeFileSync(signaturePath, bundle.signatureBytes);
  return { archivePath, signaturePath };
}

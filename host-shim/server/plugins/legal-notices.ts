/**
 * `legal_notices.txt` of a bundle: the third-party code the build put into it, found in the build's
 * source maps (every module the bundler included names its source file there), with the name,
 * version and license of each package from its package.json, and its license text.
 */
import fs from 'node:fs';
import path from 'node:path';

/** A third-party package whose code is inside a bundle. */
export interface BundledPackage {
  name: string;
  version: string;
  license: string;
  homepage?: string;
  /** The package's license file, as it ships it. */
  licenseText?: string;
}

/** Every file under `dir` (relative paths with `/`), sorted. */
export function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** The folder of the package a file under `node_modules` belongs to (the innermost one), or undefined. */
function packageFolderOf(file: string): string | undefined {
  const parts = file.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return undefined;
  const length = parts[at + 1]!.startsWith('@') ? 3 : 2;
  return parts.slice(0, at + length).join(path.sep);
}

function licenseOf(manifest: Record<string, unknown>): string {
  const license = manifest.license;
  if (typeof license === 'string') return license;
  if (license && typeof license === 'object' && typeof (license as { type?: unknown }).type === 'string') return (license as { type: string }).type;
  if (Array.isArray(manifest.licenses)) return manifest.licenses.map((entry) => (entry as { type?: string }).type ?? '?').join(' OR ');
  return 'UNKNOWN';
}

function homepageOf(manifest: Record<string, unknown>): string | undefined {
  if (typeof manifest.homepage === 'string') return manifest.homepage;
  const repository = manifest.repository;
  if (typeof repository === 'string') return repository;
  if (repository && typeof repository === 'object' && typeof (repository as { url?: unknown }).url === 'string') return (repository as { url: string }).url;
  return undefined;
}

function licenseTextOf(folder: string): string | undefined {
  const file = fs
    .readdirSync(folder)
    .filter((name) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(name))
    .sort()[0];
  return file ? fs.readFileSync(path.join(folder, file), 'utf8').trim() : undefined;
}

/** Whether a module only imports and re-exports other modules (a bundler writes no source map for it). */
function onlyImportsAndExports(code: string): boolean {
  return /^(\s*(import|export)\b[^;]*;)*\s*$/.test(code);
}

/**
 * The packages whose code the build in `codeDir` contains, from its source maps. Every JavaScript
 * file with code of its own must have its map: without them the list could not be complete, and
 * packaging stops.
 */
export function bundledPackages(codeDir: string): BundledPackage[] {
  const folders = new Set<string>();
  for (const file of filesUnder(codeDir).filter((name) => name.endsWith('.js'))) {
    const mapFile = path.join(codeDir, `${file}.map`);
    if (!fs.existsSync(mapFile)) {
      if (onlyImportsAndExports(fs.readFileSync(path.join(codeDir, file), 'utf8'))) continue;
      throw new Error(`${file} has no source map: build the plug-in with source maps so that its third-party code can be listed`);
    }
    const map = JSON.parse(fs.readFileSync(mapFile, 'utf8')) as { sourceRoot?: string; sources?: string[] };
    for (const source of map.sources ?? []) {
      const folder = packageFolderOf(path.resolve(path.dirname(mapFile), map.sourceRoot ?? '', source));
      if (folder) folders.add(folder);
    }
  }
  const packages = new Map<string, BundledPackage>();
  for (const folder of folders) {
    const manifestFile = path.join(folder, 'package.json');
    if (!fs.existsSync(manifestFile)) throw new Error(`${folder} has no package.json`);
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
    const name = String(manifest.name ?? path.basename(folder));
    const version = String(manifest.version ?? '?');
    packages.set(`${name}@${version}`, { name, version, license: licenseOf(manifest), homepage: homepageOf(manifest), licenseText: licenseTextOf(folder) });
  }
  return [...packages.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

/** The text of `legal_notices.txt`. */
export function legalNoticesText(plugin: { name: string; version: string; qualifiedId: string; publisher: { name: string } }, packages: BundledPackage[]): string {
  const rule = '-'.repeat(72);
  const lines = [
    `Information about third-party code in ${plugin.name} ${plugin.version} (${plugin.qualifiedId}), published by ${plugin.publisher.name}.`,
    '',
    packages.length === 0
      ? 'This plug-in contains no third-party code.'
      : `This plug-in contains the following third-party code (${packages.length} ${packages.length === 1 ? 'package' : 'packages'}):`,
    '',
    ...packages.map((entry) => `  ${entry.name} ${entry.version} (${entry.license})`),
  ];
  for (const entry of packages) {
    lines.push('', rule, `${entry.name} ${entry.version}`, `License: ${entry.license}`);
    if (entry.homepage) lines.push(`Source: ${entry.homepage}`);
    lines.push('', entry.licenseText ?? `The package ships no license file; its license is ${entry.license}.`);
  }
  return `${lines.join('\n')}\n`;
}

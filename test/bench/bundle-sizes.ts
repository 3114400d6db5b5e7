import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { repoRoot } from '../../host-shim/common/paths.ts';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

/** Gzip size of a file in KiB (level 9, what a static server would send pre-compressed). */
export function gzipKb(file: string): number {
  return zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length / 1024;
}

/** Files a chunk loads before it runs: itself and its static imports, transitively. */
function closure(manifest: Record<string, ManifestChunk>, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key]?.imports ?? []) closure(manifest, imported, seen);
  return seen;
}

export interface BundleFigures {
  entryKbGz: number;
  largestTabKbGz: number;
  largestTab: string;
  localeKbGz: number;
  largestLocale: string;
  tabs: Record<string, number>;
}

/**
 * Sizes from Vite's build manifest: the entry with its static imports (the section shell), each tab
 * chunk with what it adds beyond the entry, and each language's plug-in locale payload.
 */
export function bundleFigures(): BundleFigures {
  const pluginDir = path.join(repoRoot, 'dist', 'plugin');
  const manifest = JSON.parse(fs.readFileSync(path.join(pluginDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const entryKey = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
  if (!entryKey) throw new Error('the build manifest has no entry');
  const entryFiles = closure(manifest, entryKey);
  const sizeOf = (keys: Iterable<string>) => [...keys].reduce((sum, key) => sum + gzipKb(path.join(pluginDir, manifest[key]!.file)), 0);

  const tabs: Record<string, number> = {};
  for (const [key, chunk] of Object.entries(manifest)) {
    if (!chunk.isDynamicEntry || !/\/tabs\//.test(chunk.src ?? key)) continue;
    const added = [...closure(manifest, key)].filter((file) => !entryFiles.has(file));
    tabs[path.basename(chunk.src ?? key, '.ts')] = round(sizeOf(added));
  }
  const [largestTab, largestTabKbGz] = Object.entries(tabs).sort((a, b) => b[1] - a[1])[0] ?? ['none', 0];

  const manifestFile = JSON.parse(fs.readFileSync(path.join(repoRoot, 'manifest', 'mdr-plugin.json'), 'utf8')) as { localeNamespace: string };
  const localesDir = path.join(repoRoot, 'locales');
  const locales = fs
    .readdirSync(localesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(localesDir, entry.name, `${manifestFile.localeNamespace}.json`)))
    .map((entry) => [entry.name, gzipKb(path.join(localesDir, entry.name, `${manifestFile.localeNamespace}.json`))] as const)
    .sort((a, b) => b[1] - a[1]);

  return {
    entryKbGz: round(sizeOf(entryFiles)),
    largestTabKbGz,
    largestTab,
    localeKbGz: round(locales[0]?.[1] ?? 0),
    largestLocale: locales[0]?.[0] ?? 'none',
    tabs,
  };
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

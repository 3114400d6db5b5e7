/**
 * `npm run package`: builds the plug-in and writes its bundle, `dist/<id>-plugin-<version>.zip`, with
 * the detached signature `dist/<id>-plugin-<version>.zip.sig` beside it (see
 * host-shim/server/plugins/bundle-format.ts for what the archive holds).
 *
 * The signing key: the Ed25519 private key (PEM) that `MDR_PUBLISHER_KEY` names, else the local
 * publisher key of the data folder (`.data/publisher/<publisher id>.key.pem`, made on first use and
 * trusted by the console of the same data folder).
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDir, repoRoot } from '../host-shim/common/paths.ts';
import { loadManifest } from '../host-shim/server/manifest.ts';
import { packagePlugin, writeBundle, type PackagedBundle } from '../host-shim/server/plugins/bundle-packager.ts';
import { installPackagedPlugin, type PackagedPluginOutcome } from '../host-shim/server/plugins/packaged-plugin.ts';
import { pluginFolders } from '../host-shim/server/plugins/plugin-folders.ts';
import { ensureLocalPublisherKey, keyIdOf } from '../host-shim/server/plugins/publisher-keys.ts';

/** The built plug-in (vite.config.ts). */
export const pluginBuildDir = path.join(repoRoot, 'dist', 'plugin');

/** Builds the plug-in with Vite into dist/plugin. */
export function buildPlugin(logLevel: 'warn' | 'error' = 'warn'): void {
  const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', logLevel], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('The build of the plug-in failed; see the messages above.');
}

/** The signing key: `MDR_PUBLISHER_KEY`, else the local publisher key of the data folder. */
export function publisherKey(publisherId: string, options: { dataDir?: string; environment?: Record<string, string | undefined> } = {}): crypto.KeyObject {
  const named = (options.environment ?? process.env).MDR_PUBLISHER_KEY;
  if (named) return crypto.createPrivateKey(fs.readFileSync(path.resolve(named), 'utf8'));
  return ensureLocalPublisherKey(options.dataDir ?? dataDir(), publisherId).privateKey;
}

/** Packages the built plug-in of dist/plugin with the locales of `localesDir`, signed with `privateKey`. */
export function packageBuiltPlugin(privateKey: crypto.KeyObject, localesDir = path.join(repoRoot, 'locales')): Promise<PackagedBundle> {
  return packagePlugin({ manifest: loadManifest(), codeDir: pluginBuildDir, localesDir }, privateKey);
}

/**
 * What `npm start` does before it starts the console: packages the built plug-in (dist/plugin) with
 * the locale files of `localesDir`, signed with the publisher key, writes the bundle into `writeDir`
 * when given, and installs it into the console's plug-in store of `dataDir` — when none is installed,
 * when it is newer, or when the same version was built from other files (installPackagedPlugin).
 */
export async function installBuiltPlugin(options: {
  dataDir: string;
  localesDir?: string;
  environment?: Record<string, string | undefined>;
  writeDir?: string;
}): Promise<{ bundle: PackagedBundle; outcome: PackagedPluginOutcome; installedVersion?: string; archivePath?: string }> {
  const manifest = loadManifest();
  const key = publisherKey(manifest.publisher.id, { dataDir: options.dataDir, environment: options.environment });
  const bundle = await packageBuiltPlugin(key, options.localesDir);
  const archivePath = options.writeDir ? writeBundle(bundle, options.writeDir).archivePath : undefined;
  const folders = pluginFolders(options.dataDir, options.environment ?? {});
  const { outcome, installedVersion } = await installPackagedPlugin(folders, bundle.archive, bundle.signatureBytes);
  return { bundle, outcome, ...(installedVersion ? { installedVersion } : {}), ...(archivePath ? { archivePath } : {}) };
}

async function main(): Promise<void> {
  buildPlugin();
  const manifest = loadManifest();
  const key = publisherKey(manifest.publisher.id);
  const bundle = await packageBuiltPlugin(key);
  const { archivePath, signaturePath } = writeBundle(bundle, path.join(repoRoot, 'dist'));
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  const unpacked = bundle.fileList.files.reduce((sum, file) => sum + file.size, 0);
  console.log(`Wrote ${path.relative(process.cwd(), archivePath)} (${kib(bundle.archive.length)}, ${bundle.fileList.files.length + 1} files, ${kib(unpacked)} unpacked)`);
  console.log(`  and ${path.relative(process.cwd(), signaturePath)}: Ed25519, key ${keyIdOf(crypto.createPublicKey(key))} of publisher ${manifest.publisher.id}`);
  console.log(`  languages: ${bundle.manifest.locales.join(', ')}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

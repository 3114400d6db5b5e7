/**
 * Installed plug-ins for console servers under test: a plug-in store with the MDR plug-in installed
 * from a bundle signed by a test publisher (a stub entry module with the repository's manifest and
 * locale files), and the built MDR plug-in installed the way `npm start` installs it.
 */
import path from 'node:path';
import { HOST_CONTRACT_VERSION } from '../../contract/host-contract.ts';
import { repoRoot } from '../../host-shim/common/paths.ts';
import type { PluginManifest } from '../../host-shim/server/manifest.ts';
import type { PackagedPluginOutcome } from '../../host-shim/server/plugins/packaged-plugin.ts';
import { pluginFolders, type PluginFolders } from '../../host-shim/server/plugins/plugin-folders.ts';
import { PluginStore } from '../../host-shim/server/plugins/plugin-store.ts';
import { installBuiltPlugin } from '../../scripts/package.ts';
import { mdrManifest, signedTestBundle, testPublisher, trustPublisher, verifyForTest, type TestPublisher } from './plugin-bundles.ts';

/** A plug-in store in `dataDir` with `manifest` installed (default: the MDR plug-in's with every language), its publisher trusted. */
export async function storeWithPlugin(
  dataDir: string,
  manifest: PluginManifest = mdrManifest(),
): Promise<{ store: PluginStore; folders: PluginFolders; publisher: TestPublisher; sources: { trustedKeyDirs: string[]; availableDir: string } }> {
  const folders = pluginFolders(dataDir, {});
  const publisher = testPublisher(manifest.publisher.id);
  trustPublisher(folders.trustedKeys[0]!, publisher);
  const bundle = await signedTestBundle(publisher, manifest);
  const store = PluginStore.open(folders.store, { hostContractVersion: HOST_CONTRACT_VERSION });
  await store.install(verifyForTest(bundle.archive, bundle.signature, [publisher.trusted]));
  return { store, folders, publisher, sources: { trustedKeyDirs: folders.trustedKeys, availableDir: folders.available } };
}

/** Installs the built plug-in (dist/plugin) into `dataDir` as `npm start` does, packaged with the locale files of `localesDir`. */
export async function installBuiltPluginAsNpmStartDoes(dataDir: string, localesDir = path.join(repoRoot, 'locales')): Promise<PackagedPluginOutcome> {
  return (await installBuiltPlugin({ dataDir, localesDir, environment: {} })).outcome;
}

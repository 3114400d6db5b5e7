import { HOST_CONTRACT_VERSION } from '../../../contract/host-contract.ts';
import { verifyBundle } from './bundle-verifier.ts';
import type { PluginFolders } from './plugin-folders.ts';
import { PluginStore } from './plugin-store.ts';
import { readTrustedKeys } from './publisher-keys.ts';
import { compareVersions } from './versions.ts';

/**
 * What became of a bundle packaged on this machine: `installed` (none was), `updated` (it is newer),
 * `rebuilt` (the same version built from other files, or replacing a damaged installation),
 * `unchanged`, `newerInstalled` (an administrator installed a newer version, which stays) or
 * `otherPublisher` (a plug-in of the same id from another publisher is installed, which stays).
 */
export type PackagedPluginOutcome = 'installed' | 'updated' | 'rebuilt' | 'unchanged' | 'newerInstalled' | 'otherPublisher';

/**
 * Installs a bundle packaged on this machine (`npm start` does it with the MDR plug-in it has just
 * built) into the console's plug-in store, the way an administrator's upload is installed: verified
 * against the trusted publisher keys first. Run while the console server is stopped.
 */
export async function installPackagedPlugin(
  folders: PluginFolders,
  archive: Buffer,
  signature: Buffer,
): Promise<{ outcome: PackagedPluginOutcome; version: string; installedVersion?: string }> {
  const bundle = verifyBundle(archive, signature, { trustedKeys: readTrustedKeys(folders.trustedKeys).keys, hostContractVersion: HOST_CONTRACT_VERSION });
  const { manifest } = bundle;
  const store = PluginStore.open(folders.store, { hostContractVersion: HOST_CONTRACT_VERSION });
  const installed = store.get(manifest.id);
  const result = (outcome: PackagedPluginOutcome) => ({ outcome, version: manifest.version, ...(installed ? { installedVersion: installed.manifest.version } : {}) });
  if (!installed) {
    await store.install(bundle);
    return result('installed');
  }
  if (installed.manifest.publisher.id !== manifest.publisher.id) return result('otherPublisher');
  const order = compareVersions(manifest.version, installed.manifest.version);
  if (order < 0) return result('newerInstalled');
  if (order === 0 && installed.contentDigest === bundle.contentDigest && installed.state === 'active') return result('unchanged');
  await store.install(bundle);
  return result(order > 0 ? 'updated' : 'rebuilt');
}

import path from 'node:path';
import { trustedPublishersDir } from './publisher-keys.ts';

/** Where the console keeps and finds plug-ins. */
export interface PluginFolders {
  /** The installed plug-ins (plugin-store.ts). */
  store: string;
  /** Folders of trusted publisher keys, `<folder>/<publisher id>/*.pem` (publisher-keys.ts). */
  trustedKeys: string[];
  /** Signed bundles an administrator may install or update to (`<id>-plugin-<version>.zip` and its `.sig`). */
  available: string;
}

/**
 * The console's plug-in folders: in its data folder `plugins/`, `trusted-publishers/` and
 * `available-plugins/`; `KSC_TRUSTED_PUBLISHERS_DIR` adds a folder of trusted keys and
 * `KSC_AVAILABLE_PLUGINS_DIR` moves the available plug-ins (both relative to the console's folder).
 */
export function pluginFolders(dataDir: string, values: Record<string, string | undefined>, workingDir = process.cwd()): PluginFolders {
  const extraKeys = values.KSC_TRUSTED_PUBLISHERS_DIR?.trim();
  const available = values.KSC_AVAILABLE_PLUGINS_DIR?.trim();
  return {
    store: path.join(dataDir, 'plugins'),
    trustedKeys: [trustedPublishersDir(dataDir), ...(extraKeys ? [path.resolve(workingDir, extraKeys)] : [])],
    available: available ? path.resolve(workingDir, available) : path.join(dataDir, 'available-plugins'),
  };
}

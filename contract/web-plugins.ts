/**
 * *Console settings → Web plug-ins*: what the console's `/api/web-plugins` routes answer, and why a
 * bundle is refused. Read by the console server and the console page.
 */

/** Why a plug-in bundle was refused: the `rule` of a 422 `{ error: 'bundleRefused', rule, field }`. */
export const BUNDLE_REFUSALS = [
  'archiveTooLarge',
  'unsigned',
  'signatureMalformed',
  'unsupportedSignature',
  'untrustedKey',
  'badSignature',
  'notAZip',
  'unsupportedEntry',
  'corruptEntry',
  'tooManyFiles',
  'link',
  'notAFile',
  'unsafeName',
  'duplicateName',
  'fileTooLarge',
  'bundleTooLarge',
  'compressionRatio',
  'missingFile',
  'fileListInvalid',
  'unlistedFile',
  'checksumMismatch',
  'manifestInvalid',
  'localeInvalid',
  'publisherMismatch',
  'hostContractIncompatible',
  'rightIdTaken',
] as const;

export type BundleRefusal = (typeof BUNDLE_REFUSALS)[number];

/** `active`: installed and served. `damaged`: its files changed on disk. `incompatible`: made for other host contract versions. */
export type WebPluginState = 'active' | 'damaged' | 'incompatible';

/** What a bundle says about itself (its manifest's display metadata). */
export interface WebPluginIdentity {
  /** Short id, in the plug-in's addresses. */
  id: string;
  /** `<publisher id>.<id>`. */
  qualifiedId: string;
  name: string;
  description: string;
  publisher: { id: string; name: string };
  version: string;
  license: string;
}

/** An installed plug-in. */
export interface InstalledWebPlugin extends WebPluginIdentity {
  languages: string[];
  state: WebPluginState;
  /** ISO 8601. */
  installedAt: string;
  /** A newer signed bundle of this plug-in in the available-plug-ins folder. */
  update?: { version: string; fileName: string };
}

/** A signed bundle of the available-plug-ins folder that can be installed: a plug-in not installed, or a newer version. */
export interface AvailableWebPlugin extends WebPluginIdentity {
  fileName: string;
  /** The version installed now, when this would update it. */
  installedVersion?: string;
}

/** A file of the available-plug-ins folder that is not offered, and why. */
export interface RefusedWebPlugin {
  fileName: string;
  rule: BundleRefusal;
  field?: string;
}

/** `GET /api/web-plugins`. */
export interface WebPluginsList {
  plugins: InstalledWebPlugin[];
  available: AvailableWebPlugin[];
  refused: RefusedWebPlugin[];
  /** Where the console looks for available bundles. */
  availableFolder: string;
}

/** What installing a bundle did. */
export interface WebPluginInstallation {
  outcome: 'installed' | 'updated';
  plugin: InstalledWebPlugin;
  previousVersion?: string;
}

/**
 * *Console settings → Web plug-ins*: the installed plug-ins, the signed bundles of the
 * available-plug-ins folder, and installing, updating and removing. Every bundle — uploaded or from
 * the folder — is verified completely (plugins/bundle-verifier.ts) before the store writes anything.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AvailableWebPlugin, InstalledWebPlugin, RefusedWebPlugin, WebPluginIdentity, WebPluginInstallation, WebPluginsList } from '../../../contract/web-plugins.ts';
import { BundleRefusedError, ConflictError, NotFoundError } from '../errors.ts';
import type { PluginManifest } from '../manifest.ts';
import { defaultBundleLimits, signatureFileName, type BundleLimits } from '../plugins/bundle-format.ts';
import { verifyBundle, type VerifiedBundle } from '../plugins/bundle-verifier.ts';
import type { InstalledPlugin, PluginStore } from '../plugins/plugin-store.ts';
import { readTrustedKeys } from '../plugins/publisher-keys.ts';
import { compareVersions } from '../plugins/versions.ts';

export interface WebPluginsOptions {
  store: PluginStore;
  /** Folders of trusted publisher keys, read at every verification (a key added takes effect at once). */
  trustedKeyDirs: readonly string[];
  /** The available-plug-ins folder. */
  availableDir: string;
  hostContractVersion: string;
  limits?: Partial<BundleLimits>;
  log?: (message: string) => void;
}

/** A bundle of the available-plug-ins folder, as last verified. */
type AvailableEntry = { fileName: string; stamp: string } & ({ verified: VerifiedBundle } | { refused: BundleRefusedError });

const bundleNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*\.zip$/;

function identityOf(manifest: PluginManifest): WebPluginIdentity {
  const { id, qualifiedId, name, description, publisher, version, license } = manifest;
  return { id, qualifiedId, name, description, publisher: { id: publisher.id, name: publisher.name }, version, license };
}

export class WebPlugins {
  readonly limits: BundleLimits;
  /** Changes run one at a time: each decides from the installed version it will replace. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly verifiedAvailable = new Map<string, AvailableEntry>();

  constructor(private readonly options: WebPluginsOptions) {
    this.limits = { ...defaultBundleLimits, ...options.limits };
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Verifies a bundle against the keys trusted now. */
  verify(archive: Buffer, signature: Buffer | undefined): VerifiedBundle {
    const { keys, problems } = readTrustedKeys(this.options.trustedKeyDirs);
    for (const problem of problems) this.options.log?.(`Trusted publisher key skipped: ${problem}`);
    return verifyBundle(archive, signature, { trustedKeys: keys, hostContractVersion: this.options.hostContractVersion, limits: this.limits });
  }

  /** The installed plug-ins, the bundles that could be installed, and the files of the folder that are refused. */
  list(): WebPluginsList {
    const available = this.scanAvailable();
    const installable: AvailableWebPlugin[] = [];
    const refused: RefusedWebPlugin[] = [];
    for (const entry of available) {
      if ('refused' in entry) {
        refused.push({ fileName: entry.fileName, rule: entry.refused.rule, ...(entry.refused.field === undefined ? {} : { field: entry.refused.field }) });
        continue;
      }
      const { manifest } = entry.verified;
      const installed = this.options.store.get(manifest.id);
      if (installed && (installed.manifest.publisher.id !== manifest.publisher.id || compareVersions(manifest.version, installed.manifest.version) <= 0)) continue;
      installable.push({ ...identityOf(manifest), fileName: entry.fileName, ...(installed ? { installedVersion: installed.manifest.version } : {}) });
    }
    // Of several newer bundles of one plug-in, the newest is offered.
    const newest = new Map<string, AvailableWebPlugin>();
    for (const candidate of installable) {
      const known = newest.get(candidate.id);
      if (!known || compareVersions(candidate.version, known.version) > 0) newest.set(candidate.id, candidate);
    }
    const plugins = this.options.store.list().map((plugin) => {
      const update = newest.get(plugin.id);
      return this.summary(plugin, update ? { version: update.version, fileName: update.fileName } : undefined);
    });
    return {
      plugins,
      available: [...newest.values()].sort((a, b) => a.name.localeCompare(b.name)),
      refused: refused.sort((a, b) => a.fileName.localeCompare(b.fileName)),
      availableFolder: this.options.availableDir,
    };
  }

  private summary(plugin: InstalledPlugin, update?: { version: string; fileName: string }): InstalledWebPlugin {
    return { ...identityOf(plugin.manifest), languages: plugin.manifest.locales, state: plugin.state, installedAt: plugin.installedAt, ...(update ? { update } : {}) };
  }

  /** Verifies the bundles of the available-plug-ins folder that changed since they were last verified. */
  private scanAvailable(): AvailableEntry[] {
    const dir = this.options.availableDir;
    if (!fs.existsSync(dir)) return [];
    const entries: AvailableEntry[] = [];
    const present = new Set<string>();
    for (const fileName of fs.readdirSync(dir).filter((name) => bundleNamePattern.test(name)).sort()) {
      present.add(fileName);
      const archivePath = path.join(dir, fileName);
      const signaturePath = path.join(dir, signatureFileName(fileName));
      const archiveStat = fs.statSync(archivePath);
      if (!archiveStat.isFile()) continue;
      const signatureStat = fs.existsSync(signaturePath) ? fs.statSync(signaturePath) : undefined;
      const stamp = `${archiveStat.size}:${archiveStat.mtimeMs}:${signatureStat?.size}:${signatureStat?.mtimeMs}`;
      let entry = this.verifiedAvailable.get(fileName);
      if (!entry || entry.stamp !== stamp) {
        entry = { fileName, stamp, ...this.verifyFile(archivePath, archiveStat.size, signatureStat ? signaturePath : undefined) };
        this.verifiedAvailable.set(fileName, entry);
      }
      entries.push(entry);
    }
    for (const fileName of this.verifiedAvailable.keys()) if (!present.has(fileName)) this.verifiedAvailable.delete(fileName);
    return entries;
  }

  private verifyFile(archivePath: string, size: number, signaturePath: string | undefined): { verified: VerifiedBundle } | { refused: BundleRefusedError } {
    try {
      // Too large a file is refused without reading it.
      if (size > this.limits.archiveBytes) throw new BundleRefusedError('archiveTooLarge');
      return { verified: this.verify(fs.readFileSync(archivePath), signaturePath ? fs.readFileSync(signaturePath) : undefined) };
    } catch (error) {
      if (error instanceof BundleRefusedError) return { refused: error };
      throw error;
    }
  }

  /**
   * Installs an uploaded bundle (archive and signature file): a plug-in not installed yet, or a
   * newer version of an installed one from the same publisher.
   */
  installUpload(archive: Buffer, signature: Buffer | undefined): Promise<WebPluginInstallation> {
    return this.serialized(async () => this.install(this.verify(archive, signature), undefined));
  }

  /**
   * Installs a bundle of the available-plug-ins folder. `expectedVersion` is the installed version the
   * administrator saw (none for a plug-in not installed): another version installed meanwhile is 409 `conflict`.
   */
  installAvailable(fileName: string, expectedVersion: string | undefined): Promise<WebPluginInstallation> {
    return this.serialized(async () => {
      const entry = bundleNamePattern.test(fileName) ? this.scanAvailable().find((candidate) => candidate.fileName === fileName) : undefined;
      if (!entry) throw new NotFoundError('bundle');
      if ('refused' in entry) throw entry.refused;
      return this.install(entry.verified, expectedVersion ?? null);
    });
  }

  /** Whether the verified bundle may be installed over what is installed; then installs it. `expectedVersion`: null for "nothing installed", undefined for no expectation. */
  private async install(bundle: VerifiedBundle, expectedVersion: string | null | undefined): Promise<WebPluginInstallation> {
    const { manifest } = bundle;
    const installed = this.options.store.get(manifest.id);
    if (expectedVersion !== undefined && (installed?.manifest.version ?? null) !== expectedVersion) throw new ConflictError();
    if (installed) {
      // The id is the plug-in's addresses: another publisher's plug-in cannot take them over.
      if (installed.manifest.publisher.id !== manifest.publisher.id) throw new ConflictError('pluginIdTaken', `${manifest.id} is ${installed.manifest.qualifiedId}`);
      // A damaged or incompatible installation may be replaced by the same version; a working one only by a newer one.
      const order = compareVersions(manifest.version, installed.manifest.version);
      if (order < 0 || (order === 0 && installed.state === 'active')) throw new ConflictError('versionNotNewer', `${manifest.version} is not newer than ${installed.manifest.version}`);
    }
    this.refuseTakenRights(manifest);
    const plugin = await this.options.store.install(bundle);
    this.options.log?.(`Plug-in ${manifest.qualifiedId} ${manifest.version} ${installed ? `installed over ${installed.manifest.version}` : 'installed'}`);
    return { outcome: installed ? 'updated' : 'installed', plugin: this.summary(plugin), ...(installed ? { previousVersion: installed.manifest.version } : {}) };
  }

  /**
   * A right id is one plug-in's: a bundle declaring one that another installed plug-in declares, or
   * that another plug-in declared first (removed since: its roles keep the right for it), is refused
   * (`rightIdTaken`), so that no plug-in's routes open to the roles granted for another's.
   */
  private refuseTakenRights(manifest: PluginManifest): void {
    const { store } = this.options;
    const theirs = new Set(store.list().flatMap((other) => (other.id === manifest.id ? [] : (other.manifest.rights ?? []).map((right) => right.id))));
    const taken = manifest.rights.findIndex((right) => theirs.has(right.id) || (store.rightOwner(right.id) ?? manifest.qualifiedId) !== manifest.qualifiedId);
    if (taken >= 0) throw new BundleRefusedError('rightIdTaken', `rights/${taken}/id`);
  }

  /** Removes an installed plug-in; `expectedVersion` is the version the administrator saw (409 `conflict` otherwise). */
  remove(id: string, expectedVersion: string): Promise<void> {
    return this.serialized(async () => {
      const installed = this.options.store.get(id);
      if (!installed) throw new NotFoundError('plugin');
      if (installed.manifest.version !== expectedVersion) throw new ConflictError();
      await this.options.store.remove(id);
      this.options.log?.(`Plug-in ${installed.manifest.qualifiedId} ${installed.manifest.version} removed`);
    });
  }
}

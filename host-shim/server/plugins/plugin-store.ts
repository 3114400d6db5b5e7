/**
 * The installed plug-ins: a folder of the console's data folder that the console serves plug-ins
 * from, and nothing else.
 *
 *   <store>/installed/<id>.json   which bundle folder is the plug-in `<id>` (a pointer)
 *   <store>/bundles/<folder>/     the files of one installed bundle, as verified
 *   <store>/staging/<folder>/     a bundle being written
 *   <store>/rights.json           which plug-in (qualified id) declared each right id first
 *
 * Installing writes the verified files into `staging/`, moves the folder into `bundles/` (a
 * rename) and then replaces the pointer (a rename too): until that last step the previous version is
 * the one served, and a process killed at any point leaves either the old pointer or the new one,
 * never a half-written plug-in. Opening the store removes what an interrupted installation or
 * removal left behind, and checks every installed file against its SHA-256 again: a plug-in whose
 * files changed on disk is `damaged` and not served.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir } from '../../common/file-modes.ts';
import { writeFileAtomic } from '../../common/files.ts';
import { RouteTable, type PluginManifest } from '../manifest.ts';
import { FILE_LIST_FILE, MANIFEST_FILE, type FileList, type FileListEntry } from './bundle-format.ts';
import type { VerifiedBundle } from './bundle-verifier.ts';
import { satisfiesRange } from './versions.ts';

/** `active`: served. `damaged`: its files on disk no longer match the bundle. `incompatible`: made for other host contract versions. */
export type PluginState = 'active' | 'damaged' | 'incompatible';

/** An installed plug-in. */
export interface InstalledPlugin {
  id: string;
  manifest: PluginManifest;
  state: PluginState;
  /** What is wrong when it is not active (for the log). */
  problem?: string;
  installedAt: string;
  /** The key that signed the installed bundle. */
  keyId: string;
  /** SHA-256 of the bundle's `files.json`. */
  contentDigest: string;
  /** The bundle's files by their path in it, as its file list gives them. */
  files: ReadonlyMap<string, FileListEntry>;
  /** The manifest's routes, ready to match requests. */
  routes: RouteTable;
  /** The folder of its files. */
  folder: string;
}

/** The steps of an installation, for tests that interrupt one. */
export type InstallStep = 'writing' | 'staged' | 'moved' | 'switched';

interface Pointer {
  format: 1;
  folder: string;
  installedAt: string;
  keyId: string;
  contentDigest: string;
}

const folderPattern = /^[a-z][a-z0-9-]*-\d+\.\d+\.\d+[0-9A-Za-z.-]*-[0-9a-f]{16}$/;

function sha256File(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Writes a file and flushes it to the disk before the folder holding it is moved into place. */
function writeDurably(file: string, content: Buffer): void {
  const descriptor = fs.openSync(file, 'wx', 0o600);
  try {
    fs.writeSync(descriptor, content);
    fs.fsyncSync(descriptor);
  } finally {
    fs.closeSync(descriptor);
  }
}

export interface PluginStoreOptions {
  /** The console's host contract version: a plug-in whose range excludes it is `incompatible`. */
  hostContractVersion: string;
  log?: (message: string) => void;
  now?: () => Date;
}

export class PluginStore {
  private readonly plugins = new Map<string, InstalledPlugin>();
  /** Installations and removals run one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly log: (message: string) => void;
  private readonly now: () => Date;
  private readonly listeners = new Set<() => void>();
  /** Right id → the qualified id of the plug-in that declared it first (rights.json). */
  private rightOwners = new Map<string, string>();

  private constructor(
    /** The store's folder. */
    readonly dir: string,
    private readonly options: PluginStoreOptions,
  ) {
    this.log = options.log ?? (() => undefined);
    this.now = options.now ?? (() => new Date());
  }

  /** Opens the store in `dir` (made when missing): cleans up after interrupted work, reads and checks what is installed. */
  static open(dir: string, options: PluginStoreOptions): PluginStore {
    const store = new PluginStore(dir, options);
    store.recover();
    return store;
  }

  private get installedDir(): string {
    return path.join(this.dir, 'installed');
  }

  private get bundlesDir(): string {
    return path.join(this.dir, 'bundles');
  }

  private get stagingDir(): string {
    return path.join(this.dir, 'staging');
  }

  private get rightOwnersFile(): string {
    return path.join(this.dir, 'rights.json');
  }

  /**
   * The plug-in (qualified id) a right id belongs to: the first that declared it, kept after that
   * plug-in is removed, so that the roles granting it never open another plug-in's routes.
   */
  rightOwner(rightId: string): string | undefined {
    return this.rightOwners.get(rightId);
  }

  /** Records the rights a bundle declares as its plug-in's, before it is served. */
  private claimRights(manifest: PluginManifest): void {
    const claimed = (manifest.rights ?? []).filter((right) => !this.rightOwners.has(right.id));
    if (claimed.length === 0) return;
    const owners = new Map(this.rightOwners);
    for (const right of claimed) owners.set(right.id, manifest.qualifiedId);
    writeFileAtomic(this.rightOwnersFile, `${JSON.stringify({ format: 1, owners: Object.fromEntries(owners) }, null, 2)}\n`, 0o600);
    this.rightOwners = owners;
  }

  private recover(): void {
    for (const folder of [this.dir, this.installedDir, this.bundlesDir, this.stagingDir]) ensurePrivateDir(folder);
    for (const name of fs.readdirSync(this.dir)) {
      // The temporary file of a write of rights.json that did not finish.
      if (name.startsWith('.rights.json.')) fs.rmSync(path.join(this.dir, name), { force: true });
    }
    if (fs.existsSync(this.rightOwnersFile)) {
      try {
        const { owners } = JSON.parse(fs.readFileSync(this.rightOwnersFile, 'utf8')) as { owners: Record<string, string> };
        this.rightOwners = new Map(Object.entries(owners));
      } catch (error) {
        this.log(`The owners of plug-in rights cannot be read (${(error as Error).message}); the installed plug-ins' rights are theirs`);
      }
    }
    // A bundle being written when the process stopped was never served.
    for (const leftover of fs.readdirSync(this.stagingDir)) fs.rmSync(path.join(this.stagingDir, leftover), { recursive: true, force: true });
    for (const name of fs.readdirSync(this.installedDir)) {
      const file = path.join(this.installedDir, name);
      if (!/^[a-z][a-z0-9-]*\.json$/.test(name)) {
        // A pointer's temporary file from a write that did not finish.
        fs.rmSync(file, { force: true });
        continue;
      }
      const id = name.slice(0, -'.json'.length);
      try {
        const pointer = JSON.parse(fs.readFileSync(file, 'utf8')) as Pointer;
        this.plugins.set(id, this.load(id, pointer));
      } catch (error) {
        this.log(`Installed plug-in ${id} cannot be read (${(error as Error).message}); it is not served`);
      }
    }
    // Rights of plug-ins installed before their owners were recorded.
    for (const plugin of this.plugins.values()) this.claimRights(plugin.manifest);
    // Bundle folders no pointer names: an installation stopped before its switch, or a removal before its clean-up.
    const referenced = new Set([...this.plugins.values()].map((plugin) => path.basename(plugin.folder)));
    for (const folder of fs.readdirSync(this.bundlesDir)) {
      if (!referenced.has(folder)) fs.rmSync(path.join(this.bundlesDir, folder), { recursive: true, force: true });
    }
  }

  /** Reads an installed bundle from its folder and checks its files against its file list. */
  private load(id: string, pointer: Pointer): InstalledPlugin {
    if (!folderPattern.test(pointer.folder)) throw new Error(`not a bundle folder: ${pointer.folder}`);
    const folder = path.join(this.bundlesDir, pointer.folder);
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, MANIFEST_FILE), 'utf8')) as PluginManifest;
    const list = JSON.parse(fs.readFileSync(path.join(folder, FILE_LIST_FILE), 'utf8')) as FileList;
    const files = new Map(list.files.map((entry) => [entry.path, entry]));
    let state: PluginState = 'active';
    let problem: string | undefined;
    if (manifest.id !== id) {
      state = 'damaged';
      problem = `its manifest names ${manifest.id}`;
    }
    for (const entry of files.values()) {
      if (state !== 'active') break;
      const file = path.join(folder, entry.path);
      if (!fs.existsSync(file) || sha256File(file) !== entry.sha256) {
        state = 'damaged';
        problem = `${entry.path} does not match its SHA-256`;
      }
    }
    if (state === 'active' && !satisfiesRange(this.options.hostContractVersion, manifest.hostContract)) {
      state = 'incompatible';
      problem = `made for host contract ${manifest.hostContract}, this console provides ${this.options.hostContractVersion}`;
    }
    if (problem) this.log(`Installed plug-in ${id} ${manifest.version} is ${state}: ${problem}; it is not served`);
    return { id, manifest, state, problem, installedAt: pointer.installedAt, keyId: pointer.keyId, contentDigest: pointer.contentDigest, files, routes: new RouteTable(manifest.routes), folder };
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * Calls `listener` each time the plug-ins served change (an installation switched, a removal);
   * returns what stops it.
   */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Every installed plug-in, in any state, by id. */
  list(): InstalledPlugin[] {
    return [...this.plugins.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  /** An installed plug-in in any state. */
  get(id: string): InstalledPlugin | undefined {
    return this.plugins.get(id);
  }

  /** A plug-in the console serves: installed and active. */
  active(id: string): InstalledPlugin | undefined {
    const plugin = this.plugins.get(id);
    return plugin?.state === 'active' ? plugin : undefined;
  }

  /** Every plug-in the console serves. */
  activePlugins(): InstalledPlugin[] {
    return this.list().filter((plugin) => plugin.state === 'active');
  }

  /** Where a file of an installed plug-in is, or undefined when its bundle has no such file. */
  filePath(plugin: InstalledPlugin, name: string): string | undefined {
    return plugin.files.has(name) ? path.join(plugin.folder, ...name.split('/')) : undefined;
  }

  /**
   * Installs a verified bundle, replacing the installed version of the same plug-in atomically (see
   * the module's comment). Whether it may replace it is the caller's decision. `onStep` is awaited
   * after each step.
   */
  install(bundle: VerifiedBundle, onStep?: (step: InstallStep) => void | Promise<void>): Promise<InstalledPlugin> {
    return this.serialized(async () => {
      const { manifest } = bundle;
      const name = `${manifest.id}-${manifest.version}-${crypto.randomBytes(8).toString('hex')}`;
      const staging = path.join(this.stagingDir, name);
      fs.mkdirSync(staging, { mode: 0o700 });
      let first = true;
      for (const [file, content] of bundle.files) {
        const target = path.join(staging, ...file.split('/'));
        fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
        writeDurably(target, content);
        if (first) await onStep?.('writing');
        first = false;
      }
      await onStep?.('staged');
      const folder = path.join(this.bundlesDir, name);
      fs.renameSync(staging, folder);
      await onStep?.('moved');
      this.claimRights(manifest);
      const pointer: Pointer = { format: 1, folder: name, installedAt: this.now().toISOString(), keyId: bundle.keyId, contentDigest: bundle.contentDigest };
      writeFileAtomic(path.join(this.installedDir, `${manifest.id}.json`), `${JSON.stringify(pointer, null, 2)}\n`, 0o600);
      const previous = this.plugins.get(manifest.id);
      const installed: InstalledPlugin = {
        id: manifest.id,
        manifest,
        state: 'active',
        installedAt: pointer.installedAt,
        keyId: bundle.keyId,
        contentDigest: bundle.contentDigest,
        files: new Map(bundle.fileList.map((entry) => [entry.path, entry])),
        routes: new RouteTable(manifest.routes),
        folder,
      };
      this.plugins.set(manifest.id, installed);
      this.changed();
      await onStep?.('switched');
      if (previous && previous.folder !== folder) fs.rmSync(previous.folder, { recursive: true, force: true });
      return installed;
    });
  }

  /** Removes an installed plug-in: it is no longer served from this moment; its files go after. */
  remove(id: string): Promise<InstalledPlugin | undefined> {
    return this.serialized(async () => {
      const plugin = this.plugins.get(id);
      if (!plugin) return undefined;
      fs.rmSync(path.join(this.installedDir, `${id}.json`), { force: true });
      this.plugins.delete(id);
      this.changed();
      fs.rmSync(plugin.folder, { recursive: true, force: true });
      return plugin;
    });
  }
}

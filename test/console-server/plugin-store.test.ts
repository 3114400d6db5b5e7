/**
 * The store of installed plug-ins: installing, updating and removing, what opening it again finds,
 * and installations killed (SIGKILL) at each step, which leave the previous version serving.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HOST_CONTRACT_VERSION } from '../../contract/host-contract.ts';
import { repoRoot } from '../../host-shim/common/paths.ts';
import type { VerifiedBundle } from '../../host-shim/server/plugins/bundle-verifier.ts';
import { PluginStore, type InstallStep } from '../../host-shim/server/plugins/plugin-store.ts';
import { mdrManifest, signedTestBundle, testPublisher, trustPublisher, verifyForTest } from '../support/plugin-bundles.ts';

const publisher = testPublisher();

async function verifiedVersion(version: string, extra: Record<string, string> = {}): Promise<{ verified: VerifiedBundle; archive: Buffer; signature: Buffer }> {
  const bundle = await signedTestBundle(publisher, mdrManifest({ version, locales: ['en'] }), extra);
  return { verified: verifyForTest(bundle.archive, bundle.signature, [publisher.trusted]), archive: bundle.archive, signature: bundle.signature };
}

function open(dir: string): PluginStore {
  return PluginStore.open(dir, { hostContractVersion: HOST_CONTRACT_VERSION });
}

/** Every file and folder under `dir`, relative. */
function tree(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map((name) => name.split(path.sep).join('/')).sort();
}

describe('plug-in store', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-store-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('installs a verified bundle: its files as verified, served from its own folder, the pointer naming it', async () => {
    const store = open(path.join(dir, 'install'));
    const { verified } = await verifiedVersion('1.0.0');
    const installed = await store.install(verified);
    assert.equal(store.active('mdr'), installed);
    assert.equal(installed.state, 'active');
    for (const [name, content] of verified.files) assert.ok(fs.readFileSync(path.join(installed.folder, name)).equals(content), name);
    assert.equal(store.filePath(installed, 'mdr-plugin.js'), path.join(installed.folder, 'mdr-plugin.js'));
    assert.equal(store.filePath(installed, '../installed/mdr.json'), undefined, 'only the files of the bundle');
    const pointer = JSON.parse(fs.readFileSync(path.join(store.dir, 'installed', 'mdr.json'), 'utf8')) as { folder: string; keyId: string };
    assert.equal(pointer.folder, path.basename(installed.folder));
    assert.equal(pointer.keyId, publisher.keyId);
    assert.deepEqual(fs.readdirSync(path.join(store.dir, 'staging')), []);
  });

  it('updates: the new version is served at once and the previous version’s files are gone', async () => {
    const store = open(path.join(dir, 'update'));
    const first = await store.install((await verifiedVersion('1.0.0')).verified);
    const second = await store.install((await verifiedVersion('1.1.0')).verified);
    assert.equal(store.active('mdr')?.manifest.version, '1.1.0');
    assert.ok(!fs.existsSync(first.folder));
    assert.deepEqual(fs.readdirSync(path.join(store.dir, 'bundles')), [path.basename(second.folder)]);
  });

  it('removes: no longer served, its pointer and files gone', async () => {
    const store = open(path.join(dir, 'remove'));
    const installed = await store.install((await verifiedVersion('1.0.0')).verified);
    assert.equal((await store.remove('mdr'))?.manifest.version, '1.0.0');
    assert.equal(store.active('mdr'), undefined);
    assert.equal(store.list().length, 0);
    assert.ok(!fs.existsSync(installed.folder));
    // Its rights stay its own (rights.json), for the roles that keep them.
    assert.deepEqual(tree(store.dir), ['bundles', 'installed', 'rights.json', 'staging']);
    assert.equal(store.rightOwner('incidentAccess'), 'example-security.mdr');
    assert.equal(await store.remove('mdr'), undefined);
  });

  it('finds on opening again what was installed', async () => {
    const storeDir = path.join(dir, 'reopen');
    const installed = await open(storeDir).install((await verifiedVersion('1.2.3')).verified);
    const again = open(storeDir).active('mdr');
    assert.equal(again?.manifest.version, '1.2.3');
    assert.equal(again?.folder, installed.folder);
    assert.equal(again?.contentDigest, installed.contentDigest);
    assert.deepEqual([...again!.files.keys()], [...installed.files.keys()]);
  });

  it('does not serve a plug-in whose files changed on disk (damaged), and says so', async () => {
    const storeDir = path.join(dir, 'damaged');
    const installed = await open(storeDir).install((await verifiedVersion('1.0.0')).verified);
    fs.appendFileSync(path.join(installed.folder, 'mdr-plugin.js'), '\nfetch("https://evil.example");\n');
    const messages: string[] = [];
    const store = PluginStore.open(storeDir, { hostContractVersion: HOST_CONTRACT_VERSION, log: (message) => messages.push(message) });
    assert.equal(store.get('mdr')?.state, 'damaged');
    assert.equal(store.active('mdr'), undefined);
    assert.match(messages.join('\n'), /mdr-plugin\.js does not match its SHA-256/);
  });

  it('does not serve a plug-in made for host contract versions this console no longer provides', async () => {
    const storeDir = path.join(dir, 'incompatible');
    await open(storeDir).install((await verifiedVersion('1.0.0')).verified);
    const store = PluginStore.open(storeDir, { hostContractVersion: '2.0.0' });
    assert.equal(store.get('mdr')?.state, 'incompatible');
    assert.equal(store.active('mdr'), undefined);
  });

  it('removes on opening what an interrupted installation left: a staged folder, a bundle no pointer names, a pointer’s temporary file', async () => {
    const storeDir = path.join(dir, 'leftovers');
    const installed = await open(storeDir).install((await verifiedVersion('1.0.0')).verified);
    fs.mkdirSync(path.join(storeDir, 'staging', 'mdr-1.1.0-0123456789abcdef', 'chunks'), { recursive: true });
    fs.mkdirSync(path.join(storeDir, 'bundles', 'mdr-1.1.0-fedcba9876543210'));
    fs.writeFileSync(path.join(storeDir, 'installed', '.mdr.json.123.abcd.tmp'), '{');
    const store = open(storeDir);
    assert.equal(store.active('mdr')?.manifest.version, '1.0.0');
    assert.deepEqual(fs.readdirSync(path.join(storeDir, 'staging')), []);
    assert.deepEqual(fs.readdirSync(path.join(storeDir, 'bundles')), [path.basename(installed.folder)]);
    assert.deepEqual(fs.readdirSync(path.join(storeDir, 'installed')), ['mdr.json']);
  });
});

describe('plug-in store: an installation killed with SIGKILL', () => {
  let dir: string;
  let trustedDir: string;
  let update: { archive: string; signature: string };
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-store-kill-'));
    trustedDir = path.join(dir, 'trusted');
    trustPublisher(trustedDir, publisher);
    // A bundle with a few more files, so that the kill can come between two of them.
    const { archive, signature } = await verifiedVersion('2.0.0', Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`chunks/part-${index}.js`, `export const part = ${index};\n`])));
    update = { archive: path.join(dir, 'update.zip'), signature: path.join(dir, 'update.zip.sig') };
    fs.writeFileSync(update.archive, archive);
    fs.writeFileSync(update.signature, signature);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Installs 1.0.0, then starts installing 2.0.0 in another process, kills it at `step`, and opens the store again. */
  async function killedAt(step: InstallStep): Promise<PluginStore> {
    const storeDir = path.join(dir, step);
    await open(storeDir).install((await verifiedVersion('1.0.0')).verified);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test', 'support', 'interrupted-install.ts'), storeDir, update.archive, update.signature, trustedDir, step], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes(`stopped at ${step}`)) resolve();
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => reject(new Error(`the installation ended (${code}) before ${step}: ${output}`)));
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    return open(storeDir);
  }

  for (const step of ['writing', 'staged', 'moved'] as const) {
    it(`after ${step}: the previous version is still the one served, and nothing of the new one is left`, async () => {
      const store = await killedAt(step);
      const served = store.active('mdr');
      assert.equal(served?.manifest.version, '1.0.0');
      assert.deepEqual(fs.readdirSync(path.join(store.dir, 'staging')), []);
      assert.deepEqual(fs.readdirSync(path.join(store.dir, 'bundles')), [path.basename(served!.folder)]);
    });
  }

  it('after the switch: the new version is served, complete, and the previous version’s files are cleaned up', async () => {
    const store = await killedAt('switched');
    const served = store.active('mdr');
    assert.equal(served?.manifest.version, '2.0.0');
    assert.equal(served?.state, 'active', 'every file checked against its SHA-256');
    assert.ok(served!.files.has('chunks/part-19.js'));
    assert.deepEqual(fs.readdirSync(path.join(store.dir, 'bundles')), [path.basename(served!.folder)]);
  });
});

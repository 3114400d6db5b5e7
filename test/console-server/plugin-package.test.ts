/**
 * `npm run package`: the archive holds the manifest, the entry module and every chunk it imports,
 * every language's locale file, the legal notices of the third-party code the build bundled, and the
 * list of every file with its SHA-256; the detached signature verifies with the publisher's key.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HOST_CONTRACT_VERSION } from '../../contract/host-contract.ts';
import { repoRoot } from '../../host-shim/common/paths.ts';
import { loadManifest } from '../../host-shim/server/manifest.ts';
import { bundleFileName, type FileList } from '../../host-shim/server/plugins/bundle-format.ts';
import { packagePlugin, localeLanguages } from '../../host-shim/server/plugins/bundle-packager.ts';
import { verifyBundle } from '../../host-shim/server/plugins/bundle-verifier.ts';
import { bundledPackages } from '../../host-shim/server/plugins/legal-notices.ts';
import { readTrustedKeys } from '../../host-shim/server/plugins/publisher-keys.ts';
import { readZipDirectory, readZipEntry } from '../../host-shim/server/plugins/zip-reader.ts';
import { pluginBuildDir } from '../../scripts/package.ts';

const manifest = loadManifest();

describe('npm run package', () => {
  let dataDir: string;
  let archive: Buffer;
  let signature: Buffer;
  let files: Map<string, Buffer>;

  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'package-test-'));
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts', 'package.ts')], {
      cwd: repoRoot,
      env: { ...process.env, MDR_DATA_DIR: dataDir, MDR_PUBLISHER_KEY: '' },
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    const archivePath = path.join(repoRoot, 'dist', bundleFileName(manifest));
    archive = fs.readFileSync(archivePath);
    signature = fs.readFileSync(`${archivePath}.sig`);
    files = new Map(readZipDirectory(archive).map((entry) => [entry.name, readZipEntry(archive, entry)]));
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('makes a local publisher key in the data folder (private, 0600) and trusts its public key there', () => {
    const keyFile = path.join(dataDir, 'publisher', `${manifest.publisher.id}.key.pem`);
    assert.equal(fs.statSync(keyFile).mode & 0o777, 0o600);
    const { keys } = readTrustedKeys([path.join(dataDir, 'trusted-publishers')]);
    assert.deepEqual(
      keys.map((key) => key.publisherId),
      [manifest.publisher.id],
    );
  });

  it('signs the archive: the signature verifies with the publisher key and the console accepts the bundle', () => {
    const file = JSON.parse(signature.toString('utf8')) as { algorithm: string; keyId: string; signature: string };
    const { keys } = readTrustedKeys([path.join(dataDir, 'trusted-publishers')]);
    assert.equal(file.algorithm, 'Ed25519');
    assert.equal(file.keyId, keys[0]!.keyId);
    assert.equal(crypto.verify(null, archive, keys[0]!.key, Buffer.from(file.signature, 'base64')), true);
    const changed = Buffer.from(archive);
    changed[changed.length >> 1] ^= 0xff;
    assert.equal(crypto.verify(null, changed, keys[0]!.key, Buffer.from(file.signature, 'base64')), false);
    const verified = verifyBundle(archive, signature, { trustedKeys: keys, hostContractVersion: HOST_CONTRACT_VERSION });
    assert.equal(verified.manifest.qualifiedId, manifest.qualifiedId);
  });

  it('holds the manifest as written (without $schema), listing every language found', () => {
    const inside = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Record<string, unknown>;
    const { $schema: _schema, ...source } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'manifest', 'mdr-plugin.json'), 'utf8')) as Record<string, unknown>;
    const languages = localeLanguages(path.join(repoRoot, 'locales'), manifest.localeNamespace);
    assert.deepEqual(inside, { ...source, locales: languages });
    for (const language of manifest.locales) assert.ok(languages.includes(language), language);
  });

  it('holds the entry module and every chunk of the build, without source maps, and each module it imports', () => {
    const built = (fs.readdirSync(pluginBuildDir, { recursive: true }) as string[]).map((file) => file.split(path.sep).join('/')).filter((file) => file.endsWith('.js'));
    assert.ok(built.length > 5, built.join(', '));
    for (const file of built) assert.ok(files.get(file)?.equals(fs.readFileSync(path.join(pluginBuildDir, file))), file);
    assert.deepEqual([...files.keys()].filter((name) => name.endsWith('.map') || name.startsWith('.')), []);
    assert.ok(files.has(manifest.entry));
    for (const [name, content] of files) {
      if (!name.endsWith('.js')) continue;
      for (const match of content.toString('utf8').matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
        const target = path.posix.join(path.posix.dirname(name), match[1]!);
        assert.ok(files.has(target), `${name} imports ${match[1]}, which the bundle lacks`);
      }
    }
  });

  it('holds the locale file of every language', () => {
    for (const language of localeLanguages(path.join(repoRoot, 'locales'), manifest.localeNamespace)) {
      assert.ok(files.get(`locales/${language}/mdr.json`)?.equals(fs.readFileSync(path.join(repoRoot, 'locales', language, 'mdr.json'))), language);
    }
  });

  it('lists every other file with its size and SHA-256 in files.json', () => {
    const list = JSON.parse(files.get('files.json')!.toString('utf8')) as FileList;
    assert.deepEqual(list.files.map((file) => file.path).sort(), [...files.keys()].filter((name) => name !== 'files.json').sort());
    for (const file of list.files) {
      const content = files.get(file.path)!;
      assert.equal(file.size, content.length, file.path);
      assert.equal(file.sha256, crypto.createHash('sha256').update(content).digest('hex'), file.path);
    }
  });

  it('names in legal_notices.txt every third-party package the build bundled, with the version and license of its package.json and its license text', () => {
    const notices = files.get('legal_notices.txt')!.toString('utf8');
    const packages = bundledPackages(pluginBuildDir);
    const names = packages.map((entry) => entry.name);
    for (const expected of ['lit-html', 'lit-element', '@lit/reactive-element', '@lit/context', '@lit/task', 'i18next']) assert.ok(names.includes(expected), expected);
    assert.ok(!names.includes('axios'), 'the host hands the plug-in its HTTP client: axios is not bundled');
    for (const entry of packages) {
      const declared = JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', entry.name, 'package.json'), 'utf8')) as { version: string; license: string };
      assert.ok(notices.includes(`  ${entry.name} ${declared.version} (${declared.license})`), entry.name);
      assert.ok(entry.licenseText && notices.includes(entry.licenseText), `${entry.name}: license text`);
    }
    assert.match(notices, /Copyright \(c\) 2011-present i18next/);
  });

  it('writes the same bytes when the same build is packaged again (a reproducible archive)', async () => {
    const key = crypto.createPrivateKey(fs.readFileSync(path.join(dataDir, 'publisher', `${manifest.publisher.id}.key.pem`), 'utf8'));
    const again = await packagePlugin({ manifest: loadManifest(), codeDir: pluginBuildDir, localesDir: path.join(repoRoot, 'locales') }, key);
    assert.ok(again.archive.equals(archive));
  });
});

/**
 * The bundle verifier refuses each kind of bad bundle with its own rule, before anything is written.
 * Hostile archives are written byte by byte (test/support/zip-builder.ts) and signed by a trusted
 * publisher: a trusted signature does not make a bad archive acceptable.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import zlib from 'node:zlib';
import { BundleRefusedError } from '../../host-shim/server/errors.ts';
import { FILE_LIST_FILE, MANIFEST_FILE } from '../../host-shim/server/plugins/bundle-format.ts';
import { fileListOf } from '../../host-shim/server/plugins/bundle-packager.ts';
import {
  bundleFiles,
  mdrManifest,
  signatureOf,
  signedArchiveOf,
  signedTestBundle,
  testPublisher,
  verifyForTest,
  withFileList,
  type TestPublisher,
} from '../support/plugin-bundles.ts';
import { readZipDirectory, ZipError } from '../../host-shim/server/plugins/zip-reader.ts';
import { buildZip, type RawEntry } from '../support/zip-builder.ts';

const publisher = testPublisher();
const trusted = [publisher.trusted];

/** The refusal's rule and field, or 'accepted'. */
function outcome(archive: Buffer, signature: Buffer | undefined, options: { keys?: typeof trusted; limits?: object } = {}): string {
  try {
    verifyForTest(archive, signature, options.keys ?? trusted, options.limits);
    return 'accepted';
  } catch (error) {
    if (!(error instanceof BundleRefusedError)) throw error;
    return error.field === undefined ? error.rule : `${error.rule}:${error.field}`;
  }
}

/** The entries of an honest small bundle, for archives written by hand. */
function honestEntries(files = withFileList(bundleFiles(mdrManifest({ locales: ['en'] })))): RawEntry[] {
  return [...files.entries()].map(([name, content]) => ({ name, content }));
}

/** A raw archive of `entries`, signed by `signer`. */
function signedRaw(entries: RawEntry[], signer: TestPublisher = publisher, options: Parameters<typeof buildZip>[1] = {}): [Buffer, Buffer] {
  const archive = buildZip(entries, options);
  return [archive, signatureOf(archive, signer)];
}

describe('bundle verifier: a good bundle', () => {
  it('accepts a bundle signed by a trusted key of its publisher, with its manifest, files and digests', async () => {
    const bundle = await signedTestBundle(publisher);
    const verified = verifyForTest(bundle.archive, bundle.signature, trusted);
    assert.equal(verified.manifest.qualifiedId, 'example-security.mdr');
    assert.equal(verified.keyId, publisher.keyId);
    assert.deepEqual([...verified.files.keys()].sort(), ['files.json', 'legal_notices.txt', 'locales/de/mdr.json', 'locales/en/mdr.json', 'manifest.json', 'mdr-plugin.js']);
    assert.equal(verified.fileList.length, 5);
    assert.match(verified.contentDigest, /^[0-9a-f]{64}$/);
  });

  it('accepts an archive written by hand the same way (the hostile cases below differ from it in one thing each)', () => {
    const [archive, signature] = signedRaw(honestEntries());
    assert.equal(outcome(archive, signature), 'accepted');
  });

  it('accepts folder entries, which ZIP tools add', () => {
    const [archive, signature] = signedRaw([{ name: 'locales/', content: Buffer.alloc(0), method: 0, unixMode: 0o040755 }, ...honestEntries()]);
    assert.equal(outcome(archive, signature), 'accepted');
  });
});

describe('bundle verifier: the signature', () => {
  it('refuses an unsigned bundle (no signature, or an empty one)', async () => {
    const bundle = await signedTestBundle(publisher);
    assert.equal(outcome(bundle.archive, undefined), 'unsigned:signature');
    assert.equal(outcome(bundle.archive, Buffer.alloc(0)), 'unsigned:signature');
  });

  it('refuses a signature file that is not one', async () => {
    const bundle = await signedTestBundle(publisher);
    assert.equal(outcome(bundle.archive, Buffer.from('not json')), 'signatureMalformed:signature');
    assert.equal(outcome(bundle.archive, Buffer.from('{"format":1}')), 'signatureMalformed:signature');
    assert.equal(outcome(bundle.archive, signatureOf(bundle.archive, publisher, (signature) => ({ ...signature, signature: signature.signature.slice(8) }))), 'signatureMalformed:signature');
  });

  it('refuses another signature algorithm', async () => {
    const bundle = await signedTestBundle(publisher);
    assert.equal(outcome(bundle.archive, signatureOf(bundle.archive, publisher, (signature) => ({ ...signature, algorithm: 'RSA' as 'Ed25519' }))), 'unsupportedSignature:signature');
  });

  it('refuses a bundle signed with a key the console does not trust (wrong key)', async () => {
    const stranger = testPublisher();
    const bundle = await signedTestBundle(stranger);
    assert.equal(outcome(bundle.archive, bundle.signature), 'untrustedKey:signature');
    assert.equal(outcome(bundle.archive, bundle.signature, { keys: [] }), 'untrustedKey:signature');
  });

  it('refuses a signature made with another key under a trusted key id', async () => {
    const impostor = testPublisher();
    const bundle = await signedTestBundle(impostor);
    const forged = signatureOf(bundle.archive, impostor, (signature) => ({ ...signature, keyId: publisher.keyId }));
    assert.equal(outcome(bundle.archive, forged), 'badSignature:signature');
  });

  it('refuses the bundle when any one byte of the archive is changed', async () => {
    const bundle = await signedTestBundle(publisher);
    const refusals = new Map<string, number>();
    for (let index = 0; index < bundle.archive.length; index++) {
      const changed = Buffer.from(bundle.archive);
      changed[index] = changed[index]! ^ 0x01;
      const result = outcome(changed, bundle.signature);
      refusals.set(result, (refusals.get(result) ?? 0) + 1);
    }
    assert.deepEqual([...refusals.entries()], [['badSignature:signature', bundle.archive.length]]);
  });

  it('refuses a bundle whose manifest names another publisher than the key it is signed with', async () => {
    const other = testPublisher('other-publisher');
    const bundle = await signedTestBundle(other);
    assert.equal(outcome(bundle.archive, bundle.signature, { keys: [...trusted, other.trusted] }), 'publisherMismatch:publisher.id');
  });
});

describe('bundle verifier: sizes and compressed bombs', () => {
  it('refuses an archive larger than the limit before reading it', async () => {
    const bundle = await signedTestBundle(publisher);
    assert.equal(outcome(bundle.archive, bundle.signature, { limits: { archiveBytes: bundle.archive.length - 1 } }), 'archiveTooLarge');
    assert.equal(outcome(bundle.archive, bundle.signature, { limits: { archiveBytes: bundle.archive.length } }), 'accepted');
  });

  it('refuses more entries than the limit', () => {
    const entries = honestEntries();
    const [archive, signature] = signedRaw(entries);
    assert.equal(outcome(archive, signature, { limits: { files: entries.length - 1 } }), 'tooManyFiles');
  });

  it('refuses a file declared larger than the limit for one file (a 4 GiB entry of 4 MiB zeros), without unpacking it', () => {
    const zeros = Buffer.alloc(4 * 1024 * 1024);
    const [archive, signature] = signedRaw([...honestEntries(), { name: 'big.bin', content: zeros, declaredSize: 0xfffffffe }]);
    assert.ok(archive.length - buildZip(honestEntries()).length < 10_000, `${archive.length} bytes`);
    assert.equal(outcome(archive, signature), 'fileTooLarge:big.bin');
  });

  it('refuses files that together exceed the limit', () => {
    const entries = honestEntries();
    const honestTotal = entries.reduce((sum, entry) => sum + entry.content.length, 0);
    const [archive, signature] = signedRaw([...entries, { name: 'a.bin', content: Buffer.alloc(40_000, 1) }, { name: 'b.bin', content: Buffer.alloc(40_000, 2) }]);
    // Room for a.bin, not for b.bin as well.
    assert.equal(outcome(archive, signature, { limits: { totalBytes: honestTotal + 60_000 } }), 'bundleTooLarge:b.bin');
    assert.equal(outcome(archive, signature, { limits: { totalBytes: honestTotal + 80_000 } }).split(':')[0], 'unlistedFile', 'within the limit, the next check speaks');
  });

  it('refuses a compressed bomb: 4 MiB of zeros packed into a few KiB', () => {
    const zeros = Buffer.alloc(4 * 1024 * 1024);
    const packed = zlib.deflateRawSync(zeros, { level: 9 });
    assert.ok(zeros.length / packed.length > 1000, `ratio ${zeros.length / packed.length}`);
    const [archive, signature] = signedRaw([...honestEntries(), { name: 'bomb.bin', content: zeros, packed }]);
    assert.equal(outcome(archive, signature), 'compressionRatio:bomb.bin');
  });

  it('stops unpacking an entry that inflates beyond its declared size (a bomb that lies about its size)', () => {
    const huge = Buffer.alloc(64 * 1024 * 1024);
    const packed = zlib.deflateRawSync(huge, { level: 9 });
    const [archive, signature] = signedRaw([...honestEntries(), { name: 'liar.bin', content: huge, packed, declaredSize: 1000, crc32: 0 }]);
    assert.ok(archive.length < 200_000, `${archive.length} bytes`);
    const before = process.memoryUsage().arrayBuffers;
    assert.equal(outcome(archive, signature), 'corruptEntry:liar.bin');
    assert.ok(process.memoryUsage().arrayBuffers - before < huge.length / 2, 'the 64 MiB were never held');
  });
});

describe('bundle verifier: the archive', () => {
  it('refuses bytes that are not a ZIP archive', () => {
    const bytes = Buffer.from('PK\u0003\u0004 but not really a zip archive');
    assert.equal(outcome(bytes, signatureOf(bytes, publisher)), 'notAZip');
    const truncated = buildZip(honestEntries()).subarray(0, 200);
    assert.equal(outcome(truncated, signatureOf(truncated, publisher)), 'notAZip');
  });

  it('refuses data before the first entry (a disguised archive)', () => {
    const [archive, signature] = signedRaw(honestEntries(), publisher, { prefix: Buffer.from('#!/bin/sh\nexit 0\n') });
    assert.equal(outcome(archive, signature).split(':')[0], 'corruptEntry');
  });

  it('refuses encrypted entries and compression methods other than none and Deflate', () => {
    const encrypted = signedRaw([...honestEntries(), { name: 'secret.js', content: Buffer.from('x'), flags: 0x0001 }]);
    assert.equal(outcome(...encrypted), 'unsupportedEntry:secret.js');
    const bzip2 = signedRaw([...honestEntries(), { name: 'other.js', content: Buffer.from('x'), method: 12, packed: Buffer.from('x') }]);
    assert.equal(outcome(...bzip2), 'unsupportedEntry:other.js');
  });

  it('refuses an entry whose content does not match its CRC', () => {
    const [archive, signature] = signedRaw([...honestEntries(), { name: 'changed.js', content: Buffer.from('export {};'), crc32: 12345 }]);
    assert.equal(outcome(archive, signature), 'corruptEntry:changed.js');
  });

  it('refuses a local header that names another file than the directory', () => {
    const [archive, signature] = signedRaw([...honestEntries(), { name: 'innocent.js', localName: '../../evil.js', content: Buffer.from('x') }]);
    assert.equal(outcome(archive, signature), 'corruptEntry:innocent.js');
  });

  it('refuses entries that share their data (one stream unpacked many times)', () => {
    const entries = honestEntries();
    const [archive, signature] = signedRaw([...entries, { name: 'copy.json', content: Buffer.alloc(0), sameDataAs: 0 }]);
    assert.equal(outcome(archive, signature).split(':')[0], 'corruptEntry');
    // An entry whose packed data reaches over the next entry's header: the overlap, not the content, refuses it.
    const [first, ...rest] = entries;
    const overlapping = buildZip([{ ...first!, declaredPackedSize: zlib.deflateRawSync(first!.content).length + 40 }, ...rest]);
    assert.throws(() => readZipDirectory(overlapping), (error: unknown) => error instanceof ZipError && error.problem === 'corruptEntry' && error.entryName === rest[0]!.name);
  });
});

describe('bundle verifier: names', () => {
  const refusedName = (name: string) => {
    const [archive, signature] = signedRaw([...honestEntries(), { name, content: Buffer.from('x') }]);
    return outcome(archive, signature);
  };

  it('refuses absolute paths', () => {
    for (const name of ['/etc/passwd', '/mdr-plugin.js', 'C:/Windows/x.js', 'C:x.js', '\\\\server\\share\\x.js']) assert.equal(refusedName(name), `unsafeName:${name}`, name);
  });

  it('refuses `..` and `.` segments, anywhere', () => {
    for (const name of ['../outside.js', 'chunks/../../outside.js', 'chunks/..', './x.js', 'a/./b.js', '..']) assert.equal(refusedName(name), `unsafeName:${name}`, name);
  });

  it('refuses backslashes, empty segments, hidden files and characters outside the allowed ones', () => {
    for (const name of ['chunks\\..\\x.js', 'a//b.js', '.htaccess', 'a/.git/config', 'name with space.js', 'ünïcode.js', 'a\u0000b.js', 'x'.repeat(201)]) {
      assert.equal(refusedName(name), `unsafeName:${name}`, JSON.stringify(name));
    }
  });

  it('refuses symbolic links', () => {
    const [archive, signature] = signedRaw([...honestEntries(), { name: 'chunks/link.js', content: Buffer.from('/etc/passwd'), unixMode: 0o120777 }]);
    assert.equal(outcome(archive, signature), 'link:chunks/link.js');
  });

  it('refuses entries that are neither files nor folders (a device, a pipe)', () => {
    const [archive, signature] = signedRaw([...honestEntries(), { name: 'pipe', content: Buffer.alloc(0), method: 0, unixMode: 0o010644 }]);
    assert.equal(outcome(archive, signature), 'notAFile:pipe');
  });

  it('refuses a name given twice, also when only its case differs, and a folder with a file’s name', () => {
    const entries = honestEntries();
    assert.equal(outcome(...signedRaw([...entries, { name: 'mdr-plugin.js', content: Buffer.from('export const evil = 1;') }])), 'duplicateName:mdr-plugin.js');
    assert.equal(outcome(...signedRaw([...entries, { name: 'MDR-Plugin.js', content: Buffer.from('x') }])), 'duplicateName:MDR-Plugin.js');
    assert.equal(outcome(...signedRaw([...entries, { name: 'mdr-plugin.js/', content: Buffer.alloc(0), method: 0, unixMode: 0o040755 }])), 'duplicateName:mdr-plugin.js/');
  });
});

describe('bundle verifier: the file list', () => {
  it('refuses a bundle without files.json or manifest.json', async () => {
    const files = bundleFiles(mdrManifest({ locales: ['en'] }));
    assert.equal(outcome(...Object.values(await signedArchiveOf(files, publisher)) as [Buffer, Buffer]), `missingFile:${FILE_LIST_FILE}`);
    const withoutManifest = new Map(files);
    withoutManifest.delete(MANIFEST_FILE);
    assert.equal(outcome(...Object.values(await signedArchiveOf(withFileList(withoutManifest), publisher)) as [Buffer, Buffer]), `missingFile:${MANIFEST_FILE}`);
  });

  it('refuses a file list that is not one', async () => {
    for (const list of ['not json', '{"format":2,"files":[]}', '{"format":1,"files":[{"path":"x"}]}', '{"format":1,"files":[{"path":"a","size":1,"sha256":"ABC"}]}']) {
      const files = bundleFiles(mdrManifest({ locales: ['en'] }));
      files.set(FILE_LIST_FILE, Buffer.from(list));
      const { archive, signature } = await signedArchiveOf(files, publisher);
      assert.equal(outcome(archive, signature).split(':')[0], 'fileListInvalid', list);
    }
  });

  it('refuses a file the list does not name', async () => {
    const files = withFileList(bundleFiles(mdrManifest({ locales: ['en'] })));
    files.set('chunks/smuggled.js', Buffer.from('fetch("https://evil.example")'));
    const { archive, signature } = await signedArchiveOf(files, publisher);
    assert.equal(outcome(archive, signature), 'unlistedFile:chunks/smuggled.js');
  });

  it('refuses a listed file that is not in the archive', async () => {
    const files = bundleFiles(mdrManifest({ locales: ['en'] }));
    const all = withFileList(files);
    const list = fileListOf(new Map([...files, ['chunks/gone.js', Buffer.from('x')]]));
    all.set(FILE_LIST_FILE, Buffer.from(JSON.stringify(list)));
    const { archive, signature } = await signedArchiveOf(all, publisher);
    assert.equal(outcome(archive, signature), 'missingFile:chunks/gone.js');
  });

  it('refuses a file whose SHA-256 or size differs from the list (a signed bundle whose list does not match)', async () => {
    const files = bundleFiles(mdrManifest({ locales: ['en'] }));
    const all = withFileList(files);
    all.set('mdr-plugin.js', Buffer.from('export const version = "0.1.1";\n'));
    const { archive, signature } = await signedArchiveOf(all, publisher);
    assert.equal(outcome(archive, signature), 'checksumMismatch:mdr-plugin.js');
  });
});

describe('bundle verifier: the manifest', () => {
  async function withManifest(manifest: unknown, extra: Record<string, string> = {}): Promise<string> {
    const files = bundleFiles(mdrManifest({ locales: ['en'] }), extra);
    files.set(MANIFEST_FILE, Buffer.from(typeof manifest === 'string' ? manifest : JSON.stringify(manifest)));
    const { archive, signature } = await signedArchiveOf(withFileList(files), publisher);
    return outcome(archive, signature);
  }

  it('refuses a manifest that is not JSON', async () => {
    assert.equal(await withManifest('{ "id": '), 'manifestInvalid:manifest.json');
  });

  it('refuses a manifest its schema refuses, naming the field', async () => {
    const { hostContract: _removed, ...withoutRange } = mdrManifest({ locales: ['en'] });
    assert.equal(await withManifest(withoutRange), 'manifestInvalid:hostContract');
    assert.equal(await withManifest(mdrManifest({ locales: ['en'], version: 'latest' })), 'manifestInvalid:version');
    assert.equal(await withManifest({ ...mdrManifest({ locales: ['en'] }), extra: true }), 'manifestInvalid:manifest');
    const badRight = mdrManifest({ locales: ['en'] });
    badRight.routes = [{ method: 'GET', path: '/api/plugins/mdr/usage', rights: ['everything' as never] }];
    assert.equal(await withManifest(badRight), 'manifestInvalid:routes/0/rights/0');
  });

  it('refuses a qualified id that is not its publisher and id', async () => {
    assert.equal(await withManifest(mdrManifest({ locales: ['en'], qualifiedId: 'example-security.other' })), 'manifestInvalid:qualifiedId');
  });

  it('refuses routes under another plug-in’s prefix', async () => {
    const manifest = mdrManifest({ locales: ['en'] });
    manifest.routes = [...manifest.routes.slice(0, 2), { method: 'GET', path: '/api/plugins/other/data', rights: [] }];
    assert.equal(await withManifest(manifest), 'manifestInvalid:routes/2/path');
  });

  it('refuses a manifest whose entry module or locale files are missing', async () => {
    assert.equal(await withManifest(mdrManifest({ locales: ['en'], entry: 'other-entry.js' })), 'missingFile:other-entry.js');
    assert.equal(await withManifest(mdrManifest({ locales: ['en', 'fr'] })), 'missingFile:locales/fr/mdr.json');
  });

  it('refuses locale files that are not JSON objects', async () => {
    assert.equal(await withManifest(mdrManifest({ locales: ['en'] }), { 'locales/en/mdr.json': '["not", "strings"]' }), 'localeInvalid:locales/en/mdr.json');
  });

  it('refuses a plug-in made for host contract versions this console does not provide', async () => {
    assert.equal(await withManifest(mdrManifest({ locales: ['en'], hostContract: '^2.0.0' })), 'hostContractIncompatible:hostContract');
    assert.equal(await withManifest(mdrManifest({ locales: ['en'], hostContract: '>=0.1.0 <1.0.0' })), 'hostContractIncompatible:hostContract');
    assert.equal(await withManifest(mdrManifest({ locales: ['en'], hostContract: '^0.9.0 || ^1.0.0' })), 'accepted');
  });
});

/**
 * *Console settings → Web plug-ins* on the console server: only the console's main administrator
 * reaches it (the upload is refused before its body is read), a bundle is installed, updated or
 * removed only after verification, a refused bundle leaves nothing behind, and what is installed is
 * what the console serves and gates at once, for every session already open.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { WebPluginsList } from '../../contract/web-plugins.ts';
import type { PluginManifest } from '../../host-shim/server/manifest.ts';
import { SIGNATURE_HEADER } from '../../host-shim/server/routes/web-plugins.ts';
import { signInAs, startConsole } from '../support/console-fixture.ts';
import { mdrManifest, signatureOf, signedTestBundle, testPublisher, trustPublisher, type TestPublisher } from '../support/plugin-bundles.ts';
import { buildZip } from '../support/zip-builder.ts';

type Console = Awaited<ReturnType<typeof startConsole>>;
type Session = Awaited<ReturnType<typeof signInAs>>;

interface Answer {
  status: number;
  body: Record<string, unknown>;
  raw: string;
}

async function call(app: FastifyInstance, session: Session | undefined, method: string, url: string, options: { payload?: unknown; archive?: Buffer; signature?: Buffer; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {}), ...options.headers };
  let payload: string | Buffer | undefined;
  if (options.archive) {
    headers['content-type'] = 'application/zip';
    payload = options.archive;
    if (options.signature) headers[SIGNATURE_HEADER] = options.signature.toString('base64');
  } else if (options.payload !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(options.payload);
  }
  const response = await app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload }) });
  let body: Record<string, unknown> = {};
  try {
    body = response.body ? (JSON.parse(response.body) as Record<string, unknown>) : {};
  } catch {
    body = {};
  }
  return { status: response.statusCode, body, raw: response.body };
}

/** Every file and folder of the console's plug-in store. */
function storeTree(fixture: Console): string[] {
  return (fs.readdirSync(fixture.plugins.dir, { recursive: true }) as string[]).sort();
}

/** The sample plug-in of another id, by the same publisher as the MDR plug-in. */
function sampleManifest(version = '1.0.0'): PluginManifest {
  return {
    ...mdrManifest({ locales: ['en'] }),
    id: 'sample',
    qualifiedId: 'example-security.sample',
    name: 'Sample',
    description: 'A plug-in that proves the host.',
    version,
    entry: 'sample-plugin.js',
    localeNamespace: 'sample',
    elements: { section: 'sample-section', widgets: [] },
    section: { path: '/sample', navigationGroup: 'monitoring' },
    tabs: [{ id: 'overview', path: 'overview', titleKey: 'tabs.overview', rights: [] }],
    widgets: [],
    rights: [{ id: 'sampleGreetings', titleKey: 'rights.sampleGreetings' }],
    routes: [{ method: 'GET', path: '/api/plugins/sample/hello', rights: ['sampleGreetings'] }],
  };
}

describe('web plug-ins: who may', () => {
  let fixture: Console;
  const routes: [string, string][] = [
    ['GET', '/api/web-plugins'],
    ['POST', '/api/web-plugins'],
    ['POST', '/api/web-plugins/available/install'],
    ['DELETE', '/api/web-plugins/mdr?expectedVersion=0.1.0'],
  ];
  before(async () => {
    fixture = await startConsole({ pluginLimits: { archiveBytes: 64 * 1024 } });
  });
  after(async () => fixture?.close());

  it('refuses every route without a session (401)', async () => {
    for (const [method, url] of routes) assert.equal((await call(fixture.app, undefined, method, url)).status, 401, `${method} ${url}`);
  });

  it('refuses every route to users who are not the console’s main administrator (403 naming the permission), whatever MDR rights they hold', async () => {
    const archive = (await signedTestBundle(testPublisher())).archive;
    for (const userName of ['senior', 'officer', 'guest']) {
      const session = await signInAs(fixture.app, userName);
      for (const [method, url] of routes) {
        const answer = await call(fixture.app, session, method, url, method === 'POST' && url === '/api/web-plugins' ? { archive } : { payload: { fileName: 'x.zip' } });
        assert.equal(answer.status, 403, `${userName}: ${method} ${url}: ${answer.raw}`);
        assert.deepEqual(answer.body, { error: 'forbidden', missingRights: [], missingPermission: 'manageUsersAndRoles' }, `${userName}: ${method} ${url}`);
      }
    }
  });

  it('refuses an upload from anyone else before reading it: a body beyond the limit is 403, not 413', async () => {
    const officer = await signInAs(fixture.app, 'officer');
    const answer = await call(fixture.app, officer, 'POST', '/api/web-plugins', { archive: Buffer.alloc(128 * 1024) });
    assert.equal(answer.status, 403);
    const admin = await signInAs(fixture.app, 'admin');
    assert.equal((await call(fixture.app, admin, 'POST', '/api/web-plugins', { archive: Buffer.alloc(128 * 1024) })).status, 413);
  });

  it('refuses changes without the CSRF token or from another origin, as the other console routes do', async () => {
    const admin = await signInAs(fixture.app, 'admin');
    for (const [method, url] of routes.filter(([method]) => method !== 'GET')) {
      const withoutToken = await call(fixture.app, { ...admin, csrfToken: '' }, method, url, { payload: {} });
      assert.deepEqual([withoutToken.status, withoutToken.body.error], [403, 'csrfTokenInvalid'], `${method} ${url}`);
      const foreign = await call(fixture.app, admin, method, url, { payload: {}, headers: { origin: 'http://evil.example' } });
      assert.deepEqual([foreign.status, foreign.body.error], [403, 'crossOrigin'], `${method} ${url}`);
    }
  });
});

describe('web plug-ins: installing, updating and removing', () => {
  let fixture: Console;
  let admin: Session;
  let publisher: TestPublisher;
  let trustedDir: string;

  beforeEach(async () => {
    await fixture?.close();
    fixture = await startConsole();
    admin = await signInAs(fixture.app, 'admin');
    // The test publisher of the installed MDR plug-in signs the bundles below too.
    publisher = testPublisher();
    trustedDir = path.join(fixture.dir, 'trusted-publishers');
    trustPublisher(trustedDir, publisher);
  });
  after(async () => fixture?.close());

  it('lists the installed plug-ins with name, version, publisher, languages and state', async () => {
    const answer = await call(fixture.app, admin, 'GET', '/api/web-plugins');
    assert.equal(answer.status, 200);
    const list = answer.body as unknown as WebPluginsList;
    assert.equal(list.plugins.length, 1);
    const [mdr] = list.plugins;
    assert.deepEqual(
      { id: mdr!.id, qualifiedId: mdr!.qualifiedId, name: mdr!.name, version: mdr!.version, publisher: mdr!.publisher, state: mdr!.state, license: mdr!.license },
      { id: 'mdr', qualifiedId: 'example-security.mdr', name: 'Managed Detection and Response', version: '0.1.0', publisher: { id: 'example-security', name: 'Example Security' }, state: 'active', license: 'Proprietary' },
    );
    assert.deepEqual(mdr!.languages, mdrManifest().locales);
    assert.deepEqual(list.available, []);
    assert.deepEqual(list.refused, []);
  });

  it('installs an uploaded bundle of a new plug-in: listed, served and gated at once', async () => {
    const bundle = await signedTestBundle(publisher, sampleManifest());
    const answer = await call(fixture.app, admin, 'POST', '/api/web-plugins', { archive: bundle.archive, signature: bundle.signature });
    assert.equal(answer.status, 201, answer.raw);
    assert.equal(answer.body.outcome, 'installed');
    const officer = await signInAs(fixture.app, 'officer');
    const plugins = (await call(fixture.app, officer, 'GET', '/api/plugins')).body.plugins as { manifest: { id: string }; baseUrl: string; localeBaseUrl: string }[];
    assert.deepEqual(plugins.map((plugin) => [plugin.manifest.id, plugin.baseUrl, plugin.localeBaseUrl]), [
      ['mdr', '/plugins/mdr/', '/plugins/mdr/locales/'],
      ['sample', '/plugins/sample/', '/plugins/sample/locales/'],
    ]);
    const entry = await fixture.app.inject({ method: 'GET', url: '/plugins/sample/sample-plugin.js' });
    assert.equal(entry.statusCode, 200);
    assert.match(entry.headers['content-type'] as string, /^text\/javascript/);
    assert.match(entry.body, /example-security\.sample 1\.0\.0/);
    assert.equal((await fixture.app.inject({ method: 'GET', url: '/plugins/sample/locales/en/sample.json' })).statusCode, 200);
    // Its route is gated by its own manifest: declared, with the rights it names.
    assert.equal((await call(fixture.app, await signInAs(fixture.app, 'guest'), 'GET', '/api/plugins/sample/hello')).status, 403);
    assert.equal((await call(fixture.app, officer, 'GET', '/api/plugins/sample/undeclared')).status, 404);
  });

  it('updates an installed plug-in from an uploaded newer bundle: the new files and routes for every open session at once', async () => {
    const officer = await signInAs(fixture.app, 'officer');
    assert.equal((await call(fixture.app, officer, 'GET', '/api/plugins/mdr/connection')).status, 200);
    const before = await fixture.app.inject({ method: 'GET', url: '/plugins/mdr/mdr-plugin.js' });
    const manifest = mdrManifest({ version: '0.2.0', locales: ['en', 'de'] });
    manifest.routes = manifest.routes.filter((route) => !route.path.endsWith('/connection'));
    const bundle = await signedTestBundle(publisher, manifest);
    const answer = await call(fixture.app, admin, 'POST', '/api/web-plugins', { archive: bundle.archive, signature: bundle.signature });
    assert.equal(answer.status, 200, answer.raw);
    assert.deepEqual([answer.body.outcome, answer.body.previousVersion], ['updated', '0.1.0']);
    const after = await fixture.app.inject({ method: 'GET', url: '/plugins/mdr/mdr-plugin.js', headers: { 'if-none-match': before.headers.etag as string } });
    assert.equal(after.statusCode, 200, 'the entry module changed behind the same address');
    assert.notEqual(after.headers.etag, before.headers.etag);
    assert.match(after.body, /0\.2\.0/);
    assert.equal((await call(fixture.app, officer, 'GET', '/api/plugins/mdr/connection')).status, 404, 'the route the new version no longer declares');
    const listed = (await call(fixture.app, officer, 'GET', '/api/plugins')).body.plugins as { manifest: { version: string }; languages: string[] }[];
    assert.deepEqual([listed[0]!.manifest.version, listed[0]!.languages], ['0.2.0', ['en', 'de']]);
  });

  it('answers an unchanged file with 304 for its ETag (its SHA-256)', async () => {
    const first = await fixture.app.inject({ method: 'GET', url: '/plugins/mdr/mdr-plugin.js' });
    assert.match(first.headers.etag as string, /^"[0-9a-f]{64}"$/);
    assert.equal((await fixture.app.inject({ method: 'GET', url: '/plugins/mdr/mdr-plugin.js', headers: { 'if-none-match': first.headers.etag as string } })).statusCode, 304);
  });

  it('serves nothing but the files of the installed bundle, and the console’s locale folder only the console’s texts', async () => {
    for (const url of ['/plugins/mdr/files.json', '/plugins/mdr/../installed/mdr.json', '/plugins/mdr/%2e%2e/installed/mdr.json', '/plugins/mdr/locales/xx/mdr.json', '/plugins/other/mdr-plugin.js', '/locales/en/mdr.json']) {
      assert.equal((await fixture.app.inject({ method: 'GET', url })).statusCode, 404, url);
    }
    assert.equal((await fixture.app.inject({ method: 'GET', url: '/locales/en/console.json' })).statusCode, 200);
    assert.equal((await fixture.app.inject({ method: 'GET', url: '/plugins/mdr/manifest.json' })).statusCode, 200);
  });

  it('refuses the same or an older version (409 versionNotNewer), and a plug-in of the same id from another publisher (409 pluginIdTaken)', async () => {
    const same = await signedTestBundle(publisher, mdrManifest({ locales: ['en'] }));
    assert.deepEqual((await call(fixture.app, admin, 'POST', '/api/web-plugins', { archive: same.archive, signature: same.signature })).body, { error: 'versionNotNewer' });
    const older = await signedTestBundle(publisher, mdrManifest({ version: '0.0.9', locales: ['en'] }));
    assert.equal((await call(fixture.app, admin, 'POST', '/api/web-plugins', { archive: older.archive, signature: older.signature })).status, 409);
    const other = testPublisher('other-publisher');
    trustPublisher(trustedDir, other);
    const takeover = await signedTestBundle(other, mdrManifest({ version: '9.0.0', locales: ['en'], publisher: { id: 'other-publisher', name: 'Other' }, qualifiedId: 'other-publisher.mdr' }));
    const answer = await call(fixture.app, admin, 'POST', '/api/web-plugins', { archive: takeover.archive, signature: takeover.signature });
    assert.deepEqual([answer.status, answer.body], [409, { error: 'pluginIdTaken' }]);
  });

  it('refuses a bundle that fails verification with its reason, and leaves nothing behind', async () => {
    const good = await signedTestBundle(publisher, mdrManifest({ version: '0.2.0', locales: ['en'] }));
    const changed = Buffer.from(good.archive);
    changed[100] ^= 0x01;
    const stranger = await signedTestBundle(testPublisher(), mdrManifest({ version: '0.2.0', locales: ['en'] }));
    const unsafe = buildZip([{ name: '../../escape.js', content: Buffer.from('x') }]);
    const incompatible = await signedTestBundle(publisher, mdrManifest({ version: '0.2.0', locales: ['en'], hostContract: '^2.0.0' }));
    const cases: [string, Buffer, Buffer | undefined, Record<string, unknown>][] = [
      ['unsigned', good.archive, undefined, { error: 'bundleRefused', rule: 'unsigned', field: 'signature' }],
      ['one byte changed', changed, good.signature, { error: 'bundleRefused', rule: 'badSignature', field: 'signature' }],
      ['wrong key', stranger.archive, stranger.signature, { error: 'bundleRefused', rule: 'untrustedKey', field: 'signature' }],
      ['unsafe name', unsafe, signatureOf(unsafe, publisher), { error: 'bundleRefused', rule: 'unsafeName', field: '../../escape.js' }],
      ['incompatible host range', incompatible.archive, incompatible.signature, { error: 'bundleRefused', rule: 'hostContractIncompatible', field: 'hostContract' }],
    ];
    const treeBefore = storeTree(fixture);
    for (const [what, archive, signature, expected] of cases) {
      const answer = await call(fixture.app, admin, 'POST', '/api/web-plugins', { archive, signature });
      assert.equal(answer.status, 422, `${what}: ${answer.raw}`);
      assert.deepEqual(answer.body, expected, what);
      assert.deepEqual(storeTree(fixture), treeBefore, `${what}: nothing written`);
    }
    assert.equal(fixture.plugins.active('mdr')?.manifest.version, '0.1.0');
  });

  it('offers a newer signed bundle of the available-plug-ins folder as an update, and installs it', async () => {
    const available = path.join(fixture.dir, 'available-plugins');
    fs.mkdirSync(available, { recursive: true });
    const newer = await signedTestBundle(publisher, mdrManifest({ version: '0.3.0', locales: ['en'] }));
    fs.writeFileSync(path.join(available, newer.fileName), newer.archive);
    fs.writeFileSync(path.join(available, `${newer.fileName}.sig`), newer.signature);
    // Not offered: an older one, one whose signature does not match, one without a signature.
    const older = await signedTestBundle(publisher, mdrManifest({ version: '0.0.5', locales: ['en'] }));
    fs.writeFileSync(path.join(available, older.fileName), older.archive);
    fs.writeFileSync(path.join(available, `${older.fileName}.sig`), older.signature);
    fs.writeFileSync(path.join(available, 'tampered-plugin-1.0.0.zip'), newer.archive.subarray(0, newer.archive.length - 1));
    fs.writeFileSync(path.join(available, 'tampered-plugin-1.0.0.zip.sig'), newer.signature);
    fs.writeFileSync(path.join(available, 'unsigned-plugin-1.0.0.zip'), newer.archive);

    const list = (await call(fixture.app, admin, 'GET', '/api/web-plugins')).body as unknown as WebPluginsList;
    assert.deepEqual(list.plugins[0]!.update, { version: '0.3.0', fileName: 'mdr-plugin-0.3.0.zip' });
    assert.deepEqual(list.available.map((entry) => [entry.fileName, entry.installedVersion]), [['mdr-plugin-0.3.0.zip', '0.1.0']]);
    assert.deepEqual(list.refused, [
      { fileName: 'tampered-plugin-1.0.0.zip', rule: 'badSignature', field: 'signature' },
      { fileName: 'unsigned-plugin-1.0.0.zip', rule: 'unsigned', field: 'signature' },
    ]);

    const stale = await call(fixture.app, admin, 'POST', '/api/web-plugins/available/install', { payload: { fileName: 'mdr-plugin-0.3.0.zip', expectedVersion: '0.0.1' } });
    assert.deepEqual([stale.status, stale.body], [409, { error: 'conflict' }]);
    assert.equal((await call(fixture.app, admin, 'POST', '/api/web-plugins/available/install', { payload: { fileName: 'no-such-plugin-1.0.0.zip' } })).status, 404);
    assert.equal((await call(fixture.app, admin, 'POST', '/api/web-plugins/available/install', { payload: { fileName: '../escape.zip' } })).status, 404);
    const refused = await call(fixture.app, admin, 'POST', '/api/web-plugins/available/install', { payload: { fileName: 'tampered-plugin-1.0.0.zip' } });
    assert.deepEqual([refused.status, refused.body.rule], [422, 'badSignature']);

    const updated = await call(fixture.app, admin, 'POST', '/api/web-plugins/available/install', { payload: { fileName: 'mdr-plugin-0.3.0.zip', expectedVersion: '0.1.0' } });
    assert.equal(updated.status, 200, updated.raw);
    assert.deepEqual([updated.body.outcome, updated.body.previousVersion], ['updated', '0.1.0']);
    const after = (await call(fixture.app, admin, 'GET', '/api/web-plugins')).body as unknown as WebPluginsList;
    assert.equal(after.plugins[0]!.version, '0.3.0');
    assert.equal(after.plugins[0]!.update, undefined, 'no update once it is installed');
    assert.deepEqual(after.available, []);
  });

  it('takes no path from the client: a bundle name or plug-in id that climbs out or names nothing installed is 404, and nothing changes', async () => {
    const before = storeTree(fixture);
    for (const fileName of ['../installed/mdr.json', '../../console.db', '/etc/passwd', 'mdr-plugin-9.9.9.zip/../../x.zip', 'mdr-plugin-9.9.9.zip']) {
      const answer = await call(fixture.app, admin, 'POST', '/api/web-plugins/available/install', { payload: { fileName } });
      assert.deepEqual([answer.status, answer.body.error], [404, 'notFound'], fileName);
    }
    for (const id of ['..', '..%2Finstalled', '%2e%2e%2f%2e%2e', 'MDR', 'mdr%00', 'sample']) {
      const answer = await call(fixture.app, admin, 'DELETE', `/api/web-plugins/${id}?expectedVersion=0.1.0`);
      assert.equal(answer.status, 404, id);
    }
    assert.deepEqual(storeTree(fixture), before);
    assert.equal((await fixture.app.inject({ method: 'GET', url: '/plugins/mdr/mdr-plugin.js' })).statusCode, 200);
  });

  it('removes a plug-in with the version the administrator saw: its section, routes and files are gone for every open session', async () => {
    const officer = await signInAs(fixture.app, 'officer');
    assert.equal((await call(fixture.app, officer, 'GET', '/api/plugins/mdr/connection')).status, 200);
    assert.deepEqual((await call(fixture.app, admin, 'DELETE', '/api/web-plugins/mdr')).body, { error: 'validation', field: 'expectedVersion', rule: 'required' });
    assert.deepEqual((await call(fixture.app, admin, 'DELETE', '/api/web-plugins/mdr?expectedVersion=0.0.1')).body, { error: 'conflict' });
    assert.equal((await call(fixture.app, admin, 'DELETE', '/api/web-plugins/mdr?expectedVersion=0.1.0')).status, 204);
    assert.equal((await call(fixture.app, officer, 'GET', '/api/plugins/mdr/connection')).status, 404);
    assert.deepEqual((await call(fixture.app, officer, 'GET', '/api/plugins')).body, { plugins: [] });
    assert.equal((await fixture.app.inject({ method: 'GET', url: '/plugins/mdr/mdr-plugin.js' })).statusCode, 404);
    assert.equal((await call(fixture.app, admin, 'DELETE', '/api/web-plugins/mdr?expectedVersion=0.1.0')).status, 404);
    // Installed again, it is served again.
    const again = await signedTestBundle(publisher, mdrManifest({ locales: ['en'] }));
    assert.equal((await call(fixture.app, admin, 'POST', '/api/web-plugins', { archive: again.archive, signature: again.signature })).status, 201);
    assert.equal((await call(fixture.app, officer, 'GET', '/api/plugins/mdr/connection')).status, 200);
  });
});

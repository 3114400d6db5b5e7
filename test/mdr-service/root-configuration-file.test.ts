/**
 * *Getting Started → Download*: the root tenant's MDR configuration file (help: *Moving assets to the
 * root tenant* — "go to MDR > Getting Started and click the Download link"; What's new: "Downloading
 * the root tenant's MDR configuration file for a license"). The same archive as the *Licenses* tab
 * produces — the KSN configuration file plus the BLOB or the BAT script — for one active license.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { httpsJson } from '../support/mdr-service.ts';
import { httpsBytes, readZip, startWiredConsole, type WiredConsole } from '../support/wired-console.ts';

const NOW = Date.UTC(2026, 4, 12, 9, 0);

interface RootLicense {
  id: string;
  name: string;
  expirationDate: string;
}

describe("the root tenant's MDR configuration file", () => {
  let wired: WiredConsole;
  const call = <T = Record<string, unknown>>(path: string, rights = ['incidentAccess']) =>
    httpsJson<T>(`${wired.service.url}/console/v1${path}`, { method: 'GET', ca: wired.service.ca, headers: wired.service.consoleHeaders(rights) });
  const bytes = (path: string) => httpsBytes(`${wired.service.url}/console/v1${path}`, { ca: wired.service.ca, headers: wired.service.consoleHeaders(['incidentAccess']) });

  before(async () => {
    wired = await startWiredConsole({ now: () => NOW });
  });
  after(async () => wired?.close());

  test('the licenses to choose from are the active ones, with their names', async () => {
    const licenses = await call<{ items: RootLicense[] }>('/configuration-file/licenses');
    assert.equal(licenses.status, 200);
    const active = wired.service.app.mdr.db.licenses.list().filter((license) => license.expirationDate > NOW && license.status === 'active');
    assert.equal(active.length, 2, 'the demo has two active licenses and an expired one');
    assert.deepEqual(licenses.body.items.map((license) => license.id).sort(), active.map((license) => license.id).sort());
    for (const license of licenses.body.items) {
      assert.match(license.name, /^Kaspersky Managed Detection and Response /);
      assert.ok(Date.parse(license.expirationDate) > NOW);
    }
  });

  test('without a choice, the license MDR Usage shows (active, expiring last) is used', async () => {
    const db = wired.service.app.mdr.db;
    const current = db.licenses.current(NOW)!;
    const unchosen = await bytes('/configuration-file?variant=bat');
    assert.equal(unchosen.status, 200);
    assert.match((await readZip(unchosen.body)).get('mdr_configuration.bat')!.toString('utf8'), new RegExp(`License: ${current.id} `));
    const latest = Math.max(...db.licenses.list().filter((license) => license.expirationDate > NOW).map((license) => license.expirationDate));
    assert.equal(current.expirationDate, latest);
  });

  test('the archive holds the KSN file and the BLOB, or the BAT script, for the root tenant on that license', async () => {
    const [license] = (await call<{ items: RootLicense[] }>('/configuration-file/licenses')).body.items;
    const blob = await bytes(`/configuration-file?licenseId=${license!.id}`);
    assert.equal(blob.status, 200);
    assert.match(String(blob.headers['content-type']), /^application\/zip/);
    assert.match(String(blob.headers['content-disposition']), /mdr_configuration_root_blob\.zip/);
    assert.deepEqual([...(await readZip(blob.body)).keys()].sort(), ['ksn_configuration.json', 'mdr_configuration.p7']);

    const bat = await bytes(`/configuration-file?licenseId=${license!.id}&variant=bat`);
    assert.equal(bat.status, 200);
    assert.match(String(bat.headers['content-disposition']), /mdr_configuration_root_bat\.zip/);
    const files = await readZip(bat.body);
    assert.deepEqual([...files.keys()].sort(), ['ksn_configuration.json', 'mdr_configuration.bat']);
    const script = files.get('mdr_configuration.bat')!.toString('utf8');
    assert.match(script, new RegExp(`rem Tenant: root {3}License: ${license!.id} `));
    const payload = JSON.parse(Buffer.from(/set "MDR_CONFIG=([^"]+)"/.exec(script)![1]!, 'base64').toString('utf8')) as { tenantId: string; licenseId: string; validUntil: string };
    assert.deepEqual([payload.tenantId, payload.licenseId, payload.validUntil], ['root', license!.id, license!.expirationDate]);
  });

  test('an expired, unknown or malformed choice is refused', async () => {
    const expired = wired.service.app.mdr.db.licenses.list().find((license) => license.expirationDate <= NOW)!;
    const refused = await call<{ error: string; field: string }>(`/configuration-file?licenseId=${expired.id}`);
    assert.deepEqual([refused.status, refused.body.error, refused.body.field], [409, 'licenseNotActive', 'licenseId']);
    assert.equal((await call('/configuration-file?licenseId=no-such-license')).status, 404);
    assert.equal((await call(`/configuration-file?licenseId=${expired.id}&variant=exe`)).status, 400);
    assert.equal((await call('/configuration-file?licenseId=')).status, 400);
    assert.equal((await call('/configuration-file?tenantId=t1')).status, 400, 'unknown parameters are refused, not ignored');
  });

  test('with one active license left that one is used; with none the download is refused', async () => {
    const db = wired.service.app.mdr.db;
    const [first, second] = (await call<{ items: RootLicense[] }>('/configuration-file/licenses')).body.items;
    db.licenses.setStatus(second!.id, 'removed');
    try {
      const only = await bytes('/configuration-file?variant=bat');
      assert.equal(only.status, 200);
      assert.match((await readZip(only.body)).get('mdr_configuration.bat')!.toString('utf8'), new RegExp(`License: ${first!.id} `));
      db.licenses.setStatus(first!.id, 'removed');
      const none = await call<{ error: string }>('/configuration-file');
      assert.deepEqual([none.status, none.body.error], [409, 'licenseNotActive']);
      assert.deepEqual((await call<{ items: RootLicense[] }>('/configuration-file/licenses')).body.items, []);
    } finally {
      db.licenses.setStatus(first!.id, 'active');
      db.licenses.setStatus(second!.id, 'active');
    }
  });

  test("a console whose tenant scope leaves out the root neither lists nor makes the root's file", async () => {
    const db = wired.service.app.mdr.db;
    const tenant = db.tenants.list(null)[0]!;
    db.organization.update({ consoleTenantScope: [tenant.id] });
    try {
      for (const path of ['/configuration-file/licenses', '/configuration-file']) {
        const refused = await call<{ error: string }>(path);
        assert.deepEqual([refused.status, refused.body.error], [403, 'rootOutOfScope'], path);
      }
    } finally {
      db.organization.update({ consoleTenantScope: null });
    }
    assert.equal((await call('/configuration-file/licenses')).status, 200);
  });

  test('needs Incident access, like the Getting Started step that offers it', async () => {
    for (const path of ['/configuration-file/licenses', '/configuration-file']) {
      const denied = await call<{ missingRights: string[] }>(path, []);
      assert.equal(denied.status, 403, path);
      assert.deepEqual(denied.body.missingRights, ['incidentAccess']);
    }
  });

  test('through the console, for a user with Incident access only', async () => {
    const officer = await wired.asUser('officer');
    const licenses = await officer('GET', '/api/plugins/mdr/configuration-file/licenses');
    assert.equal(licenses.status, 200);
    const id = (licenses.body.items as RootLicense[])[0]!.id;
    const archive = await officer('GET', `/api/plugins/mdr/configuration-file?licenseId=${id}`);
    assert.equal(archive.status, 200);
    assert.ok((await readZip(archive.raw)).has('mdr_configuration.p7'));
  });
});

import assert from 'node:assert/strict';
import forge from 'node-forge';
import { after, before, describe, test } from 'node:test';
import { httpsJson } from '../support/mdr-service.ts';
import { assertRefusedWithout, firstListedId, httpsBytes, readZip, startWiredConsole, type WiredConsole } from '../support/wired-console.ts';

const NOW = Date.UTC(2026, 4, 12, 9, 0);
const DAY = 86_400_000;

interface TenantBody {
  id: string;
  name: string;
  description: string;
  active: boolean;
  status: string;
  assets: number;
  expiration: string | null;
  version: number;
  configFiles: { id: string; licenseId: string; expirationDate: string }[];
}

describe('console routes: tenants', () => {
  let wired: WiredConsole;
  let licenseId: string;
  let lastAllowedDate: string;

  const call = <T = Record<string, unknown>>(method: string, path: string, json?: unknown, rights?: string[]) =>
    httpsJson<T>(`${wired.service.url}/console/v1${path}`, { method, ca: wired.service.ca, headers: wired.service.consoleHeaders(rights), json });

  before(async () => {
    wired = await startWiredConsole({ now: () => NOW });
    const licenses = await call<{ items: { id: string; lastAllowedDate: string; expirationDate: string }[]; today: string }>('GET', '/tenant-licenses');
    assert.equal(licenses.status, 200);
    assert.equal(licenses.body.today, '2026-05-12');
    // Only active licenses: the demo's expired one is not offered.
    assert.equal(licenses.body.items.length, 2);
    const main = licenses.body.items.sort((a, b) => b.expirationDate.localeCompare(a.expirationDate))[0]!;
    licenseId = main.id;
    lastAllowedDate = main.lastAllowedDate;
  });
  after(async () => wired?.close());

  test('lists tenants in scope, newest expiration first by default, paged and sorted on the server', async () => {
    const first = await call<{ items: TenantBody[]; total: number; pageSize: number; limit: number; sort: string; direction: string }>('GET', '/tenants?pageSize=2');
    assert.equal(first.status, 200);
    assert.equal(first.body.limit, 100);
    assert.equal(first.body.items.length, 2);
    assert.equal(first.body.sort, 'expiration');
    assert.equal(first.body.direction, 'desc');
    const all = await call<{ items: TenantBody[] }>('GET', '/tenants?pageSize=100');
    const expirations = all.body.items.map((tenant) => tenant.expiration ?? '');
    assert.deepEqual(expirations, [...expirations].sort().reverse());
    // The demo's last tenant runs only on the expired license: Inactive by itself, though its toggle is on.
    const ended = all.body.items.find((tenant) => tenant.expiration !== null && Date.parse(tenant.expiration) < NOW)!;
    assert.equal(ended.active, true);
    assert.equal(ended.status, 'inactive');
    const byName = await call<{ items: TenantBody[] }>('GET', '/tenants?sort=name&direction=asc&pageSize=100');
    const names = byName.body.items.map((tenant) => tenant.name.toLowerCase());
    assert.deepEqual(names, [...names].sort());
    assert.equal((await call('GET', '/tenants?sort=secret')).status, 400);
  });

  test('creates a tenant with a configuration file; refuses every broken rule with field and rule', async () => {
    const valid = { name: 'Branch office #1 (Lyon)', description: 'Line one\nLine two', configFile: { licenseId, expirationDate: '2026-09-30' } };
    const cases: [unknown, string, string][] = [
      [{ ...valid, name: '   ' }, 'name', 'required'],
      [{ ...valid, name: 'x'.repeat(101) }, 'name', 'maxLength'],
      [{ ...valid, name: 'Филиал' }, 'name', 'characters'],
      [{ ...valid, description: 'd'.repeat(2001) }, 'description', 'maxLength'],
      [{ ...valid, configFile: { licenseId: 'nope', expirationDate: '2026-09-30' } }, 'licenseId', 'required'],
      [{ ...valid, configFile: { licenseId, expirationDate: '2026-02-30' } }, 'expirationDate', 'date'],
      [{ ...valid, configFile: { licenseId, expirationDate: '2026-05-11' } }, 'expirationDate', 'past'],
      [{ ...valid, configFile: { licenseId, expirationDate: new Date(Date.parse(lastAllowedDate) + DAY).toISOString().slice(0, 10) } }, 'expirationDate', 'afterLicense'],
    ];
    const before = await call<{ total: number }>('GET', '/tenants');
    for (const [body, field, rule] of cases) {
      const response = await call<{ error: string; field: string; rule: string }>('POST', '/tenants', body);
      assert.equal(response.status, 400, `${field} ${rule}`);
      assert.deepEqual([response.body.error, response.body.field, response.body.rule], ['validation', field, rule]);
    }
    assert.equal((await call<{ total: number }>('GET', '/tenants')).body.total, before.body.total, 'nothing was created');

    const atLimit = await call<TenantBody>('POST', '/tenants', { ...valid, configFile: { licenseId, expirationDate: lastAllowedDate } });
    assert.equal(atLimit.status, 201);
    assert.equal(atLimit.body.status, 'active');
    assert.equal(atLimit.body.assets, 0);
    assert.equal(atLimit.body.configFiles[0]!.expirationDate, lastAllowedDate);
    const duplicate = await call<{ field: string; rule: string }>('POST', '/tenants', { ...valid, name: valid.name.toUpperCase() });
    assert.deepEqual([duplicate.status, duplicate.body.field, duplicate.body.rule], [400, 'name', 'nameTaken']);
  });

  test('edits with optimistic concurrency: a stale version is refused with 409 and nothing changes', async () => {
    const created = await call<TenantBody>('POST', '/tenants', { name: 'Concurrency', configFile: { licenseId, expirationDate: '2026-08-01' } });
    const first = await call<TenantBody>('PATCH', `/tenants/${created.body.id}`, { expectedVersion: created.body.version, description: 'first', active: false });
    assert.equal(first.status, 200);
    assert.equal(first.body.status, 'inactive');
    const stale = await call<{ error: string }>('PATCH', `/tenants/${created.body.id}`, { expectedVersion: created.body.version, description: 'second' });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error, 'conflict');
    const now = await call<TenantBody>('GET', `/tenants/${created.body.id}`);
    assert.equal(now.body.description, 'first');
    const staleDelete = await call('DELETE', `/tenants/${created.body.id}?expectedVersion=${created.body.version}`);
    assert.equal(staleDelete.status, 409);
  });

  test('configuration files: add, never remove the last one, download a real ZIP with KSN and P7 or BAT', async () => {
    const created = await call<TenantBody>('POST', '/tenants', { name: 'Files=1+1', configFile: { licenseId, expirationDate: '2026-07-01' } });
    const id = created.body.id;
    const onlyFile = created.body.configFiles[0]!.id;
    const last = await call<{ error: string }>('DELETE', `/tenants/${id}/config-files/${onlyFile}`);
    assert.equal(last.status, 409);
    assert.equal(last.body.error, 'lastConfigFile');
    const added = await call<TenantBody>('POST', `/tenants/${id}/config-files`, { licenseId, expirationDate: '2026-08-15' });
    assert.equal(added.status, 201);
    assert.equal(added.body.configFiles.length, 2);
    assert.equal(added.body.expiration, '2026-08-15T00:00:00.000Z');

    const blob = await httpsBytes(`${wired.service.url}/console/v1/tenants/${id}/config-files/${onlyFile}/archive?variant=blob`, { ca: wired.service.ca, headers: wired.service.consoleHeaders() });
    assert.equal(blob.status, 200);
    assert.equal(blob.headers['content-type'], 'application/zip');
    assert.equal(String(blob.headers['content-disposition']), "attachment; filename=\"mdr_configuration_Files_1_1_blob.zip\"; filename*=UTF-8''mdr_configuration_Files_1_1_blob.zip");
    const entries = await readZip(blob.body);
    assert.deepEqual([...entries.keys()].sort(), ['ksn_configuration.json', 'mdr_configuration.p7']);
    const ksn = JSON.parse(entries.get('ksn_configuration.json')!.toString('utf8')) as { version: string; region: string };
    assert.ok(ksn.version);
    assert.equal(ksn.region, 'europe');
    // A PKCS#7 SignedData structure: ContentInfo { signedData, [0] { version, digests, encapContentInfo { data, [0] OCTET STRING } , certificates, signerInfos } }.
    const p7 = forge.asn1.fromDer(forge.util.createBuffer(entries.get('mdr_configuration.p7')!.toString('binary')));
    const [contentType, explicit] = p7.value as forge.asn1.Asn1[];
    assert.equal(forge.asn1.derToOid(contentType!.value as string), forge.pki.oids.signedData);
    const signedDataValue = (explicit!.value as forge.asn1.Asn1[])[0]!.value as forge.asn1.Asn1[];
    const encapsulated = signedDataValue[2]!.value as forge.asn1.Asn1[];
    const octets = ((encapsulated[1]!.value as forge.asn1.Asn1[])[0]!).value as string;
    const signerInfos = signedDataValue[signedDataValue.length - 1]!.value as forge.asn1.Asn1[];
    assert.equal(signerInfos.length, 1, 'signed by one signer');
    const signed = JSON.parse(forge.util.decodeUtf8(octets)) as { tenantId: string; validUntil: string };
    assert.equal(signed.tenantId, id);
    assert.equal(signed.validUntil, '2026-07-01T00:00:00.000Z');

    const bat = await httpsBytes(`${wired.service.url}/console/v1/tenants/${id}/config-files/${onlyFile}/archive?variant=bat`, { ca: wired.service.ca, headers: wired.service.consoleHeaders() });
    const batEntries = await readZip(bat.body);
    assert.deepEqual([...batEntries.keys()].sort(), ['ksn_configuration.json', 'mdr_configuration.bat']);
    assert.match(batEntries.get('mdr_configuration.bat')!.toString('utf8'), /^@echo off\r\n/);

    const removed = await call<TenantBody>('DELETE', `/tenants/${id}/config-files/${onlyFile}`);
    assert.equal(removed.status, 200);
    assert.equal(removed.body.configFiles.length, 1);
  });

  test('delete names the assets it disconnects; the tenant is gone', async () => {
    const list = await call<{ items: TenantBody[] }>('GET', '/tenants?sort=assets&direction=desc&pageSize=1');
    const tenant = list.body.items[0]!;
    assert.ok(tenant.assets > 0);
    const deleted = await call<{ disconnectedAssets: number }>('DELETE', `/tenants/${tenant.id}?expectedVersion=${tenant.version}`);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.disconnectedAssets, tenant.assets);
    assert.equal((await call('GET', `/tenants/${tenant.id}`)).status, 404);
    assert.equal((await call('DELETE', `/tenants/${tenant.id}`)).status, 404);
  });

  test('refuses the 101st tenant with a limit error', async () => {
    const { total } = (await call<{ total: number }>('GET', '/tenants')).body;
    for (let i = total; i < 100; i++) {
      const response = await call('POST', '/tenants', { name: `Bulk ${i}`, configFile: { licenseId, expirationDate: '2026-06-01' } });
      assert.equal(response.status, 201);
    }
    const over = await call<{ error: string }>('POST', '/tenants', { name: 'One too many', configFile: { licenseId, expirationDate: '2026-06-01' } });
    assert.equal(over.status, 409);
    assert.equal(over.body.error, 'tenantLimit');
  });

  test('keeps to the console tenant scope', async () => {
    const all = (await call<{ items: TenantBody[] }>('GET', '/tenants?pageSize=100')).body.items;
    const inside = all[0]!;
    const outside = all[1]!;
    wired.service.app.mdr.db.organization.update({ consoleTenantScope: [inside.id, 'root'] });
    try {
      const scoped = await call<{ items: TenantBody[]; total: number }>('GET', '/tenants');
      assert.deepEqual(scoped.body.items.map((tenant) => tenant.id), [inside.id]);
      assert.equal((await call('GET', `/tenants/${outside.id}`)).status, 404);
      assert.equal((await call('PATCH', `/tenants/${outside.id}`, { expectedVersion: outside.version, description: 'x' })).status, 404);
      assert.equal((await call('DELETE', `/tenants/${outside.id}?expectedVersion=${outside.version}`)).status, 404);
      // A tenant created from this console joins the console's scope, so it stays reachable.
      const doomed = all.find((tenant) => tenant.id !== inside.id && tenant.id !== outside.id)!;
      wired.service.app.mdr.db.tenants.delete(doomed.id);
      const created = await call<TenantBody>('POST', '/tenants', { name: 'Created in scope', configFile: { licenseId, expirationDate: '2026-06-01' } });
      assert.equal(created.status, 201);
      assert.deepEqual((await call<{ items: TenantBody[] }>('GET', '/tenants?sort=name')).body.items.map((tenant) => tenant.name).sort(), [inside.name, 'Created in scope'].sort());
    } finally {
      wired.service.app.mdr.db.organization.update({ consoleTenantScope: null });
    }
  });

  test('through the console: 403 for a user without Tenant management on every tenant route', async () => {
    const senior = await wired.asUser('senior');
    const admin = await wired.asUser('admin');
    const id = await firstListedId(admin, '/api/plugins/mdr/tenants');
    await assertRefusedWithout(
      senior,
      [
        ['GET', '/api/plugins/mdr/tenants'],
        ['POST', '/api/plugins/mdr/tenants', { name: 'x', configFile: { licenseId, expirationDate: '2026-06-01' } }],
        ['GET', '/api/plugins/mdr/tenant-licenses'],
        ['GET', `/api/plugins/mdr/tenants/${id}`],
        ['PATCH', `/api/plugins/mdr/tenants/${id}`, { expectedVersion: 1 }],
        ['DELETE', `/api/plugins/mdr/tenants/${id}`],
        ['POST', `/api/plugins/mdr/tenants/${id}/config-files`, { licenseId, expirationDate: '2026-06-01' }],
        ['DELETE', `/api/plugins/mdr/tenants/${id}/config-files/f1`],
        ['GET', `/api/plugins/mdr/tenants/${id}/config-files/f1/archive`],
      ],
      'tenantManagement',
      { only: true },
    );
    // And the service refuses the same call without the right, whatever the console does.
    assert.equal((await call('GET', '/tenants', undefined, ['incidentAccess'])).status, 403);
    // The admin downloads through the console: the ZIP passes the forwarding intact.
    const detail = await admin('GET', `/api/plugins/mdr/tenants/${id}`);
    const fileId = (detail.body.configFiles as { id: string }[])[0]!.id;
    const zip = await admin('GET', `/api/plugins/mdr/tenants/${id}/config-files/${fileId}/archive?variant=bat`);
    assert.equal(zip.status, 200);
    assert.ok((await readZip(zip.raw)).has('mdr_configuration.bat'));
  });
});

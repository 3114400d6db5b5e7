import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { describeLicenseKey, makeLicenseKey } from '../../host-shim/mdr-service/services/license-keys.ts';
import type { License } from '../../plugin/api/licenses.ts';
import { httpsJson } from '../support/mdr-service.ts';
import { assertRefusedWithout, firstListedId, httpsBytes, readZip, startWiredConsole, type WiredConsole } from '../support/wired-console.ts';

const NOW = Date.UTC(2026, 4, 12, 9, 0);
const SIX = ['incidentAccess', 'autoAcceptSettings', 'responseManagement', 'tenantManagement', 'incidentSummaryScheduling', 'restApiAccess'];
const SEVEN = [...SIX, 'applicationIntegration'];

describe('activation codes', () => {
  test('a code says its tier, region and limit; a typo is detected', () => {
    const code = makeLicenseKey({ tier: 'expert', region: 'europe', assetLimit: 500 }, 'ABCDEFGHIJ');
    assert.match(code, /^[A-Z0-9]{20}$/);
    assert.deepEqual(describeLicenseKey(code), { tier: 'expert', region: 'europe', assetLimit: 500 });
    const typo = code.slice(0, 12) + (code[12] === 'X' ? 'Y' : 'X') + code.slice(13);
    assert.equal(describeLicenseKey(typo), null);
  });
});

describe('console routes: licenses', () => {
  let wired: WiredConsole;
  const call = <T = Record<string, unknown>>(method: string, path: string, json?: unknown, rights = SEVEN) =>
    httpsJson<T>(`${wired.service.url}/console/v1${path}`, { method, ca: wired.service.ca, headers: wired.service.consoleHeaders(rights), json });

  before(async () => {
    wired = await startWiredConsole({ now: () => NOW });
  });
  after(async () => wired?.close());

  test('Active and All views with the highlights computed on the service clock', async () => {
    const active = await call<{ items: License[]; total: number; organization: { tier: string; regionCode: string } }>('GET', '/licenses');
    assert.equal(active.status, 200);
    assert.deepEqual(active.body.organization, { tier: 'expert', regionCode: 'europe' });
    assert.equal(active.body.total, 2);
    assert.ok(active.body.items.every((license) => license.status === 'active'));
    assert.deepEqual(active.body.items.map((license) => license.expiresSoon).sort(), [false, true], 'one license expires within 14 days');
    // The top panel: general information about the current licenses, the same in both views.
    const summary = {
      active: 2,
      connectedAssets: active.body.items.reduce((total, license) => total + license.connectedAssets, 0),
      assetLimit: active.body.items.reduce((total, license) => total + license.assetLimit, 0),
      nextExpiration: active.body.items.map((license) => license.expirationDate).sort()[0],
    };
    assert.deepEqual((active.body as unknown as { summary: unknown }).summary, summary);
    const all = await call<{ items: License[]; summary: unknown }>('GET', '/licenses?view=all&sort=status&direction=asc');
    assert.deepEqual(all.body.summary, summary);
    assert.equal(all.body.items.length, 3);
    const expired = all.body.items.find((license) => license.status === 'expired')!;
    assert.equal(expired.expiresSoon, true);
    assert.equal((await call('GET', '/licenses?view=some')).status, 400);
  });

  test('assets per tenant per license for the CSV export', async () => {
    const rows = await call<{ items: { licenseId: string; tenantId: string | null; tenantName: string | null; assets: number }[] }>('GET', '/licenses/assets-by-tenant');
    assert.equal(rows.status, 200);
    assert.ok(rows.body.items.some((row) => row.tenantId === null && row.tenantName === null));
    const licenses = (await call<{ items: License[] }>('GET', '/licenses?view=all')).body.items;
    for (const license of licenses) {
      const sum = rows.body.items.filter((row) => row.licenseId === license.id).reduce((total, row) => total + row.assets, 0);
      assert.equal(sum, license.connectedAssets, license.name);
    }
  });

  test('archive for asset configuration: a ZIP for an active license, refused for an expired one', async () => {
    const all = (await call<{ items: License[] }>('GET', '/licenses?view=all')).body.items;
    const active = all.find((license) => license.status === 'active')!;
    const zip = await httpsBytes(`${wired.service.url}/console/v1/licenses/${active.id}/archive`, { ca: wired.service.ca, headers: wired.service.consoleHeaders(SIX) });
    assert.equal(zip.status, 200);
    assert.deepEqual([...(await readZip(zip.body)).keys()].sort(), ['ksn_configuration.json', 'mdr_configuration.p7']);
    const expired = all.find((license) => license.status === 'expired')!;
    const refused = await call<{ error: string }>('GET', `/licenses/${expired.id}/archive`);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error, 'licenseNotActive');
  });

  test('adds a key: format, unknown code, tier and region each refused with their reason', async () => {
    const cases: [string, string][] = [
      ['', 'required'],
      ['ABC', 'format'],
      ['ABCDEFGHIJ-KLMNOPQRST!', 'format'],
      ['ZZZZZZZZZZZZZZZZZZZZ', 'unknownCode'],
      [makeLicenseKey({ tier: 'prime', region: 'europe', assetLimit: 100 }), 'tierMismatch'],
      [makeLicenseKey({ tier: 'expert', region: 'russia', assetLimit: 100 }), 'regionMismatch'],
    ];
    for (const [activationCode, rule] of cases) {
      const response = await call<{ error: string; field: string; rule: string }>('POST', '/licenses', { activationCode });
      assert.deepEqual([response.status, response.body.field, response.body.rule], [400, 'activationCode', rule], activationCode);
    }
    const code = makeLicenseKey({ tier: 'expert', region: 'europe', assetLimit: 250 });
    // What people type: lower case, groups with dashes.
    const typed = `${code.slice(0, 5)}-${code.slice(5, 10)}-${code.slice(10, 15)}-${code.slice(15)}`.toLowerCase();
    const added = await call<License>('POST', '/licenses', { activationCode: typed });
    assert.equal(added.status, 201);
    assert.deepEqual([added.body.activationCode, added.body.assetLimit, added.body.status], [code, 250, 'active']);
    const again = await call<{ rule: string }>('POST', '/licenses', { activationCode: code });
    assert.deepEqual([again.status, again.body.rule], [400, 'alreadyAdded']);
  });

  test('removes a key (stale version 409), shows it as Removed in All, and it can be added again', async () => {
    const code = makeLicenseKey({ tier: 'expert', region: 'europe', assetLimit: 50 });
    const added = (await call<License>('POST', '/licenses', { activationCode: code })).body;
    const stale = await call('DELETE', `/licenses/${added.id}?expectedVersion=${added.version + 5}`);
    assert.equal(stale.status, 409);
    const removed = await call<License>('DELETE', `/licenses/${added.id}?expectedVersion=${added.version}`);
    assert.equal(removed.status, 200);
    assert.equal(removed.body.status, 'removed');
    const active = (await call<{ items: License[] }>('GET', '/licenses')).body.items;
    assert.ok(!active.some((license) => license.id === added.id));
    const all = (await call<{ items: License[] }>('GET', '/licenses?view=all')).body.items;
    assert.equal(all.find((license) => license.id === added.id)!.status, 'removed');
    const back = await call<License>('POST', '/licenses', { activationCode: code });
    assert.equal(back.status, 201);
    assert.equal(back.body.id, added.id);
    assert.equal(back.body.status, 'active');
  });

  test('403 without all six MDR areas; adding and removing also need Application Integration', async () => {
    assert.equal((await call('GET', '/licenses', undefined, SIX.slice(0, 5))).status, 403);
    const add = await call<{ missingRights: string[] }>('POST', '/licenses', { activationCode: 'X' }, SIX);
    assert.deepEqual([add.status, add.body.missingRights], [403, ['applicationIntegration']]);
    const license = (await call<{ items: License[] }>('GET', '/licenses', undefined, SIX)).body.items[0]!;
    const remove = await call<{ missingRights: string[] }>('DELETE', `/licenses/${license.id}?expectedVersion=${license.version}`, undefined, SIX);
    assert.deepEqual([remove.status, remove.body.missingRights], [403, ['applicationIntegration']]);
    assert.equal((await call<{ items: License[] }>('GET', '/licenses')).body.items.find((item) => item.id === license.id)!.status, 'active');
  });

  test('through the console: 403 for a Senior Security Officer on every license route', async () => {
    const senior = await wired.asUser('senior');
    const admin = await wired.asUser('admin');
    const id = await firstListedId(admin, '/api/plugins/mdr/licenses');
    await assertRefusedWithout(
      senior,
      [
        ['GET', '/api/plugins/mdr/licenses'],
        ['POST', '/api/plugins/mdr/licenses', { activationCode: 'X' }],
        ['GET', '/api/plugins/mdr/licenses/assets-by-tenant'],
        ['GET', `/api/plugins/mdr/licenses/${id}/archive`],
        ['DELETE', `/api/plugins/mdr/licenses/${id}`],
      ],
      'tenantManagement',
    );
    const archive = await admin('GET', `/api/plugins/mdr/licenses/${id}/archive?variant=bat`);
    assert.equal(archive.status, 200);
    assert.ok((await readZip(archive.raw)).has('mdr_configuration.bat'));
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ensureConsoleCredential, hashConsoleCredential, readConsoleCredential } from '../../host-shim/mdr-service/console-credential.ts';
import { customIncidentAllowance, customIncidentPeriodStart } from '../../host-shim/mdr-service/services/custom-incidents.ts';
import { httpsJson, serviceForSuite, startTestService, tempDataDir } from '../support/mdr-service.ts';
import type { Usage } from '../../host-shim/mdr-service/services/usage.ts';
import type { AssetsSummary } from '../../plugin/api/dashboard.ts';

const NOW = Date.UTC(2026, 2, 18, 10, 30); // A Wednesday, so the custom-incident week has begun.

describe('custom incidents per week', () => {
  // Help, *Comparison of commercial license tiers*, note **: "three requests per week …; for every
  // 10,000 connected endpoints, the number of requests is increased by 1".
  test('three a week, one more for every 10,000 connected endpoints; none where the tier has none', () => {
    const cases: [endpoints: number, allowance: number][] = [
      [0, 3],
      [9_999, 3],
      [10_000, 4],
      [19_999, 4],
      [25_000, 5],
      [1_000_000, 103],
    ];
    for (const [endpoints, allowance] of cases) assert.equal(customIncidentAllowance(3, endpoints), allowance, `${endpoints} endpoints`);
    assert.equal(customIncidentAllowance(null, 50_000), null);
  });
});

describe('console credential', () => {
  test('stored as a hash for the service, encrypted (AES-256-GCM) for the console, keys 0600', () => {
    const dir = tempDataDir('mdr-cred-');
    try {
      const info = ensureConsoleCredential(dir);
      const credential = readConsoleCredential(dir);
      assert.match(credential, /^mdrc_[A-Za-z0-9_-]{43}$/);
      assert.equal(info.hashHex, hashConsoleCredential(credential));
      for (const name of ['console-credential.key', 'console-credential.enc', 'console-credential.sha256']) {
        assert.equal(fs.statSync(path.join(dir, name)).mode & 0o777, 0o600, name);
      }
      // The plaintext appears in no file of the data folder.
      for (const name of fs.readdirSync(dir)) assert.ok(!fs.readFileSync(path.join(dir, name), 'utf8').includes(credential), `${name} holds the plaintext`);
      const encrypted = JSON.parse(fs.readFileSync(path.join(dir, 'console-credential.enc'), 'utf8')) as { ciphertext: string; tag: string; iv: string };
      assert.ok(encrypted.ciphertext && encrypted.tag && encrypted.iv);
      // Stable across calls; tampering is detected by GCM.
      assert.equal(ensureConsoleCredential(dir).hashHex, info.hashHex);
      assert.equal(readConsoleCredential(dir), credential);
      const tampered = { ...encrypted, ciphertext: Buffer.from('x'.repeat(60)).toString('base64') };
      fs.writeFileSync(path.join(dir, 'console-credential.enc'), JSON.stringify(tampered));
      assert.throws(() => readConsoleCredential(dir));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('console API', () => {
  const service = serviceForSuite({ demo: { seed: 7, assets: 600 }, now: () => NOW });

  const get = <T>(pathName: string, headers: Record<string, string> = service.consoleHeaders()) =>
    httpsJson<T>(`${service.url}/console/v1${pathName}`, { ca: service.ca, headers });

  test('health answers without a credential', async () => {
    const response = await get<{ status: string; version: string }>('/health', {});
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { status: 'ok', version: JSON.parse(fs.readFileSync('package.json', 'utf8')).version });
  });

  test('401 without a credential or with a wrong one, for every protected route', async () => {
    for (const route of ['/usage', '/assets/summary', '/incidents/summary']) {
      const missing = await get<{ error: string }>(route, { 'x-mdr-rights': 'incidentAccess' });
      assert.equal(missing.status, 401, route);
      assert.equal(missing.body.error, 'unauthorized');
      const wrong = await get(route, { ...service.consoleHeaders(), authorization: `Bearer ${service.consoleCredential}x` });
      assert.equal(wrong.status, 401, route);
      const notBearer = await get(route, { ...service.consoleHeaders(), authorization: service.consoleCredential });
      assert.equal(notBearer.status, 401, route);
    }
  });

  test('403 with the missing rights when the user lacks Incident access', async () => {
    const response = await get<{ error: string; missingRights: string[] }>('/usage', service.consoleHeaders(['tenantManagement', 'bogusRight']));
    assert.equal(response.status, 403);
    assert.deepEqual(response.body, { error: 'forbidden', message: 'Missing rights', missingRights: ['incidentAccess'] });
  });

  test('unknown routes answer 404 JSON', async () => {
    const response = await get<{ error: string }>('/no-such-route');
    assert.equal(response.status, 404);
    assert.equal(response.body.error, 'notFound');
  });

  test('usage matches the database', async () => {
    const response = await get<Usage>('/usage');
    assert.equal(response.status, 200);
    const usage = response.body;
    const org = service.readOnlySql().prepare('SELECT * FROM organization').get() as Record<string, unknown>;
    assert.equal(usage.organization.name, org.name);
    assert.deepEqual(usage.activation, { status: 'active', activatedOn: new Date(org.activated_on as number).toISOString() });
    assert.deepEqual(usage.region, { code: 'europe', telemetryLocation: 'northernEurope' });
    assert.equal(usage.terms.acceptedOn, new Date(org.terms_accepted_on as number).toISOString());

    // The current license: active and expiring last.
    const license = service.readOnlySql()
      .prepare("SELECT * FROM licenses WHERE status = 'active' AND expiration_date > ? ORDER BY expiration_date DESC LIMIT 1")
      .get(NOW) as Record<string, number | string>;
    const connected = (service.readOnlySql().prepare("SELECT count(*) AS n FROM assets WHERE license_id = ? AND status <> 'absent'").get(license.id) as { n: number }).n;
    assert.ok(connected > 0);
    assert.deepEqual(usage.license, {
      id: license.id,
      name: 'Kaspersky Managed Detection and Response Expert',
      tier: 'expert',
      assetLimit: license.asset_limit,
      connectedAssets: connected,
      activationDate: new Date(license.activation_date as number).toISOString(),
      expirationDate: new Date(license.expiration_date as number).toISOString(),
      status: 'active',
    });

    const latest = service.readOnlySql().prepare('SELECT version FROM ksn_config_versions ORDER BY published_on DESC LIMIT 1').get() as { version: string };
    assert.notEqual(org.installed_ksn_version, latest.version, 'the demo installs an older KSN configuration');
    assert.deepEqual(usage.ksn, { installedVersion: org.installed_ksn_version, latestVersion: latest.version, updateAvailable: true, status: 'updateAvailable' });

    const usedThisWeek = (service.readOnlySql().prepare('SELECT count(*) AS n FROM incidents WHERE is_custom = 1 AND created >= ?').get(customIncidentPeriodStart(NOW)) as { n: number }).n;
    assert.ok(usedThisWeek >= 3);
    // Every license with its assets, limit and use (help, What's new 02/24/2025).
    const stored = service.readOnlySql().prepare("SELECT * FROM licenses WHERE status <> 'removed' ORDER BY expiration_date DESC, id").all() as Record<string, number | string>[];
    assert.ok(stored.length >= 3, 'the demo has a current, an expiring and an expired license');
    assert.deepEqual(
      usage.licenses,
      stored.map((row) => {
        const assets = (service.readOnlySql().prepare("SELECT count(*) AS n FROM assets WHERE license_id = ? AND status <> 'absent'").get(row.id) as { n: number }).n;
        const expired = row.status !== 'active' || (row.expiration_date as number) <= NOW;
        return {
          id: row.id,
          tier: row.tier,
          assetLimit: row.asset_limit,
          connectedAssets: assets,
          expirationDate: new Date(row.expiration_date as number).toISOString(),
          use: expired ? 'expired' : assets > 0 ? 'current' : 'unused',
        };
      }),
    );
    assert.ok(usage.licenses.some((each) => each.use === 'expired') && usage.licenses.some((each) => each.use === 'current'));

    // Three a week plus one per 10,000 connected endpoints (help: *Comparison of commercial license tiers*).
    assert.equal(license.custom_incidents_per_period, 3);
    const endpoints = (service.readOnlySql().prepare('SELECT count(*) AS n FROM assets').get() as { n: number }).n;
    const total = 3 + Math.floor(endpoints / 10_000);
    assert.deepEqual(usage.customIncidents, { total, remaining: Math.max(0, total - usedThisWeek) });
  });

  test('usage follows changes: KSN updated, then organization not activated', async () => {
    const { db } = service.app.mdr;
    const latest = db.ksn.latest()!;
    const original = db.organization.require();
    try {
      db.organization.update({ installedKsnVersion: latest.version });
      let usage = (await get<Usage>('/usage')).body;
      assert.deepEqual(usage.ksn, { installedVersion: latest.version, latestVersion: latest.version, updateAvailable: false, status: 'upToDate' });

      db.organization.update({ activationState: 'notActivated', activatedOn: null, installedKsnVersion: null, regionCode: null, telemetryLocation: null, termsAcceptedOn: null });
      usage = (await get<Usage>('/usage')).body;
      assert.deepEqual(usage.activation, { status: 'notActivated', activatedOn: null });
      assert.equal(usage.license, null);
      assert.equal(usage.customIncidents, null);
      assert.deepEqual(usage.region, { code: null, telemetryLocation: null });
      // KPSN runs only while MDR is active (help topic *About Kaspersky Security Network*).
      assert.equal(usage.ksn.status, 'disabled');
      assert.equal(usage.ksn.updateAvailable, false);
    } finally {
      const { version: _version, updatedOn: _updated, ...input } = original;
      db.organization.put(input);
    }
  });

  test('assets summary counts by status within the console tenant scope', async () => {
    const { db } = service.app.mdr;
    // The counts; the tenants the widget's filter offers are tested in dashboard-tenant-filter.test.ts.
    const countsOf = ({ ok, warning, critical, absent, total }: AssetsSummary) => ({ ok, warning, critical, absent, total });
    const count = (where: string, ...params: unknown[]) =>
      Object.fromEntries(
        ['ok', 'warning', 'critical', 'absent'].map((status) => [
          status,
          (service.readOnlySql().prepare(`SELECT count(*) AS n FROM assets WHERE status = ? ${where}`).get(status, ...params) as { n: number }).n,
        ]),
      );
    const all = countsOf((await get<AssetsSummary>('/assets/summary')).body);
    const expectedAll = count('');
    assert.deepEqual(all, { ...expectedAll, total: 600 });
    assert.ok(all.ok > all.warning && all.warning > 0 && all.critical > 0 && all.absent > 0, 'realistic proportions');

    const tenant = db.tenants.list(null)[0]!;
    try {
      db.organization.update({ consoleTenantScope: [tenant.id] });
      const scoped = countsOf((await get<AssetsSummary>('/assets/summary')).body);
      const expected = count('AND tenant_id = ?', tenant.id);
      assert.deepEqual(scoped, { ...expected, total: Object.values(expected).reduce((a, b) => a + b, 0) });
      assert.ok(scoped.total < 600 && scoped.total > 0);

      db.organization.update({ consoleTenantScope: ['root'] });
      const root = countsOf((await get<AssetsSummary>('/assets/summary')).body);
      const expectedRoot = count('AND tenant_id IS NULL');
      assert.deepEqual(root, { ...expectedRoot, total: Object.values(expectedRoot).reduce((a, b) => a + b, 0) });

      db.organization.update({ consoleTenantScope: [] });
      assert.deepEqual(countsOf((await get<AssetsSummary>('/assets/summary')).body), { ok: 0, warning: 0, critical: 0, absent: 0, total: 0 });
    } finally {
      db.organization.update({ consoleTenantScope: null });
    }
  });

  test('incidents summary: open incidents by priority and responses awaiting a decision, within scope', async () => {
    const { db } = service.app.mdr;
    const expected = (where: string, ...params: unknown[]) => {
      const open = Object.fromEntries(
        ['high', 'medium', 'low'].map((p) => [p, (service.readOnlySql().prepare(`SELECT count(*) AS n FROM incidents WHERE status = 'open' AND priority = ? ${where}`).get(p, ...params) as { n: number }).n]),
      );
      const waiting = (
        service.readOnlySql()
          .prepare(`SELECT count(*) AS n FROM responses r JOIN incidents i ON i.id = r.incident_id WHERE r.status = 'waiting' ${where.replaceAll('tenant_id', 'i.tenant_id')}`)
          .get(...params) as { n: number }
      ).n;
      return {
        openByPriority: { ...open, total: Object.values(open).reduce((a, b) => a + b, 0) },
        responsesAwaitingDecision: waiting,
        // The demo organization is in the Europe region.
        webConsoleUrl: 'https://mdr.kaspersky.com/',
      };
    };
    const all = (await get('/incidents/summary')).body as ReturnType<typeof expected>;
    assert.deepEqual(all, expected(''));
    assert.ok(all.openByPriority.total > 0 && all.responsesAwaitingDecision > 0, 'demo has open incidents and pending responses');

    const tenant = db.tenants.list(null)[1]!;
    try {
      db.organization.update({ consoleTenantScope: [tenant.id] });
      const scoped = (await get('/incidents/summary')).body;
      assert.deepEqual(scoped, expected('AND tenant_id = ?', tenant.id));
      assert.ok((scoped as typeof all).openByPriority.total < all.openByPriority.total);
    } finally {
      db.organization.update({ consoleTenantScope: null });
    }
  });
});

describe('service start-up', () => {
  test('demo data is loaded only into an empty database; data survives a restart', async (t) => {
    const first = await startTestService({ demo: { seed: 3, assets: 120 } });
    // Stopped (and its data removed) also when a check before the restart fails.
    let firstRunning = true;
    t.after(() => (firstRunning ? first.close() : undefined));
    const dataDir = first.dataDir;
    const credential = first.consoleCredential;
    const { db } = first.app.mdr;
    assert.equal(first.app.mdr.demo?.assets, 120);
    const tenant = db.tenants.list(null)[0]!;
    db.tenants.update(tenant.id, { description: 'changed before restart' }, tenant.version);
    await first.close({ keepData: true });
    firstRunning = false;

    const second = await startTestService({ dataDir, demo: { seed: 99, assets: 5 } });
    try {
      assert.equal(second.app.mdr.demo, null, 'no demo load into a database that has data');
      assert.equal(second.consoleCredential, credential, 'the console credential is kept');
      assert.equal(second.app.mdr.db.tenants.require(tenant.id).description, 'changed before restart');
      const summary = await httpsJson<{ total: number }>(`${second.url}/console/v1/assets/summary`, { ca: second.ca, headers: second.consoleHeaders() });
      assert.equal(summary.body.total, 120);
    } finally {
      await second.close();
    }
  });

  test('MDR_DEMO_ACTIVATED=0 style: a not activated organization without license, tenants or assets', async () => {
    const service = await startTestService({ demo: { seed: 1, assets: 500, activated: false } });
    try {
      const usage = await httpsJson<Usage>(`${service.url}/console/v1/usage`, { ca: service.ca, headers: service.consoleHeaders() });
      assert.equal(usage.body.activation.status, 'notActivated');
      assert.equal(usage.body.license, null);
      assert.equal(usage.body.ksn.status, 'disabled', 'KPSN is off before activation');
      assert.ok(usage.body.ksn.latestVersion, 'KSN configuration is published even before activation');
      const { db } = service.app.mdr;
      assert.equal(db.tenants.count(null), 0);
      assert.equal(db.licenses.list({ includeRemoved: true }).length, 0);
      assert.equal(db.assets.count(null), 0);
    } finally {
      await service.close();
    }
  });
});

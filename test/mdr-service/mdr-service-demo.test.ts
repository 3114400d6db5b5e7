import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, test } from 'node:test';
import { generateConsoleDevices } from '../../host-shim/demo/console-devices.ts';
import { demoOptionsFromEnv, generateDemoData, type DemoOptions, type DemoSummary } from '../../host-shim/demo/generate.ts';
import {
  effectiveLicenseStatus,
  MAX_ISOLATION_TERM_SECONDS,
  openMdrDatabase,
  RESPONSE_TYPES,
  type IsolationPassword,
  type MdrDatabase,
} from '../../host-shim/mdr-service/db.ts';
import { tempDataDir } from '../support/mdr-service.ts';

const NOW = Date.UTC(2026, 8, 2, 9, 15);
const DAY = 24 * 60 * 60 * 1000;

/** Generates into a fresh database and hands it to `use`; the folder is removed afterwards. */
function withDemo<T>(options: DemoOptions, use: (db: MdrDatabase, summary: DemoSummary, file: string) => T): T {
  const dir = tempDataDir('mdr-demo-');
  const db = openMdrDatabase({ dir });
  try {
    const summary = generateDemoData(db, { now: NOW, ...options });
    return use(db, summary, db.file);
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** SHA-256 over every row of every data table, in a fixed order. */
function contentHash(file: string): { hash: string; rows: number } {
  const raw = new Database(file, { readonly: true });
  try {
    const tables = (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'assets_search%' AND name <> 'schema_migrations' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    const hash = crypto.createHash('sha256');
    let rows = 0;
    for (const table of tables) {
      for (const row of raw.prepare(`SELECT * FROM "${table}" ORDER BY 1`).iterate()) {
        hash.update(`${table}:${JSON.stringify(row)}\n`);
        rows++;
      }
    }
    return { hash: hash.digest('hex'), rows };
  } finally {
    raw.close();
  }
}

describe('demo generator', () => {
  test('deterministic: same seed → identical database, different seed → different data', () => {
    const a = withDemo({ seed: 4, assets: 400 }, (_db, _s, file) => contentHash(file));
    const b = withDemo({ seed: 4, assets: 400 }, (_db, _s, file) => contentHash(file));
    const c = withDemo({ seed: 5, assets: 400 }, (_db, _s, file) => contentHash(file));
    assert.ok(a.rows > 400 + 40, `${a.rows} rows`);
    assert.equal(a.hash, b.hash);
    assert.notEqual(a.hash, c.hash);
  });

  test('3,000 assets: realistic, varied content', () => {
    withDemo({ seed: 1, assets: 3000 }, (db, summary) => {
      console.log(`demo generation, 3,000 assets / ${summary.incidents} incidents: ${summary.durationMs} ms`);
      assert.equal(summary.assets, 3000);
      assert.equal(summary.incidents, 300, 'about one incident per ten assets');

      const organization = db.organization.require();
      assert.equal(organization.activationState, 'active');
      assert.equal(organization.regionCode, 'europe');
      assert.equal(organization.tier, 'expert');
      const latest = db.ksn.latest()!;
      assert.notEqual(organization.installedKsnVersion, latest.version, 'an update of the KSN configuration is available');
      assert.ok(db.ksn.get(organization.installedKsnVersion!)!.publishedOn < latest.publishedOn);

      const licenses = db.licenses.list();
      assert.ok(licenses.length >= 2 && licenses.length <= 3);
      const statuses = licenses.map((l) => effectiveLicenseStatus(l, NOW));
      assert.ok(statuses.includes('expired'), 'one license has expired');
      assert.ok(licenses.some((l) => effectiveLicenseStatus(l, NOW) === 'active' && l.expirationDate - NOW <= 14 * DAY), 'one expires within 14 days');
      assert.ok(licenses.every((l) => l.tier === 'expert' && /^[A-Z0-9]{20}$/.test(l.activationCode)));

      const tenants = db.tenants.list(null);
      assert.equal(tenants.length, 6);
      for (const tenant of tenants) {
        const files = db.tenants.configFiles(tenant.id);
        assert.ok(files.length >= 1, `${tenant.name} has configuration files`);
        for (const file of files) assert.ok(file.expirationDate < db.licenses.require(file.licenseId).expirationDate, 'file expires before its license');
        assert.ok(tenant.assets > 0);
      }

      const counts = db.assets.countByStatus(null);
      assert.ok(counts.ok / 3000 > 0.65 && counts.ok / 3000 < 0.9, `ok share ${counts.ok}`);
      for (const status of ['warning', 'critical', 'absent'] as const) assert.ok(counts[status] > 0.01 * 3000, `${status}: ${counts[status]}`);
      const assets = db.assets.list(null, { pageSize: 1000 }).items;
      const products = new Set(assets.flatMap((a) => a.installedProducts.map((p) => p.name)));
      for (const name of ['Kaspersky Endpoint Security for Windows', 'Kaspersky Endpoint Security for Linux', 'Kaspersky Endpoint Security for Mac']) {
        assert.ok(products.has(name), name);
      }
      assert.ok(db.assets.count(null, { productContains: 'Kaspersky Industrial CyberSecurity' }) > 0);
      assert.ok(new Set(assets.map((a) => a.osVersion)).size > 10, 'varied operating systems');
      assert.ok(assets.every((a) => /^0x[0-9A-F]{32}$/.test(a.id) && a.networkInterfaces.length > 0 && a.lastSeen >= a.firstSeen));
      assert.ok(assets.filter((a) => a.status === 'warning' || a.status === 'critical').every((a) => a.problems72h.length > 0));
      assert.ok(db.assets.count(null, { telemetryLoss: true }) > 0);

      const incidents = db.incidents.list(null, { pageSize: 1000 }).items;
      assert.equal(incidents.length, 300);
      assert.deepEqual(new Set(incidents.map((i) => i.priority)), new Set(['high', 'medium', 'low']));
      assert.deepEqual(new Set(incidents.map((i) => i.status)), new Set(['open', 'resolved', 'onHold', 'closed']));
      const sample = incidents[0]!;
      assert.match(sample.description, /^## Summary/m);
      assert.ok(sample.mitreTactics.length > 0 && sample.mitreTechniques.every((t) => /^T\d{4}(\.\d{3})?$/.test(t.id)));
      assert.ok(incidents.every((i) => i.affectedAssetIds.length > 0 && i.assetIocs.length > 0));
      assert.ok(incidents.some((i) => i.networkIocs.length > 0));

      const responses = incidents.flatMap((i) => db.responses.listByIncident(i.id).items);
      assert.deepEqual(new Set(responses.map((r) => r.type)), new Set(RESPONSE_TYPES), 'responses of every type');
      assert.ok(responses.some((r) => r.status === 'waiting'));
      for (const response of responses.filter((r) => r.type === 'isolate')) {
        const { password, termSeconds } = response.parameters as { password: IsolationPassword; termSeconds: number };
        assert.equal(password.version, 1);
        const derived = crypto.pbkdf2Sync(password.password, Buffer.from(password.salt, 'hex'), 10_000, 32, 'sha256').toString('hex');
        assert.equal(derived, password.derivedKey, 'the derived key proves the password (PBKDF2-HMAC-SHA256, 10,000 iterations)');
        assert.ok(termSeconds > 0 && termSeconds <= MAX_ISOLATION_TERM_SECONDS);
      }
      assert.ok(summary.comments > 50 && summary.historyEntries > summary.incidents);
      assert.ok(db.comments.listByIncident(incidents.find((i) => db.comments.listByIncident(i.id).length > 0)!.id)[0]!.text.length > 0);
    });
  });

  test('not activated: organization only, no license, tenants or assets', () => {
    withDemo({ seed: 1, assets: 1000, activated: false }, (db, summary) => {
      assert.equal(summary.assets, 0);
      assert.equal(db.organization.require().activationState, 'notActivated');
      assert.equal(db.organization.require().installedKsnVersion, null);
      assert.equal(db.licenses.list({ includeRemoved: true }).length, 0);
      assert.equal(db.tenants.count(null), 0);
      assert.equal(db.assets.count(null), 0);
    });
  });

  test('refuses to overwrite a database that has data', () => {
    withDemo({ seed: 1, assets: 10 }, (db) => {
      assert.throws(() => generateDemoData(db, { seed: 2, assets: 10 }), /already has data/);
    });
  });

  test('environment: MDR_DEMO_SEED, MDR_DEMO_ASSETS, MDR_DEMO_ACTIVATED', () => {
    assert.deepEqual(demoOptionsFromEnv({}), { seed: 1, assets: 3000, activated: true });
    assert.deepEqual(demoOptionsFromEnv({ MDR_DEMO_SEED: '42', MDR_DEMO_ASSETS: '100000', MDR_DEMO_ACTIVATED: '0' }), { seed: 42, assets: 100000, activated: false });
  });

  test('scales: 100,000 assets and 10,000 incidents well under a minute, lists stay fast', () => {
    withDemo({ seed: 1, assets: 100_000 }, (db, summary) => {
      console.log(`demo generation, 100,000 assets / ${summary.incidents} incidents / ${summary.responses} responses: ${summary.durationMs} ms`);
      assert.equal(summary.assets, 100_000);
      assert.equal(summary.incidents, 10_000);
      assert.ok(summary.durationMs < 45_000, `took ${summary.durationMs} ms`);
      const timed = (label: string, run: () => unknown) => {
        const started = performance.now();
        run();
        const ms = performance.now() - started;
        console.log(`${label}: ${ms.toFixed(1)} ms`);
        assert.ok(ms < 1000, `${label} took ${ms.toFixed(0)} ms`);
      };
      timed('list, sorted by host name, page 500', () => db.assets.list(null, { sort: { field: 'hostName', direction: 'asc' }, page: 500, pageSize: 50 }));
      timed('list, sorted by last seen desc, filtered by status', () => db.assets.list(null, { statuses: ['critical', 'warning'], sort: { field: 'lastSeen', direction: 'desc' } }));
      timed('substring search in host names', () => db.assets.list(null, { nameContains: 'srv-hq' }));
      timed('counts by status', () => db.assets.countByStatus(null));
      timed('incidents summary', () => [db.incidents.openByPriority(null), db.responses.countAwaitingDecision(null)]);
    });
  });
});

describe('console devices (generateConsoleDevices)', () => {
  test('deterministic and matching the MDR assets of the same seed', () => {
    const devices = generateConsoleDevices(3, 2000, { activated: true });
    assert.deepEqual(generateConsoleDevices(3, 2000, { activated: true }), devices);
    assert.notDeepEqual(generateConsoleDevices(4, 2000, { activated: true }).map((d) => d.name), devices.map((d) => d.name));

    withDemo({ seed: 3, assets: 2000 }, (db) => {
      const withAsset = devices.filter((d) => d.mdrAssetId !== null);
      for (const device of withAsset) {
        const asset = db.assets.get(device.mdrAssetId!);
        assert.ok(asset, `asset ${device.mdrAssetId} exists`);
        assert.equal(asset.hostName, device.name);
        assert.equal(device.mdrState, 'running');
      }
      assert.ok(withAsset.length > 0.9 * 2000, 'most MDR assets are managed devices');
      const never = devices.filter((d) => d.mdrAssetId === null);
      const share = never.length / devices.length;
      assert.ok(share >= 0.02 && share <= 0.03, `share without telemetry ${share}`);
      assert.ok(new Set(never.map((d) => d.mdrState)).size >= 5, 'varied MDR states');
      for (const device of never) assert.equal(db.assets.count(null, { hostNames: [device.name] }), 0, 'never sent telemetry');
      assert.equal(new Set(devices.map((d) => d.name.toLowerCase())).size, devices.length, 'host names unique');
      assert.equal(new Set(devices.map((d) => d.id)).size, devices.length, 'ids unique');
      for (const device of devices) {
        const mdr = device.applications[0]!.components.find((c) => c.name === 'Managed Detection and Response');
        assert.equal(mdr?.state, device.mdrState, 'the MDR component carries the MDR state');
        assert.ok(device.group.startsWith('Managed devices/') && device.administrationServer.length > 0);
      }
    });
  });

  test('not activated: devices exist, none linked to an MDR asset', () => {
    const devices = generateConsoleDevices(1, 300, { activated: false });
    assert.ok(devices.length > 250);
    assert.ok(devices.every((d) => d.mdrAssetId === null));
  });
});

describe('demo data files', () => {
  test('no stray files: the generator writes only the database', () => {
    const dir = tempDataDir('mdr-demo-files-');
    try {
      const db = openMdrDatabase({ dir });
      generateDemoData(db, { seed: 1, assets: 20, now: NOW });
      db.close();
      assert.deepEqual(fs.readdirSync(dir).filter((f) => !f.startsWith('mdr.db')), []);
      assert.ok(fs.statSync(path.join(dir, 'mdr.db')).size > 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

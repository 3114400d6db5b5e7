import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { after, before, describe, test } from 'node:test';
import { generateDemoData } from '../../host-shim/demo/generate.ts';
import { openMdrDatabase, type AssetSortField, type AssetStatus, type MdrDatabase, type TenantScope } from '../../host-shim/mdr-service/db.ts';
import { AssetRepository } from '../../host-shim/mdr-service/db/assets.ts';
import { openConnection, SqlContext } from '../../host-shim/mdr-service/db/connection.ts';
import { tempDataDir as tempDir } from '../support/temp-dir.ts';

/**
 * What keeps *MDR Health*, the dashboard widget and *MDR Usage* fast at a million assets (schema
 * version 10) must give the same answers as reading every asset: counts kept by triggers, a name
 * search counted by the search index alone, and pages found by walking the sort's index. Each is
 * compared here with the answer computed from all rows.
 */

const NOW = Date.UTC(2026, 5, 10, 12);
const STATUSES: AssetStatus[] = ['ok', 'warning', 'critical', 'absent'];

interface Row {
  id: string;
  host_name: string;
  status: AssetStatus;
  tenant_id: string | null;
  license_id: string | null;
}

let dir: string;
let db: MdrDatabase;
let raw: Database.Database;
/** The same assets, every search page found by walking the sort's index. */
let walking: AssetRepository;
/** The same assets, every search page found by reading the matches and sorting them. */
let sorting: AssetRepository;

function rows(): Row[] {
  return raw.prepare('SELECT id, host_name, status, tenant_id, license_id FROM assets').all() as Row[];
}

function inScope(tenantId: string | null, scope: TenantScope): boolean {
  return scope === null || scope.includes(tenantId ?? 'root');
}

before(() => {
  dir = tempDir('mdr-scale-');
  db = openMdrDatabase({ dir });
  generateDemoData(db, { assets: 1500, now: NOW });
  raw = new Database(path.join(dir, 'mdr.db'));
  walking = new AssetRepository(new SqlContext(openConnection(path.join(dir, 'mdr.db'))), { walkSortIndexAbove: 0 });
  sorting = new AssetRepository(new SqlContext(openConnection(path.join(dir, 'mdr.db'))), { walkSortIndexAbove: Number.POSITIVE_INFINITY });
});

after(() => {
  raw.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function scopes(): TenantScope[] {
  const tenants = db.tenants.list(null).map((tenant) => tenant.id);
  return [null, ['root'], [tenants[0]!], [tenants[1]!, 'root'], tenants];
}

describe('MDR Health at a million assets: the same answers as reading every asset', () => {
  test('a name search counted by the search index alone, with statuses and tenants', () => {
    const all = rows();
    const tenants = db.tenants.list(null).map((tenant) => tenant.id);
    let compared = 0;
    for (const name of ['srv', 'SRV-', 'eng-0', '-01', 'mbp', '-hq-', 'no-such-host']) {
      for (const statuses of [undefined, [], ['ok'], ['warning', 'critical'], ['absent', 'ok', 'warning']] as (AssetStatus[] | undefined)[]) {
        for (const scope of scopes()) {
          for (const tenantIds of [undefined, ['root'], [tenants[2]!, 'root']]) {
            const expected = all.filter(
              (row) =>
                row.host_name.toLowerCase().includes(name.toLowerCase()) &&
                // No statuses, or an empty list of them, is no filter (as in the console's list).
                (!statuses?.length || statuses.includes(row.status)) &&
                inScope(row.tenant_id, scope) &&
                inScope(row.tenant_id, tenantIds ?? null),
            ).length;
            assert.equal(db.assets.count(scope, { nameContains: name, statuses, tenantIds }), expected, `${name} ${statuses} ${scope} ${tenantIds}`);
            compared += 1;
          }
        }
      }
    }
    assert.ok(all.filter((row) => row.host_name.toLowerCase().includes('srv')).length > 50, 'the demo data has servers to find');
    assert.ok(all.filter((row) => row.tenant_id === null && row.host_name.toLowerCase().includes('-hq-')).length > 50, 'and assets without a tenant to find');
    assert.equal(compared, 7 * 5 * 5 * 3);
  });

  test('an empty scope or tenant list finds nothing, by every way of counting', () => {
    const someTenant = db.tenants.list(null)[0]!.id;
    for (const [scope, tenantIds] of [[[], undefined], [null, []], [[someTenant], []]] as [TenantScope, string[] | undefined][]) {
      for (const filter of [{ nameContains: 'srv' }, { nameContains: 'srv', statuses: ['ok'] as AssetStatus[] }, { statuses: ['ok'] as AssetStatus[] }, {}]) {
        assert.equal(db.assets.count(scope, { ...filter, tenantIds }), 0, JSON.stringify({ scope, tenantIds, filter }));
      }
    }
  });

  test('a name in another alphabet is found whatever its case, by both ways of finding a page', () => {
    const template = db.assets.listItems(null, { pageSize: 1 })[0]!;
    db.assets.insert({ ...template, id: 'cyrillic-host', hostName: 'СЕРВЕР-ПОЧТЫ-01' });
    try {
      for (const name of ['сервер', 'СЕРВЕР', 'почты']) {
        const query = { nameContains: name, sort: { field: 'lastSeen' as const, direction: 'desc' as const }, pageSize: 10 };
        assert.deepEqual(walking.listItems(null, query).map((asset) => asset.id), ['cyrillic-host'], name);
        assert.deepEqual(sorting.listItems(null, query).map((asset) => asset.id), ['cyrillic-host'], name);
        assert.equal(db.assets.count(null, { nameContains: name }), 1, name);
      }
    } finally {
      raw.prepare("DELETE FROM assets WHERE id = 'cyrillic-host'").run();
    }
  });

  test('a search phrase of the REST API finds names and addresses, never the status or tenant tokens', () => {
    const anyTenant = db.tenants.list(null)[0]!.id;
    for (const phrase of ['qok', 'qwa', '~root~', anyTenant]) {
      assert.equal(db.assets.count(null, { searchPhrase: phrase }), 0, phrase);
      assert.equal(db.assets.count(null, { nameContains: phrase }), 0, phrase);
    }
  });

  test('pages found by walking the sort index equal pages found by sorting the matches, for every sort with an index', () => {
    const fields: AssetSortField[] = ['hostName', 'domain', 'osVersion', 'products', 'firstSeen', 'lastSeen', 'status', 'telemetryLoss'];
    let pages = 0;
    for (const field of fields) {
      for (const direction of ['asc', 'desc'] as const) {
        for (const query of [{ nameContains: 'srv' }, { nameContains: '-hq-', statuses: ['ok', 'warning'] as AssetStatus[] }, { nameContains: '-0', minLastSeen: NOW - 3 * 86_400_000 }]) {
          for (const scope of [null, scopes()[3]!]) {
            for (const page of [1, 3]) {
              const listQuery = { ...query, sort: { field, direction }, page, pageSize: 20 };
              const expected = sorting.listItems(scope, listQuery).map((asset) => asset.id);
              assert.deepEqual(walking.listItems(scope, listQuery).map((asset) => asset.id), expected, JSON.stringify({ scope, ...listQuery }));
              if (page === 1) assert.ok(expected.length > 0, `${JSON.stringify(query)} finds assets`);
              pages += 1;
            }
          }
        }
      }
    }
    assert.equal(pages, 8 * 2 * 3 * 2 * 2);
  });

  test('counts by status, by license and by tenant follow inserts, status changes and deletions', () => {
    const check = (when: string) => {
      const all = rows();
      for (const scope of scopes()) {
        const expected = Object.fromEntries(STATUSES.map((status) => [status, all.filter((row) => row.status === status && inScope(row.tenant_id, scope)).length]));
        assert.deepEqual(db.assets.countByStatus(scope), expected, `${when}: ${scope}`);
      }
      // A list filtered by statuses and tenants alone is counted from the same kept counts.
      for (const scope of scopes()) {
        for (const statuses of [undefined, [], ['critical'], ['warning', 'critical', 'warning']] as (AssetStatus[] | undefined)[]) {
          for (const tenantIds of [undefined, ['root'], [db.tenants.list(null)[0]!.id, 'root']]) {
            const expected = all.filter((row) => (!statuses?.length || statuses.includes(row.status)) && inScope(row.tenant_id, scope) && inScope(row.tenant_id, tenantIds ?? null)).length;
            assert.equal(db.assets.count(scope, { statuses, tenantIds, sort: { field: 'hostName', direction: 'asc' }, page: 2 } as never), expected, `${when}: ${scope} ${statuses} ${tenantIds}`);
          }
        }
      }
      for (const license of db.licenses.list()) {
        assert.equal(db.licenses.connectedAssets(license.id), all.filter((row) => row.license_id === license.id && row.status !== 'absent').length, `${when}: ${license.id}`);
      }
      for (const tenant of db.tenants.list(null)) {
        assert.equal(tenant.assets, all.filter((row) => row.tenant_id === tenant.id).length, `${when}: ${tenant.name}`);
      }
      // The search index follows too.
      assert.equal(
        db.assets.count(null, { nameContains: 'srv', statuses: ['critical'] }),
        all.filter((row) => row.status === 'critical' && row.host_name.toLowerCase().includes('srv')).length,
        `${when}: critical servers`,
      );
    };
    check('as generated');
    const servers = rows().filter((row) => row.host_name.toLowerCase().includes('srv') && row.status === 'ok');
    for (const row of servers.slice(0, 5)) db.assets.updateState(row.id, { status: 'critical' });
    check('after five servers became critical');
    const victim = db.tenants.list(null).find((tenant) => tenant.assets > 0)!;
    raw.prepare('DELETE FROM tenants WHERE id = ?').run(victim.id);
    assert.equal(db.assets.count([victim.id], { nameContains: 'srv' }), 0);
    check('after a tenant and its assets were deleted');
  });

  test('the upgrade to schema version 10 fills the counts and rebuilds the search index from the assets', () => {
    const upgradeDir = tempDir('mdr-upgrade-');
    try {
      const fresh = openMdrDatabase({ dir: upgradeDir });
      generateDemoData(fresh, { assets: 400, now: NOW });
      const before = { counts: fresh.assets.countByStatus(null), servers: fresh.assets.count(null, { nameContains: 'srv', statuses: ['ok'] }) };
      fresh.close();
      // The database as version 9 left it.
      const old = new Database(path.join(upgradeDir, 'mdr.db'));
      old.exec(`
        DROP TRIGGER asset_counts_ad; DROP TRIGGER asset_counts_au; DROP TABLE asset_counts;
        DROP TRIGGER assets_search_ad; DROP TRIGGER assets_search_au; DROP TABLE assets_search;
        CREATE VIRTUAL TABLE assets_search USING fts5 (host_name, addresses, content = '', contentless_delete = 1, tokenize = 'trigram');
        INSERT INTO assets_search (rowid, host_name, addresses) SELECT seq, host_name, '' FROM assets;
        CREATE TRIGGER assets_search_ad AFTER DELETE ON assets BEGIN DELETE FROM assets_search WHERE rowid = old.seq; END;
        CREATE TRIGGER assets_search_au AFTER UPDATE OF host_name, network_interfaces ON assets BEGIN
          DELETE FROM assets_search WHERE rowid = old.seq;
          INSERT INTO assets_search (rowid, host_name, addresses) VALUES (new.seq, new.host_name, '');
        END;
        DELETE FROM schema_migrations WHERE version = 10;
      `);
      old.close();
      const upgraded = openMdrDatabase({ dir: upgradeDir });
      try {
        assert.equal(upgraded.schemaVersion(), 10);
        assert.deepEqual(upgraded.assets.countByStatus(null), before.counts);
        assert.ok(before.servers > 0);
        assert.equal(upgraded.assets.count(null, { nameContains: 'srv', statuses: ['ok'] }), before.servers);
      } finally {
        upgraded.close();
      }
    } finally {
      fs.rmSync(upgradeDir, { recursive: true, force: true });
    }
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Database from 'better-sqlite3';
import { openConnection, SqlContext } from '../../host-shim/server/db/connection.ts';
import { DeviceRepository, MALFUNCTIONING_SORTS, type DeviceRecord, type MalfunctioningSortField } from '../../host-shim/server/db/devices.ts';
import { MDR_STATES } from '../../host-shim/server/malfunctioning-devices.ts';

/** A statement cache that remembers every statement its repositories asked for. */
class RecordingContext extends SqlContext {
  readonly statements: string[] = [];
  override stmt<P extends unknown[] | object = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    this.statements.push(sql);
    return super.stmt<P, R>(sql);
  }
}

/** Names that differ only in case, share a prefix or repeat, so that the collation and the tie on id matter. */
function device(index: number): DeviceRecord {
  const names = ['alpha', 'Alpha', 'BRAVO', 'bravo-2', 'charlie', 'Delta', 'delta'];
  return {
    id: `dev-${String(index).padStart(5, '0')}`,
    name: `${names[index % names.length]}-${index % 13}`,
    group: 'Managed devices',
    // Ordered differently with and without regard to case: ksc-east < KSC-North < Ksc-west, but in bytes KSC-North < Ksc-west < ksc-east.
    administrationServer: ['ksc-east', 'KSC-North', 'Ksc-west'][index % 3]!,
    // Every fifth device is linked to an MDR asset: those are not malfunctioning.
    mdrAssetId: index % 5 === 0 ? `asset-${index}` : null,
    mdrState: MDR_STATES[index % MDR_STATES.length]!,
    selfDefense: index % 2 === 0,
    applications: [],
  } as DeviceRecord;
}

/** The order the list promises: the column without regard to case, then the device id, both in `direction`. */
function expectedOrder(devices: DeviceRecord[], sort: MalfunctioningSortField, direction: 'asc' | 'desc'): string[] {
  const value = (item: DeviceRecord) => (sort === 'name' ? item.name.toLowerCase() : sort === 'administrationServer' ? item.administrationServer.toLowerCase() : item.mdrState);
  const sign = direction === 'asc' ? 1 : -1;
  return [...devices]
    .sort((a, b) => sign * (value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((item) => item.id);
}

describe('console device inventory: MDR Health → Malfunctioning assets', () => {
  let dir: string;
  let db: Database.Database;
  let sql: RecordingContext;
  let repository: DeviceRepository;
  const devices = Array.from({ length: 2_000 }, (_, index) => device(index));
  const unlinked = devices.filter((item) => item.mdrAssetId === null);

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'device-store-'));
    db = openConnection(path.join(dir, 'console.db'));
    sql = new RecordingContext(db);
    repository = new DeviceRepository(sql);
    repository.insertMany(devices);
  });
  after(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // The index that holds each sort's order (schema version 2): named here, not read from the code under test.
  const ownIndex: Record<MalfunctioningSortField, string> = { name: 'devices_unlinked_by_name', mdrState: 'devices_unlinked_by_state', administrationServer: 'devices_unlinked_by_server' };
  const filters: { states: string[] }[] = [{ states: [] }, { states: ['stopped', 'failed'] }, { states: ['paused'] }];

  it('exports the unlinked devices in batches, in the order the list shows them by name, through its index', () => {
    for (const filter of filters) {
      const matching = unlinked.filter((item) => filter.states.length === 0 || filter.states.includes(item.mdrState));
      sql.statements.length = 0;
      const exported = [...repository.eachMalfunctioningBatch(filter, 70)].flat().map((item) => item.id);
      assert.deepEqual(exported, expectedOrder(matching, 'name', 'asc'), filter.states.join(',') || 'all states');
      const batch = sql.statements.find((statement) => statement.includes('@lastName'))!;
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${batch}`).all({ states: JSON.stringify(filter.states), lastName: null, lastId: null }) as { detail: string }[]).map((row) => row.detail).join(' | ');
      assert.doesNotMatch(plan, /TEMP B-TREE/, plan);
    }
  });
  for (const sort of Object.keys(MALFUNCTIONING_SORTS) as MalfunctioningSortField[]) {
    for (const direction of ['asc', 'desc'] as const) {
      it(`pages through the unlinked devices sorted by ${sort} ${direction}, with and without a state filter`, () => {
        for (const filter of filters) {
          const matching = unlinked.filter((item) => filter.states.length === 0 || filter.states.includes(item.mdrState));
          const expected = expectedOrder(matching, sort, direction);
          const seen: string[] = [];
          for (let offset = 0; offset < matching.length + 50; offset += 100) {
            const page = repository.listMalfunctioning(filter, { sort, direction }, { offset, limit: 100 });
            assert.equal(page.total, matching.length);
            seen.push(...page.items.map((item) => item.id));
          }
          assert.deepEqual(seen, expected, `${sort} ${direction} ${filter.states.join(',') || 'all states'}`);
        }
      });

      it(`reads a page sorted by ${sort} ${direction} in index order, without sorting every unlinked device`, () => {
        for (const filter of filters) {
          sql.statements.length = 0;
          repository.listMalfunctioning(filter, { sort, direction }, { offset: 0, limit: 25 });
          const page = sql.statements.find((statement) => statement.includes('LIMIT @limit'));
          assert.ok(page, 'the page query');
          const plan = (db.prepare(`EXPLAIN QUERY PLAN ${page}`).all(filter.states.length ? { states: JSON.stringify(filter.states), limit: 25, offset: 0 } : { limit: 25, offset: 0 }) as { detail: string }[])
            .map((row) => row.detail)
            .join(' | ');
          assert.doesNotMatch(plan, /TEMP B-TREE/, plan);
          assert.match(plan, new RegExp(`USING (COVERING )?INDEX ${ownIndex[sort]}\\b`), plan);
        }
      });
    }
  }
});

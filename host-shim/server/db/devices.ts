import type { DeviceApplication, ManagedDeviceRecord } from '../../../contract/console.ts';
import { bitColumn, jsonColumn, RowMapping, type StoredRow } from '../../common/row-mapping.ts';
import type { SqlContext } from './connection.ts';

export type { DeviceApplication };
/** A managed device of the console's inventory (contract/console.ts). */
export type DeviceRecord = ManagedDeviceRecord;

/** Columns the list of malfunctioning assets sorts by. */
export const MALFUNCTIONING_SORTS = {
  name: 'name COLLATE NOCASE',
  mdrState: 'mdr_state',
  administrationServer: 'administration_server COLLATE NOCASE',
} as const;

/**
 * The index that holds the malfunctioning assets in each sort's order (schema version 2): a page is
 * read from it in order instead of sorting every unlinked device. Named, because the planner would
 * rather take the `mdr_asset_id` index and sort.
 */
const MALFUNCTIONING_INDEXES: Record<keyof typeof MALFUNCTIONING_SORTS, string> = {
  name: 'devices_unlinked_by_name',
  mdrState: 'devices_unlinked_by_state',
  administrationServer: 'devices_unlinked_by_server',
};

export type MalfunctioningSortField = keyof typeof MALFUNCTIONING_SORTS;

/** Which malfunctioning assets: those in any of `states` (all when empty). */
export interface MalfunctioningFilter {
  states: readonly string[];
}

const DEVICES = new RowMapping<DeviceRecord>('devices', {
  id: 'id',
  name: 'name',
  group: 'group_name',
  administrationServer: 'administration_server',
  mdrAssetId: 'mdr_asset_id',
  mdrState: 'mdr_state',
  selfDefense: bitColumn('self_defense'),
  applications: jsonColumn('applications'),
});

type DeviceRow = StoredRow<DeviceRecord>;

/** `%`, `_` and the escape character itself are literal in search text. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A device "never sent telemetry" when no MDR asset is linked to it: those are the malfunctioning
 * assets, counted through the `devices_mdr_asset` index and listed through the partial index of the
 * sort (only the unlinked devices are read).
 */
function malfunctioningWhere(filter: MalfunctioningFilter): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  let sql = 'WHERE mdr_asset_id IS NULL';
  if (filter.states.length > 0) {
    sql += ' AND mdr_state IN (SELECT value FROM json_each(@states))';
    params.states = JSON.stringify(filter.states);
  }
  return { sql, params };
}

/** The managed-device inventory. */
export class DeviceRepository {
  constructor(private readonly sql: SqlContext) {}

  /** One page of the inventory, optionally filtered by a name substring, sorted by name. */
  list(options: { search?: string; offset: number; limit: number }): { items: DeviceRecord[]; total: number } {
    const where = options.search ? "WHERE name LIKE ? ESCAPE '\\'" : '';
    const args = options.search ? [likeContains(options.search)] : [];
    const total = this.sql.stmt<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM devices ${where}`).get(...args)!.n;
    return { items: DEVICES.all(this.sql, `${where} ORDER BY name, id LIMIT ? OFFSET ?`, ...args, options.limit, options.offset), total };
  }

  /** A device by its console id only. */
  get(id: string): DeviceRecord | undefined {
    return DEVICES.one(this.sql, 'WHERE id = ?', id) ?? undefined;
  }

  /** A device by its console id, or by the MDR asset id it reports as (links from the plug-in use either). */
  find(id: string): DeviceRecord | undefined {
    return this.get(id) ?? DEVICES.one(this.sql, 'WHERE mdr_asset_id = ? LIMIT 1', id) ?? undefined;
  }

  count(): number {
    return this.sql.stmt<[], { n: number }>('SELECT COUNT(*) AS n FROM devices').get()!.n;
  }

  /** Stores devices in one transaction. */
  insertMany(devices: DeviceRecord[]): void {
    this.sql.db.transaction((items: DeviceRecord[]) => {
      for (const device of items) DEVICES.insert(this.sql, device);
    })(devices);
  }

  /** One page of the malfunctioning assets, and their count for the same filter. */
  listMalfunctioning(
    filter: MalfunctioningFilter,
    order: { sort: MalfunctioningSortField; direction: 'asc' | 'desc' },
    page: { offset: number; limit: number },
  ): { items: DeviceRecord[]; total: number } {
    const { sql, params } = malfunctioningWhere(filter);
    const direction = order.direction === 'desc' ? 'DESC' : 'ASC';
    const items = DEVICES.all(
      this.sql,
      `INDEXED BY ${MALFUNCTIONING_INDEXES[order.sort]} ${sql} ORDER BY ${MALFUNCTIONING_SORTS[order.sort]} ${direction}, id ${direction} LIMIT @limit OFFSET @offset`,
      { ...params, limit: page.limit, offset: page.offset },
    );
    const total = this.sql.stmt<[Record<string, unknown>], { n: number }>(`SELECT count(*) AS n FROM devices ${sql}`).get(params)!.n;
    return { items, total };
  }

  /**
   * The malfunctioning assets in the list's name order (without regard to case), read in batches
   * (keyset on name and id, through the index in that order) so that the rows are never held whole.
   */
  *eachMalfunctioningBatch(filter: MalfunctioningFilter, batchSize = 500): Generator<DeviceRecord[]> {
    const { sql, params } = malfunctioningWhere(filter);
    const name = MALFUNCTIONING_SORTS.name;
    const batch = this.sql.stmt<[Record<string, unknown>], DeviceRow>(
      `SELECT ${DEVICES.select()} FROM devices INDEXED BY ${MALFUNCTIONING_INDEXES.name} ${sql}
     AND (@lastName IS NULL OR ${name} > @lastName OR (${name} = @lastName AND id > @lastId))
     ORDER BY ${name}, id LIMIT ${Number(batchSize)}`,
    );
    let last: { name: string; id: string } | null = null;
    for (;;) {
      const rows = batch.all({ ...params, lastName: last?.name ?? null, lastId: last?.id ?? null });
      if (rows.length === 0) return;
      yield rows.map(DEVICES.read);
      last = { name: rows[rows.length - 1]!.name, id: rows[rows.length - 1]!.id };
    }
  }
}

import type { DeviceApplication, ManagedDeviceRecord } from '../../../contract/console.ts';
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

export type MalfunctioningSortField = keyof typeof MALFUNCTIONING_SORTS;

/** Which malfunctioning assets: those in any of `states` (all when empty). */
export interface MalfunctioningFilter {
  states: readonly string[];
}

interface DeviceRow {
  id: string;
  name: string;
  group_name: string;
  administration_server: string;
  mdr_asset_id: string | null;
  mdr_state: string;
  self_defense: number;
  applications: string;
}

function toDevice(row: DeviceRow): DeviceRecord {
  return {
    id: row.id,
    name: row.name,
    group: row.group_name,
    administrationServer: row.administration_server,
    mdrAssetId: row.mdr_asset_id,
    mdrState: row.mdr_state,
    selfDefense: row.self_defense === 1,
    applications: JSON.parse(row.applications) as DeviceApplication[],
  };
}

/** `%`, `_` and the escape character itself are literal in search text. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A device "never sent telemetry" when no MDR asset is linked to it: those are the malfunctioning
 * assets, read through the `devices_mdr_asset` index (only the unlinked devices are read).
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
    const rows = this.sql.stmt<unknown[], DeviceRow>(`SELECT * FROM devices ${where} ORDER BY name, id LIMIT ? OFFSET ?`).all(...args, options.limit, options.offset);
    return { items: rows.map(toDevice), total };
  }

  /** A device by its console id only. */
  get(id: string): DeviceRecord | undefined {
    const row = this.sql.stmt<[string], DeviceRow>('SELECT * FROM devices WHERE id = ?').get(id);
    return row ? toDevice(row) : undefined;
  }

  /** A device by its console id, or by the MDR asset id it reports as (links from the plug-in use either). */
  find(id: string): DeviceRecord | undefined {
    const row = this.sql.stmt<[string], DeviceRow>('SELECT * FROM devices WHERE id = ?').get(id) ?? this.sql.stmt<[string], DeviceRow>('SELECT * FROM devices WHERE mdr_asset_id = ? LIMIT 1').get(id);
    return row ? toDevice(row) : undefined;
  }

  count(): number {
    return this.sql.stmt<[], { n: number }>('SELECT COUNT(*) AS n FROM devices').get()!.n;
  }

  /** Stores devices in one transaction. */
  insertMany(devices: DeviceRecord[]): void {
    const insert = this.sql.stmt(
      `INSERT INTO devices (id, name, group_name, administration_server, mdr_asset_id, mdr_state, self_defense, applications)
       VALUES (@id, @name, @group, @administrationServer, @mdrAssetId, @mdrState, @selfDefense, @applications)`,
    );
    this.sql.db.transaction((items: DeviceRecord[]) => {
      for (const device of items) insert.run({ ...device, selfDefense: device.selfDefense ? 1 : 0, applications: JSON.stringify(device.applications) });
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
    const rows = this.sql
      .stmt<[Record<string, unknown>], DeviceRow>(`SELECT * FROM devices ${sql} ORDER BY ${MALFUNCTIONING_SORTS[order.sort]} ${direction}, id ${direction} LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: page.limit, offset: page.offset });
    const total = this.sql.stmt<[Record<string, unknown>], { n: number }>(`SELECT count(*) AS n FROM devices ${sql}`).get(params)!.n;
    return { items: rows.map(toDevice), total };
  }

  /**
   * The malfunctioning assets in name order, read in batches (keyset on name and id) so that the
   * rows are never held whole.
   */
  *eachMalfunctioningBatch(filter: MalfunctioningFilter, batchSize = 500): Generator<DeviceRecord[]> {
    const { sql, params } = malfunctioningWhere(filter);
    const batch = this.sql.stmt<[Record<string, unknown>], DeviceRow>(
      `SELECT * FROM devices ${sql} AND (@lastName IS NULL OR name > @lastName OR (name = @lastName AND id > @lastId))
     ORDER BY name, id LIMIT ${Number(batchSize)}`,
    );
    let last: { name: string; id: string } | null = null;
    for (;;) {
      const rows = batch.all({ ...params, lastName: last?.name ?? null, lastId: last?.id ?? null });
      if (rows.length === 0) return;
      yield rows.map(toDevice);
      last = { name: rows[rows.length - 1]!.name, id: rows[rows.length - 1]!.id };
    }
  }
}

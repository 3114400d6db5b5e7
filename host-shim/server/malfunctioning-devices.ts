import { Readable } from 'node:stream';
import type Database from 'better-sqlite3';
import { attachment, CSV_BOM, csvLine } from '../common/csv.ts';
import { pluginString } from '../common/plugin-strings.ts';

/**
 * *MDR Health → Malfunctioning assets*, answered by the console server from its own device
 * inventory: a device "never sent telemetry" when no MDR asset is linked to it (`mdr_asset_id` is
 * set when MDR reports the device's asset). The inventory is local, so the list needs no call to
 * the MDR service and pages on the `devices_mdr_asset` index: only the unlinked devices are read.
 */

export const MDR_STATES = ['unknown', 'stopped', 'paused', 'starting', 'running', 'failed', 'notInstalled', 'noLicense'] as const;
export type MdrState = (typeof MDR_STATES)[number];

/** How EPP applications name their MDR component. */
const MDR_COMPONENT_NAMES = new Set(['Managed Detection and Response', 'MDR', 'Endpoint Detection and Response Agent (MDR)']);

const YELLOW = new Set(['paused', 'starting', 'unknown']);
const RED = new Set(['stopped', 'failed', 'noLicense', 'notInstalled']);

const SORTS = { name: 'name COLLATE NOCASE', mdrState: 'mdr_state', administrationServer: 'administration_server COLLATE NOCASE' } as const;
type SortField = keyof typeof SORTS;

/** A refused query value, answered as 400 `{ error: 'validation', field, rule }`. */
export class DeviceQueryError extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${field}: ${rule}`);
  }
}

export interface MalfunctioningQuery {
  states: MdrState[];
  sort: SortField;
  direction: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

interface DeviceRow {
  id: string;
  name: string;
  group_name: string;
  administration_server: string;
  mdr_state: string;
  self_defense: number;
  applications: string;
}

interface Application {
  name: string;
  version: string;
  components: { name: string; state: string }[];
}

/** A critical component that is not running, with its indication colour. */
export interface CriticalComponent {
  /** Component name as the application reports it; `selfDefense` for the Self-Defense feature. */
  name: string;
  state: string;
  indication: 'yellow' | 'red';
}

function integer(raw: unknown, field: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new DeviceQueryError(field, 'outOfRange');
  return value;
}

/** Validates the query string of the list and the export. */
export function parseMalfunctioningQuery(query: Record<string, unknown>): MalfunctioningQuery {
  if (query.states !== undefined && typeof query.states !== 'string') throw new DeviceQueryError('states', 'unknownState');
  const states = typeof query.states === 'string' && query.states !== '' ? query.states.split(',') : [];
  if (!states.every((state) => (MDR_STATES as readonly string[]).includes(state))) throw new DeviceQueryError('states', 'unknownState');
  const sort = query.sort === undefined ? 'name' : String(query.sort);
  // Own keys only: `toString` or `__proto__` are in every object, not columns.
  if (!Object.hasOwn(SORTS, sort)) throw new DeviceQueryError('sort', 'unknownColumn');
  const direction = query.direction === undefined ? 'asc' : String(query.direction);
  if (direction !== 'asc' && direction !== 'desc') throw new DeviceQueryError('direction', 'invalid');
  return {
    states: states as MdrState[],
    sort: sort as SortField,
    direction,
    page: integer(query.page, 'page', 1, 1, 100_000),
    pageSize: integer(query.pageSize, 'pageSize', 25, 1, 500),
  };
}

/** The EPP application's components critical for MDR that are not running, plus Self-Defense when off. */
export function criticalComponents(applications: Application[], selfDefense: boolean): CriticalComponent[] {
  // The EPP application is the one that carries the MDR component; its components are the critical ones.
  const epp =
    applications.find((application) => application.components.some((c) => MDR_COMPONENT_NAMES.has(c.name))) ??
    applications.find((application) => application.components.length > 0);
  const list: CriticalComponent[] = (epp?.components ?? [])
    .filter((component) => YELLOW.has(component.state) || RED.has(component.state))
    .map((component) => ({ name: component.name, state: component.state, indication: RED.has(component.state) ? 'red' : 'yellow' }));
  if (!selfDefense) list.push({ name: 'selfDefense', state: 'off', indication: 'red' });
  return list;
}

function toListItem(row: DeviceRow) {
  const applications = JSON.parse(row.applications) as Application[];
  return {
    id: row.id,
    name: row.name,
    applications: applications.filter((a) => a.components.length > 0).map((a) => `${a.name} ${a.version}`),
    mdrState: row.mdr_state,
    administrationServer: row.administration_server,
    criticalComponents: criticalComponents(applications, row.self_defense === 1),
  };
}

function where(query: Pick<MalfunctioningQuery, 'states'>): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  let sql = 'WHERE mdr_asset_id IS NULL';
  if (query.states.length > 0) {
    sql += ' AND mdr_state IN (SELECT value FROM json_each(@states))';
    params.states = JSON.stringify(query.states);
  }
  return { sql, params };
}

/** One page of malfunctioning assets and the count for the same filter. */
export function listMalfunctioning(db: Database.Database, query: MalfunctioningQuery) {
  const { sql, params } = where(query);
  const direction = query.direction === 'desc' ? 'DESC' : 'ASC';
  const rows = db
    .prepare(`SELECT * FROM devices ${sql} ORDER BY ${SORTS[query.sort]} ${direction}, id ${direction} LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: query.pageSize, offset: (query.page - 1) * query.pageSize }) as DeviceRow[];
  const total = (db.prepare(`SELECT count(*) AS n FROM devices ${sql}`).get(params) as { n: number }).n;
  return { items: rows.map(toListItem), total, page: query.page, pageSize: query.pageSize };
}

/** A device with every component of every application (the details panel); undefined when unknown. */
export function deviceDetails(db: Database.Database, id: string) {
  const row = db.prepare('SELECT * FROM devices WHERE id = ?').get(id) as DeviceRow | undefined;
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    group: row.group_name,
    administrationServer: row.administration_server,
    mdrState: row.mdr_state,
    selfDefense: row.self_defense === 1,
    applications: JSON.parse(row.applications) as Application[],
    criticalComponents: criticalComponents(JSON.parse(row.applications) as Application[], row.self_defense === 1),
  };
}

/**
 * The filtered list as CSV, in the list's name order, read in batches (keyset on name and id) so
 * that neither the rows nor the file are ever held whole.
 */
export function exportMalfunctioning(db: Database.Database, query: Pick<MalfunctioningQuery, 'states'>, language: string): Readable {
  const text = (key: string) => pluginString(language, key);
  const { sql, params } = where(query);
  const batch = db.prepare(
    `SELECT * FROM devices ${sql} AND (@lastName IS NULL OR name > @lastName OR (name = @lastName AND id > @lastId))
     ORDER BY name, id LIMIT 500`,
  );
  function* lines(): Generator<string> {
    yield CSV_BOM +
      csvLine(['name', 'applications', 'mdrState', 'administrationServer', 'criticalComponents'].map((c) => text(`health.malfunctioning.columns.${c}`)));
    let last: { name: string; id: string } | null = null;
    for (;;) {
      const rows = batch.all({ ...params, lastName: last?.name ?? null, lastId: last?.id ?? null }) as DeviceRow[];
      if (rows.length === 0) return;
      let chunk = '';
      for (const row of rows) {
        const item = toListItem(row);
        chunk += csvLine([
          item.name,
          item.applications.join('; '),
          text(`health.mdrStates.${item.mdrState}`),
          item.administrationServer,
          item.criticalComponents
            .map((c) => `${c.name === 'selfDefense' ? text('health.malfunctioning.selfDefense') : c.name}: ${text(c.state === 'off' ? 'health.malfunctioning.off' : `health.mdrStates.${c.state}`)}`)
            .join('; '),
        ]);
      }
      yield chunk;
      last = { name: rows[rows.length - 1]!.name, id: rows[rows.length - 1]!.id };
    }
  }
  return Readable.from(lines(), { objectMode: false });
}

/** File name of the export. */
export function malfunctioningExportName(now = new Date()): string {
  return `mdr-malfunctioning-assets-${now.toISOString().slice(0, 10)}.csv`;
}

export { attachment };

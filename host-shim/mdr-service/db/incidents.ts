import { bitColumn, jsonColumn, RowMapping, type StoredRow } from '../../common/row-mapping.ts';
import type { SqlContext } from './connection.ts';
import { addCondition, addScope, found, inScope, listWindow, pageOf, updateVersioned } from './sql.ts';
import type {
  Incident,
  IncidentPriority,
  IncidentResolution,
  IncidentStatus,
  Page,
  ResponseStatus,
  ResponseType,
  SortDirection,
  TenantScope,
} from './types.ts';

/** The columns of an incident (its affected assets are rows of `incident_assets`). */
const INCIDENTS = new RowMapping<Omit<Incident, 'affectedAssetIds'>>('incidents', {
  id: 'id',
  number: 'number',
  tenantId: 'tenant_id',
  summary: 'summary',
  description: 'description',
  priority: 'priority',
  status: 'status',
  resolution: 'resolution',
  mitreTactics: jsonColumn('mitre_tactics'),
  mitreTechniques: jsonColumn('mitre_techniques'),
  detectionTechnology: 'detection_technology',
  assetIocs: jsonColumn('asset_iocs'),
  networkIocs: jsonColumn('network_iocs'),
  isCustom: bitColumn('is_custom'),
  created: 'created',
  updated: 'updated',
  version: 'version',
});

type IncidentRow = StoredRow<Omit<Incident, 'affectedAssetIds'>>;

export type IncidentSortField = 'created' | 'updated' | 'priority' | 'status' | 'number';

const SORT_SQL: Record<IncidentSortField, string> = {
  created: 'i.created',
  updated: 'i.updated',
  priority: 'i.priority_rank',
  status: 'i.status',
  number: 'i.number',
};

export const INCIDENT_SORT_FIELDS = Object.keys(SORT_SQL) as IncidentSortField[];

/** Incident filters (those of the REST API's incidents/count and incidents/list). All AND-ed. */
export interface IncidentFilter {
  minCreated?: number;
  maxCreated?: number;
  minUpdated?: number;
  maxUpdated?: number;
  /** Incidents affecting at least one of these assets. */
  assetIds?: readonly string[];
  priorities?: readonly IncidentPriority[];
  statuses?: readonly IncidentStatus[];
  resolutions?: readonly IncidentResolution[];
  /** Incidents with at least one response in one of these statuses. */
  responseStatuses?: readonly ResponseStatus[];
  /** Incidents with at least one response of one of these types (a name no response has matches nothing). */
  responseTypes?: readonly (ResponseType | (string & {}))[];
  tenantIds?: readonly string[];
}

export interface IncidentListQuery extends IncidentFilter {
  sort?: { field: IncidentSortField; direction: SortDirection };
  page?: number;
  pageSize?: number;
}

export type IncidentInput = Omit<Incident, 'version'>;

export type OpenIncidentsByPriority = Record<IncidentPriority, number>;

/** Incidents and their affected-asset links. */
export class IncidentRepository {
  constructor(private readonly sql: SqlContext) {}

  /** Inserts an incident with its affected-asset links (call inside a transaction for bulk loads). */
  insert(incident: IncidentInput): void {
    // A new incident starts at version 1, also one made by spreading a stored incident (which carries its own).
    INCIDENTS.insert(this.sql, { ...incident, version: undefined });
    const link = this.sql.stmt('INSERT OR IGNORE INTO incident_assets (incident_id, asset_id) VALUES (?, ?)');
    for (const assetId of incident.affectedAssetIds) link.run(incident.id, assetId);
  }

  /** Next free incident number ("numeral identifier in the Console"). */
  nextNumber(): number {
    return (this.sql.stmt<[], { n: number | null }>('SELECT max(number) AS n FROM incidents').get()!.n ?? 0) + 1;
  }

  /** One incident, or null when missing or outside `scope`. */
  get(id: string, scope: TenantScope = null): Incident | null {
    const incident = INCIDENTS.one(this.sql, 'WHERE id = ?', id);
    if (!incident || !inScope(incident.tenantId, scope)) return null;
    return { ...incident, affectedAssetIds: this.#assetIds([id]).get(id) ?? [] };
  }

  require(id: string, scope: TenantScope = null): Incident {
    return found(this.get(id, scope), 'incident');
  }

  count(scope: TenantScope, filter: IncidentFilter = {}): number {
    const { where, params } = this.#where(scope, filter);
    return this.sql.stmt<[Record<string, unknown>], { n: number }>(`SELECT count(*) AS n FROM incidents i ${where}`).get(params)!.n;
  }

  /** One page of incidents in scope; default order: last update, newest first. */
  list(scope: TenantScope, query: IncidentListQuery = {}): Page<Incident> {
    return pageOf(query, this.listItems(scope, query), this.count(scope, query));
  }

  /** The items of {@link list} without the total, for callers that do not show it (the REST API): one query instead of two. */
  listItems(scope: TenantScope, query: IncidentListQuery = {}): Incident[] {
    const { where, params } = this.#where(scope, query);
    const { field, direction, pageSize, offset } = listWindow(query, { field: 'updated', direction: 'desc' });
    const rows = this.sql
      .stmt<[Record<string, unknown>], IncidentRow>(
        `SELECT ${INCIDENTS.select('i')} FROM incidents i ${where} ORDER BY ${SORT_SQL[field]} ${direction}, i.number ${direction} LIMIT @limit OFFSET @offset`,
      )
      .all({ ...params, limit: pageSize, offset });
    const links = this.#assetIds(rows.map((r) => r.id));
    return rows.map((row) => ({ ...INCIDENTS.read(row), affectedAssetIds: links.get(row.id) ?? [] }));
  }

  /** Open incidents in scope by priority (the Incidents tab summary). */
  openByPriority(scope: TenantScope): OpenIncidentsByPriority {
    const where: string[] = ["i.status = 'open'"];
    const params: Record<string, unknown> = {};
    addScope(where, params, 'i.tenant_id', scope);
    const counts: OpenIncidentsByPriority = { high: 0, medium: 0, low: 0 };
    const rows = this.sql
      .stmt<[Record<string, unknown>], { priority: IncidentPriority; n: number }>(
        `SELECT i.priority, count(*) AS n FROM incidents i WHERE ${where.join(' AND ')} GROUP BY i.priority`,
      )
      .all(params);
    for (const row of rows) counts[row.priority] = row.n;
    return counts;
  }

  /** Custom (client-created) incidents created at or after `since`. */
  customCreatedSince(since: number): number {
    return this.sql.stmt<[number], { n: number }>('SELECT count(*) AS n FROM incidents WHERE is_custom = 1 AND created >= ?').get(since)!.n;
  }

  /** Changes status/resolution with optimistic concurrency; bumps `updated`. */
  updateStatus(id: string, change: { status: IncidentStatus; resolution?: IncidentResolution | null }, expectedVersion: number, now = Date.now()): Incident {
    updateVersioned(
      this.sql,
      { table: INCIDENTS.table, id, what: 'incident' },
      ['status = @status', 'resolution = coalesce(@resolution, resolution)', 'updated = max(@now, created)'],
      { status: change.status, resolution: change.resolution ?? null, now },
      expectedVersion,
    );
    return this.require(id);
  }

  /** Marks an incident as updated now (a new comment or response decision changes it). */
  touch(id: string, now = Date.now()): void {
    this.sql.stmt('UPDATE incidents SET updated = max(?, created, updated) WHERE id = ?').run(now, id);
  }

  #assetIds(incidentIds: readonly string[]): Map<string, string[]> {
    const result = new Map<string, string[]>();
    if (incidentIds.length === 0) return result;
    const rows = this.sql
      .stmt<[string], { incident_id: string; asset_id: string }>(
        'SELECT incident_id, asset_id FROM incident_assets WHERE incident_id IN (SELECT value FROM json_each(?)) ORDER BY incident_id, asset_id',
      )
      .all(JSON.stringify(incidentIds));
    for (const row of rows) {
      const list = result.get(row.incident_id);
      if (list) list.push(row.asset_id);
      else result.set(row.incident_id, [row.asset_id]);
    }
    return result;
  }

  #where(scope: TenantScope, filter: IncidentFilter): { where: string; params: Record<string, unknown> } {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    addScope(where, params, 'i.tenant_id', scope);
    if (filter.tenantIds) addScope(where, params, 'i.tenant_id', filter.tenantIds, 'tenants');
    if (filter.minCreated !== undefined) addCondition(where, params, 'i.created >= @minCreated', 'minCreated', filter.minCreated);
    if (filter.maxCreated !== undefined) addCondition(where, params, 'i.created <= @maxCreated', 'maxCreated', filter.maxCreated);
    if (filter.minUpdated !== undefined) addCondition(where, params, 'i.updated >= @minUpdated', 'minUpdated', filter.minUpdated);
    if (filter.maxUpdated !== undefined) addCondition(where, params, 'i.updated <= @maxUpdated', 'maxUpdated', filter.maxUpdated);
    const inList = (column: string, name: string, values: readonly string[] | undefined): void => {
      if (!values || values.length === 0) return;
      where.push(`${column} IN (SELECT value FROM json_each(@${name}))`);
      params[name] = JSON.stringify(values);
    };
    inList('i.priority', 'priorities', filter.priorities);
    inList('i.status', 'statuses', filter.statuses);
    inList('i.resolution', 'resolutions', filter.resolutions);
    if (filter.assetIds && filter.assetIds.length > 0) {
      where.push('i.id IN (SELECT incident_id FROM incident_assets WHERE asset_id IN (SELECT value FROM json_each(@assetIds)))');
      params.assetIds = JSON.stringify(filter.assetIds);
    }
    if (filter.responseStatuses && filter.responseStatuses.length > 0) {
      where.push('i.id IN (SELECT incident_id FROM responses WHERE status IN (SELECT value FROM json_each(@responseStatuses)))');
      params.responseStatuses = JSON.stringify(filter.responseStatuses);
    }
    if (filter.responseTypes && filter.responseTypes.length > 0) {
      where.push('i.id IN (SELECT incident_id FROM responses WHERE type IN (SELECT value FROM json_each(@responseTypes)))');
      params.responseTypes = JSON.stringify(filter.responseTypes);
    }
    return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
  }
}

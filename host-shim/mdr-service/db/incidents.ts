import { NotFoundError } from '../errors.ts';
import type { SqlContext } from './connection.ts';
import { addScope, bit, inScope, paging, parseJson, runVersionedUpdate } from './sql.ts';
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

interface IncidentRow {
  id: string;
  number: number;
  tenant_id: string | null;
  summary: string;
  description: string;
  priority: IncidentPriority;
  status: IncidentStatus;
  resolution: IncidentResolution | null;
  mitre_tactics: string;
  mitre_techniques: string;
  detection_technology: string;
  asset_iocs: string;
  network_iocs: string;
  is_custom: number;
  created: number;
  updated: number;
  version: number;
}

function toIncident(row: IncidentRow, affectedAssetIds: string[]): Incident {
  return {
    id: row.id,
    number: row.number,
    tenantId: row.tenant_id,
    summary: row.summary,
    description: row.description,
    priority: row.priority,
    status: row.status,
    resolution: row.resolution,
    mitreTactics: parseJson(row.mitre_tactics),
    mitreTechniques: parseJson(row.mitre_techniques),
    detectionTechnology: row.detection_technology,
    assetIocs: parseJson(row.asset_iocs),
    networkIocs: parseJson(row.network_iocs),
    isCustom: row.is_custom === 1,
    created: row.created,
    updated: row.updated,
    version: row.version,
    affectedAssetIds,
  };
}

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
    this.sql
      .stmt(
        `INSERT INTO incidents (id, number, tenant_id, summary, description, priority, status, resolution, mitre_tactics,
           mitre_techniques, detection_technology, asset_iocs, network_iocs, is_custom, created, updated)
         VALUES (@id, @number, @tenantId, @summary, @description, @priority, @status, @resolution, @mitreTactics,
           @mitreTechniques, @detectionTechnology, @assetIocs, @networkIocs, @isCustom, @created, @updated)`,
      )
      .run({
        id: incident.id,
        number: incident.number,
        tenantId: incident.tenantId,
        summary: incident.summary,
        description: incident.description,
        priority: incident.priority,
        status: incident.status,
        resolution: incident.resolution,
        mitreTactics: JSON.stringify(incident.mitreTactics),
        mitreTechniques: JSON.stringify(incident.mitreTechniques),
        detectionTechnology: incident.detectionTechnology,
        assetIocs: JSON.stringify(incident.assetIocs),
        networkIocs: JSON.stringify(incident.networkIocs),
        isCustom: bit(incident.isCustom),
        created: incident.created,
        updated: incident.updated,
      });
    const link = this.sql.stmt('INSERT OR IGNORE INTO incident_assets (incident_id, asset_id) VALUES (?, ?)');
    for (const assetId of incident.affectedAssetIds) link.run(incident.id, assetId);
  }

  /** Next free incident number ("numeral identifier in the Console"). */
  nextNumber(): number {
    return (this.sql.stmt<[], { n: number | null }>('SELECT max(number) AS n FROM incidents').get()!.n ?? 0) + 1;
  }

  /** One incident, or null when missing or outside `scope`. */
  get(id: string, scope: TenantScope = null): Incident | null {
    const row = this.sql.stmt<[string], IncidentRow>('SELECT * FROM incidents WHERE id = ?').get(id);
    if (!row || !inScope(row.tenant_id, scope)) return null;
    return toIncident(row, this.#assetIds([row.id]).get(row.id) ?? []);
  }

  require(id: string, scope: TenantScope = null): Incident {
    const incident = this.get(id, scope);
    if (!incident) throw new NotFoundError('incident');
    return incident;
  }

  count(scope: TenantScope, filter: IncidentFilter = {}): number {
    const { where, params } = this.#where(scope, filter);
    return this.sql.stmt<[Record<string, unknown>], { n: number }>(`SELECT count(*) AS n FROM incidents i ${where}`).get(params)!.n;
  }

  /** One page of incidents in scope; default order: last update, newest first. */
  list(scope: TenantScope, query: IncidentListQuery = {}): Page<Incident> {
    const { page, pageSize } = paging(query.page, query.pageSize, 50, 1000);
    return { items: this.listItems(scope, query), total: this.count(scope, query), page, pageSize };
  }

  /** The items of {@link list} without the total, for callers that do not show it (the REST API): one query instead of two. */
  listItems(scope: TenantScope, query: IncidentListQuery = {}): Incident[] {
    const { where, params } = this.#where(scope, query);
    const { pageSize, offset } = paging(query.page, query.pageSize, 50, 1000);
    const sort = query.sort ?? { field: 'updated', direction: 'desc' };
    const direction = sort.direction === 'asc' ? 'ASC' : 'DESC';
    const rows = this.sql
      .stmt<[Record<string, unknown>], IncidentRow>(
        `SELECT i.* FROM incidents i ${where} ORDER BY ${SORT_SQL[sort.field]} ${direction}, i.number ${direction} LIMIT @limit OFFSET @offset`,
      )
      .all({ ...params, limit: pageSize, offset });
    const links = this.#assetIds(rows.map((r) => r.id));
    return rows.map((row) => toIncident(row, links.get(row.id) ?? []));
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
    runVersionedUpdate(
      this.sql,
      `UPDATE incidents SET status = @status, resolution = coalesce(@resolution, resolution), updated = max(@now, created),
         version = version + 1
       WHERE id = @id AND version = @expectedVersion`,
      { id, status: change.status, resolution: change.resolution ?? null, now, expectedVersion },
      'SELECT 1 FROM incidents WHERE id = ?',
      [id],
      'incident',
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
    if (filter.minCreated !== undefined) (where.push('i.created >= @minCreated'), (params.minCreated = filter.minCreated));
    if (filter.maxCreated !== undefined) (where.push('i.created <= @maxCreated'), (params.maxCreated = filter.maxCreated));
    if (filter.minUpdated !== undefined) (where.push('i.updated >= @minUpdated'), (params.minUpdated = filter.minUpdated));
    if (filter.maxUpdated !== undefined) (where.push('i.updated <= @maxUpdated'), (params.maxUpdated = filter.maxUpdated));
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

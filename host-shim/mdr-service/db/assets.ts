import { bitColumn, jsonColumn, RowMapping, type StoredRow } from '../../common/row-mapping.ts';
import { NotFoundError } from '../errors.ts';
import type { SqlContext } from './connection.ts';
import { addCondition, addScope, bit, found, ftsPhrase, inScope, likeContains, listWindow, MIN_TRIGRAM_LENGTH, pageOf, parseJson } from './sql.ts';
import { ROOT_TENANT, type Asset, type AssetStatus, type Page, type SortDirection, type TenantScope } from './types.ts';

const ASSETS = new RowMapping<Asset>('assets', {
  id: 'id',
  tenantId: 'tenant_id',
  licenseId: 'license_id',
  hostName: 'host_name',
  domain: 'domain',
  osVersion: 'os_version',
  networkInterfaces: jsonColumn('network_interfaces'),
  installedProducts: jsonColumn('installed_products'),
  firstSeen: 'first_seen',
  lastSeen: 'last_seen',
  status: 'status',
  problems72h: jsonColumn('problems_72h'),
  telemetryLoss: bitColumn('telemetry_loss'),
  isolated: bitColumn('isolated'),
});

export type AssetSortField =
  | 'hostName'
  | 'domain'
  | 'osVersion'
  | 'products'
  | 'firstSeen'
  | 'lastSeen'
  | 'status'
  | 'telemetryLoss'
  | 'isolated'
  | 'tenantName';

/** Sort expressions; each has an index whose implicit rowid (seq) makes the tiebreak free. */
const SORT_SQL: Record<AssetSortField, string> = {
  hostName: 'a.host_name COLLATE NOCASE',
  domain: 'a.domain COLLATE NOCASE',
  osVersion: 'a.os_version COLLATE NOCASE',
  products: 'a.products_sort COLLATE NOCASE',
  firstSeen: 'a.first_seen',
  lastSeen: 'a.last_seen',
  status: 'a.status_rank',
  telemetryLoss: 'a.telemetry_loss',
  isolated: 'a.isolated',
  tenantName: "coalesce((SELECT t.name FROM tenants t WHERE t.id = a.tenant_id), '')",
};

export const ASSET_SORT_FIELDS = Object.keys(SORT_SQL) as AssetSortField[];

/** The index that gives each sort its order (the row id breaking ties), where there is one over every asset. */
const SORT_INDEX: Partial<Record<AssetSortField, string>> = {
  hostName: 'assets_host_name',
  domain: 'assets_domain',
  osVersion: 'assets_os_version',
  products: 'assets_products_sort',
  firstSeen: 'assets_first_seen',
  lastSeen: 'assets_last_seen',
  status: 'assets_status_rank',
  telemetryLoss: 'assets_telemetry_loss_all',
};

/** Status and tenant as tokens of the search index that no host name or address contains (schema version 10). */
const STATE_TOKEN: Record<AssetStatus, string> = { ok: 'qok', warning: 'qwa', critical: 'qcr', absent: 'qab' };
const ROOT_TOKEN = '~root~';

/**
 * Above this many assets whose name matches a search, a page is found by walking the sort's index
 * and asking the search index about each asset in turn (a page of 25 at 100,000 matches of a
 * million: a few hundred questions), rather than reading every match and sorting them.
 */
const WALK_SORT_INDEX_ABOVE = 20_000;

/** Filters shared by the console's asset list and the public REST API. All are optional and AND-ed. */
export interface AssetFilter {
  statuses?: readonly AssetStatus[];
  minLastSeen?: number;
  maxLastSeen?: number;
  /** Substring anywhere in the host name (case-insensitive). */
  nameContains?: string;
  /** Substring anywhere in host name, domain, OS, installed products or network interfaces. */
  searchPhrase?: string;
  /** Exact host names (case-insensitive). */
  hostNames?: readonly string[];
  /** Exact domain (case-insensitive); empty string = no filter. */
  domain?: string;
  isIsolated?: boolean;
  telemetryLoss?: boolean;
  /** An IP address the asset has on one of its interfaces. */
  networkInterface?: string;
  /** Substring of the OS name/version. */
  osVersionContains?: string;
  /** Substring of an installed product's name. */
  productContains?: string;
  assetIds?: readonly string[];
  /** Further narrows the scope to these tenants ('root' allowed). */
  tenantIds?: readonly string[];
}

export interface AssetListQuery extends AssetFilter {
  sort?: { field: AssetSortField; direction: SortDirection };
  page?: number;
  pageSize?: number;
}

export type AssetInput = Asset;

/** An asset as a listing export writes it. */
export interface AssetExportRow {
  hostName: string;
  status: AssetStatus;
  problemCodes: string[];
  telemetryLoss: boolean;
  lastSeen: number;
  firstSeen: number;
  domain: string;
  osVersion: string;
  /** Installed products as 'name version; name version'. */
  products: string;
}

interface ExportRow {
  seq: number;
  sort_key: unknown;
  host_name: string;
  status: AssetStatus;
  problems_72h: string;
  telemetry_loss: number;
  last_seen: number;
  first_seen: number;
  domain: string;
  os_version: string;
  products_text: string;
}

/** Counts of assets by status. */
export type AssetStatusCounts = Record<AssetStatus, number>;

function productsText(asset: Pick<Asset, 'installedProducts'>): string {
  return asset.installedProducts.map((p) => `${p.name} ${p.version}`).join('; ');
}

function productsSortKey(asset: Pick<Asset, 'installedProducts'>): string {
  const first = asset.installedProducts[0];
  return first ? `${first.name} ${first.version}` : '';
}

/** Whether a filter names nothing but statuses and tenants (paging and sorting aside). */
function onlyStatusesAndTenants(filter: AssetFilter): boolean {
  const { statuses: _statuses, tenantIds: _tenantIds, sort: _sort, page: _page, pageSize: _pageSize, ...others } = filter as AssetListQuery;
  // Stryker disable next-line MethodExpression,ArrowFunction,ConditionalExpression: chooses between ways of answering that give the same assets (the tests compare each with all rows); only their speed differs
  return Object.values(others).every((value) => value === undefined);
}

/** Assets that sent telemetry at least once. */
export class AssetRepository {
  readonly #walkSortIndexAbove: number;
  readonly #exportSql?: () => SqlContext;

  /**
   * `walkSortIndexAbove`: how many name matches make a page walk the sort's index (tests set both
   * ways). `exportSql`: the connection exports read through (its own small cache; see MdrDatabase).
   */
  constructor(
    private readonly sql: SqlContext,
    options: { walkSortIndexAbove?: number; exportSql?: () => SqlContext } = {},
  ) {
    this.#walkSortIndexAbove = options.walkSortIndexAbove ?? WALK_SORT_INDEX_ABOVE;
    this.#exportSql = options.exportSql;
  }

  /** Inserts one asset (call inside a transaction for bulk loads). */
  insert(asset: AssetInput): void {
    const result = ASSETS.insert(this.sql, asset, { extra: { products_sort: productsSortKey(asset), products_text: productsText(asset) } });
    // The search index row is written here rather than by trigger (see the schema for why).
    this.sql
      .stmt('INSERT INTO assets_search (rowid, host_name, addresses, state, tenant) VALUES (?, ?, ?, ?, ?)')
      .run(result.lastInsertRowid, asset.hostName, asset.networkInterfaces.map((n) => n.ip).join(' '), STATE_TOKEN[asset.status], asset.tenantId ?? ROOT_TOKEN);
    // So is its count (deletions and changes of status, tenant or license are counted by triggers).
    this.sql
      .stmt(
        `INSERT INTO asset_counts (tenant_key, license_key, status, n) VALUES (?, ?, ?, 1)
         ON CONFLICT (tenant_key, license_key, status) DO UPDATE SET n = n + 1`,
      )
      .run(asset.tenantId ?? '', asset.licenseId ?? '', asset.status);
  }

  /** One asset, or null when it does not exist or is outside `scope`. */
  get(id: string, scope: TenantScope = null): Asset | null {
    const asset = ASSETS.one(this.sql, 'WHERE id = ?', id);
    return asset && inScope(asset.tenantId, scope) ? asset : null;
  }

  require(id: string, scope: TenantScope = null): Asset {
    return found(this.get(id, scope), 'asset');
  }

  /** Updates telemetry-driven state (no optimistic concurrency: the last report wins). */
  updateState(id: string, patch: Partial<Pick<Asset, 'status' | 'lastSeen' | 'problems72h' | 'telemetryLoss' | 'isolated'>>): Asset {
    const { set, params } = ASSETS.assignments(patch, ['status', 'lastSeen', 'problems72h', 'telemetryLoss', 'isolated']);
    if (set.length > 0) {
      const result = this.sql.stmt(`UPDATE assets SET ${set.join(', ')} WHERE id = @rowId`).run({ ...params, rowId: id });
      if (result.changes === 0) throw new NotFoundError('asset');
    }
    return this.require(id);
  }

  /** Number of assets in scope matching `filter`. */
  count(scope: TenantScope, filter: AssetFilter = {}): number {
    // Stryker disable next-line BlockStatement: chooses between ways of answering that give the same assets (the tests compare each with all rows); only their speed differs
    if (onlyStatusesAndTenants(filter)) {
      // From the counts the triggers keep: "all Critical assets" at a million is a sum of a few rows.
      const counts = this.countByStatus(scope, { tenantIds: filter.tenantIds });
      const statuses = filter.statuses && filter.statuses.length > 0 ? filter.statuses : (Object.keys(counts) as AssetStatus[]);
      return [...new Set(statuses)].reduce((sum, status) => sum + (counts[status] ?? 0), 0);
    }
    const match = this.#indexOnlyMatch(scope, filter);
    // Stryker disable next-line BlockStatement: chooses between ways of answering that give the same assets (the tests compare each with all rows); only their speed differs
    if (match !== null) {
      return this.sql.stmt<[string], { n: number }>('SELECT count(*) AS n FROM assets_search WHERE assets_search MATCH ?').get(match)!.n;
    }
    const { where, params } = this.#where(scope, filter);
    return this.sql.stmt<[Record<string, unknown>], { n: number }>(`SELECT count(*) AS n FROM assets a ${where}`).get(params)!.n;
  }

  /** One page of assets in scope, filtered and sorted on the server (stable order: ties by insertion). */
  list(scope: TenantScope, query: AssetListQuery = {}): Page<Asset> {
    return pageOf(query, this.listItems(scope, query), this.count(scope, query));
  }

  /** The items of {@link list} without the total, for callers that do not show it (the REST API): one query instead of two. */
  listItems(scope: TenantScope, query: AssetListQuery = {}): Asset[] {
    const { where, params } = this.#where(scope, query);
    const { field, direction, pageSize, offset } = listWindow(query, { field: 'hostName', direction: 'asc' });
    const order = `${SORT_SQL[field]} ${direction}, a.seq ${direction}`;
    const walk = this.#walkSortIndex(scope, field, query);
    // The page's row ids first, then their rows: filtering and sorting then touch index entries
    // only, and the wide rows (JSON columns) are read for the page alone, not for every match.
    const inner = walk
      ? `SELECT a.seq FROM assets a INDEXED BY ${walk.index} ${walk.where} ORDER BY ${order} LIMIT @limit OFFSET @offset`
      : `SELECT a.seq FROM assets a ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`;
    const rows = this.sql
      .stmt<[Record<string, unknown>], StoredRow<Asset>>(`SELECT ${ASSETS.select('a')} FROM assets a WHERE a.seq IN (${inner}) ORDER BY ${order}`)
      .all({ ...(walk ? walk.params : params), limit: pageSize, offset });
    return rows.map(ASSETS.read);
  }

  /**
   * Every asset in scope matching `query`, in its sort order, a batch at a time, with only the
   * columns a listing export needs (the JSON of interfaces and products is not read: reading and
   * parsing it is most of the cost at 100,000 assets). Each batch is its own short query
   * continuing after the last row seen (keyset paging), so no statement stays open between
   * batches and other requests run in between; sorting by tenant name, which has no index, pages
   * by offset instead.
   */
  *exportBatches(scope: TenantScope, query: Omit<AssetListQuery, 'page' | 'pageSize'> = {}, batchSize = 2000): Generator<AssetExportRow[]> {
    const { where, params } = this.#where(scope, query);
    const sort = query.sort ?? { field: 'hostName', direction: 'asc' };
    const ascending = sort.direction !== 'desc';
    const direction = ascending ? 'ASC' : 'DESC';
    const expression = SORT_SQL[sort.field];
    const keyset = sort.field !== 'tenantName';
    const after = ascending ? '>' : '<';
    let last: { key: unknown; seq: number } | null = null;
    let offset = 0;
    const reader = this.#exportSql?.() ?? this.sql;
    for (;;) {
      const conditions = where ? [where.slice('WHERE '.length)] : [];
      if (keyset && last) {
        // The first term bounds an index range; the second skips the ties already sent.
        conditions.push(`${expression} ${after}= @lastKey AND (${expression} ${after} @lastKey OR a.seq ${after} @lastSeq)`);
      }
      const sql = `SELECT a.seq, ${expression} AS sort_key, a.host_name, a.status, a.problems_72h, a.telemetry_loss, a.last_seen, a.first_seen,
          a.domain, a.os_version, a.products_text
        FROM assets a ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY ${expression} ${direction}, a.seq ${direction} LIMIT @limit${keyset ? '' : ' OFFSET @offset'}`;
      const rows = reader
        .stmt<[Record<string, unknown>], ExportRow>(sql)
        .all({ ...params, limit: batchSize, ...(keyset ? {} : { offset }), ...(keyset && last ? { lastKey: last.key, lastSeq: last.seq } : {}) });
      if (rows.length === 0) return;
      const tail = rows[rows.length - 1]!;
      last = { key: tail.sort_key, seq: tail.seq };
      offset += rows.length;
      yield rows.map((row) => ({
        hostName: row.host_name,
        status: row.status,
        problemCodes: row.problems_72h === '[]' ? [] : parseJson<{ code: string }[]>(row.problems_72h).map((problem) => problem.code),
        telemetryLoss: row.telemetry_loss === 1,
        lastSeen: row.last_seen,
        firstSeen: row.first_seen,
        domain: row.domain,
        osVersion: row.os_version,
        products: row.products_text,
      }));
      if (rows.length < batchSize) return;
    }
  }

  /** Asset counts by status within scope, optionally of some tenants only (the dashboard widget). */
  countByStatus(scope: TenantScope, filter: Pick<AssetFilter, 'tenantIds'> = {}): AssetStatusCounts {
    // From the counts the triggers keep (schema version 10): a few rows per tenant, at any number of assets.
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    addScope(where, params, "nullif(c.tenant_key, '')", scope);
    // Stryker disable next-line StringLiteral: only names the bind parameters, which differ from the scope's either way
    if (filter.tenantIds) addScope(where, params, "nullif(c.tenant_key, '')", filter.tenantIds, 'tenants');
    const counts: AssetStatusCounts = { ok: 0, warning: 0, critical: 0, absent: 0 };
    const rows = this.sql
      .stmt<[Record<string, unknown>], { status: AssetStatus; n: number }>(
        `SELECT c.status, sum(c.n) AS n FROM asset_counts c ${where.length ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY c.status`,
      )
      .all(params);
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  /** Host names of the given assets (for `affected_hosts` in "host_name:asset_id" form). */
  hostNames(ids: readonly string[]): Map<string, string> {
    const rows = this.sql
      .stmt<[string], { id: string; host_name: string }>('SELECT id, host_name FROM assets WHERE id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(ids));
    return new Map(rows.map((row) => [row.id, row.host_name]));
  }

  /** True when there are no assets at all. */
  isEmpty(): boolean {
    return !this.sql.stmt('SELECT 1 FROM assets LIMIT 1').get();
  }

  /**
   * The search index's query that finds exactly the assets of `filter` in `scope`, when the index
   * can answer alone: a name search of three characters or more, with nothing but statuses and
   * tenants beside it. Otherwise null.
   */
  #indexOnlyMatch(scope: TenantScope, filter: AssetFilter): string | null {
    const { nameContains, statuses, tenantIds, ...rest } = filter as AssetListQuery;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: chooses between ways of answering that give the same assets (the tests compare each with all rows); only their speed differs
    if (!nameContains || nameContains.length < MIN_TRIGRAM_LENGTH) return null;
    // Paging and sorting do not change a count; any other filter needs the rows.
    const { sort: _sort, page: _page, pageSize: _pageSize, ...others } = rest;
    // Stryker disable next-line ConditionalExpression,MethodExpression,ArrowFunction,EqualityOperator: chooses between ways of answering that give the same assets (the tests compare each with all rows); only their speed differs
    if (Object.values(others).some((value) => value !== undefined)) return null;
    if (scope?.length === 0 || tenantIds?.length === 0) return null;
    const terms = [`host_name : ${ftsPhrase(nameContains)}`];
    if (statuses && statuses.length > 0) terms.push(`state : (${statuses.map((status) => STATE_TOKEN[status]).join(' OR ')})`);
    for (const tenants of [scope, tenantIds ?? null]) {
      // Stryker disable next-line ConditionalExpression: "root" is found inside "~root~" too (a substring search), and in no tenant id (hexadecimal UUIDs)
      if (tenants) terms.push(`tenant : (${tenants.map((id) => ftsPhrase(id === ROOT_TENANT ? ROOT_TOKEN : id)).join(' OR ')})`);
    }
    return terms.join(' AND ');
  }

  /**
   * For a name search that matches many assets and a sort with an index: the conditions to walk that
   * index with, each asset's name compared as it comes. Null when reading
   * the matches and sorting them is cheaper (few matches) or no index gives the order.
   */
  #walkSortIndex(scope: TenantScope, field: AssetSortField, filter: AssetFilter): { index: string; where: string; params: Record<string, unknown> } | null {
    const index = SORT_INDEX[field];
    const name = filter.nameContains;
    // LIKE folds the case of ASCII letters only, the search index of every letter: other names are
    // always read through the search index, so that both plans find the same assets.
    // Stryker disable next-line ConditionalExpression,EqualityOperator,Regex: chooses between ways of answering that give the same assets (the tests compare each with all rows); only their speed differs
    if (!index || !name || name.length < MIN_TRIGRAM_LENGTH || !/^[\x20-\x7e]*$/.test(name)) return null;
    const nameMatch = `host_name : ${ftsPhrase(name)}`;
    const matches = this.sql.stmt<[string], { n: number }>('SELECT count(*) AS n FROM assets_search WHERE assets_search MATCH ?').get(nameMatch)!.n;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: chooses between ways of answering that give the same assets (the tests compare each with all rows); only their speed differs
    if (matches <= this.#walkSortIndexAbove) return null;
    // The same conditions, the name compared on each asset the walk reaches (a question to the
    // search index per asset costs a hundred times more than comparing the name).
    const { where, params } = this.#where(scope, { ...filter, nameContains: undefined });
    const conditions = where ? [where.slice('WHERE '.length)] : [];
    conditions.push("a.host_name LIKE @walkLike ESCAPE '\\'");
    return { index, where: `WHERE ${conditions.join(' AND ')}`, params: { ...params, walkLike: likeContains(name) } };
  }

  #where(scope: TenantScope, filter: AssetFilter): { where: string; params: Record<string, unknown> } {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    addScope(where, params, 'a.tenant_id', scope);
    if (filter.tenantIds) addScope(where, params, 'a.tenant_id', filter.tenantIds, 'tenants');
    if (filter.statuses && filter.statuses.length > 0) {
      where.push('a.status IN (SELECT value FROM json_each(@statuses))');
      params.statuses = JSON.stringify(filter.statuses);
    }
    if (filter.minLastSeen !== undefined) addCondition(where, params, 'a.last_seen >= @minLastSeen', 'minLastSeen', filter.minLastSeen);
    if (filter.maxLastSeen !== undefined) addCondition(where, params, 'a.last_seen <= @maxLastSeen', 'maxLastSeen', filter.maxLastSeen);
    if (filter.nameContains) {
      if (filter.nameContains.length >= MIN_TRIGRAM_LENGTH) {
        where.push('a.seq IN (SELECT rowid FROM assets_search WHERE assets_search MATCH @nameMatch)');
        params.nameMatch = `host_name : ${ftsPhrase(filter.nameContains)}`;
      } else {
        where.push("a.host_name LIKE @nameLike ESCAPE '\\'");
        params.nameLike = likeContains(filter.nameContains);
      }
    }
    if (filter.searchPhrase) {
      // Host names and addresses through the trigram index when the phrase is long enough; the
      // low-cardinality text columns by LIKE (a scan of short strings, fast at 100,000 rows).
      const like = "(a.domain LIKE @phraseLike ESCAPE '\\' OR a.os_version LIKE @phraseLike ESCAPE '\\' OR a.products_text LIKE @phraseLike ESCAPE '\\')";
      params.phraseLike = likeContains(filter.searchPhrase);
      if (filter.searchPhrase.length >= MIN_TRIGRAM_LENGTH) {
        where.push(`(a.seq IN (SELECT rowid FROM assets_search WHERE assets_search MATCH @phraseMatch) OR ${like})`);
        params.phraseMatch = `{host_name addresses} : ${ftsPhrase(filter.searchPhrase)}`;
      } else {
        where.push(`(a.host_name LIKE @phraseLike ESCAPE '\\'
          OR EXISTS (SELECT 1 FROM json_each(a.network_interfaces) n WHERE json_extract(n.value, '$.ip') LIKE @phraseLike ESCAPE '\\')
          OR ${like})`);
      }
    }
    if (filter.hostNames && filter.hostNames.length > 0) {
      where.push('a.host_name COLLATE NOCASE IN (SELECT value FROM json_each(@hostNames))');
      params.hostNames = JSON.stringify(filter.hostNames);
    }
    if (filter.domain) addCondition(where, params, 'a.domain = @domain COLLATE NOCASE', 'domain', filter.domain);
    if (filter.isIsolated !== undefined) addCondition(where, params, 'a.isolated = @isolated', 'isolated', bit(filter.isIsolated));
    if (filter.telemetryLoss !== undefined) addCondition(where, params, 'a.telemetry_loss = @telemetryLoss', 'telemetryLoss', bit(filter.telemetryLoss));
    if (filter.networkInterface) {
      where.push("EXISTS (SELECT 1 FROM json_each(a.network_interfaces) n WHERE json_extract(n.value, '$.ip') = @ip)");
      params.ip = filter.networkInterface;
    }
    if (filter.osVersionContains) {
      where.push("a.os_version LIKE @osLike ESCAPE '\\'");
      params.osLike = likeContains(filter.osVersionContains);
    }
    if (filter.productContains) {
      where.push("a.products_text LIKE @productLike ESCAPE '\\'");
      params.productLike = likeContains(filter.productContains);
    }
    if (filter.assetIds) {
      where.push('a.id IN (SELECT value FROM json_each(@assetIds))');
      params.assetIds = JSON.stringify(filter.assetIds);
    }
    return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
  }
}

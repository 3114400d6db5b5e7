import { bitColumn, RowMapping, type StoredRow } from '../../common/row-mapping.ts';
import { LimitError, NotFoundError } from '../errors.ts';
import type { SqlContext } from './connection.ts';
import { addScope, deleteVersioned, found, inScope, updateVersioned } from './sql.ts';
import type { SortDirection, Tenant, TenantConfigFile, TenantScope } from './types.ts';

/** At most 100 tenants per organization (product limit). */
export const MAX_TENANTS = 100;

/** The columns of a tenant. */
const TENANTS = new RowMapping<Tenant>('tenants', {
  id: 'id',
  name: 'name',
  description: 'description',
  active: bitColumn('active'),
  autoAccept: bitColumn('auto_accept'),
  createdOn: 'created_on',
  expiration: 'expiration',
  version: 'version',
});

/** The row a versioned statement about a tenant changes. */
const tenantRow = (id: string) => ({ table: TENANTS.table, id, what: 'tenant' });

const CONFIG_FILES = new RowMapping<TenantConfigFile>('tenant_config_files', {
  id: 'id',
  tenantId: 'tenant_id',
  licenseId: 'license_id',
  expirationDate: 'expiration_date',
  createdOn: 'created_on',
});

export type TenantSortField = 'name' | 'createdOn' | 'expiration' | 'assets';

/** A tenant with the number of its assets, as the Tenants tab lists it. */
export interface TenantWithAssets extends Tenant {
  assets: number;
}

export interface TenantInput {
  id: string;
  name: string;
  description: string;
  active: boolean;
  autoAccept?: boolean;
  createdOn: number;
}

export type TenantPatch = Partial<Pick<Tenant, 'name' | 'description' | 'active' | 'autoAccept'>>;

const SORT_SQL: Record<TenantSortField, string> = {
  name: 't.name COLLATE NOCASE',
  createdOn: 't.created_on',
  // Tenants without configuration files sort as if they never expire.
  expiration: 'coalesce(t.expiration, 9e15)',
  assets: 'assets',
};

/** Tenants and their configuration files. */
export class TenantRepository {
  constructor(private readonly sql: SqlContext) {}

  /**
   * Creates a tenant; refuses beyond {@link MAX_TENANTS}. Without an explicit `autoAccept`, a new
   * tenant follows the auto-acceptance setting: on in *all tenants* mode and in per-tenant mode with
   * *All tenants* chosen, off otherwise.
   */
  insert(tenant: TenantInput): Tenant {
    if (this.count(null) >= MAX_TENANTS) throw new LimitError('tenantLimit', `At most ${MAX_TENANTS} tenants`);
    TENANTS.insert(this.sql, { ...tenant, autoAccept: tenant.autoAccept ?? this.#autoAcceptForNewTenant() });
    return this.require(tenant.id);
  }

  #autoAcceptForNewTenant(): boolean {
    // Help, *Auto-accepting responses in Kaspersky Security Center*: in per-tenant mode, "If you select
    // the All tenants option, the auto-acceptance of responses is enabled for the newly created tenants by default".
    const row = this.sql
      .stmt<[], { mode: string | null; newTenants: number | null }>("SELECT json_extract(value, '$.mode') AS mode, json_extract(value, '$.newTenants') AS newTenants FROM settings WHERE key = 'autoAccept'")
      .get();
    return row?.mode === 'allTenants' || (row?.mode === 'perTenant' && row.newTenants === 1);
  }

  get(id: string, scope: TenantScope = null): Tenant | null {
    if (!inScope(id, scope)) return null;
    return TENANTS.one(this.sql, 'WHERE id = ?', id);
  }

  require(id: string, scope: TenantScope = null): Tenant {
    return found(this.get(id, scope), 'tenant');
  }

  count(scope: TenantScope): number {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    addScope(where, params, 'id', scope);
    return this.sql.stmt<[Record<string, unknown>], { n: number }>(
      `SELECT count(*) AS n FROM tenants ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
    ).get(params)!.n;
  }

  /** Tenants in scope with their asset counts; default order: expiration date, newest first. */
  list(scope: TenantScope, sort: { field: TenantSortField; direction: SortDirection } = { field: 'expiration', direction: 'desc' }): TenantWithAssets[] {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    addScope(where, params, 't.id', scope);
    const direction = sort.direction === 'asc' ? 'ASC' : 'DESC';
    const rows = this.sql
      .stmt<[Record<string, unknown>], StoredRow<Tenant> & { assets: number }>(
        `SELECT ${TENANTS.select('t')}, (SELECT coalesce(sum(c.n), 0) FROM asset_counts c WHERE c.tenant_key = t.id) AS assets
         FROM tenants t ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY ${SORT_SQL[sort.field]} ${direction}, t.name COLLATE NOCASE ASC, t.id ASC`,
      )
      .all(params);
    return rows.map((row) => ({ ...TENANTS.read(row), assets: row.assets }));
  }

  /** Changes fields with optimistic concurrency (Conflict when `expectedVersion` is stale). */
  update(id: string, patch: TenantPatch, expectedVersion: number): Tenant {
    const { set, params } = TENANTS.assignments(patch, ['name', 'description', 'active', 'autoAccept']);
    updateVersioned(this.sql, tenantRow(id), set, params, expectedVersion);
    return this.require(id);
  }

  /** Deletes a tenant; its assets, incidents, config files and schedules go with it (cascade). */
  delete(id: string, expectedVersion?: number): void {
    deleteVersioned(this.sql, tenantRow(id), expectedVersion);
  }

  /** Adds a configuration file (the tenant's expiration follows by trigger). */
  addConfigFile(file: TenantConfigFile): TenantConfigFile {
    CONFIG_FILES.insert(this.sql, file);
    return file;
  }

  /** Configuration files of a tenant, latest expiration first. */
  configFiles(tenantId: string): TenantConfigFile[] {
    return CONFIG_FILES.all(this.sql, 'WHERE tenant_id = ? ORDER BY expiration_date DESC, id', tenantId);
  }

  /** Removes a configuration file; the last file of a tenant cannot be removed. */
  deleteConfigFile(tenantId: string, fileId: string): void {
    const files = this.configFiles(tenantId);
    if (!files.some((f) => f.id === fileId)) throw new NotFoundError('configuration file');
    if (files.length <= 1) throw new LimitError('lastConfigFile', 'The last configuration file cannot be deleted');
    this.sql.stmt('DELETE FROM tenant_config_files WHERE id = ? AND tenant_id = ?').run(fileId, tenantId);
  }
}

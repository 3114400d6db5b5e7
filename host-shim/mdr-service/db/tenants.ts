import { LimitError, NotFoundError } from '../errors.ts';
import type { SqlContext } from './connection.ts';
import { addScope, bit, inScope, runVersionedUpdate } from './sql.ts';
import type { SortDirection, Tenant, TenantConfigFile, TenantScope } from './types.ts';

/** At most 100 tenants per organization (product limit). */
export const MAX_TENANTS = 100;

interface TenantRow {
  id: string;
  name: string;
  description: string;
  active: number;
  auto_accept: number;
  created_on: number;
  expiration: number | null;
  version: number;
}

function toTenant(row: TenantRow): Tenant {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    active: row.active === 1,
    autoAccept: row.auto_accept === 1,
    createdOn: row.created_on,
    expiration: row.expiration,
    version: row.version,
  };
}

interface ConfigFileRow {
  id: string;
  tenant_id: string;
  license_id: string;
  expiration_date: number;
  created_on: number;
}

const toConfigFile = (row: ConfigFileRow): TenantConfigFile => ({
  id: row.id,
  tenantId: row.tenant_id,
  licenseId: row.license_id,
  expirationDate: row.expiration_date,
  createdOn: row.created_on,
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
    this.sql
      .stmt(
        `INSERT INTO tenants (id, name, description, active, auto_accept, created_on)
         VALUES (@id, @name, @description, @active, @autoAccept, @createdOn)`,
      )
      .run({ ...tenant, active: bit(tenant.active), autoAccept: bit(tenant.autoAccept ?? this.#autoAcceptForNewTenant()) });
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
    const row = this.sql.stmt<[string], TenantRow>('SELECT * FROM tenants WHERE id = ?').get(id);
    return row ? toTenant(row) : null;
  }

  require(id: string, scope: TenantScope = null): Tenant {
    const tenant = this.get(id, scope);
    if (!tenant) throw new NotFoundError('tenant');
    return tenant;
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
      .stmt<[Record<string, unknown>], TenantRow & { assets: number }>(
        `SELECT t.*, (SELECT coalesce(sum(c.n), 0) FROM asset_counts c WHERE c.tenant_key = t.id) AS assets
         FROM tenants t ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY ${SORT_SQL[sort.field]} ${direction}, t.name COLLATE NOCASE ASC, t.id ASC`,
      )
      .all(params);
    return rows.map((row) => ({ ...toTenant(row), assets: row.assets }));
  }

  /** Changes fields with optimistic concurrency (Conflict when `expectedVersion` is stale). */
  update(id: string, patch: TenantPatch, expectedVersion: number): Tenant {
    const assignments: string[] = [];
    const params: Record<string, unknown> = { id, expectedVersion };
    if (patch.name !== undefined) (assignments.push('name = @name'), (params.name = patch.name));
    if (patch.description !== undefined) (assignments.push('description = @description'), (params.description = patch.description));
    if (patch.active !== undefined) (assignments.push('active = @active'), (params.active = bit(patch.active)));
    if (patch.autoAccept !== undefined) (assignments.push('auto_accept = @autoAccept'), (params.autoAccept = bit(patch.autoAccept)));
    assignments.push('version = version + 1');
    runVersionedUpdate(
      this.sql,
      `UPDATE tenants SET ${assignments.join(', ')} WHERE id = @id AND version = @expectedVersion`,
      params,
      'SELECT 1 FROM tenants WHERE id = ?',
      [id],
      'tenant',
    );
    return this.require(id);
  }

  /** Deletes a tenant; its assets, incidents, config files and schedules go with it (cascade). */
  delete(id: string, expectedVersion?: number): void {
    runVersionedUpdate(
      this.sql,
      'DELETE FROM tenants WHERE id = @id AND (@expectedVersion IS NULL OR version = @expectedVersion)',
      { id, expectedVersion: expectedVersion ?? null },
      'SELECT 1 FROM tenants WHERE id = ?',
      [id],
      'tenant',
    );
  }

  /** Adds a configuration file (the tenant's expiration follows by trigger). */
  addConfigFile(file: TenantConfigFile): TenantConfigFile {
    this.sql
      .stmt(
        `INSERT INTO tenant_config_files (id, tenant_id, license_id, expiration_date, created_on)
         VALUES (@id, @tenantId, @licenseId, @expirationDate, @createdOn)`,
      )
      .run(file);
    return file;
  }

  /** Configuration files of a tenant, latest expiration first. */
  configFiles(tenantId: string): TenantConfigFile[] {
    return this.sql
      .stmt<[string], ConfigFileRow>('SELECT * FROM tenant_config_files WHERE tenant_id = ? ORDER BY expiration_date DESC, id')
      .all(tenantId)
      .map(toConfigFile);
  }

  /** Removes a configuration file; the last file of a tenant cannot be removed. */
  deleteConfigFile(tenantId: string, fileId: string): void {
    const files = this.configFiles(tenantId);
    if (!files.some((f) => f.id === fileId)) throw new NotFoundError('configuration file');
    if (files.length <= 1) throw new LimitError('lastConfigFile', 'The last configuration file cannot be deleted');
    this.sql.stmt('DELETE FROM tenant_config_files WHERE id = ? AND tenant_id = ?').run(fileId, tenantId);
  }
}

import { RowMapping } from '../../common/row-mapping.ts';
import type { SqlContext } from './connection.ts';
import { found, updateVersioned } from './sql.ts';
import { effectiveLicenseStatus, type License, type LicenseStatus } from './types.ts';

const LICENSES = new RowMapping<License>('licenses', {
  id: 'id',
  activationCode: 'activation_code',
  tier: 'tier',
  assetLimit: 'asset_limit',
  activationDate: 'activation_date',
  expirationDate: 'expiration_date',
  status: 'status',
  customIncidentsPerPeriod: 'custom_incidents_per_period',
  regionCode: 'region_code',
  addedOn: 'added_on',
  removedOn: 'removed_on',
  version: 'version',
});

export type LicenseInput = Omit<License, 'version'>;

/** Licenses (activation codes) of the organization. */
export class LicenseRepository {
  constructor(private readonly sql: SqlContext) {}

  insert(license: LicenseInput): License {
    LICENSES.insert(this.sql, license);
    return this.require(license.id);
  }

  get(id: string): License | null {
    return LICENSES.one(this.sql, 'WHERE id = ?', id);
  }

  require(id: string): License {
    return found(this.get(id), 'license');
  }

  /** A license by activation code (removed ones included, so a removed key can be added again). */
  getByActivationCode(code: string): License | null {
    return LICENSES.one(this.sql, 'WHERE activation_code = ?', code);
  }

  /** All licenses, latest expiration first; removed ones only when asked. */
  list(options: { includeRemoved?: boolean } = {}): License[] {
    const where = options.includeRemoved ? '' : "WHERE status <> 'removed'";
    return LICENSES.all(this.sql, `${where} ORDER BY expiration_date DESC, id`);
  }

  /**
   * The license the organization currently runs on: the effectively active one that expires last;
   * failing that, the most recently expiring license that is not removed; null when there is none.
   */
  current(now = Date.now()): License | null {
    const licenses = this.list();
    return licenses.find((l) => effectiveLicenseStatus(l, now) === 'active') ?? licenses[0] ?? null;
  }

  /** Sets the stored status (e.g. 'removed' when a key is removed), with optimistic concurrency. */
  setStatus(id: string, status: LicenseStatus, expectedVersion?: number, now = Date.now()): License {
    updateVersioned(
      this.sql,
      { table: LICENSES.table, id, what: 'license' },
      ['status = @status', "removed_on = CASE WHEN @status = 'removed' THEN @now ELSE NULL END"],
      { status, now },
      expectedVersion,
    );
    return this.require(id);
  }

  /**
   * Assets connected through the license (every status but 'absent': absent assets free their slot),
   * from the counts the asset triggers keep (a few rows, at any number of assets).
   */
  connectedAssets(id: string): number {
    return this.sql
      .stmt<[string], { n: number }>("SELECT coalesce(sum(n), 0) AS n FROM asset_counts WHERE license_key = ? AND status <> 'absent'")
      .get(id)!.n;
  }

  /** Connected assets per tenant (null = root) for one license, for the "export by tenants" CSV. */
  connectedAssetsByTenant(id: string): { tenantId: string | null; assets: number }[] {
    return this.sql
      .stmt<[string], { tenant_id: string | null; n: number }>(
        `SELECT nullif(tenant_key, '') AS tenant_id, sum(n) AS n FROM asset_counts WHERE license_key = ? AND status <> 'absent'
         GROUP BY tenant_key HAVING sum(n) > 0 ORDER BY tenant_key`,
      )
      .all(id)
      .map((row) => ({ tenantId: row.tenant_id, assets: row.n }));
  }
}

import { NotFoundError } from '../errors.ts';
import type { SqlContext } from './connection.ts';
import { runVersionedUpdate } from './sql.ts';
import { effectiveLicenseStatus, type License, type LicenseStatus } from './types.ts';

interface LicenseRow {
  id: string;
  activation_code: string;
  tier: License['tier'];
  asset_limit: number;
  activation_date: number;
  expiration_date: number;
  status: LicenseStatus;
  custom_incidents_per_period: number | null;
  region_code: License['regionCode'];
  added_on: number;
  removed_on: number | null;
  version: number;
}

function toLicense(row: LicenseRow): License {
  return {
    id: row.id,
    activationCode: row.activation_code,
    tier: row.tier,
    assetLimit: row.asset_limit,
    activationDate: row.activation_date,
    expirationDate: row.expiration_date,
    status: row.status,
    customIncidentsPerPeriod: row.custom_incidents_per_period,
    regionCode: row.region_code,
    addedOn: row.added_on,
    removedOn: row.removed_on,
    version: row.version,
  };
}

export type LicenseInput = Omit<License, 'version'>;

/** Licenses (activation codes) of the organization. */
export class LicenseRepository {
  constructor(private readonly sql: SqlContext) {}

  insert(license: LicenseInput): License {
    this.sql
      .stmt(
        `INSERT INTO licenses (id, activation_code, tier, asset_limit, activation_date, expiration_date, status,
           custom_incidents_per_period, region_code, added_on, removed_on)
         VALUES (@id, @activationCode, @tier, @assetLimit, @activationDate, @expirationDate, @status,
           @customIncidentsPerPeriod, @regionCode, @addedOn, @removedOn)`,
      )
      .run(license);
    return this.require(license.id);
  }

  get(id: string): License | null {
    const row = this.sql.stmt<[string], LicenseRow>('SELECT * FROM licenses WHERE id = ?').get(id);
    return row ? toLicense(row) : null;
  }

  require(id: string): License {
    const license = this.get(id);
    if (!license) throw new NotFoundError('license');
    return license;
  }

  /** A license by activation code (removed ones included, so a removed key can be added again). */
  getByActivationCode(code: string): License | null {
    const row = this.sql.stmt<[string], LicenseRow>('SELECT * FROM licenses WHERE activation_code = ?').get(code);
    return row ? toLicense(row) : null;
  }

  /** All licenses, latest expiration first; removed ones only when asked. */
  list(options: { includeRemoved?: boolean } = {}): License[] {
    const sql = options.includeRemoved
      ? 'SELECT * FROM licenses ORDER BY expiration_date DESC, id'
      : "SELECT * FROM licenses WHERE status <> 'removed' ORDER BY expiration_date DESC, id";
    return this.sql.stmt<[], LicenseRow>(sql).all().map(toLicense);
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
    runVersionedUpdate(
      this.sql,
      `UPDATE licenses SET status = @status, removed_on = CASE WHEN @status = 'removed' THEN @now ELSE NULL END,
         version = version + 1
       WHERE id = @id AND (@expectedVersion IS NULL OR version = @expectedVersion)`,
      { id, status, now, expectedVersion: expectedVersion ?? null },
      'SELECT 1 FROM licenses WHERE id = ?',
      [id],
      'license',
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

import { NotFoundError } from '../errors.ts';
import type { SqlContext } from './connection.ts';
import { parseJson, runVersionedUpdate } from './sql.ts';
import type { KsnConfigVersion, Organization } from './types.ts';

interface OrganizationRow {
  name: string;
  activation_state: Organization['activationState'];
  activated_on: number | null;
  region_code: Organization['regionCode'];
  telemetry_location: Organization['telemetryLocation'];
  terms_accepted_on: number | null;
  ksn_statement_accepted_on: number | null;
  installed_ksn_version: string | null;
  tier: Organization['tier'];
  console_tenant_scope: string | null;
  version: number;
  updated_on: number;
}

function toOrganization(row: OrganizationRow): Organization {
  return {
    name: row.name,
    activationState: row.activation_state,
    activatedOn: row.activated_on,
    regionCode: row.region_code,
    telemetryLocation: row.telemetry_location,
    termsAcceptedOn: row.terms_accepted_on,
    ksnStatementAcceptedOn: row.ksn_statement_accepted_on,
    installedKsnVersion: row.installed_ksn_version,
    tier: row.tier,
    consoleTenantScope: row.console_tenant_scope === null ? null : parseJson<string[]>(row.console_tenant_scope),
    version: row.version,
    updatedOn: row.updated_on,
  };
}

/** Fields of the organization that can be written (everything but version bookkeeping). */
export type OrganizationInput = Omit<Organization, 'version' | 'updatedOn'>;

/** An organization that has not activated MDR yet: no region, license tier, terms or KSN file. */
export function notActivatedOrganization(name: string): OrganizationInput {
  return {
    name,
    activationState: 'notActivated',
    activatedOn: null,
    regionCode: null,
    telemetryLocation: null,
    termsAcceptedOn: null,
    ksnStatementAcceptedOn: null,
    installedKsnVersion: null,
    tier: null,
    consoleTenantScope: null,
  };
}

const COLUMNS: Record<keyof OrganizationInput, string> = {
  name: 'name',
  activationState: 'activation_state',
  activatedOn: 'activated_on',
  regionCode: 'region_code',
  telemetryLocation: 'telemetry_location',
  termsAcceptedOn: 'terms_accepted_on',
  ksnStatementAcceptedOn: 'ksn_statement_accepted_on',
  installedKsnVersion: 'installed_ksn_version',
  tier: 'tier',
  consoleTenantScope: 'console_tenant_scope',
};

function columnValue(key: keyof OrganizationInput, value: unknown): unknown {
  return key === 'consoleTenantScope' ? (value === null ? null : JSON.stringify(value)) : value;
}

/** The single organization row. */
export class OrganizationRepository {
  constructor(private readonly sql: SqlContext) {}

  /** The organization, or null before it has been created. */
  get(): Organization | null {
    const row = this.sql.stmt<[], OrganizationRow>('SELECT * FROM organization WHERE id = 1').get();
    return row ? toOrganization(row) : null;
  }

  /** The organization; throws NotFound when the service has not been initialized. */
  require(): Organization {
    const organization = this.get();
    if (!organization) throw new NotFoundError('organization');
    return organization;
  }

  /** Creates or replaces the organization row (used by initialization and the demo generator). */
  put(input: OrganizationInput, now = Date.now()): Organization {
    const keys = Object.keys(COLUMNS) as (keyof OrganizationInput)[];
    const params: Record<string, unknown> = { now };
    for (const key of keys) params[key] = columnValue(key, input[key]);
    this.sql
      .stmt(
        `INSERT INTO organization (id, ${keys.map((k) => COLUMNS[k]).join(', ')}, version, updated_on)
         VALUES (1, ${keys.map((k) => `@${k}`).join(', ')}, 1, @now)
         ON CONFLICT (id) DO UPDATE SET ${keys.map((k) => `${COLUMNS[k]} = excluded.${COLUMNS[k]}`).join(', ')},
           version = organization.version + 1, updated_on = @now`,
      )
      .run(params);
    return this.require();
  }

  /**
   * Changes some fields, refusing with Conflict when the stored version is not `expectedVersion`
   * (pass `undefined` to skip the check for service-internal updates).
   */
  update(patch: Partial<OrganizationInput>, expectedVersion?: number, now = Date.now()): Organization {
    const keys = (Object.keys(patch) as (keyof OrganizationInput)[]).filter((k) => k in COLUMNS);
    const params: Record<string, unknown> = { now, expectedVersion: expectedVersion ?? null };
    for (const key of keys) params[key] = columnValue(key, patch[key]);
    const assignments = keys.map((k) => `${COLUMNS[k]} = @${k}`);
    runVersionedUpdate(
      this.sql,
      `UPDATE organization SET ${[...assignments, 'version = version + 1', 'updated_on = @now'].join(', ')}
       WHERE id = 1 AND (@expectedVersion IS NULL OR version = @expectedVersion)`,
      params,
      'SELECT 1 FROM organization WHERE id = 1',
      [],
      'organization',
    );
    return this.require();
  }
}

interface KsnRow {
  version: string;
  published_on: number;
  notes: string;
}

const toKsn = (row: KsnRow): KsnConfigVersion => ({ version: row.version, publishedOn: row.published_on, notes: row.notes });

/** Published versions of the KSN configuration file. */
export class KsnRepository {
  constructor(private readonly sql: SqlContext) {}

  /** Adds a published version (ignored when it already exists). */
  insert(version: KsnConfigVersion): void {
    this.sql
      .stmt('INSERT OR IGNORE INTO ksn_config_versions (version, published_on, notes) VALUES (?, ?, ?)')
      .run(version.version, version.publishedOn, version.notes);
  }

  /** Every version, newest first. */
  list(): KsnConfigVersion[] {
    return this.sql.stmt<[], KsnRow>('SELECT * FROM ksn_config_versions ORDER BY published_on DESC, version DESC').all().map(toKsn);
  }

  /** The newest published version, or null when none is published. */
  latest(): KsnConfigVersion | null {
    const row = this.sql.stmt<[], KsnRow>('SELECT * FROM ksn_config_versions ORDER BY published_on DESC, version DESC LIMIT 1').get();
    return row ? toKsn(row) : null;
  }

  /** One version by its name. */
  get(version: string): KsnConfigVersion | null {
    const row = this.sql.stmt<[string], KsnRow>('SELECT * FROM ksn_config_versions WHERE version = ?').get(version);
    return row ? toKsn(row) : null;
  }
}

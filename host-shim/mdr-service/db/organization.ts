import { jsonColumn, RowMapping } from '../../common/row-mapping.ts';
import type { SqlContext } from './connection.ts';
import { found, updateVersioned } from './sql.ts';
import type { KsnConfigVersion, Organization } from './types.ts';

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

const ORGANIZATION = new RowMapping<Organization>('organization', {
  name: 'name',
  activationState: 'activation_state',
  activatedOn: 'activated_on',
  regionCode: 'region_code',
  telemetryLocation: 'telemetry_location',
  termsAcceptedOn: 'terms_accepted_on',
  ksnStatementAcceptedOn: 'ksn_statement_accepted_on',
  installedKsnVersion: 'installed_ksn_version',
  tier: 'tier',
  consoleTenantScope: jsonColumn('console_tenant_scope'),
  version: 'version',
  updatedOn: 'updated_on',
});

/** The fields a caller writes (the version and time of the last change are kept by the repository). */
const INPUT_FIELDS = ORGANIZATION.fields.filter((field): field is keyof OrganizationInput => field !== 'version' && field !== 'updatedOn');

/** The single organization row. */
export class OrganizationRepository {
  constructor(private readonly sql: SqlContext) {}

  /** The organization, or null before it has been created. */
  get(): Organization | null {
    return ORGANIZATION.one(this.sql, 'WHERE id = 1');
  }

  /** The organization; throws NotFound when the service has not been initialized. */
  require(): Organization {
    return found(this.get(), 'organization');
  }

  /** Creates or replaces the organization row (used by initialization and the demo generator). */
  put(input: OrganizationInput, now = Date.now()): Organization {
    const columns = INPUT_FIELDS.map((field) => ORGANIZATION.column(field));
    this.sql
      .stmt(
        `INSERT INTO organization (id, ${columns.join(', ')}, version, updated_on)
         VALUES (1, ${INPUT_FIELDS.map((field) => `@${field}`).join(', ')}, 1, @now)
         ON CONFLICT (id) DO UPDATE SET ${columns.map((column) => `${column} = excluded.${column}`).join(', ')},
           version = organization.version + 1, updated_on = @now`,
      )
      .run({ ...ORGANIZATION.params(input, INPUT_FIELDS), now });
    return this.require();
  }

  /**
   * Changes some fields, refusing with Conflict when the stored version is not `expectedVersion`
   * (pass `undefined` to skip the check for service-internal updates).
   */
  update(patch: Partial<OrganizationInput>, expectedVersion?: number, now = Date.now()): Organization {
    const { set, params } = ORGANIZATION.assignments(patch, INPUT_FIELDS);
    updateVersioned(this.sql, { table: ORGANIZATION.table, id: 1, what: 'organization' }, [...set, 'updated_on = @now'], { ...params, now }, expectedVersion);
    return this.require();
  }
}

const KSN_VERSIONS = new RowMapping<KsnConfigVersion>('ksn_config_versions', { version: 'version', publishedOn: 'published_on', notes: 'notes' });

/** Published versions of the KSN configuration file. */
export class KsnRepository {
  constructor(private readonly sql: SqlContext) {}

  /** Adds a published version (ignored when it already exists). */
  insert(version: KsnConfigVersion): void {
    KSN_VERSIONS.insert(this.sql, version, { orIgnore: true });
  }

  /** Every version, newest first. */
  list(): KsnConfigVersion[] {
    return KSN_VERSIONS.all(this.sql, 'ORDER BY published_on DESC, version DESC');
  }

  /** The newest published version, or null when none is published. */
  latest(): KsnConfigVersion | null {
    return KSN_VERSIONS.one(this.sql, 'ORDER BY published_on DESC, version DESC LIMIT 1');
  }

  /** One version by its name. */
  get(version: string): KsnConfigVersion | null {
    return KSN_VERSIONS.one(this.sql, 'WHERE version = ?', version);
  }
}

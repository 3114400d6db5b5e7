import { LICENSE_TIERS } from '../license-tiers.ts';
import { CalendarDate, IsoDateTime, Nullable, OneOf, Type, Version, type Static } from './common.ts';
import { ListPageOf, ListQueryOf } from './list.ts';

export const TENANT_SORT_FIELDS = ['name', 'status', 'assets', 'description', 'createdOn', 'expiration'] as const;
export type TenantSortField = (typeof TENANT_SORT_FIELDS)[number];

/** Query string of `GET /console/v1/tenants`. */
export const TenantListQuerySchema = ListQueryOf(TENANT_SORT_FIELDS);

const tenantFields = {
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  /** The *Active* toggle. */
  active: Type.Boolean(),
  /** Inactive when switched off or when the tenant's lifetime has ended. */
  status: OneOf(['active', 'inactive']),
  assets: Type.Integer(),
  createdOn: IsoDateTime,
  expiration: Nullable(IsoDateTime),
  version: Version,
};

/** A tenant as the *Tenants* list shows it. */
export const TenantSchema = Type.Object(tenantFields);
export type Tenant = Static<typeof TenantSchema>;

/** A configuration file of a tenant. */
export const TenantConfigFileSchema = Type.Object({
  id: Type.String(),
  licenseId: Type.String(),
  licenseName: Type.String(),
  /** Tier and limit of the license (null when it was deleted since), for its one display name. */
  licenseTier: Nullable(OneOf(LICENSE_TIERS)),
  licenseAssetLimit: Nullable(Type.Integer()),
  expirationDate: CalendarDate,
  createdOn: IsoDateTime,
});
export type TenantConfigFile = Static<typeof TenantConfigFileSchema>;

/** A tenant with its configuration files: the answer of every change of a tenant. */
export const TenantDetailsSchema = Type.Object({ ...tenantFields, configFiles: Type.Array(TenantConfigFileSchema) });
export type TenantDetails = Static<typeof TenantDetailsSchema>;

/** The tenants page plus the organization's limit and count. */
export const TenantPageSchema = ListPageOf(TenantSchema, { limit: Type.Integer(), count: Type.Integer() });
export type TenantPage = Static<typeof TenantPageSchema>;

/** A license a configuration file can run on. */
export const TenantLicenseOptionSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  tier: OneOf(LICENSE_TIERS),
  assetLimit: Type.Integer(),
  expirationDate: IsoDateTime,
  /** Last expiration date allowed on this license: the day before its last day. */
  lastAllowedDate: CalendarDate,
});
export type TenantLicenseOption = Static<typeof TenantLicenseOptionSchema>;

/** Answer of `GET /console/v1/tenant-licenses`. */
export const TenantLicenseOptionsSchema = Type.Object({
  items: Type.Array(TenantLicenseOptionSchema),
  /** Today on the service's calendar. */
  today: CalendarDate,
});
export type TenantLicenseOptions = Static<typeof TenantLicenseOptionsSchema>;

/**
 * A configuration file to add: the license and the expiration date ('YYYY-MM-DD'). Only their types
 * are the schema's: the route checks the license and the date itself, with its own rules.
 */
export const ConfigFileInputSchema = Type.Object({ licenseId: Type.String(), expirationDate: Type.String() });
export type ConfigFileInput = Static<typeof ConfigFileInputSchema>;

/** Body of `POST /console/v1/tenants`; the route checks the name and description rules itself. */
export const TenantInputSchema = Type.Object({
  name: Type.String(),
  description: Type.Optional(Type.String()),
  active: Type.Optional(Type.Boolean()),
  configFile: ConfigFileInputSchema,
});
export type TenantInput = Static<typeof TenantInputSchema>;

/** Body of `PATCH /console/v1/tenants/:id`: the changes and the version they were made on. */
export const TenantPatchBodySchema = Type.Object({
  expectedVersion: Type.Integer(),
  name: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  active: Type.Optional(Type.Boolean()),
});
export type TenantPatch = Omit<Static<typeof TenantPatchBodySchema>, 'expectedVersion'>;

/** Answer of `DELETE /console/v1/tenants/:id`: the tenant deleted and how many assets it disconnected. */
export const TenantDeletionSchema = Type.Object({ deleted: Type.String(), disconnectedAssets: Type.Integer() });
export type TenantDeletion = Static<typeof TenantDeletionSchema>;

/** Path of a tenant's configuration file. */
export const ConfigFileParamsSchema = Type.Object({ id: Type.String(), fileId: Type.String() });

/** Archive variant: the BLOB (P7) file or the BAT file next to the KSN configuration file. */
const ARCHIVE_VARIANTS = ['blob', 'bat'] as const;
export type ArchiveVariant = (typeof ARCHIVE_VARIANTS)[number];

/** Query string of a configuration archive download. */
export const ArchiveQuerySchema = Type.Object({ variant: Type.Optional(OneOf(ARCHIVE_VARIANTS)) });

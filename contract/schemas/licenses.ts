import { REGION_CODES } from '../activation.ts';
import { LICENSE_TIERS } from '../license-tiers.ts';
import { IsoDateTime, Nullable, OneOf, Type, Version, type Static } from './common.ts';
import { ListPageOf, ListQueryOf } from './list.ts';

export const LICENSE_STATUSES = ['active', 'expired', 'blocked', 'deleted', 'inactive', 'removed'] as const;
export type LicenseStatus = (typeof LICENSE_STATUSES)[number];

const LICENSE_SORT_FIELDS = ['name', 'connectedAssets', 'id', 'activationDate', 'expirationDate', 'status'] as const;
export type LicenseSortField = (typeof LICENSE_SORT_FIELDS)[number];

const LICENSE_VIEWS = ['active', 'all'] as const;
/** The *Active* or *All* view of the list. */
export type LicenseView = (typeof LICENSE_VIEWS)[number];

/** Query string of `GET /console/v1/licenses`. */
export const LicenseListQuerySchema = ListQueryOf(LICENSE_SORT_FIELDS, { view: Type.Optional(OneOf(LICENSE_VIEWS)) });

/** A license as the *Licenses* tab shows it. */
export const LicenseSchema = Type.Object({
  id: Type.String(),
  /** Product name including the tier. */
  name: Type.String(),
  tier: OneOf(LICENSE_TIERS),
  assetLimit: Type.Integer(),
  connectedAssets: Type.Integer(),
  activationCode: Type.String(),
  activationDate: IsoDateTime,
  expirationDate: IsoDateTime,
  /** Effective status: an active license past its date reads as expired. */
  status: OneOf(LICENSE_STATUSES),
  /** Expired or expires within 14 days (highlighted). */
  expiresSoon: Type.Boolean(),
  /** More assets connected than the limit allows (highlighted). */
  overLimit: Type.Boolean(),
  version: Version,
});
export type License = Static<typeof LicenseSchema>;

/** Answer of `GET /console/v1/licenses`. */
export const LicensePageSchema = ListPageOf(LicenseSchema, {
  view: OneOf(LICENSE_VIEWS),
  /** General information about the current (active) licenses, for the top panel. */
  summary: Type.Optional(
    Type.Object({ active: Type.Integer(), connectedAssets: Type.Integer(), assetLimit: Type.Integer(), nextExpiration: Nullable(IsoDateTime) }),
  ),
  organization: Type.Object({ tier: Nullable(OneOf(LICENSE_TIERS)), regionCode: Nullable(OneOf(REGION_CODES)) }),
});
export type LicensePage = Static<typeof LicensePageSchema>;

/** Connected assets of one tenant (null: root) on one license. */
export const AssetsByTenantRowSchema = Type.Object({
  licenseId: Type.String(),
  licenseName: Type.String(),
  assetLimit: Type.Integer(),
  expirationDate: IsoDateTime,
  status: OneOf(LICENSE_STATUSES),
  tenantId: Nullable(Type.String()),
  tenantName: Nullable(Type.String()),
  assets: Type.Integer(),
});
export type AssetsByTenantRow = Static<typeof AssetsByTenantRowSchema>;

/** Answer of `GET /console/v1/licenses/assets-by-tenant`. */
export const AssetsByTenantSchema = Type.Object({ items: Type.Array(AssetsByTenantRowSchema) });
export type AssetsByTenant = Static<typeof AssetsByTenantSchema>;

/** Body of `POST /console/v1/licenses` (*Add new license key*); the route checks the code's format itself. */
export const LicenseKeyInputSchema = Type.Object({ activationCode: Type.String({ maxLength: 100 }) });
export type LicenseKeyInput = Static<typeof LicenseKeyInputSchema>;

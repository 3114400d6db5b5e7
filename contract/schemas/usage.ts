import { LICENSE_TIERS } from '../license-tiers.ts';
import { AGREEMENT_IDS, REGION_CODES, TELEMETRY_LOCATIONS } from '../regions.ts';
import { ACTIVATION_STATES } from './activation.ts';
import { IsoDateTime, Nullable, OneOf, Type, Version, type Static } from './common.ts';
import { LICENSE_STATUSES } from './licenses.ts';

/** What the current license and each license of the list both tell. */
const licenseFacts = {
  id: Type.String(),
  tier: OneOf(LICENSE_TIERS),
  assetLimit: Type.Integer(),
  connectedAssets: Type.Integer(),
  // The service states both dates of a license as ISO 8601 date-times (midnight UTC of the day).
  expirationDate: IsoDateTime,
};

/** One license on *MDR Usage*. */
export const UsageLicenseSchema = Type.Object({ ...licenseFacts, use: OneOf(['current', 'unused', 'expired']) });
export type UsageLicense = Static<typeof UsageLicenseSchema>;

/** Body of `GET /console/v1/usage` (the plug-in's `GET /usage`): what the *MDR Usage* tab shows. */
export const UsageSchema = Type.Object({
  organization: Type.Object({ name: Type.String() }),
  activation: Type.Object({ status: OneOf(ACTIVATION_STATES), activatedOn: Nullable(IsoDateTime) }),
  license: Nullable(
    Type.Object({
      ...licenseFacts,
      name: Type.String(),
      activationDate: IsoDateTime,
      status: OneOf(LICENSE_STATUSES),
    }),
  ),
  /**
   * Every license of the organization but removed ones, latest expiration first (help, What's new
   * 02/24/2025: "Displaying current, unused and expired MDR licenses … the total number of assets and
   * their limit for each license"): *current* is active with connected assets, *unused* active
   * without any, *expired* past its date or no longer valid.
   */
  licenses: Type.Array(UsageLicenseSchema),
  /** Both null while the organization is not activated (no region chosen yet). */
  region: Type.Object({ code: Nullable(OneOf(REGION_CODES)), telemetryLocation: Nullable(OneOf(TELEMETRY_LOCATIONS)) }),
  ksn: Type.Object({
    installedVersion: Nullable(Type.String()),
    latestVersion: Nullable(Type.String()),
    updateAvailable: Type.Boolean(),
    /** `disabled`: KPSN is off while MDR is not active (never activated, or the terms were revoked). */
    status: OneOf(['upToDate', 'updateAvailable', 'notInstalled', 'disabled']),
  }),
  /**
   * *Terms of using the MDR solution*: when they were accepted, the agreements accepted with them (those
   * of the organization's region, readable at `GET /terms/agreements/:id`) and when the KSN Statement was.
   */
  terms: Type.Object({ acceptedOn: Nullable(IsoDateTime), agreements: Type.Array(OneOf(AGREEMENT_IDS)), ksnStatementAcceptedOn: Nullable(IsoDateTime) }),
  /** This period's allowance; null without a license or where the tier has no custom incidents (`license.tier` says which). */
  customIncidents: Nullable(Type.Object({ total: Type.Integer(), remaining: Type.Integer() })),
  /** The organization's version: changes send it so that they never overwrite another user's. */
  version: Version,
});
export type Usage = Static<typeof UsageSchema>;

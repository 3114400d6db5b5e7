import type { AgreementId, RegionCode, TelemetryLocation } from './activation.ts';
import type { LicenseTier } from './license-tiers.ts';

/** One license on *MDR Usage*. */
export interface UsageLicense {
  id: string;
  tier: LicenseTier;
  assetLimit: number;
  connectedAssets: number;
  expirationDate: string;
  use: 'current' | 'unused' | 'expired';
}

/** Body of `GET /console/v1/usage` (the plug-in's `GET /usage`): what the *MDR Usage* tab shows. */
export interface Usage {
  organization: { name: string };
  activation: { status: 'active' | 'notActivated'; activatedOn: string | null };
  license: {
    id: string;
    name: string;
    tier: LicenseTier;
    assetLimit: number;
    connectedAssets: number;
    activationDate: string;
    expirationDate: string;
    status: 'active' | 'expired' | 'blocked' | 'deleted' | 'inactive' | 'removed';
  } | null;
  /**
   * Every license of the organization but removed ones, latest expiration first (help, What's new
   * 02/24/2025: "Displaying current, unused and expired MDR licenses … the total number of assets and
   * their limit for each license"): *current* is active with connected assets, *unused* active
   * without any, *expired* past its date or no longer valid.
   */
  licenses: UsageLicense[];
  /** Both null while the organization is not activated (no region chosen yet). */
  region: { code: RegionCode | null; telemetryLocation: TelemetryLocation | null };
  ksn: {
    installedVersion: string | null;
    latestVersion: string | null;
    updateAvailable: boolean;
    /** `disabled`: KPSN is off while MDR is not active (never activated, or the terms were revoked). */
    status: 'upToDate' | 'updateAvailable' | 'notInstalled' | 'disabled';
  };
  /**
   * *Terms of using the MDR solution*: when they were accepted, the agreements accepted with them (those
   * of the organization's region, readable at `GET /terms/agreements/:id`) and when the KSN Statement was.
   */
  terms: { acceptedOn: string | null; agreements: AgreementId[]; ksnStatementAcceptedOn: string | null };
  /** This period's allowance; null without a license or where the tier has no custom incidents (`license.tier` says which). */
  customIncidents: { total: number; remaining: number } | null;
  /** The organization's version: changes send it so that they never overwrite another user's. */
  version: number;
}

import type { AgreementId } from '../../../contract/activation.ts';
import { agreementsFor } from './agreements.ts';
import { customIncidentAllowance, customIncidentPeriodStart } from './custom-incidents.ts';
import { organizationHas } from './tier-features.ts';
import { effectiveLicenseStatus, type License, type MdrDatabase } from '../db.ts';

/** ISO 8601 (UTC) of a time in ms, or null. */
export function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}

const TIER_NAMES: Record<License['tier'], string> = {
  optimum: 'Optimum',
  expert: 'Expert',
  advanced: 'Advanced',
  prime: 'Prime',
};

/** The license's product name, as the vendor shows it (a product name, not UI text). */
export function licenseName(license: Pick<License, 'tier'>): string {
  return `Kaspersky Managed Detection and Response ${TIER_NAMES[license.tier]}`;
}

/** Body of `GET /console/v1/usage`: what the *MDR Usage* tab shows. */
export interface Usage {
  organization: { name: string };
  activation: { status: 'active' | 'notActivated'; activatedOn: string | null };
  license: {
    id: string;
    name: string;
    tier: License['tier'];
    assetLimit: number;
    connectedAssets: number;
    activationDate: string;
    expirationDate: string;
    status: License['status'];
  } | null;
  /**
   * Every license of the organization but removed ones, latest expiration first (help, What's new
   * 02/24/2025: "Displaying current, unused and expired MDR licenses … the total number of assets and
   * their limit for each license"): *current* is active with connected assets, *unused* active
   * without any, *expired* past its date or no longer valid.
   */
  licenses: {
    id: string;
    tier: License['tier'];
    assetLimit: number;
    connectedAssets: number;
    expirationDate: string;
    use: 'current' | 'unused' | 'expired';
  }[];
  /** Both null while the organization is not activated (no region chosen yet). */
  region: { code: string | null; telemetryLocation: string | null };
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
  /** The organization's version, for changes that must not overwrite another user's (If-Match style). */
  version: number;
}

/**
 * Assembles the usage view from the database. License figures are organization-wide (a license
 * is consumed by every connected asset, whatever the console's tenant scope).
 */
export function buildUsage(db: MdrDatabase, now: number): Usage {
  const organization = db.organization.require();
  const activated = organization.activationState === 'active';
  const license = activated ? db.licenses.current(now) : null;
  const latest = db.ksn.latest();
  const installed = organization.installedKsnVersion;
  const ksnStatus = !activated ? 'disabled' : installed === null ? 'notInstalled' : latest && latest.version !== installed && latest.publishedOn > (db.ksn.get(installed)?.publishedOn ?? 0) ? 'updateAvailable' : 'upToDate';
  // Connected endpoints of the whole organization raise the allowance (help: *Comparison of commercial license tiers*);
  // a tier without custom incidents has none, whatever its licenses say.
  const allowance = license && organizationHas(db, 'customIncidents') ? customIncidentAllowance(license.customIncidentsPerPeriod, db.assets.count(null)) : null;
  return {
    organization: { name: organization.name },
    activation: { status: organization.activationState, activatedOn: iso(organization.activatedOn) },
    license: license
      ? {
          id: license.id,
          name: licenseName(license),
          tier: license.tier,
          assetLimit: license.assetLimit,
          connectedAssets: db.licenses.connectedAssets(license.id),
          activationDate: iso(license.activationDate)!,
          expirationDate: iso(license.expirationDate)!,
          status: effectiveLicenseStatus(license, now),
        }
      : null,
    licenses: activated
      ? db.licenses.list().map((each) => {
          const connectedAssets = db.licenses.connectedAssets(each.id);
          const use = effectiveLicenseStatus(each, now) !== 'active' ? 'expired' : connectedAssets > 0 ? 'current' : 'unused';
          return { id: each.id, tier: each.tier, assetLimit: each.assetLimit, connectedAssets, expirationDate: iso(each.expirationDate)!, use };
        })
      : [],
    region: { code: organization.regionCode, telemetryLocation: organization.telemetryLocation },
    ksn: {
      installedVersion: installed,
      latestVersion: latest?.version ?? null,
      updateAvailable: ksnStatus === 'updateAvailable',
      status: ksnStatus,
    },
    terms: {
      acceptedOn: iso(organization.termsAcceptedOn),
      agreements: activated && organization.regionCode && organization.termsAcceptedOn !== null ? [...agreementsFor(organization.regionCode)] : [],
      ksnStatementAcceptedOn: iso(activated ? organization.ksnStatementAcceptedOn : null),
    },
    customIncidents:
      allowance === null
        ? null
        : { total: allowance, remaining: Math.max(0, allowance - db.incidents.customCreatedSince(customIncidentPeriodStart(now))) },
    version: organization.version,
  };
}

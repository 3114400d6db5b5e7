import type { Usage } from '../../../contract/usage.ts';
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

export type { Usage } from '../../../contract/usage.ts';

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

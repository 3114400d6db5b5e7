/**
 * The organization's license tier decides what the service offers (help, *Comparison of commercial
 * license tiers*): a tier without the REST API gets no API connections and no REST API calls, a tier
 * without custom incidents cannot create one. The table is the contract's, read by the plug-in too.
 */
import { NOT_IN_LICENSE_TIER, tierIncludes, type TierFeature } from '../../../contract/license-tiers.ts';
import { ForbiddenError } from '../errors.ts';
import type { MdrDatabase } from '../db.ts';

/** Whether the organization's tier includes `feature`. */
export function organizationHas(db: MdrDatabase, feature: TierFeature): boolean {
  return tierIncludes(db.organization.get()?.tier ?? null, feature);
}

/** 403 `notInLicenseTier` unless the organization's tier includes `feature`. */
export function requireTierFeature(db: MdrDatabase, feature: TierFeature): void {
  if (!organizationHas(db, feature)) {
    throw new ForbiddenError(NOT_IN_LICENSE_TIER, `The organization's license tier (${db.organization.get()?.tier}) does not include ${feature}`);
  }
}

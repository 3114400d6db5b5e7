/**
 * What each commercial license tier includes, where the MDR section offers it or not: the help's
 * *Comparison of commercial license tiers* ("API for exporting Kaspersky MDR data" and "Customers can
 * create a custom incident to be processed by the Kaspersky MDR solution" are marked for MDR / MDR
 * Expert, MDR Advanced and MDR Prime, not for MDR Optimum) and *Managing the solution through the REST
 * API* ("This feature is available in MDR Expert, MDR Advanced … and MDR Prime"). The plug-in reads it
 * to say what a tier does not include instead of offering it; the service refuses the same.
 */

/** The tiers the service issues licenses of (MDR Basic is sold in some regions only, not here). */
export type LicenseTier = 'optimum' | 'expert' | 'advanced' | 'prime';

export const LICENSE_TIERS: readonly LicenseTier[] = ['optimum', 'expert', 'advanced', 'prime'];

/** Features some tiers do not include. */
export type TierFeature = 'restApi' | 'customIncidents';

export const TIER_FEATURES: Readonly<Record<LicenseTier, Readonly<Record<TierFeature, boolean>>>> = {
  optimum: { restApi: false, customIncidents: false },
  expert: { restApi: true, customIncidents: true },
  advanced: { restApi: true, customIncidents: true },
  prime: { restApi: true, customIncidents: true },
};

/**
 * Whether `tier` includes `feature`. Without a tier (MDR not activated) nothing is refused by tier:
 * there is nothing to use yet, and activation decides.
 */
export function tierIncludes(tier: string | null | undefined, feature: TierFeature): boolean {
  if (tier === null || tier === undefined) return true;
  return (TIER_FEATURES as Record<string, Record<TierFeature, boolean>>)[tier]?.[feature] ?? false;
}

/** The tiers that include `feature`, in the help's order. */
export function tiersIncluding(feature: TierFeature): LicenseTier[] {
  return LICENSE_TIERS.filter((tier) => TIER_FEATURES[tier][feature]);
}

/** The error code (403) of a call the organization's tier does not include. */
export const NOT_IN_LICENSE_TIER = 'notInLicenseTier';

/**
 * The choices of activation as values: the regions, where their telemetry is stored, and the
 * agreements accepted with them. Kept apart from `activation.ts` so that the wire schemas can read
 * them (`contract/schemas/activation.ts`) while `activation.ts` re-exports the schemas' types.
 */

/**
 * The regions of activation (help topic *Activating Kaspersky Managed Detection and Response in
 * Kaspersky Security Center*, step 7: "enter the activation code received from Kaspersky, select
 * your region"), in the order they are offered.
 */
export type RegionCode = 'europe' | 'canada' | 'saudiArabia' | 'russia' | 'other';
export const REGION_CODES: readonly RegionCode[] = ['europe', 'canada', 'saudiArabia', 'russia', 'other'];

export type TelemetryLocation = 'northernEurope' | 'saudiArabia' | 'russia';
export const TELEMETRY_LOCATIONS: readonly TelemetryLocation[] = ['northernEurope', 'saudiArabia', 'russia'];

/**
 * The agreements of activation (step 8, "the agreements applicable to the region you select": the MDR
 * Agreement, shown as *Terms of using the MDR solution*, and per region a data processing agreement)
 * and the KSN Statement of step 9.
 */
export type AgreementId = 'termsOfUse' | 'dataProcessing' | 'dataLocalization' | 'personalDataRussia' | 'ksnStatement';
export const AGREEMENT_IDS: readonly AgreementId[] = ['termsOfUse', 'dataProcessing', 'dataLocalization', 'personalDataRussia', 'ksnStatement'];

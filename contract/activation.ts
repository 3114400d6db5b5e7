import type { LicenseTier } from './license-tiers.ts';
import type { DataLanguage, FieldProblem } from './settings.ts';

/**
 * The regions of activation (help topic *Activating Kaspersky Managed Detection and Response in
 * Kaspersky Security Center*, step 7: "enter the activation code received from Kaspersky, select
 * your region"), in the order they are offered.
 */
export type RegionCode = 'europe' | 'canada' | 'saudiArabia' | 'russia' | 'other';
export const REGION_CODES: readonly RegionCode[] = ['europe', 'canada', 'saudiArabia', 'russia', 'other'];

export type TelemetryLocation = 'northernEurope' | 'saudiArabia' | 'russia';

/**
 * Where a region's telemetry is stored (the same step): "If you select the Europe or Canada region,
 * your telemetry data is stored in Northern Europe. If you select Saudi Arabia, … in the Kingdom of
 * Saudi Arabia. If you select Russia or other regions, … in Russia."
 */
export function telemetryLocationOf(region: RegionCode): TelemetryLocation {
  if (region === 'europe' || region === 'canada') return 'northernEurope';
  if (region === 'saudiArabia') return 'saudiArabia';
  return 'russia';
}

/**
 * The language the service is provided in for a region (the same step): "The region that you select
 * affects the choice of language that will be used to provide you the service (Russian or English)".
 * Activation sets the language of incident data, notifications and reports to it, unless an
 * administrator chose that language in *Settings*; the agreements of the region are in it too.
 */
export function serviceLanguageOf(region: RegionCode): DataLanguage {
  return region === 'russia' ? 'ru' : 'en';
}

/**
 * The agreements of activation (step 8, "the agreements applicable to the region you select": the MDR
 * Agreement, shown as *Terms of using the MDR solution*, and per region a data processing agreement)
 * and the KSN Statement of step 9.
 */
export type AgreementId = 'termsOfUse' | 'dataProcessing' | 'dataLocalization' | 'personalDataRussia' | 'ksnStatement';
export const AGREEMENT_IDS: readonly AgreementId[] = ['termsOfUse', 'dataProcessing', 'dataLocalization', 'personalDataRussia', 'ksnStatement'];

/** An activation code as typed: spaces and dashes between groups are ignored, any case. */
export function normalizeActivationCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}

/** Help topic *About the activation code*: "a unique sequence of 20 letters and numbers". */
export function isActivationCode(code: string): boolean {
  return /^[A-Z0-9]{20}$/.test(normalizeActivationCode(code));
}

/** Whether MDR is active for the organization (`GET /activation`, every user of the section). */
export interface ActivationStatus {
  status: 'active' | 'notActivated';
  activatedOn: string | null;
  regionCode: RegionCode | null;
  hasLicense: boolean;
  version: number;
}

/**
 * The background connection between the Web Console and the Administration Server (help step 4:
 * "checks whether the background connection … is enabled and prompts to enable it, if necessary";
 * "An enabled background connection is required for Kaspersky Managed Detection and Response
 * performance"). `GET /background-connection`; `POST /background-connection/enable` turns it on.
 */
export interface BackgroundConnection {
  enabled: boolean;
  /** When it was enabled (ISO 8601); null while it is off. */
  enabledOn: string | null;
  /** Sent back as `expectedVersion` when enabling it. */
  version: number;
}

/** A tenant to choose in the tenants step. */
export interface ActivationTenant {
  id: string;
  name: string;
}

/** The vendor-account sign-in: a ticket for the next steps and which of them apply. */
export interface VendorSignIn {
  /** Names the sign-in in the next steps; it belongs to the console user who signed in. */
  ticket: string;
  /** When the sign-in lapses (ISO 8601). */
  expiresAt: string;
  account: { email: string };
  /** The current license; null = the activation-code step follows. */
  license: { name: string; regionCode: RegionCode; expirationDate: string } | null;
  /** Tenants to choose from (only when a license exists). */
  tenants: ActivationTenant[];
}

/** `POST /activation/check-code`: what a code licenses, checked with the vendor; nothing is stored. */
export interface CodeCheck {
  license: { name: string; tier: LicenseTier; assetLimit: number; expirationDate: string };
  telemetryLocation: TelemetryLocation;
  agreements: AgreementId[];
  /** The organization's tier before this code (null before the first); another tier is an upgrade. */
  organizationTier: LicenseTier | null;
  /** The organization's tenants, for the tenants step of *Enter a new activation code*. */
  tenants: ActivationTenant[];
  /** The tenants this Administration Server reaches now ('root' = assets without a tenant); null = all. */
  tenantScope: string[] | null;
}

/** `GET /activation/agreements`: the agreements of a region and the KSN configuration file to apply. */
export interface Agreements {
  region: RegionCode;
  telemetryLocation: TelemetryLocation;
  /** The agreements to accept (the KSN Statement is accepted at the next step). */
  agreements: AgreementId[];
  /** The language of the agreements' texts and of the service for the region. */
  language: DataLanguage;
  /** The KSN configuration file version that activation applies. */
  ksnVersion: string | null;
}

/** `POST /activation`: the last step of the wizard, with everything it collected. */
export interface ActivationRequest {
  ticket: string;
  activationCode?: string;
  region?: RegionCode;
  tenantIds?: string[] | null;
  acceptedAgreements: string[];
  ksnStatementAccepted: boolean;
  ksnVersion: string;
  expectedVersion: number;
}

/**
 * `POST /activation/code`: *Enter a new activation code* (help topic *Providing a new activation
 * code*) — the new code and region, checked by the vendor account the ticket names, and the tenants
 * this Administration Server may reach afterwards, applied together.
 */
export interface NewActivationCodeRequest {
  ticket: string;
  activationCode: string;
  region: RegionCode;
  /** The tenants ('root' = assets without a tenant); null = all tenants; absent = as they are. */
  tenantIds?: string[] | null;
  expectedVersion: number;
}

/** The answer of `POST /activation/code`. */
export interface NewActivationCodeResult {
  license: { id: string; name: string; tier: LicenseTier; expirationDate: string };
  /** The tier before the code: another one means the solution was upgraded. */
  previousTier: LicenseTier | null;
  status: ActivationStatus;
}

/**
 * The rules of the code step, in the browser before it asks the vendor and in the MDR service again:
 * a code of 20 letters and digits, a known region, and at least one tenant when not all are chosen.
 */
export function validateActivationCodeStep(input: { activationCode?: unknown; region?: unknown; tenantIds?: unknown }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (typeof input.activationCode !== 'string' || input.activationCode.trim() === '') problems.push({ field: 'activationCode', rule: 'required' });
  else if (!isActivationCode(input.activationCode)) problems.push({ field: 'activationCode', rule: 'codeFormat' });
  if (!REGION_CODES.includes(input.region as RegionCode)) problems.push({ field: 'region', rule: 'regionUnknown' });
  if (Array.isArray(input.tenantIds) && input.tenantIds.length === 0) problems.push({ field: 'tenantIds', rule: 'tenantsRequired' });
  return problems;
}

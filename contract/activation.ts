import { REGION_CODES, type RegionCode, type TelemetryLocation } from './regions.ts';
import type { DataLanguage, FieldProblem } from './settings.ts';

export { AGREEMENT_IDS, REGION_CODES, TELEMETRY_LOCATIONS, type AgreementId, type RegionCode, type TelemetryLocation } from './regions.ts';
/** The wire shapes of activation, declared once as schemas (`contract/schemas/activation.ts`); their types, for both sides. */
export type {
  ActivationRequest,
  ActivationStatus,
  ActivationTenant,
  AgreementParams,
  Agreements,
  BackgroundConnection,
  CodeCheck,
  CodeCheckRequest,
  EnableBackgroundConnectionRequest,
  KsnUpdateRequest,
  KsnUpdateResult,
  NewActivationCodeRequest,
  NewActivationCodeResult,
  RegionQuery,
  RevokeTermsRequest,
  RootConfigurationLicense,
  RootConfigurationLicenses,
  RootConfigurationQuery,
  VendorSignIn,
  VendorSignInRequest,
} from './schemas/activation.ts';

/**
 * Where a region's telemetry is stored (help step 7 of activation, as for the regions): "If you select the Europe or Canada region,
 * your telemetry data is stored in Northern Europe. If you select Saudi Arabia, … in the Kingdom of
 * Saudi Arabia. If you select Russia or other regions, … in Russia."
 */
export function telemetryLocationOf(region: RegionCode): TelemetryLocation {
  if (region === 'europe' || region === 'canada') return 'northernEurope';
  if (region === 'saudiArabia') return 'saudiArabia';
  return 'russia';
}

/**
 * The language the service is provided in for a region (step 7 too): "The region that you select
 * affects the choice of language that will be used to provide you the service (Russian or English)".
 * Activation sets the language of incident data, notifications and reports to it, unless an
 * administrator chose that language in *Settings*; the agreements of the region are in it too.
 */
export function serviceLanguageOf(region: RegionCode): DataLanguage {
  return region === 'russia' ? 'ru' : 'en';
}

/** An activation code as typed: spaces and dashes between groups are ignored, any case. */
export function normalizeActivationCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}

/** Help topic *About the activation code*: "a unique sequence of 20 letters and numbers". */
export function isActivationCode(code: string): boolean {
  return /^[A-Z0-9]{20}$/.test(normalizeActivationCode(code));
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

import { downloadFile, type DownloadedFile } from './download.ts';
import type { PluginHttp } from './request.ts';

export type RegionCode = 'europe' | 'canada' | 'saudiArabia' | 'russia' | 'other';
export type TelemetryLocation = 'northernEurope' | 'saudiArabia' | 'russia';

/** The regions of the activation step, in the order they are offered. */
export const REGIONS: readonly RegionCode[] = ['europe', 'canada', 'saudiArabia', 'russia', 'other'];

/** Where telemetry of a region is stored: Europe and Canada in Northern Europe, Saudi Arabia locally, the rest in Russia. */
export function telemetryLocationOf(region: RegionCode): TelemetryLocation {
  if (region === 'europe' || region === 'canada') return 'northernEurope';
  if (region === 'saudiArabia') return 'saudiArabia';
  return 'russia';
}

/** An activation code: 20 Latin letters and digits (spaces and dashes between groups are ignored). */
export function normalizeActivationCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}

export function isActivationCode(code: string): boolean {
  return /^[A-Z0-9]{20}$/.test(normalizeActivationCode(code));
}

/** Whether MDR is active for the organization. */
export interface ActivationStatus {
  status: 'active' | 'notActivated';
  activatedOn: string | null;
  regionCode: RegionCode | null;
  hasLicense: boolean;
  version: number;
}

/** The vendor-account sign-in: a ticket for the next steps and which of them apply. */
export interface VendorSignIn {
  ticket: string;
  account: { email: string };
  /** The current license; null = the activation-code step follows. */
  license: { name: string; regionCode: RegionCode; expirationDate: string } | null;
  /** Tenants to choose from (only when a license exists). */
  tenants: { id: string; name: string }[];
}

export interface CodeCheck {
  license: { name: string; tier: string; assetLimit: number; expirationDate: string };
  telemetryLocation: TelemetryLocation;
  agreements: string[];
}

export interface Agreements {
  region: RegionCode;
  telemetryLocation: TelemetryLocation;
  agreements: string[];
  /** The KSN configuration file version that activation applies. */
  ksnVersion: string | null;
}

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


/** An active license the root tenant's MDR configuration file can be made for. */
export interface RootConfigurationLicense {
  id: string;
  name: string;
  tier: string;
  assetLimit: number;
  expirationDate: string | null;
}

/** Activation of the solution for the organization, and the root tenant's configuration file. */
export class ActivationApi {
  constructor(private readonly http: PluginHttp) {}

  /** Whether MDR is active (every user of the section may ask). */
  status(signal?: AbortSignal): Promise<ActivationStatus> {
    return this.http.get<ActivationStatus>('/activation', { signal });
  }

  /** Signs in with the vendor account (emulated by the MDR service). */
  vendorSignIn(email: string, password: string): Promise<VendorSignIn> {
    return this.http.post<VendorSignIn>('/activation/sign-in', { email, password });
  }

  /** Checks an activation code for a region; stores nothing. */
  checkCode(ticket: string, activationCode: string, region: RegionCode): Promise<CodeCheck> {
    return this.http.post<CodeCheck>('/activation/check-code', { ticket, activationCode: normalizeActivationCode(activationCode), region });
  }

  /** The agreements of a region and the KSN configuration file version to apply. */
  agreements(region: RegionCode, signal?: AbortSignal): Promise<Agreements> {
    return this.http.get<Agreements>(`/activation/agreements?region=${encodeURIComponent(region)}`, { signal });
  }

  /** The last step: activates the organization with everything collected, all at once. */
  activate(request: ActivationRequest): Promise<ActivationStatus> {
    return this.http.post<ActivationStatus>('/activation', request);
  }

  /** *Enter a new activation code* on an active organization. */
  addCode(activationCode: string): Promise<{ id: string; name: string; expirationDate: string }> {
    return this.http.post<{ id: string; name: string; expirationDate: string }>('/activation/code', { activationCode: normalizeActivationCode(activationCode) });
  }

  /** *Revoke the confirmation of the terms*: MDR is no longer active afterwards. */
  revokeTerms(expectedVersion: number): Promise<ActivationStatus> {
    return this.http.post<ActivationStatus>('/terms/revoke', { expectedVersion });
  }

  /** The active licenses for *Getting Started → Download* (one file per license). */
  rootConfigurationLicenses(signal?: AbortSignal): Promise<{ items: RootConfigurationLicense[] }> {
    return this.http.get<{ items: RootConfigurationLicense[] }>('/configuration-file/licenses', { signal });
  }

  /** The root tenant's MDR configuration archive for one license: the KSN file plus the BLOB or the BAT script. */
  downloadRootConfiguration(licenseId: string, variant: 'blob' | 'bat'): Promise<DownloadedFile> {
    return downloadFile(this.http, '/configuration-file', { licenseId, variant }, `mdr_configuration_root_${variant}.zip`);
  }
}

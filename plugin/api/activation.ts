import {
  normalizeActivationCode,
  REGION_CODES,
  type ActivationRequest,
  type ActivationStatus,
  type AgreementId,
  type Agreements,
  type BackgroundConnection,
  type CodeCheck,
  type NewActivationCodeRequest,
  type NewActivationCodeResult,
  type RegionCode,
  type RootConfigurationLicenses,
  type VendorSignIn,
} from '../../contract/activation.ts';
import { downloadFile, type DownloadedFile } from './download.ts';
import { AreaApi } from './request.ts';

export * from '../../contract/activation.ts';

/** The regions of the activation step, in the order they are offered. */
export const REGIONS: readonly RegionCode[] = REGION_CODES;

/** Activation of the solution for the organization, and the root tenant's configuration file. */
export class ActivationApi extends AreaApi {
  /** Whether MDR is active (every user of the section may ask). */
  status(signal?: AbortSignal): Promise<ActivationStatus> {
    return this.http.get<ActivationStatus>('/activation', { signal });
  }

  /** Whether the background connection between the Web Console and the Administration Server is on. */
  backgroundConnection(signal?: AbortSignal): Promise<BackgroundConnection> {
    return this.http.get<BackgroundConnection>('/background-connection', { signal });
  }

  /** Enables the background connection (`expectedVersion`: the version read with it). */
  enableBackgroundConnection(expectedVersion: number): Promise<BackgroundConnection> {
    return this.http.post<BackgroundConnection>('/background-connection/enable', { expectedVersion });
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

  /** The text of an agreement (or the KSN Statement) for a region, in the region's service language. */
  agreementText(id: AgreementId, region: RegionCode, signal?: AbortSignal): Promise<string> {
    return this.http.get<string>(`/activation/agreements/${encodeURIComponent(id)}`, { params: { region }, responseType: 'text', signal });
  }

  /** Where that text opens whole, in a new window. */
  agreementUrl(id: AgreementId, region: RegionCode): string {
    return `${this.http.baseUrl}/activation/agreements/${encodeURIComponent(id)}?region=${encodeURIComponent(region)}`;
  }

  /** The last step: activates the organization with everything collected, all at once. */
  activate(request: ActivationRequest): Promise<ActivationStatus> {
    const { activationCode } = request;
    return this.http.post<ActivationStatus>('/activation', activationCode === undefined ? request : { ...request, activationCode: normalizeActivationCode(activationCode) });
  }

  /**
   * *Enter a new activation code* on an active organization: the code and region, checked again by
   * the vendor, and the tenants this Administration Server may reach, applied together.
   */
  applyNewCode(request: NewActivationCodeRequest): Promise<NewActivationCodeResult> {
    return this.http.post<NewActivationCodeResult>('/activation/code', { ...request, activationCode: normalizeActivationCode(request.activationCode) });
  }

  /** *Revoke the confirmation of the terms*: MDR is no longer active afterwards. */
  revokeTerms(expectedVersion: number): Promise<ActivationStatus> {
    return this.http.post<ActivationStatus>('/terms/revoke', { expectedVersion });
  }

  /** The active licenses for *Getting Started → Download* (one file per license). */
  rootConfigurationLicenses(signal?: AbortSignal): Promise<RootConfigurationLicenses> {
    return this.http.get<RootConfigurationLicenses>('/configuration-file/licenses', { signal });
  }

  /** The root tenant's MDR configuration archive for one license: the KSN file plus the BLOB or the BAT script. */
  downloadRootConfiguration(licenseId: string, variant: 'blob' | 'bat'): Promise<DownloadedFile> {
    return downloadFile(this.http, '/configuration-file', { licenseId, variant }, `mdr_configuration_root_${variant}.zip`);
  }
}

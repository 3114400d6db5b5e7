import type { AgreementId } from '../../contract/activation.ts';
import type { PluginHttp } from './request.ts';

/** One license on *MDR Usage*. */
export interface UsageLicense {
  id: string;
  tier: string;
  assetLimit: number;
  connectedAssets: number;
  expirationDate: string;
  use: 'current' | 'unused' | 'expired';
}

/** The organization's use of MDR, as the *MDR Usage* tab shows it. */
export interface Usage {
  organization: { name: string };
  activation: { status: 'active' | 'notActivated'; activatedOn: string | null };
  license: {
    id: string;
    name: string;
    tier: string;
    assetLimit: number;
    connectedAssets: number;
    activationDate: string;
    expirationDate: string;
    status: string;
  } | null;
  /**
   * Every license but removed ones, latest expiration first, with its use: current, unused or
   * expired. Absent from an MDR service older than multi-license support, which has one license.
   */
  licenses?: UsageLicense[];
  /** Both null until the solution is activated. */
  region: { code: string | null; telemetryLocation: string | null };
  ksn: {
    installedVersion: string | null;
    latestVersion: string | null;
    updateAvailable: boolean;
    /** `disabled`: KPSN is off while MDR is not active. */
    status: 'upToDate' | 'updateAvailable' | 'notInstalled' | 'disabled';
  };
  /** *Terms of using the MDR solution*: accepted on, the agreements accepted (readable whole at {@link UsageApi.acceptedAgreementUrl}), the KSN Statement. */
  terms: { acceptedOn: string | null; agreements?: AgreementId[]; ksnStatementAcceptedOn?: string | null };
  customIncidents: { total: number; remaining: number } | null;
  /** The organization's version: changes send it so that they never overwrite another user's. */
  version: number;
}

/** *MDR Usage*: the organization's use of MDR and its KSN configuration file. */
export class UsageApi {
  constructor(private readonly http: PluginHttp) {}

  /** Reads the organization's MDR usage. */
  get(signal?: AbortSignal): Promise<Usage> {
    return this.http.get<Usage>('/usage', { signal });
  }

  /** Where the text of an agreement the organization accepted opens whole (a plain-text document). */
  acceptedAgreementUrl(id: AgreementId): string {
    return `${this.http.baseUrl}/terms/agreements/${encodeURIComponent(id)}`;
  }

  /** Installs the newest KSN configuration file (`version`, as the tab showed it). */
  updateKsnConfiguration(version: string, expectedVersion: number): Promise<{ installedVersion: string; version: number }> {
    return this.http.post<{ installedVersion: string; version: number }>('/ksn/update', { version, expectedVersion });
  }
}

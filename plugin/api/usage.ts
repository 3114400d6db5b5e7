import type { AgreementId, KsnUpdateResult } from '../../contract/activation.ts';
import type { Usage } from '../../contract/usage.ts';
import { AreaApi } from './request.ts';

export type { Usage, UsageLicense } from '../../contract/usage.ts';

/** *MDR Usage*: the organization's use of MDR and its KSN configuration file. */
export class UsageApi extends AreaApi {
  /** Reads the organization's MDR usage. */
  get(signal?: AbortSignal): Promise<Usage> {
    return this.http.get<Usage>('/usage', { signal });
  }

  /** Where the text of an agreement the organization accepted opens whole (a plain-text document). */
  acceptedAgreementUrl(id: AgreementId): string {
    return `${this.http.baseUrl}/terms/agreements/${encodeURIComponent(id)}`;
  }

  /** Installs the newest KSN configuration file (`version`, as the tab showed it). */
  updateKsnConfiguration(version: string, expectedVersion: number): Promise<KsnUpdateResult> {
    return this.http.post<KsnUpdateResult>('/ksn/update', { version, expectedVersion });
  }
}

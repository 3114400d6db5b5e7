import { downloadFile, type DownloadedFile } from './download.ts';
import type { ListRequest } from '../../contract/list.ts';
import type { AssetsByTenant, License, LicensePage, LicenseSortField, LicenseView } from '../../contract/schemas/licenses.ts';
import { AreaApi } from './request.ts';

/** Activation code: 20 letters and digits (spaces and dashes between groups are ignored). */
export const ACTIVATION_CODE_PATTERN = /^[A-Z0-9]{20}$/;

/** The *Licenses* requests and answers, declared once as schemas (`contract/schemas/licenses.ts`). */
export type { AssetsByTenant, AssetsByTenantRow, License, LicensePage, LicenseSortField, LicenseStatus, LicenseView } from '../../contract/schemas/licenses.ts';

/** What a person typed as an activation code, normalized: no spaces or dashes, upper case. */
export function normalizeActivationCode(text: string): string {
  return text.replace(/[\s-]+/g, '').toUpperCase();
}

/** *Licenses*: keys, their use per tenant and their configuration archives. */
export class LicensesApi extends AreaApi {
  /** One page of licenses in the *Active* or *All* view. */
  list(query: ListRequest<LicenseSortField> & { view: LicenseView }, signal?: AbortSignal): Promise<LicensePage> {
    return this.http.get<LicensePage>('/licenses', { params: query, signal });
  }

  /** Connected assets per tenant per license, for *Export by tenants to CSV*. */
  async assetsByTenant(): Promise<AssetsByTenant['items']> {
    return (await this.http.get<AssetsByTenant>('/licenses/assets-by-tenant')).items;
  }

  /** *Add new license key*. Refusals come back as `validation` errors with a rule (format, unknownCode, tierMismatch, …). */
  add(activationCode: string): Promise<License> {
    return this.http.post<License>('/licenses', { activationCode });
  }

  /** Removes a key: it shows as *Removed* and can be added again. */
  remove(id: string, expectedVersion: number): Promise<License> {
    return this.http.delete<License>(`/licenses/${encodeURIComponent(id)}`, { params: { expectedVersion } });
  }

  /** *Archive for asset configuration*: the ZIP with the KSN configuration file and the BLOB (P7) or BAT file. */
  downloadArchive(id: string, variant: 'blob' | 'bat'): Promise<DownloadedFile> {
    return downloadFile(this.http, `/licenses/${encodeURIComponent(id)}/archive`, { variant }, `mdr_configuration_${variant}.zip`);
  }
}

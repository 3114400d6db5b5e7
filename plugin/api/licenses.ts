import { downloadFile, type DownloadedFile } from './download.ts';
import type { RegionCode } from '../../contract/activation.ts';
import type { LicenseTier } from '../../contract/license-tiers.ts';
import type { ListPage, ListRequest } from '../../contract/list.ts';
import { AreaApi } from './request.ts';

/** Activation code: 20 letters and digits (spaces and dashes between groups are ignored). */
export const ACTIVATION_CODE_PATTERN = /^[A-Z0-9]{20}$/;

export type LicenseStatus = 'active' | 'expired' | 'blocked' | 'deleted' | 'inactive' | 'removed';
export type LicenseSortField = 'name' | 'connectedAssets' | 'id' | 'activationDate' | 'expirationDate' | 'status';
export type LicenseView = 'active' | 'all';

export interface License {
  id: string;
  /** Product name including the tier. */
  name: string;
  tier: LicenseTier;
  assetLimit: number;
  connectedAssets: number;
  activationCode: string;
  activationDate: string;
  expirationDate: string;
  status: LicenseStatus;
  /** Expired or expires within 14 days (highlighted). */
  expiresSoon: boolean;
  /** More assets connected than the limit allows (highlighted). */
  overLimit: boolean;
  version: number;
}

export interface LicensePage extends ListPage<License> {
  view: LicenseView;
  /** General information about the current (active) licenses, for the top panel. */
  summary?: { active: number; connectedAssets: number; assetLimit: number; nextExpiration: string | null };
  organization: { tier: LicenseTier | null; regionCode: RegionCode | null };
}

/** Connected assets of one tenant (null: root) on one license. */
export interface AssetsByTenantRow {
  licenseId: string;
  licenseName: string;
  assetLimit: number;
  expirationDate: string;
  status: LicenseStatus;
  tenantId: string | null;
  tenantName: string | null;
  assets: number;
}


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
  async assetsByTenant(): Promise<AssetsByTenantRow[]> {
    return (await this.http.get<{ items: AssetsByTenantRow[] }>('/licenses/assets-by-tenant')).items;
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

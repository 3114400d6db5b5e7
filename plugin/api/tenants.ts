import type { AxiosInstance } from 'axios';
import { downloadFile, type DownloadedFile } from './download.ts';
import { toApiError } from './errors.ts';
import type { ListPage, ListRequest } from './list.ts';

/** Tenant name: at most 100 characters. */
export const TENANT_NAME_MAX = 100;
/** Tenant description: at most 2000 characters. */
export const TENANT_DESCRIPTION_MAX = 2000;

export type TenantSortField = 'name' | 'status' | 'assets' | 'description' | 'createdOn' | 'expiration';

/** A tenant as the *Tenants* list shows it. */
export interface Tenant {
  id: string;
  name: string;
  description: string;
  /** The *Active* toggle. */
  active: boolean;
  /** Inactive when switched off or when the tenant's lifetime has ended. */
  status: 'active' | 'inactive';
  assets: number;
  createdOn: string;
  expiration: string | null;
  version: number;
}

/** A configuration file of a tenant. */
export interface TenantConfigFile {
  id: string;
  licenseId: string;
  licenseName: string;
  /** Tier and limit of the license (null when it was deleted since), for its one display name. */
  licenseTier: string | null;
  licenseAssetLimit: number | null;
  /** 'YYYY-MM-DD'. */
  expirationDate: string;
  createdOn: string;
}

export interface TenantDetails extends Tenant {
  configFiles: TenantConfigFile[];
}

/** The tenants page plus the organization's limit and count. */
export interface TenantPage extends ListPage<Tenant> {
  limit: number;
  count: number;
}

/** A license a configuration file can run on. */
export interface TenantLicenseOption {
  id: string;
  name: string;
  tier: string;
  assetLimit: number;
  expirationDate: string;
  /** Last expiration date allowed on this license ('YYYY-MM-DD'): the day before its last day. */
  lastAllowedDate: string;
}

export interface TenantLicenseOptions {
  items: TenantLicenseOption[];
  /** Today on the service's calendar ('YYYY-MM-DD'). */
  today: string;
}

export interface TenantInput {
  name: string;
  description: string;
  active: boolean;
  configFile: { licenseId: string; expirationDate: string };
}

export type TenantPatch = Partial<Pick<TenantInput, 'name' | 'description' | 'active'>>;

/** Archive variant: the BLOB (P7) file or the BAT file next to the KSN configuration file. */
export type ArchiveVariant = 'blob' | 'bat';

async function call<T>(request: Promise<{ data: T }>): Promise<T> {
  try {
    return (await request).data;
  } catch (error) {
    throw toApiError(error);
  }
}

/** One page of tenants. */
export function listTenants(http: AxiosInstance, query: ListRequest<TenantSortField>, signal?: AbortSignal): Promise<TenantPage> {
  return call(http.get<TenantPage>('/tenants', { params: query, signal }));
}

/** A tenant with its configuration files. */
export function getTenant(http: AxiosInstance, id: string, signal?: AbortSignal): Promise<TenantDetails> {
  return call(http.get<TenantDetails>(`/tenants/${encodeURIComponent(id)}`, { signal }));
}

/** Licenses a configuration file can be created on. */
export function listTenantLicenses(http: AxiosInstance, signal?: AbortSignal): Promise<TenantLicenseOptions> {
  return call(http.get<TenantLicenseOptions>('/tenant-licenses', { signal }));
}

/** Adds a tenant with its first configuration file. */
export function createTenant(http: AxiosInstance, input: TenantInput): Promise<TenantDetails> {
  return call(http.post<TenantDetails>('/tenants', input));
}

/** Saves changes; refused with a `conflict` ApiError when someone else saved since `expectedVersion`. */
export function updateTenant(http: AxiosInstance, id: string, patch: TenantPatch, expectedVersion: number): Promise<TenantDetails> {
  return call(http.patch<TenantDetails>(`/tenants/${encodeURIComponent(id)}`, { ...patch, expectedVersion }));
}

/** Deletes a tenant (its assets are disconnected); answers how many. */
export function deleteTenant(http: AxiosInstance, id: string, expectedVersion: number): Promise<{ disconnectedAssets: number }> {
  return call(http.delete<{ disconnectedAssets: number }>(`/tenants/${encodeURIComponent(id)}`, { params: { expectedVersion } }));
}

/** Adds a configuration file (license + expiration date) to a tenant. */
export function addConfigFile(http: AxiosInstance, tenantId: string, file: { licenseId: string; expirationDate: string }): Promise<TenantDetails> {
  return call(http.post<TenantDetails>(`/tenants/${encodeURIComponent(tenantId)}/config-files`, file));
}

/** Removes a configuration file (never the last one: refused with code `lastConfigFile`). */
export function removeConfigFile(http: AxiosInstance, tenantId: string, fileId: string): Promise<TenantDetails> {
  return call(http.delete<TenantDetails>(`/tenants/${encodeURIComponent(tenantId)}/config-files/${encodeURIComponent(fileId)}`));
}

/** The ZIP with the KSN configuration file and the BLOB (P7) or BAT file of a configuration file. */
export function downloadTenantArchive(http: AxiosInstance, tenantId: string, fileId: string, variant: ArchiveVariant): Promise<DownloadedFile> {
  return downloadFile(
    http,
    `/tenants/${encodeURIComponent(tenantId)}/config-files/${encodeURIComponent(fileId)}/archive`,
    { variant },
    `mdr_configuration_${variant}.zip`,
  );
}

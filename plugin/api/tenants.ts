import type { AxiosInstance } from 'axios';
import { downloadFile, type DownloadedFile } from './download.ts';
import type { ListRequest } from '../../contract/list.ts';
import type { TenantSortField, TenantDetails, TenantPage, TenantLicenseOptions, TenantInput, TenantPatch, ArchiveVariant } from '../../contract/tenants.ts';
import { dataOf } from './request.ts';
export * from '../../contract/tenants.ts';


/** One page of tenants. */
export function listTenants(http: AxiosInstance, query: ListRequest<TenantSortField>, signal?: AbortSignal): Promise<TenantPage> {
  return dataOf(http.get<TenantPage>('/tenants', { params: query, signal }));
}

/** A tenant with its configuration files. */
export function getTenant(http: AxiosInstance, id: string, signal?: AbortSignal): Promise<TenantDetails> {
  return dataOf(http.get<TenantDetails>(`/tenants/${encodeURIComponent(id)}`, { signal }));
}

/** Licenses a configuration file can be created on. */
export function listTenantLicenses(http: AxiosInstance, signal?: AbortSignal): Promise<TenantLicenseOptions> {
  return dataOf(http.get<TenantLicenseOptions>('/tenant-licenses', { signal }));
}

/** Adds a tenant with its first configuration file. */
export function createTenant(http: AxiosInstance, input: TenantInput): Promise<TenantDetails> {
  return dataOf(http.post<TenantDetails>('/tenants', input));
}

/** Saves changes; refused with a `conflict` ApiError when someone else saved since `expectedVersion`. */
export function updateTenant(http: AxiosInstance, id: string, patch: TenantPatch, expectedVersion: number): Promise<TenantDetails> {
  return dataOf(http.patch<TenantDetails>(`/tenants/${encodeURIComponent(id)}`, { ...patch, expectedVersion }));
}

/** Deletes a tenant (its assets are disconnected); answers how many. */
export function deleteTenant(http: AxiosInstance, id: string, expectedVersion: number): Promise<{ disconnectedAssets: number }> {
  return dataOf(http.delete<{ disconnectedAssets: number }>(`/tenants/${encodeURIComponent(id)}`, { params: { expectedVersion } }));
}

/** Adds a configuration file (license + expiration date) to a tenant. */
export function addConfigFile(http: AxiosInstance, tenantId: string, file: { licenseId: string; expirationDate: string }): Promise<TenantDetails> {
  return dataOf(http.post<TenantDetails>(`/tenants/${encodeURIComponent(tenantId)}/config-files`, file));
}

/** Removes a configuration file (never the last one: refused with code `lastConfigFile`). */
export function removeConfigFile(http: AxiosInstance, tenantId: string, fileId: string): Promise<TenantDetails> {
  return dataOf(http.delete<TenantDetails>(`/tenants/${encodeURIComponent(tenantId)}/config-files/${encodeURIComponent(fileId)}`));
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

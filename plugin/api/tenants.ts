import { downloadFile, type DownloadedFile } from './download.ts';
import type { ListRequest } from '../../contract/list.ts';
import type { TenantSortField, TenantDetails, TenantPage, TenantLicenseOptions, TenantInput, TenantPatch, ArchiveVariant, TenantDeletion, ConfigFileInput } from '../../contract/tenants.ts';
import { AreaApi } from './request.ts';
export * from '../../contract/tenants.ts';

/** The *Tenants* calls: tenants and their configuration files. */
export class TenantsApi extends AreaApi {
  /** One page of tenants. */
  list(query: ListRequest<TenantSortField>, signal?: AbortSignal): Promise<TenantPage> {
    return this.http.get<TenantPage>('/tenants', { params: query, signal });
  }

  /** A tenant with its configuration files. */
  get(id: string, signal?: AbortSignal): Promise<TenantDetails> {
    return this.http.get<TenantDetails>(`/tenants/${encodeURIComponent(id)}`, { signal });
  }

  /** Licenses a configuration file can be created on. */
  licenses(signal?: AbortSignal): Promise<TenantLicenseOptions> {
    return this.http.get<TenantLicenseOptions>('/tenant-licenses', { signal });
  }

  /** Adds a tenant with its first configuration file. */
  create(input: TenantInput): Promise<TenantDetails> {
    return this.http.post<TenantDetails>('/tenants', input);
  }

  /** Saves changes; refused with a `conflict` ApiError when someone else saved since `expectedVersion`. */
  update(id: string, patch: TenantPatch, expectedVersion: number): Promise<TenantDetails> {
    return this.http.patch<TenantDetails>(`/tenants/${encodeURIComponent(id)}`, { ...patch, expectedVersion });
  }

  /** Deletes a tenant (its assets are disconnected); answers how many. */
  delete(id: string, expectedVersion: number): Promise<TenantDeletion> {
    return this.http.delete<TenantDeletion>(`/tenants/${encodeURIComponent(id)}`, { params: { expectedVersion } });
  }

  /** Adds a configuration file (license + expiration date) to a tenant. */
  addConfigFile(tenantId: string, file: ConfigFileInput): Promise<TenantDetails> {
    return this.http.post<TenantDetails>(`/tenants/${encodeURIComponent(tenantId)}/config-files`, file);
  }

  /** Removes a configuration file (never the last one: refused with code `lastConfigFile`). */
  removeConfigFile(tenantId: string, fileId: string): Promise<TenantDetails> {
    return this.http.delete<TenantDetails>(`/tenants/${encodeURIComponent(tenantId)}/config-files/${encodeURIComponent(fileId)}`);
  }

  /** The ZIP with the KSN configuration file and the BLOB (P7) or BAT file of a configuration file. */
  downloadArchive(tenantId: string, fileId: string, variant: ArchiveVariant): Promise<DownloadedFile> {
    return downloadFile(
      this.http,
      `/tenants/${encodeURIComponent(tenantId)}/config-files/${encodeURIComponent(fileId)}/archive`,
      { variant },
      `mdr_configuration_${variant}.zip`,
    );
  }
}

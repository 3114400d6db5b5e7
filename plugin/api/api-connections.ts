import type { AxiosInstance } from 'axios';
import type { ListPage, ListRequest } from '../../contract/list.ts';
import type { ApiConnectionSortField, ApiConnection, IssuedToken, ConnectionTenantOptions, ApiConnectionInput } from '../../contract/api-connections.ts';
import { dataOf } from './request.ts';
export * from '../../contract/api-connections.ts';


/** One page of API connections (never any token). */
export function listApiConnections(http: AxiosInstance, query: ListRequest<ApiConnectionSortField>, signal?: AbortSignal): Promise<ListPage<ApiConnection>> {
  return dataOf(http.get<ListPage<ApiConnection>>('/api-connections', { params: query, signal }));
}

/** Tenants (and whether the root) a connection may be limited to. */
export function listConnectionTenants(http: AxiosInstance, signal?: AbortSignal): Promise<ConnectionTenantOptions> {
  return dataOf(http.get<ConnectionTenantOptions>('/api-connection-tenants', { signal }));
}

/** *Generate*: creates the connection and its first refresh token. */
export function createApiConnection(http: AxiosInstance, input: ApiConnectionInput): Promise<IssuedToken> {
  return dataOf(http.post<IssuedToken>('/api-connections', input));
}

/** Saves name, rights or tenants; refused with a `conflict` ApiError when someone else saved since `expectedVersion`. */
export function updateApiConnection(http: AxiosInstance, id: string, patch: Partial<ApiConnectionInput>, expectedVersion: number): Promise<ApiConnection> {
  return dataOf(http.patch<ApiConnection>(`/api-connections/${encodeURIComponent(id)}`, { ...patch, expectedVersion }));
}

/** *Refresh*: a new refresh token for a connection pending activation. */
export function refreshApiConnection(http: AxiosInstance, id: string): Promise<IssuedToken> {
  return dataOf(http.post<IssuedToken>(`/api-connections/${encodeURIComponent(id)}/refresh`, {}));
}

/** *Revoke*: every token of the connection stops working at once. */
export function revokeApiConnection(http: AxiosInstance, id: string): Promise<ApiConnection> {
  return dataOf(http.post<ApiConnection>(`/api-connections/${encodeURIComponent(id)}/revoke`, {}));
}

/** Deletes a connection; its tokens stop working. */
export function deleteApiConnection(http: AxiosInstance, id: string, expectedVersion: number): Promise<void> {
  return dataOf(http.delete(`/api-connections/${encodeURIComponent(id)}`, { params: { expectedVersion } })).then(() => undefined);
}

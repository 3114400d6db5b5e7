import type { ListPage, ListRequest } from '../../contract/list.ts';
import type { ApiConnectionSortField, ApiConnection, IssuedToken, ConnectionTenantOptions, ApiConnectionInput } from '../../contract/api-connections.ts';
import { AreaApi } from './request.ts';
export * from '../../contract/api-connections.ts';

/** The *API* calls: connections of the public REST API and their tokens. */
export class ApiConnectionsApi extends AreaApi {
  /** One page of API connections (never any token). */
  list(query: ListRequest<ApiConnectionSortField>, signal?: AbortSignal): Promise<ListPage<ApiConnection>> {
    return this.http.get<ListPage<ApiConnection>>('/api-connections', { params: query, signal });
  }

  /** Tenants (and whether the root) a connection may be limited to. */
  tenants(signal?: AbortSignal): Promise<ConnectionTenantOptions> {
    return this.http.get<ConnectionTenantOptions>('/api-connection-tenants', { signal });
  }

  /** *Generate*: creates the connection and its first refresh token. */
  create(input: ApiConnectionInput): Promise<IssuedToken> {
    return this.http.post<IssuedToken>('/api-connections', input);
  }

  /** Saves name, rights or tenants; refused with a `conflict` ApiError when someone else saved since `expectedVersion`. */
  update(id: string, patch: Partial<ApiConnectionInput>, expectedVersion: number): Promise<ApiConnection> {
    return this.http.patch<ApiConnection>(`/api-connections/${encodeURIComponent(id)}`, { ...patch, expectedVersion });
  }

  /** *Refresh*: a new refresh token for a connection pending activation. */
  refresh(id: string): Promise<IssuedToken> {
    return this.http.post<IssuedToken>(`/api-connections/${encodeURIComponent(id)}/refresh`, {});
  }

  /** *Revoke*: every token of the connection stops working at once. */
  revoke(id: string): Promise<ApiConnection> {
    return this.http.post<ApiConnection>(`/api-connections/${encodeURIComponent(id)}/revoke`, {});
  }

  /** Deletes a connection; its tokens stop working. */
  async delete(id: string, expectedVersion: number): Promise<void> {
    await this.http.delete(`/api-connections/${encodeURIComponent(id)}`, { params: { expectedVersion } });
  }
}

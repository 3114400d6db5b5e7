import { AreaApi } from './request.ts';

/** Asset counts per status within the console's tenant scope (the *MDR assets by status* widget). */
export interface AssetsSummary {
  ok: number;
  warning: number;
  critical: number;
  absent: number;
  total: number;
  /** What *Filter by tenant* offers: the tenants of the console's scope, and 'root' when it reaches it. */
  tenantOptions: { root: boolean; tenants: { id: string; name: string }[] };
}

/** The calls of the console's dashboard widget. */
export class DashboardApi extends AreaApi {
  /** Reads how many assets are in each status, of the given tenants only when `tenantIds` is not empty. */
  assetsSummary(tenantIds: readonly string[], signal?: AbortSignal): Promise<AssetsSummary> {
    const params = tenantIds.length > 0 ? { tenantIds: tenantIds.join(',') } : undefined;
    return this.http.get<AssetsSummary>('/assets/summary', { params, signal });
  }
}

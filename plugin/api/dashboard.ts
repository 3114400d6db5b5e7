import type { AssetsSummary } from '../../contract/summaries.ts';
import { AreaApi } from './request.ts';

export type { AssetsSummary } from '../../contract/summaries.ts';

/** The calls of the console's dashboard widget. */
export class DashboardApi extends AreaApi {
  /** Reads how many assets are in each status, of the given tenants only when `tenantIds` is not empty. */
  assetsSummary(tenantIds: readonly string[], signal?: AbortSignal): Promise<AssetsSummary> {
    const params = tenantIds.length > 0 ? { tenantIds: tenantIds.join(',') } : undefined;
    return this.http.get<AssetsSummary>('/assets/summary', { params, signal });
  }
}

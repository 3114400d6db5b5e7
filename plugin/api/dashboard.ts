import type { AxiosInstance } from 'axios';
import { toApiError } from './errors.ts';

/** Asset counts per status within the console's tenant scope (the *MDR assets by status* widget). */
export interface AssetsSummary {
  ok: number;
  warning: number;
  critical: number;
  absent: number;
  total: number;
}

/** Reads how many assets are in each status. */
export async function getAssetsSummary(http: AxiosInstance, signal?: AbortSignal): Promise<AssetsSummary> {
  try {
    return (await http.get<AssetsSummary>('/assets/summary', { signal })).data;
  } catch (error) {
    throw toApiError(error);
  }
}

import { downloadFile, type DownloadedFile } from './download.ts';
import type { AssetStatus, SeenAsset, SeenAssetPage } from '../../contract/schemas/health.ts';
import { AreaApi } from './request.ts';

/** *All assets ever seen*, declared once as schemas (`contract/schemas/health.ts`): the types the service's answer has. */
export type { AssetStatus, SeenAsset, SeenAssetPage };
export type MdrState = 'unknown' | 'stopped' | 'paused' | 'starting' | 'running' | 'failed' | 'notInstalled' | 'noLicense';

/** Every MDR state of the spec, in the order the filter lists them. */
export const MDR_STATES: readonly MdrState[] = ['unknown', 'stopped', 'paused', 'starting', 'running', 'failed', 'notInstalled', 'noLicense'];
export const ASSET_STATUSES: readonly AssetStatus[] = ['ok', 'warning', 'critical', 'absent'];

/** A page of a server-side list. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface SeenAssetQuery {
  page: number;
  pageSize: number;
  sort: string;
  direction: 'asc' | 'desc';
  statuses: AssetStatus[];
  /** Epoch milliseconds. */
  lastSeenFrom?: number;
  lastSeenTo?: number;
  search: string;
}

/** A critical component that is not running; `selfDefense` names the Self-Defense feature. */
export interface CriticalComponent {
  name: string;
  state: MdrState | 'off';
  indication: 'yellow' | 'red';
}

/** A device of the console that has the MDR component but never sent telemetry. */
export interface MalfunctioningAsset {
  id: string;
  name: string;
  applications: string[];
  mdrState: MdrState;
  administrationServer: string;
  criticalComponents: CriticalComponent[];
}

export interface MalfunctioningQuery {
  page: number;
  pageSize: number;
  sort: string;
  direction: 'asc' | 'desc';
  states: MdrState[];
}

/** The device with every component of every application. */
export interface DeviceDetails {
  id: string;
  name: string;
  group: string;
  administrationServer: string;
  mdrState: MdrState;
  selfDefense: boolean;
  applications: { name: string; version: string; components: { name: string; state: string }[] }[];
  criticalComponents: CriticalComponent[];
}

/**
 * The query of a list call: paging and sorting first, then the filters; what is not set (no page,
 * an empty list or text) is left out, so that the server applies its defaults.
 */
function listParams(query: { page?: number; pageSize?: number; sort?: string; direction?: string }, filters: Record<string, string | number | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  const values: [string, string | number | undefined][] = [['page', query.page || undefined], ['pageSize', query.pageSize || undefined], ['sort', query.sort], ['direction', query.direction], ...Object.entries(filters)];
  for (const [name, value] of values) if (value !== undefined && value !== '') params.set(name, String(value));
  return params;
}

function seenParams(query: Partial<SeenAssetQuery>): URLSearchParams {
  return listParams(query, { statuses: query.statuses?.join(','), lastSeenFrom: query.lastSeenFrom, lastSeenTo: query.lastSeenTo, search: query.search?.trim() });
}

function malfunctioningParams(query: Partial<MalfunctioningQuery>): URLSearchParams {
  return listParams(query, { states: query.states?.join(',') });
}

/** *MDR Health*: assets that sent telemetry, devices that never did, and their details. */
export class HealthApi extends AreaApi {
  /** One page of *All assets ever seen*. */
  seenAssets(query: SeenAssetQuery, signal?: AbortSignal): Promise<SeenAssetPage> {
    return this.http.get<SeenAssetPage>(`/health/assets?${seenParams(query)}`, { signal });
  }

  /** The CSV of *All assets ever seen* with these filters. */
  exportSeenAssets(query: Omit<SeenAssetQuery, 'page' | 'pageSize'>): Promise<DownloadedFile> {
    return downloadFile(this.http, '/health/assets/export', Object.fromEntries(seenParams(query)), 'mdr-assets.csv');
  }

  /** One page of *Malfunctioning assets*. */
  malfunctioningAssets(query: MalfunctioningQuery, signal?: AbortSignal): Promise<Page<MalfunctioningAsset>> {
    return this.http.get<Page<MalfunctioningAsset>>(`/health/devices?${malfunctioningParams(query)}`, { signal });
  }

  /** The CSV of *Malfunctioning assets* with this state filter. */
  exportMalfunctioning(states: readonly MdrState[]): Promise<DownloadedFile> {
    return downloadFile(this.http, '/health/devices/export', Object.fromEntries(malfunctioningParams({ states: [...states] })), 'mdr-malfunctioning-assets.csv');
  }

  /** A device with all its components. */
  deviceDetails(deviceId: string, signal?: AbortSignal): Promise<DeviceDetails> {
    return this.http.get<DeviceDetails>(`/health/devices/${encodeURIComponent(deviceId)}`, { signal });
  }

  /** Reads the asset counts (whether any asset is connected yet, for *Getting Started*). */
  assetCounts(signal?: AbortSignal): Promise<AssetCounts> {
    return this.http.get<AssetCounts>('/assets/summary', { signal });
  }
}

/** Assets that sent telemetry, by status, within the user's tenants. */
export interface AssetCounts {
  ok: number;
  warning: number;
  critical: number;
  absent: number;
  total: number;
}

import type { AxiosInstance } from 'axios';
import type { AutoAcceptMode, AutoAcceptTenant, MdrSettings, GeneralSettingsInput } from '../../contract/settings.ts';
import { dataOf } from './request.ts';
export * from '../../contract/settings.ts';

/** Reads the settings the user may see. */
export async function getSettings(http: AxiosInstance, signal?: AbortSignal): Promise<MdrSettings> {
  return dataOf(http.get<MdrSettings>('/settings', { signal }));
}

/** Saves extended notifications and the language (409 when someone else saved first). */
export async function saveGeneralSettings(http: AxiosInstance, input: GeneralSettingsInput): Promise<MdrSettings['general']> {
  return dataOf(http.put<MdrSettings['general']>('/settings/general', input));
}

/** Changes the auto-acceptance mode (MDR Administrator). */
export async function saveAutoAcceptMode(http: AxiosInstance, input: { mode: AutoAcceptMode; expectedVersion: number }): Promise<{ mode: AutoAcceptMode; version: number }> {
  return dataOf(http.put<{ mode: AutoAcceptMode; version: number }>('/settings/auto-accept/mode', input));
}

/**
 * Switches auto-acceptance of single tenants (only in the per-tenant mode), and *All tenants* and
 * *Root without tenants* with the setting's `version` when they change.
 */
export async function saveAutoAcceptTenants(
  http: AxiosInstance,
  tenants: { id: string; autoAccept: boolean; expectedVersion: number }[],
  options: { newTenants?: boolean; root?: boolean; expectedVersion?: number } = {},
): Promise<AutoAcceptTenant[]> {
  return (await dataOf(http.put<{ tenants: AutoAcceptTenant[] }>('/settings/auto-accept/tenants', { tenants, ...options }))).tenants;
}

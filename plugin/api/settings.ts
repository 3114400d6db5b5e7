import type { AxiosInstance } from 'axios';
import { toApiError } from './errors.ts';
import type { AutoAcceptMode, AutoAcceptTenant, MdrSettings, GeneralSettingsInput } from '../../contract/settings.ts';
export * from '../../contract/settings.ts';

/** Reads the settings the user may see. */
export async function getSettings(http: AxiosInstance, signal?: AbortSignal): Promise<MdrSettings> {
  try {
    return (await http.get<MdrSettings>('/settings', { signal })).data;
  } catch (error) {
    throw toApiError(error);
  }
}

/** Saves extended notifications and the language (409 when someone else saved first). */
export async function saveGeneralSettings(http: AxiosInstance, input: GeneralSettingsInput): Promise<MdrSettings['general']> {
  try {
    return (await http.put<MdrSettings['general']>('/settings/general', input)).data;
  } catch (error) {
    throw toApiError(error);
  }
}

/** Changes the auto-acceptance mode (MDR Administrator). */
export async function saveAutoAcceptMode(http: AxiosInstance, input: { mode: AutoAcceptMode; version: number }): Promise<{ mode: AutoAcceptMode; version: number }> {
  try {
    return (await http.put<{ mode: AutoAcceptMode; version: number }>('/settings/auto-accept/mode', input)).data;
  } catch (error) {
    throw toApiError(error);
  }
}

/**
 * Switches auto-acceptance of single tenants (only in the per-tenant mode), and *All tenants* and
 * *Root without tenants* with the setting's `version` when they change.
 */
export async function saveAutoAcceptTenants(
  http: AxiosInstance,
  tenants: { id: string; autoAccept: boolean; version: number }[],
  options: { newTenants?: boolean; root?: boolean; version?: number } = {},
): Promise<AutoAcceptTenant[]> {
  try {
    return (await http.put<{ tenants: AutoAcceptTenant[] }>('/settings/auto-accept/tenants', { tenants, ...options })).data.tenants;
  } catch (error) {
    throw toApiError(error);
  }
}

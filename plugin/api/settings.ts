import type { AutoAcceptMode, AutoAcceptTenant, MdrSettings, GeneralSettingsInput } from '../../contract/settings.ts';
import { AreaApi } from './request.ts';
export * from '../../contract/settings.ts';

/** *Settings*: the organization's general options and the auto-acceptance of responses. */
export class SettingsApi extends AreaApi {
  /** Reads the settings the user may see. */
  get(signal?: AbortSignal): Promise<MdrSettings> {
    return this.http.get<MdrSettings>('/settings', { signal });
  }

  /** Saves extended notifications and the language (409 when someone else saved first). */
  saveGeneral(input: GeneralSettingsInput): Promise<MdrSettings['general']> {
    return this.http.put<MdrSettings['general']>('/settings/general', input);
  }

  /** Changes the auto-acceptance mode (MDR Administrator). */
  saveAutoAcceptMode(input: { mode: AutoAcceptMode; expectedVersion: number }): Promise<{ mode: AutoAcceptMode; version: number }> {
    return this.http.put<{ mode: AutoAcceptMode; version: number }>('/settings/auto-accept/mode', input);
  }

  /**
   * Switches auto-acceptance of single tenants (only in the per-tenant mode), and *All tenants* and
   * *Root without tenants* with the setting's `version` when they change.
   */
  async saveAutoAcceptTenants(
    tenants: { id: string; autoAccept: boolean; expectedVersion: number }[],
    options: { newTenants?: boolean; root?: boolean; expectedVersion?: number } = {},
  ): Promise<AutoAcceptTenant[]> {
    return (await this.http.put<{ tenants: AutoAcceptTenant[] }>('/settings/auto-accept/tenants', { tenants, ...options })).tenants;
  }
}

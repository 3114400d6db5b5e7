import type {
  AutoAcceptModeInput,
  AutoAcceptModeSaved,
  AutoAcceptTenant,
  AutoAcceptTenantsInput,
  AutoAcceptTenantsSaved,
  GeneralSettings,
  GeneralSettingsInput,
  MdrSettings,
} from '../../contract/settings.ts';
import { AreaApi } from './request.ts';
export * from '../../contract/settings.ts';

/** *Settings*: the organization's general options and the auto-acceptance of responses. */
export class SettingsApi extends AreaApi {
  /** Reads the settings the user may see. */
  get(signal?: AbortSignal): Promise<MdrSettings> {
    return this.http.get<MdrSettings>('/settings', { signal });
  }

  /** Saves extended notifications and the language (409 when someone else saved first). */
  saveGeneral(input: GeneralSettingsInput): Promise<GeneralSettings> {
    return this.http.put<GeneralSettings>('/settings/general', input);
  }

  /** Changes the auto-acceptance mode (MDR Administrator). */
  saveAutoAcceptMode(input: AutoAcceptModeInput): Promise<AutoAcceptModeSaved> {
    return this.http.put<AutoAcceptModeSaved>('/settings/auto-accept/mode', input);
  }

  /**
   * Switches auto-acceptance of single tenants (only in the per-tenant mode), and *All tenants* and
   * *Root without tenants* with the setting's `version` when they change.
   */
  async saveAutoAcceptTenants(tenants: AutoAcceptTenantsInput['tenants'], options: Omit<AutoAcceptTenantsInput, 'tenants'> = {}): Promise<AutoAcceptTenant[]> {
    const input: AutoAcceptTenantsInput = { tenants, ...options };
    return (await this.http.put<AutoAcceptTenantsSaved>('/settings/auto-accept/tenants', input)).tenants;
  }
}

import type { AxiosInstance } from 'axios';
import { toApiError } from './errors.ts';

/** The three modes of *Auto-acceptance of responses*. */
export type AutoAcceptMode = 'disabled' | 'allTenants' | 'perTenant';
export const AUTO_ACCEPT_MODES: readonly AutoAcceptMode[] = ['disabled', 'allTenants', 'perTenant'];

/** Languages of incident data, notifications and reports. */
export type DataLanguage = 'en' | 'ru';
export const DATA_LANGUAGES: readonly DataLanguage[] = ['en', 'ru'];

/** A tenant with its own auto-acceptance switch (used in the per-tenant mode). */
export interface AutoAcceptTenant {
  id: string;
  name: string;
  autoAccept: boolean;
  version: number;
}

/** The *Settings* tab's data. `autoAccept` is absent for users without *Auto-accept settings*. */
export interface MdrSettings {
  general: {
    extendedNotifications: boolean;
    /** When the terms of extended notifications were confirmed (ISO), null when never. */
    termsAcceptedOn: string | null;
    language: DataLanguage;
    /** Concurrency token of the general settings. */
    version: string;
  };
  autoAccept?: {
    mode: AutoAcceptMode;
    version: number;
    tenants: AutoAcceptTenant[];
    /** Per-tenant mode's *All tenants* option: new tenants start with auto-acceptance on. */
    newTenants?: boolean;
    /** *Root without tenants* (assets without a tenant); null when the console does not reach the root. */
    root?: boolean | null;
  };
}

/** What *Save* sends for the general settings. */
export interface GeneralSettingsInput {
  extendedNotifications: boolean;
  /** The terms check box; required when extended notifications are turned on. */
  termsAccepted: boolean;
  language: DataLanguage;
  version: string;
}

/** A validation problem: the field and a code under `settings.errors.*`. */
export interface FieldProblem {
  field: string;
  code: string;
}

/** The rules of the general settings (the browser and the MDR service apply the same). */
export function validateGeneralSettings(input: Partial<GeneralSettingsInput>, current: { extendedNotifications: boolean }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (typeof input.extendedNotifications !== 'boolean') problems.push({ field: 'extendedNotifications', code: 'required' });
  if (input.extendedNotifications && !current.extendedNotifications && input.termsAccepted !== true) {
    problems.push({ field: 'termsAccepted', code: 'termsRequired' });
  }
  if (!DATA_LANGUAGES.includes(input.language as DataLanguage)) problems.push({ field: 'language', code: 'invalidLanguage' });
  return problems;
}

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

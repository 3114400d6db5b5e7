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
  /** The general settings' `version` the form was loaded with. */
  expectedVersion: string;
}

/** A validation problem: the field and the rule it broke (the error body's `field` and `rule`). */
export interface FieldProblem {
  field: string;
  rule: string;
}

/** The rules of the general settings (the browser and the MDR service apply the same). */
export function validateGeneralSettings(input: Partial<GeneralSettingsInput>, current: { extendedNotifications: boolean }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (typeof input.extendedNotifications !== 'boolean') problems.push({ field: 'extendedNotifications', rule: 'required' });
  if (input.extendedNotifications && !current.extendedNotifications && input.termsAccepted !== true) {
    problems.push({ field: 'termsAccepted', rule: 'termsRequired' });
  }
  if (!DATA_LANGUAGES.includes(input.language as DataLanguage)) problems.push({ field: 'language', rule: 'invalidLanguage' });
  return problems;
}

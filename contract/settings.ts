import { DATA_LANGUAGES, type DataLanguage } from './settings-choices.ts';
import type { GeneralSettingsInput } from './schemas/settings.ts';

export { AUTO_ACCEPT_MODES, DATA_LANGUAGES, type AutoAcceptMode, type DataLanguage } from './settings-choices.ts';

/** The wire shapes of the *Settings* tab, declared once as schemas (`contract/schemas/settings.ts`); their types, for both sides. */
export type {
  AutoAcceptModeInput,
  AutoAcceptModeSaved,
  AutoAcceptTenant,
  AutoAcceptTenantsInput,
  AutoAcceptTenantsSaved,
  GeneralSettings,
  GeneralSettingsInput,
  MdrSettings,
} from './schemas/settings.ts';
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

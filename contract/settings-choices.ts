/**
 * The choices of the *Settings* tab as values. Kept apart from `settings.ts` so that the wire schemas
 * can read them (`contract/schemas/settings.ts`) while `settings.ts` re-exports the schemas' types.
 */

/** The three modes of *Auto-acceptance of responses*. */
export type AutoAcceptMode = 'disabled' | 'allTenants' | 'perTenant';
export const AUTO_ACCEPT_MODES: readonly AutoAcceptMode[] = ['disabled', 'allTenants', 'perTenant'];

/** Languages of incident data, notifications and reports. */
export type DataLanguage = 'en' | 'ru';
export const DATA_LANGUAGES: readonly DataLanguage[] = ['en', 'ru'];

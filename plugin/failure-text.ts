import type { ApiError } from './api/errors.ts';
import { keyIn, t, type TranslationGroup } from './i18n.ts';

/**
 * The messages of a refused call, written once for every form and list: the tab's own message for
 * the error body's `rule` or `error` code when its locale has one (`<prefix>.<code>`), else the
 * product's general message for the kind of failure.
 */

/** Next to a refused field: the tab's message for the rule the field broke, else "check the value". */
export function fieldRuleText(failure: ApiError, prefix: TranslationGroup, options?: Record<string, unknown>): string {
  return ruleText(prefix, failure.details.rule, options);
}

/** Next to a field: the tab's message for a broken rule (`<prefix>.<rule>`), else "check the value". */
export function ruleText(prefix: TranslationGroup, rule: string | undefined, options?: Record<string, unknown>): string {
  const key = keyIn(prefix, rule);
  return key ? t(key, options) : t('errors.validation');
}

/** Above a form or in a notification: the tab's message for the error code, else the failure kind's. */
export function failureText(failure: ApiError, prefix: TranslationGroup, options?: Record<string, unknown>): string {
  const key = keyIn(prefix, failure.details.code);
  return key ? t(key, options) : t(failure.messageKey, options);
}

import { NOTIFICATION_CATEGORIES, type NotificationCategory } from './notification-categories.ts';
import type { NotificationSettingsInput } from './schemas/notifications.ts';
import type { FieldProblem } from './settings.ts';

export { NOTIFICATION_CATEGORIES, type NotificationCategory } from './notification-categories.ts';

/** Codes are valid this long. */
export const VERIFICATION_CODE_TTL_MS = 10 * 60 * 1000;
/** Wrong codes in a row after which only *Resend* helps. */
export const MAX_CODE_ATTEMPTS = 3;

/** The wire shapes of the *Notifications* tab, declared once as schemas (`contract/schemas/notifications.ts`); their types, for both sides. */
export type { EmailCodeInput, NotificationSettings, NotificationSettingsInput, TelegramLink } from './schemas/notifications.ts';

/** A practical address check (what mail relays accept); the same in the browser and the service. */
export const EMAIL_PATTERN = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** Whether `value` is one valid email address (≤ 254 characters). */
export function isValidEmail(value: string): boolean {
  return value.length <= 254 && EMAIL_PATTERN.test(value);
}

function validCategories(value: unknown): boolean {
  return Array.isArray(value) && value.every((category) => NOTIFICATION_CATEGORIES.includes(category as NotificationCategory));
}

/** The rules of the *Notifications* form (the browser and the MDR service apply the same). */
export function validateNotificationSettings(input: NotificationSettingsInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { email, telegram } = input;
  if (email.enabled) {
    const address = email.address.trim();
    if (address === '') problems.push({ field: 'email.address', rule: 'required' });
    else if (!isValidEmail(address)) problems.push({ field: 'email.address', rule: 'invalidEmail' });
    if (!validCategories(email.categories) || email.categories.length === 0) problems.push({ field: 'email.categories', rule: 'categoryRequired' });
  }
  if (telegram.enabled && (!validCategories(telegram.categories) || telegram.categories.length === 0)) {
    problems.push({ field: 'telegram.categories', rule: 'categoryRequired' });
  }
  return problems;
}

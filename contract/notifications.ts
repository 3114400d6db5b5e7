import type { FieldProblem } from './settings.ts';

/** What a notification is about. */
export type NotificationCategory = 'incidents' | 'comments' | 'responses';
export const NOTIFICATION_CATEGORIES: readonly NotificationCategory[] = ['incidents', 'comments', 'responses'];

/** Codes are valid this long. */
export const VERIFICATION_CODE_TTL_MS = 10 * 60 * 1000;
/** Wrong codes in a row after which only *Resend* helps. */
export const MAX_CODE_ATTEMPTS = 3;

/** The signed-in user's notification settings. */
export interface NotificationSettings {
  email: {
    enabled: boolean;
    address: string;
    verified: boolean;
    categories: NotificationCategory[];
    /** A code was sent and waits to be entered. */
    verification: { pending: boolean; expiresAt: string | null; attemptsLeft: number; resendRequired: boolean };
  };
  telegram: {
    enabled: boolean;
    categories: NotificationCategory[];
    /** A link was generated (the bot is subscribed once the link is opened). */
    linkGenerated: boolean;
  };
  version: number;
}

/** What *Save* sends. */
export interface NotificationSettingsInput {
  email: { enabled: boolean; address: string; categories: NotificationCategory[] };
  telegram: { enabled: boolean; categories: NotificationCategory[] };
  /** The `version` the form was loaded with (optimistic locking: 409 when someone saved since). */
  expectedVersion: number;
}

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

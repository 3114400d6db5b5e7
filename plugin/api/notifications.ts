import type { AxiosInstance } from 'axios';
import { toApiError } from './errors.ts';
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
  version: number;
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
    if (address === '') problems.push({ field: 'email.address', code: 'required' });
    else if (!isValidEmail(address)) problems.push({ field: 'email.address', code: 'invalidEmail' });
    if (!validCategories(email.categories) || email.categories.length === 0) problems.push({ field: 'email.categories', code: 'categoryRequired' });
  }
  if (telegram.enabled && (!validCategories(telegram.categories) || telegram.categories.length === 0)) {
    problems.push({ field: 'telegram.categories', code: 'categoryRequired' });
  }
  return problems;
}

/** Reads the signed-in user's notification settings. */
export async function getNotificationSettings(http: AxiosInstance, signal?: AbortSignal): Promise<NotificationSettings> {
  try {
    return (await http.get<NotificationSettings>('/notifications', { signal })).data;
  } catch (error) {
    throw toApiError(error);
  }
}

/** Saves them; a new or changed address gets a verification code by mail. */
export async function saveNotificationSettings(http: AxiosInstance, input: NotificationSettingsInput): Promise<NotificationSettings> {
  try {
    return (await http.put<NotificationSettings>('/notifications', input)).data;
  } catch (error) {
    throw toApiError(error);
  }
}

/** Checks a verification code. Failures: `wrongCode` (with attempts left), `codeExpired`, `tooManyAttempts`. */
export async function verifyEmailCode(http: AxiosInstance, code: string): Promise<NotificationSettings> {
  try {
    return (await http.post<NotificationSettings>('/notifications/email/verify', { code })).data;
  } catch (error) {
    throw toApiError(error);
  }
}

/** Sends a new verification code. */
export async function resendEmailCode(http: AxiosInstance): Promise<NotificationSettings> {
  try {
    return (await http.post<NotificationSettings>('/notifications/email/resend', {})).data;
  } catch (error) {
    throw toApiError(error);
  }
}

/** Generates a new single-account link to the notification bot (the previous one stops working). */
export async function getTelegramLink(http: AxiosInstance): Promise<{ link: string }> {
  try {
    return (await http.post<{ link: string }>('/notifications/telegram/link', {})).data;
  } catch (error) {
    throw toApiError(error);
  }
}

import type { AxiosInstance } from 'axios';
import type { NotificationSettings, NotificationSettingsInput } from '../../contract/notifications.ts';
import { dataOf } from './request.ts';
export * from '../../contract/notifications.ts';

/** Reads the signed-in user's notification settings. */
export async function getNotificationSettings(http: AxiosInstance, signal?: AbortSignal): Promise<NotificationSettings> {
  return dataOf(http.get<NotificationSettings>('/notifications', { signal }));
}

/** Saves them; a new or changed address gets a verification code by mail. */
export async function saveNotificationSettings(http: AxiosInstance, input: NotificationSettingsInput): Promise<NotificationSettings> {
  return dataOf(http.put<NotificationSettings>('/notifications', input));
}

/** Checks a verification code. Failures: `wrongCode` (with attempts left), `codeExpired`, `tooManyAttempts`. */
export async function verifyEmailCode(http: AxiosInstance, code: string): Promise<NotificationSettings> {
  return dataOf(http.post<NotificationSettings>('/notifications/email/verify', { code }));
}

/** Sends a new verification code. */
export async function resendEmailCode(http: AxiosInstance): Promise<NotificationSettings> {
  return dataOf(http.post<NotificationSettings>('/notifications/email/resend', {}));
}

/** Generates a new single-account link to the notification bot (the previous one stops working). */
export async function getTelegramLink(http: AxiosInstance): Promise<{ link: string }> {
  return dataOf(http.post<{ link: string }>('/notifications/telegram/link', {}));
}

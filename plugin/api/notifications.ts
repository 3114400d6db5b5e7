import type { AxiosInstance } from 'axios';
import { toApiError } from './errors.ts';
import type { NotificationSettings, NotificationSettingsInput } from '../../contract/notifications.ts';
export * from '../../contract/notifications.ts';

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

import type { EmailCodeInput, NotificationSettings, NotificationSettingsInput, TelegramLink } from '../../contract/notifications.ts';
import { AreaApi } from './request.ts';
export * from '../../contract/notifications.ts';

/** *Notifications* of the signed-in user: e-mail with its verification, and Telegram. */
export class NotificationsApi extends AreaApi {
  /** Reads the signed-in user's notification settings. */
  get(signal?: AbortSignal): Promise<NotificationSettings> {
    return this.http.get<NotificationSettings>('/notifications', { signal });
  }

  /** Saves them; a new or changed address gets a verification code by mail. */
  save(input: NotificationSettingsInput): Promise<NotificationSettings> {
    return this.http.put<NotificationSettings>('/notifications', input);
  }

  /** Checks a verification code. Failures: `wrongCode` (with attempts left), `codeExpired`, `tooManyAttempts`. */
  verifyEmailCode(code: string): Promise<NotificationSettings> {
    const input: EmailCodeInput = { code };
    return this.http.post<NotificationSettings>('/notifications/email/verify', input);
  }

  /** Sends a new verification code. */
  resendEmailCode(): Promise<NotificationSettings> {
    return this.http.post<NotificationSettings>('/notifications/email/resend', {});
  }

  /** Generates a new single-account link to the notification bot (the previous one stops working). */
  telegramLink(): Promise<TelegramLink> {
    return this.http.post<TelegramLink>('/notifications/telegram/link', {});
  }
}

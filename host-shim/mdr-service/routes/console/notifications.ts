import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MAX_CODE_ATTEMPTS, validateNotificationSettings } from '../../../../contract/notifications.ts';
import {
  EmailCodeInputSchema,
  NotificationSettingsInputSchema,
  NotificationSettingsSchema,
  TelegramLinkSchema,
  type EmailCodeInput,
  type NotificationSettingsInput,
} from '../../../../contract/schemas/notifications.ts';
import { consoleCaller } from '../../http/console-auth.ts';
import { FieldValidationError, TooManyRequestsError, ValidationError } from '../../errors.ts';
import type { MdrServiceContext } from '../../context.ts';
import type { NotificationSubscription } from '../../db.ts';
import { assertCodeMailAllowed, checkVerificationCode, isCheckableCodeHash, sendVerificationCode, WrongCodeError } from '../../services/email-verification.ts';
import { hashToken } from '../../tokens.ts';

/** The bot a Telegram link opens (the vendor's notification bot). */
export const TELEGRAM_BOT = 'MdrNotificationsBot';

/** The settings as the *Notifications* tab shows them (never the code or its hash). */
function present(subscription: NotificationSubscription | null, context: MdrServiceContext) {
  const now = context.now();
  const pending = Boolean(subscription?.emailCodeHash && subscription.emailCodeExpires !== null);
  // A code hashed by an older version or under a replaced key cannot be checked: like an expired one.
  const expired = pending && (now >= subscription!.emailCodeExpires! || !isCheckableCodeHash(subscription!.emailCodeHash!, context.verificationKey));
  const exhausted = pending && subscription!.emailCodeFailures >= MAX_CODE_ATTEMPTS;
  // An unverified address without a code in flight (its mail could not be sent) also needs Resend.
  const withoutCode = Boolean(subscription?.email) && !subscription!.emailVerified && !pending;
  return {
    email: {
      enabled: Boolean(subscription?.email),
      address: subscription?.email ?? '',
      verified: subscription?.emailVerified ?? false,
      categories: subscription?.emailCategories ?? [],
      verification: {
        pending,
        expiresAt: pending ? new Date(subscription!.emailCodeExpires!).toISOString() : null,
        attemptsLeft: pending ? Math.max(0, MAX_CODE_ATTEMPTS - subscription!.emailCodeFailures) : MAX_CODE_ATTEMPTS,
        resendRequired: expired || exhausted || withoutCode,
      },
    },
    telegram: {
      enabled: (subscription?.telegramCategories.length ?? 0) > 0,
      categories: subscription?.telegramCategories ?? [],
      linkGenerated: Boolean(subscription?.telegramLinkTokenHash),
    },
    version: subscription?.version ?? 0,
  };
}

/** Notification settings are personal: a call without a console user has nothing to act on. */
function userOf(request: FastifyRequest): string {
  const { userId } = consoleCaller(request);
  if (!userId) throw new ValidationError('user', 'A console user is required', 'userRequired');
  return userId;
}

/**
 * Mails a new code. When the relay refuses, the code is dropped (nobody could enter it) and the
 * address shows as needing *Resend*; `rethrow` decides whether the caller sees the failure.
 */
async function mailCode(context: MdrServiceContext, subscription: NotificationSubscription, request: FastifyRequest, rethrow: boolean): Promise<void> {
  try {
    await sendVerificationCode(context, subscription);
  } catch (error) {
    // Throttled: nothing was changed or sent, and the code in flight (if any) stays valid.
    if (error instanceof TooManyRequestsError) {
      if (rethrow) throw error;
      return;
    }
    request.log.error({ err: error }, 'verification mail failed');
    context.db.notifications.save(subscription.userId, { emailCodeHash: null, emailCodeExpires: null, emailCodeFailures: 0 }, undefined, context.now());
    if (rethrow) throw error;
  }
}

/**
 * The *Notifications* tab, for the signed-in console user: `GET /notifications`,
 * `PUT /notifications` (a new or changed address gets a code by mail),
 * `POST /notifications/email/verify`, `POST /notifications/email/resend`,
 * `POST /notifications/telegram/link`.
 */
export async function notificationRoutes(app: FastifyInstance): Promise<void> {
  const context = app.mdr;
  const { db } = context;
  const config = { rights: ['incidentAccess'] as const };
  const answers = { response: { 200: NotificationSettingsSchema } };

  app.get('/notifications', { schema: answers, config: { rights: [...config.rights] } }, async (request) => present(db.notifications.get(userOf(request)), context));

  app.put<{ Body: NotificationSettingsInput }>('/notifications', { schema: { ...answers, body: NotificationSettingsInputSchema }, config: { rights: [...config.rights] } }, async (request) => {
    const userId = userOf(request);
    const input = request.body;
    const [problem] = validateNotificationSettings(input);
    if (problem) throw new FieldValidationError(problem.field, problem.rule);
    const current = db.notifications.get(userId);
    const address = input.email.enabled ? input.email.address.trim() : null;
    const addressChanged = address !== null && address.toLowerCase() !== (current?.email ?? '').toLowerCase();
    const needsCode = address !== null && (addressChanged || !current?.emailVerified);
    const codePending = Boolean(current?.emailCodeHash);
    // A code goes out for a new address, or for an unverified one without a code in flight.
    const mailsCode = needsCode && (addressChanged || !codePending);
    const saved = db.transaction(() => {
      const changed = db.notifications.save(
        userId,
        {
          email: address,
          emailCategories: input.email.enabled ? input.email.categories : [],
          emailVerified: address === null ? false : addressChanged ? false : (current?.emailVerified ?? false),
          ...(address === null || addressChanged ? { emailCodeHash: null, emailCodeExpires: null, emailCodeFailures: 0 } : {}),
          telegramCategories: input.telegram.enabled ? input.telegram.categories : [],
          ...(input.telegram.enabled ? {} : { telegramLinkTokenHash: null, telegramLinked: false }),
        },
        input.expectedVersion,
        context.now(),
      );
      // When no code may be mailed now, the whole save is refused (429) and nothing changes.
      if (mailsCode) assertCodeMailAllowed(context, userId, address!);
      return changed;
    });
    if (mailsCode) await mailCode(context, saved, request, false);
    return present(db.notifications.get(userId), context);
  });

  app.post<{ Body: EmailCodeInput }>(
    '/notifications/email/verify',
    { schema: { ...answers, body: EmailCodeInputSchema }, config: { rights: [...config.rights] } },
    async (request) => {
      const userId = userOf(request);
      try {
        checkVerificationCode(context, userId, request.body.code.trim());
      } catch (error) {
        if (error instanceof WrongCodeError) throw new FieldValidationError('code', 'wrongCode', error.message);
        throw error;
      }
      return present(db.notifications.get(userId), context);
    },
  );

  app.post('/notifications/email/resend', { schema: answers, config: { rights: [...config.rights] } }, async (request) => {
    const userId = userOf(request);
    const current = db.notifications.get(userId);
    if (!current?.email) throw new FieldValidationError('email.address', 'required');
    await mailCode(context, current, request, true);
    return present(db.notifications.get(userId), context);
  });

  app.post('/notifications/telegram/link', { schema: { response: { 200: TelegramLinkSchema } }, config: { rights: [...config.rights] } }, async (request) => {
    const userId = userOf(request);
    const token = crypto.randomBytes(24).toString('base64url');
    const current = db.notifications.get(userId);
    // A new link replaces the old one: the bot is then bound to whichever account opens the new link.
    db.notifications.save(userId, { telegramLinkTokenHash: hashToken(token), telegramLinked: false }, current ? undefined : 0, context.now());
    return { link: `https://t.me/${TELEGRAM_BOT}?start=${token}` };
  });
}

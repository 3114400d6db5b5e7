/**
 * Verification of notification addresses: a 6-digit code by mail, valid 10 minutes; three wrong
 * codes in a row or an expired code need *Resend*. Only a salted hash of the code is stored and the
 * code is never logged; the address receives notifications only once verified.
 */
import crypto from 'node:crypto';
import { MAX_CODE_ATTEMPTS, VERIFICATION_CODE_TTL_MS } from '../../../plugin/api/notifications.ts';
import { MdrError, ValidationError } from '../errors.ts';
import type { MdrServiceContext } from '../context.ts';
import type { NotificationSubscription } from '../db.ts';
import { mailTexts } from './mail-texts.ts';

/** A new random 6-digit code (leading zeros kept). */
export function newVerificationCode(): string {
  return crypto.randomInt(0, 1_000_000).toString().padStart(6, '0');
}

/** `salt:hmac` of a code, bound to the user so a hash cannot be replayed for another user. */
export function hashVerificationCode(userId: string, code: string, salt = crypto.randomBytes(16).toString('hex')): string {
  return `${salt}:${crypto.createHmac('sha256', salt).update(`${userId}\n${code}`).digest('hex')}`;
}

function codeMatches(userId: string, code: string, stored: string): boolean {
  const [salt] = stored.split(':');
  if (!salt) return false;
  const expected = Buffer.from(stored);
  const actual = Buffer.from(hashVerificationCode(userId, code, salt));
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}

/** 409 answers the form turns into *Resend*. */
export class VerificationError extends MdrError {
  constructor(code: 'codeExpired' | 'tooManyAttempts' | 'noPendingCode') {
    super(409, code, code === 'noPendingCode' ? 'No verification code is pending' : 'A new code is needed', 'code');
  }
}

/** Generates a code for the subscription's address, stores its hash and mails the code. */
export async function sendVerificationCode(context: MdrServiceContext, subscription: NotificationSubscription): Promise<NotificationSubscription> {
  if (!subscription.email) throw new ValidationError('email.address', 'No address to verify', 'required');
  const code = newVerificationCode();
  const now = context.now();
  const updated = context.db.notifications.save(
    subscription.userId,
    { emailCodeHash: hashVerificationCode(subscription.userId, code), emailCodeExpires: now + VERIFICATION_CODE_TTL_MS, emailCodeFailures: 0, emailVerified: false },
    undefined,
    now,
  );
  const language = context.db.settings.get('language').value;
  const t = mailTexts(language);
  await context.mail.send({
    to: [subscription.email],
    subject: t('verification.subject'),
    text: t('verification.body', { code, minutes: 10 }),
    audience: { kind: 'verification', userIds: [subscription.userId], tenantId: null },
  });
  return updated;
}

/** Checks a code: verifies the address, or counts a failure (and refuses expired or exhausted codes). */
export function checkVerificationCode(context: MdrServiceContext, userId: string, code: string): NotificationSubscription {
  const subscription = context.db.notifications.get(userId);
  if (!subscription || !subscription.email || !subscription.emailCodeHash || subscription.emailCodeExpires === null) {
    throw new VerificationError('noPendingCode');
  }
  const now = context.now();
  if (subscription.emailCodeFailures >= MAX_CODE_ATTEMPTS) throw new VerificationError('tooManyAttempts');
  if (now >= subscription.emailCodeExpires) throw new VerificationError('codeExpired');
  if (!/^[0-9]{6}$/.test(code) || !codeMatches(userId, code, subscription.emailCodeHash)) {
    const failures = subscription.emailCodeFailures + 1;
    context.db.notifications.save(userId, { emailCodeFailures: failures }, undefined, now);
    if (failures >= MAX_CODE_ATTEMPTS) throw new VerificationError('tooManyAttempts');
    throw new WrongCodeError(MAX_CODE_ATTEMPTS - failures);
  }
  return context.db.notifications.save(userId, { emailVerified: true, emailCodeHash: null, emailCodeExpires: null, emailCodeFailures: 0 }, undefined, now);
}

/** 400 `wrongCode` on the code field. */
export class WrongCodeError extends ValidationError {
  constructor(readonly attemptsLeft: number) {
    super('code', `Wrong code; ${attemptsLeft} attempts left`, 'wrongCode');
  }
}


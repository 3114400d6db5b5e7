/**
 * Verification of notification addresses: a 6-digit code by mail, valid 10 minutes; three wrong
 * codes in a row or an expired code need *Resend*. The code is never logged, and stored only as an
 * HMAC-SHA-256 keyed with the data folder's key file (`verification-key.ts`), so that a copy of
 * the database alone does not give it away. The address receives notifications only once verified.
 *
 * Throttles, per console user and per address (whoever asks): one code mail a minute and five an
 * hour; ten wrong codes for an address an hour, however many codes were sent, so alternating
 * *Resend* and guessing gets nowhere near the million possible codes.
 */
import crypto from 'node:crypto';
import { MAX_CODE_ATTEMPTS, VERIFICATION_CODE_TTL_MS } from '../../../contract/notifications.ts';
import { MdrError, TooManyRequestsError, ValidationError } from '../errors.ts';
import type { MdrServiceContext } from '../context.ts';
import type { NotificationSubscription } from '../db.ts';
import type { VerificationKey } from '../verification-key.ts';
import { mailTexts } from './mail-texts.ts';

/** Code mails to one user, or to one address: at most one in this time… */
export const CODE_MAIL_INTERVAL_MS = 60_000;
/** …and at most this many an hour. */
export const MAX_CODE_MAILS_PER_HOUR = 5;
/** Wrong codes entered for one address an hour, over all the codes sent to it. */
export const MAX_WRONG_CODES_PER_HOUR = 10;
const HOUR_MS = 60 * 60 * 1000;
const HASH_SCHEME = 'hmac-sha256';

/** A new random 6-digit code (leading zeros kept). */
export function newVerificationCode(): string {
  return crypto.randomInt(0, 1_000_000).toString().padStart(6, '0');
}

/** HMAC-SHA-256 (hex) of a code under `secret`, bound to the user and the address it verifies. */
export function verificationCodeDigest(secret: Buffer, userId: string, address: string, code: string): string {
  return crypto.createHmac('sha256', secret).update(`${userId}\n${address.toLowerCase()}\n${code}`).digest('hex');
}

/** What the database keeps of a code: `hmac-sha256:<key id>:<digest>`. */
export function hashVerificationCode(key: VerificationKey, userId: string, address: string, code: string): string {
  return `${HASH_SCHEME}:${key.id}:${verificationCodeDigest(key.secret, userId, address, code)}`;
}

/**
 * Whether a stored hash can be checked with `key`. Hashes of older versions (salted, without the
 * key) or of a key file that was replaced cannot: their code needs *Resend*, like an expired one.
 */
export function isCheckableCodeHash(stored: string, key: VerificationKey): boolean {
  const prefix = `${HASH_SCHEME}:${key.id}:`;
  return stored.startsWith(prefix) && /^[0-9a-f]{64}$/.test(stored.slice(prefix.length));
}

/**
 * Whether `code` is the one whose hash is `stored`, compared in constant time over the whole value.
 * `stored` must be checkable ({@link isCheckableCodeHash}): then it has the length of every hash
 * under this key, and a value of another length makes timingSafeEqual throw rather than match.
 */
function codeMatches(key: VerificationKey, stored: string, userId: string, address: string, code: string): boolean {
  return crypto.timingSafeEqual(Buffer.from(stored), Buffer.from(hashVerificationCode(key, userId, address, code)));
}

/**
 * Milliseconds until one more event is allowed, given the times of the last hour's (oldest first):
 * at most one per `interval` (when given) and `perHour` an hour.
 */
function waitMs(times: readonly number[], now: number, interval: number | null, perHour: number): number {
  let until = 0;
  const last = times.at(-1);
  if (interval !== null && last !== undefined) until = last + interval;
  if (times.length >= perHour) until = Math.max(until, times[times.length - perHour]! + HOUR_MS);
  return Math.max(0, until - now);
}

/** 429 `tooManyCodeMails` on the address field: *Resend* (or saving a new address) must wait. */
export class CodeMailThrottledError extends TooManyRequestsError {
  constructor(waitMs: number) {
    super('tooManyCodeMails', waitMs, 'Too many verification codes were requested; try again later', 'email.address');
  }
}

/** 429 `tooManyWrongCodes` on the code field: this address had too many wrong codes this hour. */
export class WrongCodesThrottledError extends TooManyRequestsError {
  constructor(waitMs: number) {
    super('tooManyWrongCodes', waitMs, 'Too many wrong codes were entered for this address; try again later', 'code');
  }
}

/** Throws {@link CodeMailThrottledError} when no code may be mailed to `address` for `userId` now. */
export function assertCodeMailAllowed(context: MdrServiceContext, userId: string, address: string): void {
  const now = context.now();
  const events = context.db.verificationEvents;
  const wait = Math.max(
    waitMs(events.timesByUser('codeMailed', userId, now - HOUR_MS), now, CODE_MAIL_INTERVAL_MS, MAX_CODE_MAILS_PER_HOUR),
    waitMs(events.timesByAddress('codeMailed', address, now - HOUR_MS), now, CODE_MAIL_INTERVAL_MS, MAX_CODE_MAILS_PER_HOUR),
  );
  if (wait > 0) throw new CodeMailThrottledError(wait);
}

/** 409 answers the form turns into *Resend*. */
export class VerificationError extends MdrError {
  constructor(code: 'codeExpired' | 'tooManyAttempts' | 'noPendingCode') {
    super(409, code, code === 'noPendingCode' ? 'No verification code is pending' : 'A new code is needed', 'code');
  }
}

/**
 * Generates a code for the subscription's address, stores its hash and mails the code. Throws
 * {@link CodeMailThrottledError} without changing anything when the throttle says no.
 */
export async function sendVerificationCode(context: MdrServiceContext, subscription: NotificationSubscription): Promise<NotificationSubscription> {
  const address = subscription.email;
  if (!address) throw new ValidationError('email.address', 'No address to verify', 'required');
  const { db } = context;
  const now = context.now();
  // Checked and counted in one step, so that of two requests at once only one mails a code.
  const mailed = db.transaction(() => {
    assertCodeMailAllowed(context, subscription.userId, address);
    return db.verificationEvents.record('codeMailed', subscription.userId, address, now, now - HOUR_MS);
  });
  const code = newVerificationCode();
  try {
    // A new code starts with all its attempts; the address's wrong codes of the hour still count.
    const updated = db.notifications.save(
      subscription.userId,
      {
        emailCodeHash: hashVerificationCode(context.verificationKey, subscription.userId, address, code),
        emailCodeExpires: now + VERIFICATION_CODE_TTL_MS,
        emailCodeFailures: 0,
        emailVerified: false,
      },
      undefined,
      now,
    );
    const language = db.settings.get('language').value;
    const t = mailTexts(language);
    await context.mail.send({
      to: [address],
      subject: t('verification.subject'),
      text: t('verification.body', { code, count: VERIFICATION_CODE_TTL_MS / 60_000 }),
      audience: { kind: 'verification', userIds: [subscription.userId], tenantId: null },
    });
    return updated;
  } catch (error) {
    // A code that never left reached nobody: it does not count against the limits.
    db.verificationEvents.remove(mailed);
    throw error;
  }
}

/** Checks a code: verifies the address, or counts a failure (and refuses expired or exhausted codes). */
export function checkVerificationCode(context: MdrServiceContext, userId: string, code: string): NotificationSubscription {
  const subscription = context.db.notifications.get(userId);
  if (!subscription || !subscription.email || !subscription.emailCodeHash || subscription.emailCodeExpires === null) {
    throw new VerificationError('noPendingCode');
  }
  const address = subscription.email;
  const now = context.now();
  const { db, verificationKey } = context;
  if (!isCheckableCodeHash(subscription.emailCodeHash, verificationKey)) throw new VerificationError('codeExpired');
  if (subscription.emailCodeFailures >= MAX_CODE_ATTEMPTS) throw new VerificationError('tooManyAttempts');
  if (now >= subscription.emailCodeExpires) throw new VerificationError('codeExpired');
  const wait = waitMs(db.verificationEvents.timesByAddress('wrongCode', address, now - HOUR_MS), now, null, MAX_WRONG_CODES_PER_HOUR);
  if (wait > 0) throw new WrongCodesThrottledError(wait);
  if (!codeMatches(verificationKey, subscription.emailCodeHash, userId, address, code)) {
    const failures = subscription.emailCodeFailures + 1;
    db.transaction(() => {
      db.verificationEvents.record('wrongCode', userId, address, now, now - HOUR_MS);
      db.notifications.save(userId, { emailCodeFailures: failures }, undefined, now);
    });
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


/**
 * Verification of a notification address, service functions called directly on a temporary
 * database (help topic 255153 *Setting up notifications in Kaspersky Security Center*: "a unique
 * verification code is sent to the email address that you specified. The verification code expires
 * in 10 minutes. […] If you paste an incorrect code three times in a row or paste an expired code,
 * the Resend button appears"), the throttles on code mails and wrong codes, and the key file that
 * keys the stored hashes.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { openMdrDatabase, type MdrDatabase, type NotificationSubscription } from '../../host-shim/mdr-service/db.ts';
import type { MdrServiceContext } from '../../host-shim/mdr-service/context.ts';
import type { OutgoingMail } from '../../host-shim/mdr-service/mail/mailer.ts';
import {
  assertCodeMailAllowed,
  checkVerificationCode,
  CodeMailThrottledError,
  hashVerificationCode,
  isCheckableCodeHash,
  newVerificationCode,
  sendVerificationCode,
  verificationCodeDigest,
  VerificationError,
  WrongCodeError,
  WrongCodesThrottledError,
} from '../../host-shim/mdr-service/services/email-verification.ts';
import { ensureVerificationKey, VERIFICATION_KEY_FILE, type VerificationKey } from '../../host-shim/mdr-service/verification-key.ts';

const START = Date.UTC(2026, 6, 1, 9);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** A new empty folder (the service's test helpers would load the whole service for it). */
function tempDataDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

interface Harness {
  context: MdrServiceContext;
  db: MdrDatabase;
  dir: string;
  key: VerificationKey;
  /** Mails handed to the relay, in order. */
  mails: OutgoingMail[];
  clock: number;
  /** The next mail fails with this error instead of being sent. */
  failNextMail: Error | null;
}

/** A fresh data folder with its database and key, a pinned clock and a relay that records what it gets. */
function harness(t: TestContext): Harness {
  const dir = tempDataDir('mdr-verification-');
  const db = openMdrDatabase({ dir });
  const key = ensureVerificationKey(dir);
  const h = { db, dir, key, mails: [], clock: START, failNextMail: null } as unknown as Harness;
  h.context = {
    db,
    dataDir: dir,
    now: () => h.clock,
    verificationKey: key,
    mail: {
      send: async (mail: OutgoingMail) => {
        const failure = h.failNextMail;
        h.failNextMail = null;
        if (failure) throw failure;
        h.mails.push(mail);
      },
    },
  } as unknown as MdrServiceContext;
  t.after(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return h;
}

/** The key of another data folder (removed after the test). */
function foreignKey(t: TestContext): VerificationKey {
  const dir = tempDataDir('mdr-other-key-');
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return ensureVerificationKey(dir);
}

/** A subscription to `address` as saving the Notifications tab stores it, before its code is mailed. */
function subscribe(h: Harness, userId: string, address: string): NotificationSubscription {
  return h.db.notifications.save(userId, { email: address, emailCategories: ['incidents'], emailVerified: false }, 0, h.clock);
}

/** Mails a code to the user's stored address; returns the code the mail holds. */
async function mailCode(h: Harness, userId: string): Promise<string> {
  const before = h.mails.length;
  await sendVerificationCode(h.context, h.db.notifications.get(userId)!);
  assert.equal(h.mails.length, before + 1, 'one code mail');
  const code = /\b(\d{6})\b/.exec(h.mails.at(-1)!.text)?.[1];
  assert.ok(code, h.mails.at(-1)!.text);
  return code;
}

const wrongCode = (code: string) => (code === '000000' ? '111111' : '000000');

/** Runs `fn`, which must throw; returns the error for exact checks. */
function thrown(fn: () => unknown): any {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail('expected an error');
}

async function rejected(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

/** What a refusal may not have changed: the stored subscription and the throttle counters. */
function snapshot(h: Harness, userId: string, address: string) {
  const events = h.db.verificationEvents;
  return {
    subscription: h.db.notifications.get(userId),
    mailedByUser: events.timesByUser('codeMailed', userId, 0),
    mailedToAddress: events.timesByAddress('codeMailed', address, 0),
    wrongByAddress: events.timesByAddress('wrongCode', address, 0),
    mails: h.mails.length,
  };
}

describe('the code and what is stored of it', () => {
  test('a code is six digits with its leading zeros, drawn from all 1,000,000 values', (t) => {
    const draw = t.mock.method(crypto, 'randomInt', () => 42);
    assert.equal(newVerificationCode(), '000042');
    assert.deepEqual(draw.mock.calls[0]!.arguments, [0, 1_000_000]);
    draw.mock.mockImplementation(() => 999_999);
    assert.equal(newVerificationCode(), '999999');
    draw.mock.mockImplementation(() => 0);
    assert.equal(newVerificationCode(), '000000');
    draw.mock.restore();
    for (let i = 0; i < 50; i++) assert.match(newVerificationCode(), /^[0-9]{6}$/);
  });

  test('the digest is HMAC-SHA-256 of user, lower-case address and code under the key; each of them changes it', () => {
    const secret = Buffer.alloc(32, 7);
    const digest = verificationCodeDigest(secret, 'rita', 'Rita@Example.COM', '012345');
    assert.equal(digest, crypto.createHmac('sha256', secret).update('rita\nrita@example.com\n012345').digest('hex'));
    assert.equal(verificationCodeDigest(secret, 'rita', 'rita@example.com', '012345'), digest, 'the address in any letter case');
    for (const other of [
      verificationCodeDigest(Buffer.alloc(32, 8), 'rita', 'rita@example.com', '012345'),
      verificationCodeDigest(secret, 'rita2', 'rita@example.com', '012345'),
      verificationCodeDigest(secret, 'rita', 'rita@example.org', '012345'),
      verificationCodeDigest(secret, 'rita', 'rita@example.com', '012346'),
    ]) {
      assert.notEqual(other, digest);
    }
  });

  test('the stored value is "hmac-sha256:<key id>:<digest>" and only such a value under this key can be checked', (t) => {
    const { key } = harness(t);
    const digest = verificationCodeDigest(key.secret, 'rita', 'rita@example.com', '012345');
    const stored = hashVerificationCode(key, 'rita', 'Rita@example.com', '012345');
    assert.equal(stored, `hmac-sha256:${key.id}:${digest}`);
    assert.equal(isCheckableCodeHash(stored, key), true);

    const otherKey = foreignKey(t);
    const refused: [string, string][] = [
      ['another key', hashVerificationCode(otherKey, 'rita', 'rita@example.com', '012345')],
      ['another scheme', `hmac-sha512:${key.id}:${digest}`],
      ['no scheme', `${key.id}:${digest}`],
      ['an older version (salt:digest)', `${'ab'.repeat(16)}:${digest}`],
      ['no digest', `hmac-sha256:${key.id}`],
      ['an empty digest', `hmac-sha256:${key.id}:`],
      ['a digest one digit short', `hmac-sha256:${key.id}:${digest.slice(1)}`],
      ['a digest one digit long', `hmac-sha256:${key.id}:${digest}0`],
      ['a character before the digest', `hmac-sha256:${key.id}:x${digest}`],
      ['a character after the digest', `hmac-sha256:${key.id}:${digest}x`],
      ['an upper-case digest', `hmac-sha256:${key.id}:${digest.toUpperCase()}`],
      ['a non-hex digest', `hmac-sha256:${key.id}:${'g'.repeat(64)}`],
      ['a part more', `hmac-sha256:${key.id}:${digest}:${digest}`],
      ['an empty part more', `hmac-sha256:${key.id}:${digest}:`],
      ['nothing', ''],
    ];
    for (const [what, value] of refused) assert.equal(isCheckableCodeHash(value, key), false, what);
  });
});

describe('mailing a code', () => {
  test('stores the code keyed, valid ten minutes with three attempts, and mails it to the address only', async (t) => {
    const h = harness(t);
    const subscribed = subscribe(h, 'rita', 'Rita@Example.com');
    t.mock.method(crypto, 'randomInt', () => 4217);
    const updated = await sendVerificationCode(h.context, subscribed);

    const stored = h.db.notifications.get('rita')!;
    assert.deepEqual(updated, stored);
    assert.equal(stored.emailCodeHash, hashVerificationCode(h.key, 'rita', 'Rita@Example.com', '004217'));
    assert.deepEqual([stored.emailCodeExpires, stored.emailCodeFailures, stored.emailVerified, stored.email], [START + 10 * MINUTE, 0, false, 'Rita@Example.com']);
    assert.deepEqual(h.mails, [
      {
        to: ['Rita@Example.com'],
        subject: 'MDR notifications: your verification code',
        text: 'Your verification code is 004217.\n\nEnter it on the Notifications tab of the MDR section. The code is valid for 10 minutes. If you did not ask for it, ignore this message.',
        audience: { kind: 'verification', userIds: ['rita'], tenantId: null },
      },
    ]);
    assert.deepEqual(h.db.verificationEvents.timesByUser('codeMailed', 'rita', 0), [START]);
    assert.deepEqual(h.db.verificationEvents.timesByAddress('codeMailed', 'rita@example.com', 0), [START]);
  });

  test('the mail is in the organization’s notification language', async (t) => {
    const h = harness(t);
    h.db.settings.set('language', 'ru', 0, START);
    subscribe(h, 'ivan', 'ivan@example.com');
    const code = await mailCode(h, 'ivan');
    assert.equal(h.mails[0]!.subject, 'Уведомления MDR: ваш код подтверждения');
    assert.ok(h.mails[0]!.text.startsWith(`Ваш код подтверждения: ${code}.`), h.mails[0]!.text);
  });

  test('a new code for a verified address or after wrong codes: unverified again, three attempts, the old code dead', async (t) => {
    const h = harness(t);
    subscribe(h, 'rita', 'rita@example.com');
    const first = await mailCode(h, 'rita');
    checkVerificationCode(h.context, 'rita', first);
    assert.equal(h.db.notifications.get('rita')!.emailVerified, true);

    h.clock += MINUTE;
    const second = await mailCode(h, 'rita');
    assert.deepEqual(h.db.notifications.get('rita')!.emailVerified, false, 'a new code means the address is checked again');
    assert.ok(thrown(() => checkVerificationCode(h.context, 'rita', wrongCode(second))) instanceof WrongCodeError);
    assert.ok(thrown(() => checkVerificationCode(h.context, 'rita', wrongCode(second))) instanceof WrongCodeError);
    assert.equal(h.db.notifications.get('rita')!.emailCodeFailures, 2);

    h.clock += MINUTE;
    const third = await mailCode(h, 'rita');
    assert.deepEqual([h.db.notifications.get('rita')!.emailCodeFailures, h.db.notifications.get('rita')!.emailCodeExpires], [0, h.clock + 10 * MINUTE]);
    if (third !== second) assert.ok(thrown(() => checkVerificationCode(h.context, 'rita', second)) instanceof WrongCodeError, 'the previous code no longer verifies');
    assert.equal(checkVerificationCode(h.context, 'rita', third).emailVerified, true);
  });

  test('no address: 400 required on the address field, nothing mailed or counted', async (t) => {
    const h = harness(t);
    const subscription = h.db.notifications.save('tom', { email: null, telegramCategories: ['incidents'] }, 0, START);
    const error = await rejected(sendVerificationCode(h.context, subscription));
    assert.deepEqual([error.constructor.name, error.statusCode, error.code, error.field, error.message], ['ValidationError', 400, 'required', 'email.address', 'No address to verify']);
    assert.deepEqual(h.mails, []);
    assert.deepEqual(h.db.verificationEvents.timesByUser('codeMailed', 'tom', 0), []);
  });

  test('a mail the relay refuses fails the call and is not counted: the next try may go at once', async (t) => {
    const h = harness(t);
    subscribe(h, 'rita', 'rita@example.com');
    const failure = new Error('relay refused');
    h.failNextMail = failure;
    assert.equal(await rejected(sendVerificationCode(h.context, h.db.notifications.get('rita')!)), failure);
    assert.deepEqual(h.db.verificationEvents.timesByUser('codeMailed', 'rita', 0), []);
    assert.deepEqual(h.db.verificationEvents.timesByAddress('codeMailed', 'rita@example.com', 0), []);

    h.clock += SECOND;
    const code = await mailCode(h, 'rita');
    assert.equal(checkVerificationCode(h.context, 'rita', code).emailVerified, true);
  });
});

describe('throttle on code mails (per user and per address)', () => {
  test('one a minute: a resend 10 s or 1 ms before the minute is refused with the wait and changes nothing; at the minute it goes', async (t) => {
    const h = harness(t);
    subscribe(h, 'uma', 'uma@example.com');
    await mailCode(h, 'uma');
    for (const [after, retryAfter] of [
      [10 * SECOND, 50],
      [MINUTE - 1, 1],
    ] as const) {
      h.clock = START + after;
      const before = snapshot(h, 'uma', 'uma@example.com');
      const error = await rejected(sendVerificationCode(h.context, h.db.notifications.get('uma')!));
      assert.ok(error instanceof CodeMailThrottledError);
      assert.deepEqual(
        [error.statusCode, error.code, error.field, error.retryAfterSeconds, error.message],
        [429, 'tooManyCodeMails', 'email.address', retryAfter, 'Too many verification codes were requested; try again later'],
      );
      assert.deepEqual(snapshot(h, 'uma', 'uma@example.com'), before, 'nothing stored, counted or mailed');
    }
    h.clock = START + MINUTE;
    assertCodeMailAllowed(h.context, 'uma', 'uma@example.com');
    await mailCode(h, 'uma');
    assert.equal(h.mails.length, 2);
  });

  test('a refused resend leaves the code in flight valid', async (t) => {
    const h = harness(t);
    subscribe(h, 'uma', 'uma@example.com');
    const code = await mailCode(h, 'uma');
    h.clock = START + 30 * SECOND;
    await rejected(sendVerificationCode(h.context, h.db.notifications.get('uma')!));
    assert.equal(checkVerificationCode(h.context, 'uma', code).emailVerified, true);
  });

  test('five an hour, the first included: the sixth waits for the hour since the first, the seventh for the hour since the second', async (t) => {
    const h = harness(t);
    subscribe(h, 'vic', 'vic@example.com');
    for (let mail = 1; mail <= 5; mail++) {
      h.clock = START + (mail - 1) * 10 * MINUTE;
      await mailCode(h, 'vic');
    }
    for (const [at, retryAfter] of [
      [START + 50 * MINUTE, 10 * 60],
      [START + HOUR - 1, 1],
    ] as const) {
      h.clock = at;
      const error = thrown(() => assertCodeMailAllowed(h.context, 'vic', 'vic@example.com'));
      assert.deepEqual([error.constructor.name, error.retryAfterSeconds], ['CodeMailThrottledError', retryAfter]);
      await rejected(sendVerificationCode(h.context, h.db.notifications.get('vic')!));
    }
    assert.equal(h.mails.length, 5);
    h.clock = START + HOUR;
    await mailCode(h, 'vic');
    h.clock = START + HOUR + MINUTE;
    const seventh = thrown(() => assertCodeMailAllowed(h.context, 'vic', 'vic@example.com'));
    assert.equal(seventh.retryAfterSeconds, 9 * 60, 'five mails since START + 10 min: the next one an hour after that');
  });

  test('per address, whoever asks: another user may not mail the same address (any letter case) within the minute', async (t) => {
    const h = harness(t);
    subscribe(h, 'walt', 'shared@example.com');
    await mailCode(h, 'walt');
    h.clock = START + 5 * SECOND;
    subscribe(h, 'xena', 'SHARED@example.com');
    const before = snapshot(h, 'xena', 'shared@example.com');
    const error = await rejected(sendVerificationCode(h.context, h.db.notifications.get('xena')!));
    assert.deepEqual([error.constructor.name, error.retryAfterSeconds], ['CodeMailThrottledError', 55]);
    assert.deepEqual(snapshot(h, 'xena', 'shared@example.com'), before);
    h.clock = START + MINUTE;
    await mailCode(h, 'xena');
  });

  test('per user: a code for a new address within the minute of the last one is refused', async (t) => {
    const h = harness(t);
    subscribe(h, 'yuri', 'yuri@example.com');
    await mailCode(h, 'yuri');
    h.clock = START + 10 * SECOND;
    const error = thrown(() => assertCodeMailAllowed(h.context, 'yuri', 'yuri.new@example.com'));
    assert.deepEqual([error.constructor.name, error.statusCode, error.retryAfterSeconds], ['CodeMailThrottledError', 429, 50]);
    assertCodeMailAllowed(h.context, 'zack', 'yuri.new@example.com');
  });

  test('mails older than an hour do not count', async (t) => {
    const h = harness(t);
    subscribe(h, 'vic', 'vic@example.com');
    for (let mail = 0; mail < 5; mail++) {
      h.clock = START + mail * MINUTE;
      await mailCode(h, 'vic');
    }
    h.clock = START + 2 * HOUR;
    for (let mail = 0; mail < 5; mail++) {
      h.clock = START + 2 * HOUR + mail * MINUTE;
      await mailCode(h, 'vic');
    }
    assert.equal(h.mails.length, 10);
  });
});

describe('checking a code', () => {
  test('the right code verifies the address and clears the code; it cannot be used again', async (t) => {
    const h = harness(t);
    subscribe(h, 'rita', 'Rita@example.com');
    const code = await mailCode(h, 'rita');
    h.clock = START + 10 * MINUTE - 1;
    const verified = checkVerificationCode(h.context, 'rita', code);
    assert.deepEqual(verified, h.db.notifications.get('rita'));
    assert.deepEqual(
      [verified.emailVerified, verified.emailCodeHash, verified.emailCodeExpires, verified.emailCodeFailures, verified.email],
      [true, null, null, 0, 'Rita@example.com'],
    );
    const again = thrown(() => checkVerificationCode(h.context, 'rita', code));
    assert.deepEqual([again.constructor.name, again.statusCode, again.code, again.field, again.message], ['VerificationError', 409, 'noPendingCode', 'code', 'No verification code is pending']);
  });

  test('nothing pending: no subscription, no address, no code, or a code without expiry', (t) => {
    const h = harness(t);
    const hash = hashVerificationCode(h.key, 'u', 'u@example.com', '123456');
    h.db.notifications.save('no-address', { email: null, emailCodeHash: hash, emailCodeExpires: START + MINUTE }, 0, START);
    h.db.notifications.save('no-code', { email: 'u@example.com', emailCodeHash: null, emailCodeExpires: START + MINUTE }, 0, START);
    h.db.notifications.save('no-expiry', { email: 'u@example.com', emailCodeHash: hash, emailCodeExpires: null }, 0, START);
    for (const userId of ['nobody', 'no-address', 'no-code', 'no-expiry']) {
      const before = snapshot(h, userId, 'u@example.com');
      const error = thrown(() => checkVerificationCode(h.context, userId, '123456'));
      assert.ok(error instanceof VerificationError, `${userId}: ${error}`);
      assert.deepEqual([error.statusCode, error.code, error.field, error.message], [409, 'noPendingCode', 'code', 'No verification code is pending'], userId);
      assert.deepEqual(snapshot(h, userId, 'u@example.com'), before, userId);
    }
  });

  test('three wrong codes in a row: two say how many attempts are left, the third needs Resend, after it even the right code does', async (t) => {
    const h = harness(t);
    subscribe(h, 'rita', 'Rita@Example.com');
    const code = await mailCode(h, 'rita');
    for (const left of [2, 1]) {
      h.clock += SECOND;
      const error = thrown(() => checkVerificationCode(h.context, 'rita', wrongCode(code)));
      assert.ok(error instanceof WrongCodeError);
      assert.deepEqual([error.statusCode, error.code, error.field, error.attemptsLeft, error.message], [400, 'wrongCode', 'code', left, `Wrong code; ${left} attempts left`]);
      assert.equal(h.db.notifications.get('rita')!.emailCodeFailures, 3 - left);
    }
    h.clock += SECOND;
    const third = thrown(() => checkVerificationCode(h.context, 'rita', wrongCode(code)));
    assert.deepEqual([third.constructor.name, third.statusCode, third.code, third.field, third.message], ['VerificationError', 409, 'tooManyAttempts', 'code', 'A new code is needed']);
    assert.equal(h.db.notifications.get('rita')!.emailCodeFailures, 3);
    assert.deepEqual(h.db.verificationEvents.timesByAddress('wrongCode', 'rita@example.com', 0), [START + SECOND, START + 2 * SECOND, START + 3 * SECOND]);
    assert.deepEqual(h.db.verificationEvents.timesByUser('wrongCode', 'rita', 0), [START + SECOND, START + 2 * SECOND, START + 3 * SECOND]);

    h.clock += SECOND;
    const before = snapshot(h, 'rita', 'rita@example.com');
    for (const attempt of [code, wrongCode(code)]) {
      const error = thrown(() => checkVerificationCode(h.context, 'rita', attempt));
      assert.deepEqual([error.constructor.name, error.code], ['VerificationError', 'tooManyAttempts']);
    }
    assert.deepEqual(snapshot(h, 'rita', 'rita@example.com'), before, 'a refused code is not counted again');
  });

  test('only the whole code matches: its prefix, the code with more after it, blanks or letters are wrong codes', async (t) => {
    const h = harness(t);
    subscribe(h, 'rita', 'rita@example.com');
    t.mock.method(crypto, 'randomInt', () => 123_456);
    const code = await mailCode(h, 'rita');
    assert.equal(code, '123456');
    for (const attempts of [
      ['12345', '1234567'],
      [' 123456', '123456 '],
      ['', '12345a'],
      ['１２３４５６', '12345\n6'],
    ]) {
      for (const attempt of attempts) {
        assert.ok(thrown(() => checkVerificationCode(h.context, 'rita', attempt)) instanceof WrongCodeError, JSON.stringify(attempt));
      }
      assert.equal(h.db.notifications.get('rita')!.emailVerified, false);
      h.clock += MINUTE;
      await mailCode(h, 'rita');
    }
    assert.equal(checkVerificationCode(h.context, 'rita', '123456').emailVerified, true);
  });

  test('a code verifies only the address and the user it was mailed for', async (t) => {
    const h = harness(t);
    subscribe(h, 'rita', 'rita@example.com');
    const code = await mailCode(h, 'rita');
    // The stored code moved to another address (or another user) without a new code being mailed.
    const stored = h.db.notifications.get('rita')!;
    h.db.notifications.save('rita', { email: 'rita@example.org' }, undefined, h.clock);
    assert.ok(thrown(() => checkVerificationCode(h.context, 'rita', code)) instanceof WrongCodeError, 'another address');
    h.db.notifications.save('sam', { email: 'rita@example.com', emailCodeHash: stored.emailCodeHash, emailCodeExpires: stored.emailCodeExpires }, 0, h.clock);
    assert.ok(thrown(() => checkVerificationCode(h.context, 'sam', code)) instanceof WrongCodeError, 'another user');
    h.db.notifications.save('rita', { email: 'RITA@example.com' }, undefined, h.clock);
    assert.equal(checkVerificationCode(h.context, 'rita', code).emailVerified, true, 'the same address in other letters');
  });

  test('a code expires ten minutes after it was mailed: refused, not counted, Resend gives one that works', async (t) => {
    const h = harness(t);
    subscribe(h, 'rita', 'rita@example.com');
    const code = await mailCode(h, 'rita');
    h.clock = START + 10 * MINUTE;
    const before = snapshot(h, 'rita', 'rita@example.com');
    for (const attempt of [code, wrongCode(code)]) {
      const error = thrown(() => checkVerificationCode(h.context, 'rita', attempt));
      assert.deepEqual([error.constructor.name, error.statusCode, error.code, error.field, error.message], ['VerificationError', 409, 'codeExpired', 'code', 'A new code is needed']);
    }
    assert.deepEqual(snapshot(h, 'rita', 'rita@example.com'), before);
    const fresh = await mailCode(h, 'rita');
    assert.equal(checkVerificationCode(h.context, 'rita', fresh).emailVerified, true);
  });

  test('a code stored by an older version or under a replaced key file is refused like an expired one and costs no attempt', async (t) => {
    const h = harness(t);
    subscribe(h, 'rita', 'rita@example.com');
    const code = await mailCode(h, 'rita');
    const replaced = { ...h.context, verificationKey: foreignKey(t) };
    const before = snapshot(h, 'rita', 'rita@example.com');
    assert.deepEqual([thrown(() => checkVerificationCode(replaced, 'rita', code)).code], ['codeExpired']);
    const salt = 'ab'.repeat(16);
    h.db.notifications.save('olga', { email: 'olga@example.com', emailCodeHash: `${salt}:${crypto.createHmac('sha256', salt).update('olga\n123456').digest('hex')}`, emailCodeExpires: START + 5 * MINUTE }, 0, START);
    assert.deepEqual([thrown(() => checkVerificationCode(h.context, 'olga', '123456')).code], ['codeExpired']);
    assert.deepEqual(snapshot(h, 'rita', 'rita@example.com'), before);
    assert.equal(h.db.notifications.get('olga')!.emailCodeFailures, 0);
    assert.equal(checkVerificationCode(h.context, 'rita', code).emailVerified, true, 'under its own key the code still verifies');
  });

  test('ten wrong codes an hour for an address, over all codes and users: then even the right code waits for the hour', async (t) => {
    const h = harness(t);
    subscribe(h, 'zoe', 'zoe@example.com');
    subscribe(h, 'zed', 'ZOE@example.com');
    let code = await mailCode(h, 'zoe');
    for (let round = 1; round <= 3; round++) {
      for (let attempt = 1; attempt <= 3; attempt++) thrown(() => checkVerificationCode(h.context, 'zoe', wrongCode(code)));
      h.clock += MINUTE;
      code = await mailCode(h, 'zoe');
    }
    assert.equal(h.db.verificationEvents.timesByAddress('wrongCode', 'zoe@example.com', 0).length, 9);
    h.clock += MINUTE;
    const zedCode = await mailCode(h, 'zed');
    const tenth = thrown(() => checkVerificationCode(h.context, 'zed', wrongCode(zedCode)));
    assert.deepEqual([tenth.constructor.name, tenth.attemptsLeft], ['WrongCodeError', 2], 'the tenth is still checked');

    for (const [userId, right] of [
      ['zoe', code],
      ['zed', zedCode],
    ] as const) {
      const before = snapshot(h, userId, 'zoe@example.com');
      const blocked = thrown(() => checkVerificationCode(h.context, userId, right));
      assert.ok(blocked instanceof WrongCodesThrottledError);
      assert.deepEqual(
        [blocked.statusCode, blocked.code, blocked.field, blocked.retryAfterSeconds, blocked.message],
        [429, 'tooManyWrongCodes', 'code', (START + HOUR - h.clock) / SECOND, 'Too many wrong codes were entered for this address; try again later'],
      );
      assert.deepEqual(snapshot(h, userId, 'zoe@example.com'), before, 'refused without counting');
    }
    assert.equal(h.db.notifications.get('zoe')!.emailVerified, false);

    subscribe(h, 'amy', 'amy@example.com');
    const amyCode = await mailCode(h, 'amy');
    assert.equal(checkVerificationCode(h.context, 'amy', amyCode).emailVerified, true, 'other addresses are not held up');

    // A millisecond before the hour (with a code still valid then, as if mailed by another way).
    h.clock = START + HOUR - 1;
    h.db.notifications.save('zed', { emailCodeHash: hashVerificationCode(h.key, 'zed', 'ZOE@example.com', '654321'), emailCodeExpires: h.clock + MINUTE }, undefined, h.clock);
    assert.equal(thrown(() => checkVerificationCode(h.context, 'zed', '654321')).retryAfterSeconds, 1);

    h.clock = START + HOUR;
    const fresh = await mailCode(h, 'zoe');
    assert.equal(checkVerificationCode(h.context, 'zoe', fresh).emailVerified, true, 'an hour after the first wrong code');
  });

  test('after the clock is set back, a wrong code entered “later” does not hold up the next attempt', async (t) => {
    const h = harness(t);
    subscribe(h, 'rita', 'rita@example.com');
    h.clock = START + 30 * SECOND;
    const code = await mailCode(h, 'rita');
    thrown(() => checkVerificationCode(h.context, 'rita', wrongCode(code)));
    h.clock = START + 20 * SECOND;
    assert.equal(checkVerificationCode(h.context, 'rita', code).emailVerified, true);
  });
});

describe('the key file', () => {
  test('made on first start: 32 random bytes in base64, readable by the owner only, the id from its SHA-256, no lock left behind', (t) => {
    const dir = tempDataDir('mdr-key-');
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const key = ensureVerificationKey(dir);
    assert.deepEqual(fs.readdirSync(dir), [VERIFICATION_KEY_FILE]);
    assert.equal(VERIFICATION_KEY_FILE, 'verification-code.key');
    const file = path.join(dir, VERIFICATION_KEY_FILE);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(key.secret.length, 32);
    assert.equal(fs.readFileSync(file, 'utf8'), `${key.secret.toString('base64')}\n`);
    assert.equal(key.id, crypto.createHash('sha256').update(key.secret).digest('hex').slice(0, 16));
    assert.match(key.id, /^[0-9a-f]{16}$/);
    const other = foreignKey(t);
    assert.notDeepEqual(other.secret, key.secret);
    assert.notEqual(other.id, key.id);
  });

  test('kept: later starts read the same key and leave the file as it is', (t) => {
    const dir = tempDataDir('mdr-key-');
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const first = ensureVerificationKey(dir);
    const file = path.join(dir, VERIFICATION_KEY_FILE);
    const text = fs.readFileSync(file, 'utf8');
    const second = ensureVerificationKey(dir);
    assert.deepEqual(second, first);
    assert.equal(fs.readFileSync(file, 'utf8'), text);
    // A key written by hand without the line break (or with CRLF) is the same key.
    for (const variant of [first.secret.toString('base64'), `${first.secret.toString('base64')}\r\n`]) {
      fs.writeFileSync(file, variant, { mode: 0o600 });
      assert.deepEqual(ensureVerificationKey(dir), first);
    }
  });

  test('a damaged key file (wrong length, not base64, empty) is replaced by a new key, owner-only', (t) => {
    const dir = tempDataDir('mdr-key-');
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, VERIFICATION_KEY_FILE);
    const seen = new Set<string>();
    for (const damaged of [crypto.randomBytes(16).toString('base64'), crypto.randomBytes(33).toString('base64'), '%%%% not a key %%%%', '']) {
      fs.writeFileSync(file, damaged, { mode: 0o644 });
      const key = ensureVerificationKey(dir);
      assert.equal(key.secret.length, 32);
      assert.equal(fs.readFileSync(file, 'utf8'), `${key.secret.toString('base64')}\n`);
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      assert.ok(!seen.has(key.id), 'a new random key each time');
      seen.add(key.id);
    }
  });
});

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { after, before, describe, it } from 'node:test';
import { httpsJson, startTestService, tempDataDir, type TestService } from '../support/mdr-service.ts';
import { verificationCodeDigest } from '../../host-shim/mdr-service/services/email-verification.ts';
import { VERIFICATION_KEY_FILE } from '../../host-shim/mdr-service/verification-key.ts';
import type { StoredMail } from '../../host-shim/mdr-service/mail/smtp-sink.ts';

const START = Date.UTC(2026, 6, 1, 9);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
let clock = START;
let service: TestService;

const settings = (address: string, version = 0) => ({
  email: { enabled: true, address, categories: ['incidents'] },
  telegram: { enabled: false, categories: [] },
  expectedVersion: version,
});

function call(user: string, method: string, route: string, json?: unknown) {
  return service.consoleCall(method, route, { user, json, rights: ['incidentAccess'] });
}

const seen = new Set<string>();
const isCodeMail = (mail: StoredMail, address: string) => mail.envelopeTo.some((to) => to.toLowerCase() === address.toLowerCase()) && /code/i.test(mail.subject);

/** The code of the next verification mail to `address` not read before. */
async function nextCode(address: string, target: TestService = service): Promise<string> {
  const mail = await target.app.mdr.mail.mailbox!.waitFor((entry) => isCodeMail(entry, address) && !seen.has(entry.id));
  seen.add(mail.id);
  const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
  assert.ok(code, mail.text);
  return code;
}

/** How many verification mails `address` got so far. */
async function mailCount(address: string): Promise<number> {
  return (await service.app.mdr.mail.mailbox!.list()).filter((mail) => isCodeMail(mail, address)).length;
}

function storedHash(dataDir: string, userId: string): string {
  // Read straight from the database file, as anyone holding a copy of it could.
  const raw = new Database(path.join(dataDir, 'mdr.db'), { readonly: true, fileMustExist: true });
  try {
    return (raw.prepare('SELECT email_code_hash AS hash FROM notification_subscriptions WHERE user_id = ?').get(userId) as { hash: string }).hash;
  } finally {
    raw.close();
  }
}

const wrongCode = (code: string) => (code === '000000' ? '111111' : '000000');

before(async () => {
  service = await startTestService({ now: () => clock, demo: false });
});
after(async () => service.close());

describe('verification codes at rest', () => {
  it('a copy of the database alone gives the code away under no keyless hash of all 1,000,000 codes; with the key file the stored value is reproduced and the code verifies', async () => {
    const address = 'Rita@Example.com';
    assert.equal((await call('rita', 'PUT', 'notifications', settings(address))).status, 200);
    const code = await nextCode(address);
    const stored = storedHash(service.dataDir, 'rita');
    const parts = stored.split(':');
    const digest = parts.at(-1)!;

    // The service's construction with what the database holds instead of the key (or no key at all),
    // and the construction of earlier versions (keyed with the salt stored next to the digest).
    const noKey = Buffer.alloc(0);
    const storedPrefix = Buffer.from(parts.slice(0, -1).join(':'));
    const found: string[] = [];
    for (let value = 0; value < 1_000_000; value++) {
      const guess = value.toString().padStart(6, '0');
      if (verificationCodeDigest(noKey, 'rita', address, guess) === digest) found.push(guess);
      if (verificationCodeDigest(storedPrefix, 'rita', address, guess) === digest) found.push(guess);
      if (crypto.createHmac('sha256', parts[0]!).update(`rita\n${guess}`).digest('hex') === digest) found.push(guess);
    }
    assert.deepEqual(found, [], 'no code reproduces the stored hash without the key');

    const keyFile = path.join(service.dataDir, VERIFICATION_KEY_FILE);
    assert.equal(fs.statSync(keyFile).mode & 0o777, 0o600);
    const secret = Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'base64');
    assert.equal(secret.length, 32);
    assert.equal(verificationCodeDigest(secret, 'rita', address, code), digest, 'the stored value is keyed with the file key');
    for (const file of ['mdr.db', 'mdr.db-wal']) {
      const bytes = fs.existsSync(path.join(service.dataDir, file)) ? fs.readFileSync(path.join(service.dataDir, file)) : Buffer.alloc(0);
      assert.equal(bytes.indexOf(secret), -1, `${file} does not hold the key`);
      assert.equal(bytes.indexOf(secret.toString('base64')), -1, `${file} does not hold the key in text`);
    }

    const verified = await call('rita', 'POST', 'notifications/email/verify', { code });
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    assert.equal(verified.body.email.verified, true);
  });

  it('the key file is kept across restarts: a code mailed before a restart verifies after it', async () => {
    const dataDir = tempDataDir();
    let first: TestService | undefined = await startTestService({ dataDir, demo: false });
    let second: TestService | undefined;
    try {
      await httpsJson(`${first.url}/console/v1/notifications`, { method: 'PUT', ca: first.ca, headers: first.consoleHeaders(['incidentAccess'], { 'x-mdr-user': 'sven' }), json: settings('sven@example.com') });
      const code = await nextCode('sven@example.com', first);
      const key = fs.readFileSync(path.join(dataDir, VERIFICATION_KEY_FILE), 'utf8');
      await first.close({ keepData: true });
      first = undefined;
      second = await startTestService({ dataDir, demo: false });
      assert.equal(fs.readFileSync(path.join(dataDir, VERIFICATION_KEY_FILE), 'utf8'), key);
      const verified = await httpsJson<Record<string, any>>(`${second.url}/console/v1/notifications/email/verify`, {
        method: 'POST',
        ca: second.ca,
        headers: second.consoleHeaders(['incidentAccess'], { 'x-mdr-user': 'sven' }),
        json: { code },
      });
      assert.equal(verified.status, 200, JSON.stringify(verified.body));
    } finally {
      await first?.close();
      await second?.close();
    }
  });

  it('a code hashed by an older version (salted, without the key) needs Resend, costs no attempt, and Resend works', async () => {
    const { db } = service.app.mdr;
    const salt = crypto.randomBytes(16).toString('hex');
    const oldHash = `${salt}:${crypto.createHmac('sha256', salt).update('olga\n123456').digest('hex')}`;
    db.notifications.save('olga', { email: 'olga@example.com', emailCategories: ['incidents'], emailCodeHash: oldHash, emailCodeExpires: clock + 5 * MINUTE, emailCodeFailures: 0 }, 0, clock);

    const shown = await call('olga', 'GET', 'notifications');
    assert.equal(shown.status, 200);
    assert.deepEqual([shown.body.email.verification.resendRequired, shown.body.email.verification.attemptsLeft], [true, 3]);
    const attempt = await call('olga', 'POST', 'notifications/email/verify', { code: '123456' });
    assert.deepEqual([attempt.status, attempt.body.error], [409, 'codeExpired']);
    assert.equal(db.notifications.get('olga')!.emailCodeFailures, 0);

    assert.equal((await call('olga', 'POST', 'notifications/email/resend', {})).status, 200);
    const verified = await call('olga', 'POST', 'notifications/email/verify', { code: await nextCode('olga@example.com') });
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
  });
});

describe('verification mail and guess throttles', () => {
  it('a resend within a minute of the last code is refused with 429 and Retry-After, mails nothing, and goes through after the minute', async () => {
    clock += HOUR;
    await call('uma', 'PUT', 'notifications', settings('uma@example.com'));
    await nextCode('uma@example.com');
    clock += 10 * SECOND;
    const early = await call('uma', 'POST', 'notifications/email/resend', {});
    assert.deepEqual([early.status, early.body.error, early.body.field, early.body.retryAfter], [429, 'tooManyCodeMails', 'email.address', 50]);
    assert.equal(early.headers['retry-after'], '50');
    assert.equal(await mailCount('uma@example.com'), 1);
    const still = await call('uma', 'GET', 'notifications');
    assert.deepEqual([still.body.email.verification.pending, still.body.email.verification.resendRequired], [true, false], 'the code in flight stays valid');

    clock += 50 * SECOND;
    const resent = await call('uma', 'POST', 'notifications/email/resend', {});
    assert.equal(resent.status, 200, JSON.stringify(resent.body));
    const verified = await call('uma', 'POST', 'notifications/email/verify', { code: await nextCode('uma@example.com') });
    assert.equal(verified.status, 200);
  });

  it('at most five code mails an hour for one user, the first included', async () => {
    clock += HOUR;
    const first = clock;
    await call('vic', 'PUT', 'notifications', settings('vic@example.com'));
    for (let mail = 2; mail <= 5; mail++) {
      clock += MINUTE;
      assert.equal((await call('vic', 'POST', 'notifications/email/resend', {})).status, 200, `mail ${mail}`);
    }
    clock += MINUTE;
    const sixth = await call('vic', 'POST', 'notifications/email/resend', {});
    assert.deepEqual([sixth.status, sixth.body.error, sixth.body.retryAfter], [429, 'tooManyCodeMails', (first + HOUR - clock) / SECOND]);
    assert.equal(await mailCount('vic@example.com'), 5);
    clock = first + HOUR;
    assert.equal((await call('vic', 'POST', 'notifications/email/resend', {})).status, 200, 'an hour after the first');
  });

  it('counts per address whoever asks: another user saving the same address within the minute is refused and nothing is stored', async () => {
    clock += HOUR;
    assert.equal((await call('walt', 'PUT', 'notifications', settings('shared@example.com'))).status, 200);
    clock += 5 * SECOND;
    const other = await call('xena', 'PUT', 'notifications', settings('SHARED@example.com'));
    assert.deepEqual([other.status, other.body.error, other.body.field, other.body.retryAfter], [429, 'tooManyCodeMails', 'email.address', 55]);
    assert.equal(service.app.mdr.db.notifications.get('xena'), null);
    clock += 55 * SECOND;
    assert.equal((await call('xena', 'PUT', 'notifications', settings('SHARED@example.com'))).status, 200);
  });

  it('saving a new address within the minute of the last code is refused as a whole: the old address stays', async () => {
    clock += HOUR;
    const saved = await call('yuri', 'PUT', 'notifications', settings('yuri@example.com'));
    clock += 10 * SECOND;
    const changed = await call('yuri', 'PUT', 'notifications', settings('yuri.new@example.com', saved.body.version));
    assert.deepEqual([changed.status, changed.body.field], [429, 'email.address']);
    const stored = service.app.mdr.db.notifications.get('yuri')!;
    assert.deepEqual([stored.email, stored.version], ['yuri@example.com', saved.body.version]);
    assert.equal(await mailCount('yuri.new@example.com'), 0);
  });

  it('alternating Resend and guessing ends at ten wrong codes an hour for the address, even with the right code; a resend resets only the new code’s three attempts', async () => {
    clock += HOUR;
    const firstWrong = clock;
    await call('zoe', 'PUT', 'notifications', settings('zoe@example.com'));
    let code = await nextCode('zoe@example.com');
    for (let round = 1; round <= 3; round++) {
      for (let attempt = 1; attempt <= 3; attempt++) {
        const answer = await call('zoe', 'POST', 'notifications/email/verify', { code: wrongCode(code) });
        assert.equal(answer.status, attempt < 3 ? 400 : 409, `round ${round}, attempt ${attempt}`);
      }
      assert.deepEqual([(await call('zoe', 'POST', 'notifications/email/verify', { code })).body.error], ['tooManyAttempts'], 'three wrong in a row still need a resend');
      clock += MINUTE;
      const resent = await call('zoe', 'POST', 'notifications/email/resend', {});
      assert.equal(resent.status, 200);
      assert.equal(resent.body.email.verification.attemptsLeft, 3, 'the new code has its own three attempts');
      code = await nextCode('zoe@example.com');
    }
    const tenth = await call('zoe', 'POST', 'notifications/email/verify', { code: wrongCode(code) });
    assert.deepEqual([tenth.status, tenth.body.rule], [400, 'wrongCode']);
    const blocked = await call('zoe', 'POST', 'notifications/email/verify', { code });
    assert.deepEqual([blocked.status, blocked.body.error, blocked.body.field, blocked.body.retryAfter], [429, 'tooManyWrongCodes', 'code', (firstWrong + HOUR - clock) / SECOND]);
    assert.equal(blocked.headers['retry-after'], String((firstWrong + HOUR - clock) / SECOND));

    clock = firstWrong + HOUR;
    assert.equal((await call('zoe', 'POST', 'notifications/email/resend', {})).status, 200);
    const verified = await call('zoe', 'POST', 'notifications/email/verify', { code: await nextCode('zoe@example.com') });
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { httpsJson, startTestService, type TestService } from '../support/mdr-service.ts';
import { receiveResponse } from '../../host-shim/mdr-service/services/auto-accept.ts';
import { addComment } from '../../host-shim/mdr-service/services/incident-activity.ts';
import { RESOLVED_CLOSES_AFTER_MS, simulateSocActivity } from '../../host-shim/mdr-service/services/soc-activity.ts';
import type { Mailbox, StoredMail } from '../../host-shim/mdr-service/mail/smtp-sink.ts';
import { startWiredConsole } from '../support/wired-console.ts';
import { demoSeed } from '../../host-shim/demo/generate.ts';

const START = Date.UTC(2026, 5, 10, 12);
const MINUTE = 60 * 1000;
let clock = START;
let service: TestService;
let mailbox: Mailbox;

function call(user: string, method: string, route: string, json?: unknown) {
  return service.consoleCall(method, route, { user, json, rights: ['incidentAccess'] });
}

const settings = (address: string, categories = ['incidents', 'comments', 'responses'], version = 0) => ({
  email: { enabled: true, address, categories },
  telegram: { enabled: false, categories: [] },
  expectedVersion: version,
});

async function codeFor(address: string, after = 0): Promise<string> {
  const mail = await mailbox.waitFor((entry) => entry.envelopeTo.includes(address) && entry.receivedAt > after && /code/i.test(entry.subject));
  const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
  assert.ok(code, mail.text);
  return code;
}

before(async () => {
  service = await startTestService({ now: () => clock });
  mailbox = service.app.mdr.mail.mailbox!;
});
after(async () => service.close());

describe('console notifications: email verification', () => {
  test('saving an address mails a 6-digit code over SMTP; the right code verifies it; only the hash is stored', async () => {
    const saved = await call('alice', 'PUT', 'notifications', settings('alice@example.com'));
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.email.verified, false);
    assert.equal(saved.body.email.verification.pending, true);
    assert.equal(saved.body.email.verification.expiresAt, new Date(START + 10 * MINUTE).toISOString());
    const code = await codeFor('alice@example.com');
    assert.match(code, /^\d{6}$/);
    assert.ok(!JSON.stringify(saved.body).includes(code));
    const stored = service.app.mdr.db.notifications.get('alice')!;
    assert.ok(stored.emailCodeHash && !stored.emailCodeHash.includes(code));

    const verified = await call('alice', 'POST', 'notifications/email/verify', { code });
    assert.equal(verified.status, 200);
    assert.equal(verified.body.email.verified, true);
    assert.equal(verified.body.email.verification.pending, false);
  });

  test('three wrong codes in a row need Resend; the resent code works', async () => {
    await call('bob', 'PUT', 'notifications', settings('bob@example.com'));
    const code = await codeFor('bob@example.com');
    const wrong = code === '000000' ? '111111' : '000000';
    const first = await call('bob', 'POST', 'notifications/email/verify', { code: wrong });
    assert.deepEqual([first.status, first.body.error, first.body.field, first.body.rule], [400, 'validation', 'code', 'wrongCode']);
    assert.equal((await call('bob', 'GET', 'notifications')).body.email.verification.attemptsLeft, 2);
    await call('bob', 'POST', 'notifications/email/verify', { code: wrong });
    const third = await call('bob', 'POST', 'notifications/email/verify', { code: wrong });
    assert.deepEqual([third.status, third.body.error], [409, 'tooManyAttempts']);
    const fourth = await call('bob', 'POST', 'notifications/email/verify', { code });
    assert.deepEqual([fourth.status, fourth.body.error], [409, 'tooManyAttempts'], 'even the right code needs Resend now');
    assert.equal((await call('bob', 'GET', 'notifications')).body.email.verification.resendRequired, true);

    clock += MINUTE;
    const resent = await call('bob', 'POST', 'notifications/email/resend', {});
    assert.equal(resent.status, 200);
    assert.equal(resent.body.email.verification.attemptsLeft, 3);
    const fresh = await codeFor('bob@example.com', START);
    const again = (await mailbox.list()).filter((mail) => mail.envelopeTo.includes('bob@example.com')).length;
    assert.equal(again, 2);
    const ok = await call('bob', 'POST', 'notifications/email/verify', { code: fresh });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.email.verified, true);
  });

  test('an expired code needs Resend', async () => {
    await call('carol', 'PUT', 'notifications', settings('carol@example.com'));
    const code = await codeFor('carol@example.com');
    clock += 10 * MINUTE;
    const expired = await call('carol', 'POST', 'notifications/email/verify', { code });
    assert.deepEqual([expired.status, expired.body.error], [409, 'codeExpired']);
    assert.equal((await call('carol', 'GET', 'notifications')).body.email.verification.resendRequired, true);
  });

  test('bad input is refused with the field and rule, and nothing is stored', async () => {
    const noCategory = await call('dave', 'PUT', 'notifications', settings('dave@example.com', []));
    assert.deepEqual([noCategory.status, noCategory.body.field, noCategory.body.rule], [400, 'email.categories', 'categoryRequired']);
    const badAddress = await call('dave', 'PUT', 'notifications', settings('dave@@example'));
    assert.deepEqual([badAddress.status, badAddress.body.field, badAddress.body.rule], [400, 'email.address', 'invalidEmail']);
    const telegram = await call('dave', 'PUT', 'notifications', { email: { enabled: false, address: '', categories: [] }, telegram: { enabled: true, categories: [] }, expectedVersion: 0 });
    assert.deepEqual([telegram.status, telegram.body.field, telegram.body.rule], [400, 'telegram.categories', 'categoryRequired']);
    assert.equal(service.app.mdr.db.notifications.get('dave'), null);
    assert.equal((await call('dave', 'GET', 'notifications')).body.version, 0);
  });

  test('a stale version is refused (409) without overwriting', async () => {
    const first = await call('erin', 'PUT', 'notifications', settings('erin@example.com'));
    const stale = await call('erin', 'PUT', 'notifications', settings('other@example.com', ['incidents'], 0));
    assert.equal(stale.status, 409);
    assert.equal(service.app.mdr.db.notifications.get('erin')!.email, 'erin@example.com');
    assert.ok(first.body.version >= 1);
  });

  test('Get Link makes a unique single-account bot link; a new link replaces the old one', async () => {
    const one = await call('frank', 'POST', 'notifications/telegram/link', {});
    const two = await call('frank', 'POST', 'notifications/telegram/link', {});
    const other = await call('grace', 'POST', 'notifications/telegram/link', {});
    for (const answer of [one, two, other]) assert.match(answer.body.link, /^https:\/\/t\.me\/\w+\?start=[A-Za-z0-9_-]{32}$/);
    assert.equal(new Set([one.body.link, two.body.link, other.body.link]).size, 3);
    const { db } = service.app.mdr;
    const token = (link: string) => new URL(link).searchParams.get('start')!;
    const { hashToken } = await import('../../host-shim/mdr-service/tokens.ts');
    assert.equal(db.notifications.getByTelegramLinkHash(hashToken(token(one.body.link))), null, 'the old link no longer works');
    assert.equal(db.notifications.getByTelegramLinkHash(hashToken(token(two.body.link)))!.userId, 'frank');
    assert.equal((await call('frank', 'GET', 'notifications')).body.telegram.linkGenerated, true);
  });
});

describe('console notifications: a relay that refuses the code mail', () => {
  test('the address is saved, no code is left pending, and Resend is required', async () => {
    const mail = service.app.mdr.mail;
    const original = mail.send;
    mail.send = async () => {
      throw new Error('550 relay refused');
    };
    try {
      const saved = await call('kim', 'PUT', 'notifications', settings('kim@example.com'));
      assert.equal(saved.status, 200);
      assert.equal(saved.body.email.address, 'kim@example.com');
      assert.deepEqual([saved.body.email.verification.pending, saved.body.email.verification.resendRequired], [false, true]);
      const resend = await call('kim', 'POST', 'notifications/email/resend', {});
      assert.equal(resend.status, 500);
    } finally {
      mail.send = original;
    }
    const resent = await call('kim', 'POST', 'notifications/email/resend', {});
    assert.equal(resent.status, 200);
    assert.deepEqual([resent.body.email.verification.pending, resent.body.email.verification.resendRequired], [true, false]);
  });
});

describe('console notifications: mails on activity', () => {
  test('verified subscribers get a mail per chosen category, in the notification language; unverified addresses get nothing', async () => {
    const { db, activity } = service.app.mdr;
    // heidi: verified, comments only. ivan: unverified, everything.
    await call('heidi', 'PUT', 'notifications', settings('heidi@example.com', ['comments']));
    await call('heidi', 'POST', 'notifications/email/verify', { code: await codeFor('heidi@example.com') });
    await call('ivan', 'PUT', 'notifications', settings('ivan@example.com'));
    const language = db.settings.get('language');
    db.settings.set('language', 'ru', language.version, clock);
    const extended = db.settings.get('extendedNotifications');
    db.settings.set('extendedNotifications', { enabled: false, termsAcceptedOn: null }, extended.version, clock);

    const incident = db.incidents.list(null, { statuses: ['open'], pageSize: 1 }).items[0]!;
    const comment = addComment(db, { incidentId: incident.id, authorName: 'SOC analyst', text: 'Secret host details: WS-0042', scope: null, now: clock });
    activity.emit({ kind: 'comment', action: 'created', incidentId: incident.id, commentId: comment.id });
    const basic = await mailbox.waitFor((mail) => mail.envelopeTo.includes('heidi@example.com') && mail.subject.includes(`№${incident.number}`));
    assert.match(basic.subject, /Новый комментарий к инциденту/);
    assert.ok(!basic.text.includes('WS-0042'), 'no extended content while extended notifications are off');
    assert.ok(!basic.text.includes(incident.summary));

    db.settings.set('extendedNotifications', { enabled: true, termsAcceptedOn: clock }, extended.version + 1, clock);
    const second = addComment(db, { incidentId: incident.id, authorName: 'SOC analyst', text: 'Second note WS-0043', scope: null, now: clock + 1 });
    activity.emit({ kind: 'comment', action: 'created', incidentId: incident.id, commentId: second.id });
    const rich = await mailbox.waitFor((mail: StoredMail) => mail.envelopeTo.includes('heidi@example.com') && mail.text.includes('WS-0043'));
    assert.ok(rich.text.includes(incident.summary));

    // A response: alice (verified, every category) gets it; heidi did not choose responses; ivan is unverified.
    const response = receiveResponse(db, activity, { id: 'resp-notify-xxxxxxxxxx', incidentId: incident.id, assetId: incident.affectedAssetIds[0]!, type: 'memory_dump', parameters: { dumpType: 'full' }, created: clock });
    const toAlice = await mailbox.waitFor((mail) => mail.envelopeTo.includes('alice@example.com') && mail.subject.includes(`№${incident.number}`) && /Мера реагирования/.test(mail.subject));
    assert.ok(toAlice.text.includes('Дамп памяти'), toAlice.text);
    assert.ok(['waiting', 'confirmed'].includes(response.status));
    await service.app.mdr.notifier.idle();
    const about = async (address: string) => (await mailbox.list()).filter((mail) => mail.envelopeTo.includes(address) && /Мера реагирования/.test(mail.subject));
    assert.equal((await about('heidi@example.com')).length, 0);
    assert.equal((await about('ivan@example.com')).length, 0);
  });
});

describe('demo SOC activity', () => {
  // Help, *Configuring email and Telegram notifications*: incidents created, resolved and closed;
  // comments created, updated and deleted; responses created (accepting and rejecting are the customer's).
  test('a round makes every event the analysts cause, and each reaches verified subscribers', async () => {
    const db = service.app.mdr.db;
    // A resolved incident last changed more than 72 hours ago closes (help: *Closing incidents in MDR Web Console*).
    const stale = db.incidents.list(null, { statuses: ['open'], sort: { field: 'updated', direction: 'asc' }, pageSize: 1 }).items[0]!;
    assert.ok(stale.created < clock - RESOLVED_CLOSES_AFTER_MS, 'an incident older than 72 hours');
    db.incidents.updateStatus(stale.id, { status: 'resolved', resolution: 'truePositive' }, stale.version, clock - RESOLVED_CLOSES_AFTER_MS - 60_000);

    // The mails as they arrive (reading the whole mailbox for each would parse every stored mail again).
    const arrived: StoredMail[] = [];
    const onMail = (mail: StoredMail) => {
      if (mail.envelopeTo.includes('alice@example.com')) arrived.push(mail);
    };
    mailbox.on('mail', onMail);
    let done: ReturnType<typeof simulateSocActivity>;
    try {
      done = simulateSocActivity(service.app.mdr);
      assert.ok(done);
      const incident = db.incidents.get(done.incidentId)!;
      const resolvedNumber = db.incidents.get(done.resolvedIncidentId!)!.number;
      const expected: [number, RegExp][] = [
        [incident.number, /Создан инцидент/],
        [incident.number, /Новый комментарий/],
        [incident.number, /Изменен комментарий/],
        [incident.number, /Удален комментарий/],
        [incident.number, /Мера реагирования/],
        [resolvedNumber, /решен/],
        [stale.number, /закрыт/],
      ];
      const missing = () => expected.filter(([number, pattern]) => !arrived.some((mail) => mail.subject.includes(`№${number}`) && pattern.test(mail.subject)));
      const deadline = Date.now() + 20_000;
      while (missing().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(missing().map(([, pattern]) => String(pattern)), [], 'a mail for every event');
      // Two new comments: the first was deleted before its mail was written, the second names its author.
      assert.ok(arrived.some((mail) => /Новый комментарий/.test(mail.subject) && (mail.text ?? '').includes('MDR SOC analyst')));
      assert.equal(incident.status, 'open');
      assert.ok(db.responses.get(done.responseId));
    } finally {
      mailbox.off('mail', onMail);
    }
    const incident = db.incidents.get(done!.incidentId)!;

    // The first note is gone, the analysis carries the recommendation, and the history says so.
    const comments = db.comments.listByIncident(incident.id);
    assert.equal(comments.length, 1);
    assert.match(comments[0]!.text, /\n\nRecommendation: /);
    assert.deepEqual(
      db.history.listByIncident(incident.id, 'communication').map((entry) => entry.what),
      ['commentAdded', 'commentAdded', 'commentDeleted', 'commentUpdated'],
    );

    assert.ok(done!.resolvedIncidentId && done!.resolvedIncidentId !== incident.id);
    const resolved = db.incidents.get(done!.resolvedIncidentId)!;
    assert.deepEqual([resolved.status, resolved.resolution], ['resolved', 'truePositive']);

    assert.ok(done!.closedIncidentIds.includes(stale.id));
    assert.equal(db.incidents.get(stale.id)!.status, 'closed');
    // Resolved just now is not closed yet.
    assert.ok(!done!.closedIncidentIds.includes(done!.resolvedIncidentId));
  });
});

describe('incidents made from another', () => {
  // The SOC's simulated incidents copy an open one; its version must not come along.
  test('a new incident starts at version 1, whatever the version of the incident it copies', () => {
    const db = service.app.mdr.db;
    const source = db.incidents.list(null, { statuses: ['open'], pageSize: 1 }).items[0]!;
    const changed = db.incidents.updateStatus(source.id, { status: 'onHold' }, source.version, clock);
    const template = db.incidents.updateStatus(source.id, { status: 'open' }, changed.version, clock);
    assert.ok(template.version >= 3);
    const id = 'copy-of-' + template.id;
    db.incidents.insert({ ...template, id, number: db.incidents.nextNumber() });
    assert.equal(db.incidents.get(id)!.version, 1);
  });
});

describe('console notifications through the console server', () => {
  test('a user without incident access is refused every notification route (403)', async () => {
    const consoleServer = await startWiredConsole({ service });
    try {
      for (const [method, route, body] of [
        ['GET', 'notifications', undefined],
        ['PUT', 'notifications', settings('guest@example.com')],
        ['POST', 'notifications/email/verify', { code: '123456' }],
        ['POST', 'notifications/email/resend', {}],
        ['POST', 'notifications/telegram/link', {}],
      ] as const) {
        assert.equal((await consoleServer.call('guest', method, route, body)).status, 403, `${method} ${route}`);
      }
      const officer = await consoleServer.call('officer', 'GET', 'notifications');
      assert.equal(officer.status, 200);
      assert.equal(officer.body.version, 0);
    } finally {
      await consoleServer.close();
    }
  });
});

describe('verification codes stay out of the logs', () => {
  test('a full save-and-verify round logs no code, at the most verbose level', async () => {
    const { Writable } = await import('node:stream');
    const { buildMdrService } = await import('../../host-shim/mdr-service/app.ts');
    const { tempDataDir } = await import('../support/mdr-service.ts');
    const { readConsoleCredential } = await import('../../host-shim/mdr-service/console-credential.ts');
    let log = '';
    const stream = new Writable({
      write(chunk, _encoding, done) {
        log += chunk.toString();
        done();
      },
    });
    const dataDir = tempDataDir();
    const app = await buildMdrService({ dataDir, seed: demoSeed({ seed: 1, assets: 50 }), logger: { level: 'trace', stream }, mail: { smtpUrl: '' }, reportTickMs: false });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as { port: number };
      const ca = (await import('node:fs')).readFileSync(app.mdr.pki.caCertPath, 'utf8');
      const headers = { authorization: `Bearer ${readConsoleCredential(dataDir)}`, 'x-mdr-user': 'logged', 'x-mdr-rights': 'incidentAccess' };
      const base = `https://127.0.0.1:${port}/console/v1`;
      await httpsJson(`${base}/notifications`, { method: 'PUT', ca, headers, json: settings('logged@example.com') });
      const mail = await app.mdr.mail.mailbox!.waitFor((entry) => entry.envelopeTo.includes('logged@example.com'));
      const code = /\b(\d{6})\b/.exec(mail.text)![1]!;
      const verified = await httpsJson<Record<string, any>>(`${base}/notifications/email/verify`, { method: 'POST', ca, headers, json: { code } });
      assert.equal(verified.body.email.verified, true);
      assert.ok(log.length > 0, 'the service did log the requests');
      // As a number of its own: longer numbers (timestamps) may contain the same six digits by chance.
      assert.ok(!new RegExp(`(?<![0-9])${code}(?![0-9])`).test(log), 'the code appears nowhere in the log');
    } finally {
      await app.close();
      (await import('node:fs')).rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

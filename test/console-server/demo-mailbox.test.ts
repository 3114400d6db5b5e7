/**
 * The demo mailbox (`/demo/mailbox`): each console user sees only the mail sent for them, the
 * service decides (mail/mailbox-access.ts), and any other message does not exist for them (404).
 * Mail is made the way users make it: addresses saved on the *Notifications* tab, schedules saved
 * and sent on the *Reports* tab, all through the console server and the real MDR service.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { StoredMail } from '../../host-shim/mdr-service/mail/smtp-sink.ts';
import { addComment } from '../../host-shim/mdr-service/services/incident-activity.ts';
import { httpsJson, startTestService, type TestService } from '../support/mdr-service.ts';
import { createUser } from '../../host-shim/server/console-demo.ts';
import { demoPassword, signInAs, startConsole } from '../support/console-fixture.ts';

let service: TestService;
let consoleServer: Awaited<ReturnType<typeof startConsole>>;
const sessions = new Map<string, { cookie: string; csrfToken: string }>();
let plannerRoleId: string;
let tenantId: string;
let otherTenantId: string;

/** The messages of interest, by what they are. */
const mail: Record<'officerCode' | 'adminCode' | 'seniorNotification' | 'plannerReport' | 'adminReport' | 'untagged', StoredMail> = {} as never;

async function as(userName: string) {
  let session = sessions.get(userName);
  if (!session) {
    session = await signInAs(consoleServer.app, userName);
    sessions.set(userName, session);
  }
  return session;
}

/** A plug-in call through the console server, as a signed-in user. */
async function plugin(userName: string, method: 'GET' | 'POST' | 'PUT', path: string, payload?: unknown) {
  const { cookie, csrfToken } = await as(userName);
  const response = await consoleServer.app.inject({
    method,
    url: `/api/plugins/mdr/${path}`,
    headers: { cookie, 'x-csrf-token': csrfToken },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  assert.ok(response.statusCode < 300, `${method} ${path} as ${userName}: ${response.statusCode} ${response.body}`);
  return response.json() as Record<string, any>;
}

/** A page of the console server, as `userName` or without a session. */
async function page(userName: string | null, url: string) {
  const headers = userName ? { cookie: (await as(userName)).cookie } : {};
  return consoleServer.app.inject({ method: 'GET', url, headers });
}

const mailbox = () => service.app.mdr.mail.mailbox!;

function saveAddress(userName: string, address: string, categories: string[]) {
  return plugin(userName, 'PUT', 'notifications', { email: { enabled: true, address, categories }, telegram: { enabled: false, categories: [] }, expectedVersion: 0 });
}

async function sendReport(userName: string, name: string, emails: string[]): Promise<StoredMail> {
  const schedule = await plugin(userName, 'POST', 'report-schedules', { enabled: true, unencryptedAcknowledged: true, name, tenantId, emails, day: 'monday', time: '08:00' });
  await plugin(userName, 'POST', `report-schedules/${schedule.id}/send`);
  return mailbox().waitFor((entry) => entry.subject.includes(name));
}

/** The ids of the messages a page lists (links of the subjects). */
function listedIds(html: string): string[] {
  return [...html.matchAll(/<h2><a href="\/demo\/mailbox\/([^"/]+)">/g)].map((match) => match[1]!);
}

before(async () => {
  service = await startTestService({ demo: { seed: 5, assets: 30 } });
  consoleServer = await startConsole({ service });
  const { db } = service.app.mdr;
  [tenantId, otherTenantId] = db.tenants.list(null).map((tenant) => tenant.id) as [string, string];
  assert.ok(tenantId && otherTenantId, 'the demo data has two tenants');
  // planner: may schedule reports, but is not the console's administrator.
  plannerRoleId = crypto.randomUUID();
  consoleServer.database.roles.insert({ id: plannerRoleId, name: 'Report planners', rights: ['incidentAccess', 'incidentSummaryScheduling'] });
  await createUser(consoleServer.database, { userName: 'planner', displayName: 'Pat Planner', password: demoPassword, roleIds: [plannerRoleId] });

  await saveAddress('officer', 'officer@example.com', ['incidents']);
  mail.officerCode = await mailbox().waitFor((entry) => entry.envelopeTo.includes('officer@example.com'));
  await saveAddress('admin', 'admin@example.com', ['incidents']);
  mail.adminCode = await mailbox().waitFor((entry) => entry.envelopeTo.includes('admin@example.com'));

  // senior: a verified address with comments, and extended notifications on.
  await saveAddress('senior', 'senior@example.com', ['comments']);
  const code = /\b(\d{6})\b/.exec((await mailbox().waitFor((entry) => entry.envelopeTo.includes('senior@example.com'))).text)![1];
  await plugin('senior', 'POST', 'notifications/email/verify', { code });
  const extended = db.settings.get('extendedNotifications');
  db.settings.set('extendedNotifications', { enabled: true, termsAcceptedOn: service.app.mdr.now() }, extended.version, service.app.mdr.now());
  const incident = db.incidents.list(null, { pageSize: 1 }).items[0]!;
  const comment = addComment(db, { incidentId: incident.id, authorName: 'SOC analyst', text: 'Credentials seen on WS-0099', scope: null, now: service.app.mdr.now() });
  service.app.mdr.activity.emit({ kind: 'comment', action: 'created', incidentId: incident.id, commentId: comment.id });
  mail.seniorNotification = await mailbox().waitFor((entry) => entry.envelopeTo.includes('senior@example.com') && entry.text.includes('WS-0099'));

  mail.plannerReport = await sendReport('planner', 'Planner weekly', ['board@example.com']);
  mail.adminReport = await sendReport('admin', 'Admin weekly', ['ciso@example.com']);

  await service.app.mdr.mail.send({
    to: ['someone@example.com'],
    subject: 'Report <script>',
    text: 'Hello & welcome',
    attachments: [{ filename: 'report.pdf', content: Buffer.from('%PDF-1.4 test'), contentType: 'application/pdf' }],
  });
  mail.untagged = await mailbox().waitFor((entry) => entry.subject === 'Report <script>');
});
after(async () => {
  await consoleServer?.close();
  await service?.close();
});

describe('demo mailbox: who may open it', () => {
  test('without a session: 401 with a way to sign in, for the list, a message and an attachment', async () => {
    for (const url of ['/demo/mailbox', `/demo/mailbox/${mail.officerCode.id}`, `/demo/mailbox/${mail.plannerReport.id}/attachments/0`]) {
      const response = await page(null, url);
      assert.equal(response.statusCode, 401, url);
      assert.match(response.body, /<a href="\/">Sign in<\/a>/);
      assert.ok(!response.body.includes('officer@example.com'));
    }
  });

  test('guest (no MDR right) gets 403 with a page in their language, and no message', async () => {
    const { cookie, csrfToken } = await as('guest');
    const language = await consoleServer.app.inject({ method: 'PUT', url: '/api/session/preferences', headers: { cookie, 'x-csrf-token': csrfToken }, payload: { language: 'de' } });
    assert.equal(language.statusCode, 200);
    for (const url of ['/demo/mailbox', `/demo/mailbox/${mail.officerCode.id}`, `/demo/mailbox/${mail.untagged.id}/attachments/0`]) {
      const response = await page('guest', url);
      assert.equal(response.statusCode, 403, url);
      assert.match(response.headers['content-type'] as string, /text\/html/);
      assert.match(response.body, /<html lang="de">/);
      assert.match(response.body, /Zugriff auf Vorfälle/);
      assert.ok(!/@example\.com|%PDF/.test(response.body), response.body);
    }
  });

  test('the service itself refuses a caller without Incident access (403) and one without the console credential (401)', async () => {
    const guestId = consoleServer.database.users.findByName('guest')!.id;
    const noRight = await httpsJson<{ error: string; missingRights: string[] }>(`${service.url}/demo/v1/mailbox`, {
      ca: service.ca,
      headers: { authorization: `Bearer ${service.consoleCredential}`, 'x-mdr-user': guestId, 'x-mdr-rights': '' },
    });
    assert.equal(noRight.status, 403);
    assert.deepEqual(noRight.body.missingRights, ['incidentAccess']);
    const anonymous = await httpsJson(`${service.url}/demo/v1/mailbox`, { ca: service.ca, headers: { 'x-mdr-user': guestId, 'x-mdr-rights': 'incidentAccess', 'x-mdr-host-rights': 'manageUsersAndRoles' } });
    assert.equal(anonymous.status, 401);
  });
});

describe('demo mailbox: each user sees only their own mail', () => {
  test("officer sees only their own verification mail, not admin's; admin's message answers 404", async () => {
    const list = await page('officer', '/demo/mailbox');
    assert.equal(list.statusCode, 200);
    assert.ok(!/admin@example\.com|senior@example\.com|board@example\.com|ciso@example\.com|someone@example\.com/.test(list.body), list.body);
    assert.match(list.body, /officer@example\.com/);
    assert.deepEqual(listedIds(list.body), [mail.officerCode.id]);
    const own = await page('officer', `/demo/mailbox/${mail.officerCode.id}`);
    assert.equal(own.statusCode, 200);
    assert.match(own.body, new RegExp(/\b\d{6}\b/.exec(mail.officerCode.text)![0]));
    const admins = await page('officer', `/demo/mailbox/${mail.adminCode.id}`);
    assert.equal(admins.statusCode, 404);
    assert.match(admins.body, /There is no such message, or it was not sent for you\./);
    assert.ok(!admins.body.includes('admin@example.com'));
    assert.ok(!admins.body.includes(/\b\d{6}\b/.exec(mail.adminCode.text)![0]));
  });

  test("an extended notification to another user's address is invisible and its id gives 404; its owner reads it", async () => {
    for (const other of ['officer', 'planner']) {
      const list = await page(other, '/demo/mailbox');
      assert.ok(!/WS-0099|senior@example\.com/.test(list.body), other);
      assert.ok(!listedIds(list.body).includes(mail.seniorNotification.id), other);
      const direct = await page(other, `/demo/mailbox/${mail.seniorNotification.id}`);
      assert.equal(direct.statusCode, 404, other);
      assert.ok(!direct.body.includes('WS-0099'));
    }
    const senior = await page('senior', '/demo/mailbox');
    assert.deepEqual(listedIds(senior.body).sort(), [mail.seniorNotification.id, (await mailbox().waitFor((entry) => entry.envelopeTo.includes('senior@example.com') && /code/i.test(entry.subject))).id].sort());
    assert.match((await page('senior', `/demo/mailbox/${mail.seniorNotification.id}`)).body, /WS-0099/);
  });

  test("a report of another user's schedule is invisible: its id and its PDF give 404", async () => {
    for (const other of ['officer', 'senior']) {
      const list = await page(other, '/demo/mailbox');
      assert.ok(!listedIds(list.body).includes(mail.plannerReport.id), other);
      assert.ok(!list.body.includes('board@example.com'), other);
      assert.equal((await page(other, `/demo/mailbox/${mail.plannerReport.id}`)).statusCode, 404, other);
      const pdf = await page(other, `/demo/mailbox/${mail.plannerReport.id}/attachments/0`);
      assert.equal(pdf.statusCode, 404, other);
      assert.ok(!pdf.body.startsWith('%PDF'));
    }
    // The planner does not see the report of the administrator's schedule either.
    assert.equal((await page('planner', `/demo/mailbox/${mail.adminReport.id}`)).statusCode, 404);
  });

  test('a report is visible to who created or last edited its schedule, with Incident summary scheduling and its tenant in scope', async () => {
    const { db } = service.app.mdr;
    const readable = async () => (await page('planner', `/demo/mailbox/${mail.plannerReport.id}`)).statusCode;
    assert.deepEqual(listedIds((await page('planner', '/demo/mailbox')).body), [mail.plannerReport.id]);
    const pdf = await page('planner', `/demo/mailbox/${mail.plannerReport.id}/attachments/0`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.ok(pdf.rawPayload.subarray(0, 5).equals(Buffer.from('%PDF-')));

    // Without Incident summary scheduling (a role change applies at once), the report is gone.
    const role = consoleServer.database.roles.get(plannerRoleId)!;
    consoleServer.database.roles.update(plannerRoleId, role.version, { name: role.name, rights: ['incidentAccess'] });
    assert.equal(await readable(), 404);
    assert.deepEqual(listedIds((await page('planner', '/demo/mailbox')).body), []);
    const changed = consoleServer.database.roles.get(plannerRoleId)!;
    consoleServer.database.roles.update(plannerRoleId, changed.version, { name: role.name, rights: ['incidentAccess', 'incidentSummaryScheduling'] });
    assert.equal(await readable(), 200);

    // A tenant outside the console's scope: its report is gone too.
    db.organization.update({ consoleTenantScope: [otherTenantId] });
    try {
      assert.equal(await readable(), 404);
    } finally {
      db.organization.update({ consoleTenantScope: null });
    }
    assert.equal(await readable(), 200);

    // Once the administrator edits the schedule, its next report is theirs; the planner keeps the one sent before.
    const schedule = db.reportSchedules.list(null).find((entry) => entry.name === 'Planner weekly')!;
    await plugin('admin', 'PUT', `report-schedules/${schedule.id}`, {
      enabled: true,
      unencryptedAcknowledged: true,
      name: 'Planner weekly, edited',
      tenantId,
      emails: ['board@example.com'],
      day: 'monday',
      time: '08:00',
      expectedVersion: schedule.version,
    });
    await plugin('admin', 'POST', `report-schedules/${schedule.id}/send`);
    const edited = await mailbox().waitFor((entry) => entry.subject.includes('Planner weekly, edited'));
    assert.equal((await page('planner', `/demo/mailbox/${edited.id}`)).statusCode, 404);
    assert.equal(await readable(), 200);
  });

  test("the console's main administrator sees every message, escaped, with attachments to download", async () => {
    const list = await page('admin', '/demo/mailbox');
    assert.equal(list.statusCode, 200);
    const ids = listedIds(list.body);
    for (const [what, entry] of Object.entries(mail)) assert.ok(ids.includes(entry.id), what);
    assert.match(list.body, /As the console&#39;s main administrator, you see every message\./);
    assert.match(list.body, /Report &lt;script&gt;/);
    assert.ok(!list.body.includes('<script>'));
    assert.match(list.body, /Hello &amp; welcome/);
    const attachment = await page('admin', `/demo/mailbox/${mail.untagged.id}/attachments/0`);
    assert.equal(attachment.statusCode, 200);
    assert.equal(attachment.headers['content-type'], 'application/pdf');
    assert.equal(attachment.body, '%PDF-1.4 test');
    assert.equal((await page('admin', `/demo/mailbox/${mail.plannerReport.id}/attachments/0`)).statusCode, 200);
  });

  test('a message id that does not exist, or is malformed, answers 404', async () => {
    for (const id of ['000000000000001-00000000', 'not-an-id', '..%2F..%2Fmdr.db']) {
      assert.equal((await page('admin', `/demo/mailbox/${id}`)).statusCode, 404, id);
      assert.equal((await page('admin', `/demo/mailbox/${id}/attachments/0`)).statusCode, 404, id);
    }
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { httpsJson, startTestService, type TestService } from '../support/mdr-service.ts';
import type { Mailbox } from '../../host-shim/mdr-service/mail/smtp-sink.ts';
import { lastRunAtOrBefore, nextRunAfter, reportPeriod } from '../../host-shim/mdr-service/services/reports.ts';
import { startWiredConsole } from '../support/wired-console.ts';

const DAY = 24 * 60 * 60 * 1000;
// Wednesday, 10 June 2026, 08:00 UTC.
const START = Date.UTC(2026, 5, 10, 8, 0);
let clock = START;
let service: TestService;
let mailbox: Mailbox;
const RIGHTS = ['incidentAccess', 'incidentSummaryScheduling'];

function call(method: string, route: string, json?: unknown, rights = RIGHTS) {
  return httpsJson<Record<string, any>>(`${service.url}/console/v1/${route}`, { method, ca: service.ca, headers: service.consoleHeaders(rights), json });
}

const valid = (overrides: Record<string, unknown> = {}) => ({
  enabled: true,
  unencryptedAcknowledged: true,
  name: 'Weekly SOC summary',
  tenantId: null,
  emails: ['soc@example.com', 'ciso@example.com'],
  day: 'wednesday',
  time: '09:00',
  ...overrides,
});

before(async () => {
  service = await startTestService({ now: () => clock });
  mailbox = service.app.mdr.mail.mailbox!;
  // Start from no schedules (the demo data has some), so that counts and limits are this test's own.
  for (const schedule of service.app.mdr.db.reportSchedules.list(null)) service.app.mdr.db.reportSchedules.delete(schedule.id);
});
after(async () => service.close());

describe('report periods and next runs', () => {
  test('a report covers the seven days before the run day, the run day excluded', () => {
    const runAt = Date.UTC(2026, 5, 10, 9, 0);
    assert.deepEqual(reportPeriod(runAt), { from: Date.UTC(2026, 5, 3), to: Date.UTC(2026, 5, 10) });
  });

  test('next run: the same day when the time is still ahead, else the next matching day', () => {
    assert.equal(nextRunAfter({ day: 'wednesday', time: '09:00' }, START), Date.UTC(2026, 5, 10, 9));
    assert.equal(nextRunAfter({ day: 'wednesday', time: '07:59' }, START), Date.UTC(2026, 5, 17, 7, 59));
    assert.equal(nextRunAfter({ day: 'everyDay', time: '08:00' }, START), Date.UTC(2026, 5, 11, 8));
    assert.equal(nextRunAfter({ day: 'sunday', time: '23:59' }, START), Date.UTC(2026, 5, 14, 23, 59));
    assert.equal(lastRunAtOrBefore({ day: 'monday', time: '10:00' }, START), Date.UTC(2026, 5, 8, 10));
  });
});

describe('console report schedules: rules', () => {
  test('each rule of the form is checked on the server too, and nothing is stored', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ unencryptedAcknowledged: false }, 'unencryptedAcknowledged', 'acknowledgementRequired'],
      [{ name: '' }, 'name', 'required'],
      [{ name: 'x'.repeat(1001) }, 'name', 'nameTooLong'],
      [{ name: 'Отчёт' }, 'name', 'nameCharacters'],
      [{ emails: [] }, 'emails', 'required'],
      [{ emails: ['soc@example.com', 'not-an-address'] }, 'emails', 'invalidEmail'],
      [{ day: 'someday' }, 'day', 'required'],
      [{ time: '24:00' }, 'time', 'invalidTime'],
      [{ time: '9:00' }, 'time', 'invalidTime'],
      [{ tenantId: 'no-such-tenant' }, 'tenantId', 'unknownTenant'],
    ];
    for (const [overrides, field, code] of cases) {
      const answer = await call('POST', 'report-schedules', valid(overrides));
      assert.deepEqual([answer.status, answer.body.error, answer.body.field, answer.body.rule], [400, 'validation', field, code], JSON.stringify(overrides));
    }
    assert.equal(service.app.mdr.db.reportSchedules.count(), 0);
    const longest = await call('POST', 'report-schedules', valid({ name: `${'x'.repeat(990)} !#$%&*()` }));
    assert.equal(longest.status, 201);
    await call('DELETE', `report-schedules/${longest.body.id}?expectedVersion=${longest.body.version}`);
  });

  test('create, list with next run and period, edit with version check, delete', async () => {
    const created = await call('POST', 'report-schedules', valid());
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.nextRun, new Date(Date.UTC(2026, 5, 10, 9)).toISOString());
    assert.deepEqual(created.body.nextPeriod, { from: new Date(Date.UTC(2026, 5, 3)).toISOString(), to: new Date(Date.UTC(2026, 5, 10)).toISOString() });
    const list = await call('GET', 'report-schedules');
    assert.equal(list.body.total, 1);
    assert.deepEqual(list.body.limits, { organization: 50, perTenant: 10 });
    assert.ok(list.body.tenants.length > 0);

    const tenant = list.body.tenants[0];
    const edited = await call('PUT', `report-schedules/${created.body.id}`, { ...valid({ tenantId: tenant.id, day: 'everyDay', time: '07:30', enabled: false }), expectedVersion: created.body.version });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(edited.body.tenantName, tenant.name);
    assert.equal(edited.body.nextRun, null, 'a disabled schedule has no next run');
    const stale = await call('PUT', `report-schedules/${created.body.id}`, { ...valid(), expectedVersion: created.body.version });
    assert.equal(stale.status, 409);
    const staleDelete = await call('DELETE', `report-schedules/${created.body.id}?expectedVersion=${created.body.version}`);
    assert.equal(staleDelete.status, 409);
    // A console delete names the version it saw: without one, or with a hostile one, it changes nothing.
    for (const query of ['', '?expectedVersion=', '?expectedVersion=abc', '?expectedVersion=-1', '?version=' + edited.body.version]) {
      const refused = await call('DELETE', `report-schedules/${created.body.id}${query}`);
      assert.deepEqual([refused.status, refused.body.error, refused.body.field], [400, 'validation', 'expectedVersion'], query);
    }
    assert.equal((await call('GET', 'report-schedules')).body.total, 1);
    const deleted = await call('DELETE', `report-schedules/${created.body.id}?expectedVersion=${edited.body.version}`);
    assert.equal(deleted.status, 204);
    assert.equal((await call('GET', 'report-schedules')).body.total, 0);
  });

  test('the list is sorted and paged on the server', async () => {
    const ids: string[] = [];
    for (const name of ['Bravo', 'alpha', 'Charlie']) ids.push((await call('POST', 'report-schedules', valid({ name }))).body.id);
    const names = async (query: string) => ((await call('GET', `report-schedules?${query}`)).body.items as { name: string }[]).map((item) => item.name);
    assert.deepEqual(await names('sort=name&direction=asc'), ['alpha', 'Bravo', 'Charlie']);
    assert.deepEqual(await names('sort=name&direction=desc&page=1&pageSize=2'), ['Charlie', 'Bravo']);
    assert.deepEqual(await names('sort=name&direction=desc&page=2&pageSize=2'), ['alpha']);
    assert.equal((await call('GET', 'report-schedules?pageSize=2')).body.total, 3);
    assert.equal((await call('GET', 'report-schedules?sort=secret')).status, 400);
    for (const id of ids) service.app.mdr.db.reportSchedules.delete(id);
  });

  test('at most 10 schedules per tenant and 50 per organization', async () => {
    const tenants = (await call('GET', 'report-schedules')).body.tenants as { id: string }[];
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await call('POST', 'report-schedules', valid({ name: `T${i}`, tenantId: tenants[0]!.id }))).body.id);
    const eleventh = await call('POST', 'report-schedules', valid({ name: 'T10', tenantId: tenants[0]!.id }));
    assert.deepEqual([eleventh.status, eleventh.body.error, eleventh.body.field], [409, 'tenantScheduleLimit', 'tenantId']);
    for (let i = 10; i < 50; i++) ids.push((await call('POST', 'report-schedules', valid({ name: `All ${i}` }))).body.id);
    const fiftyFirst = await call('POST', 'report-schedules', valid({ name: 'One too many' }));
    assert.deepEqual([fiftyFirst.status, fiftyFirst.body.error], [409, 'scheduleLimit']);
    for (const id of ids) service.app.mdr.db.reportSchedules.delete(id);
  });

  test("a console scoped to one tenant neither sees, edits, sends nor deletes another tenant's schedule", async () => {
    const tenants = (await call('GET', 'report-schedules')).body.tenants as { id: string }[];
    const [mine, theirs] = [tenants[0]!.id, tenants[1]!.id];
    const foreign = await call('POST', 'report-schedules', valid({ name: 'Theirs', tenantId: theirs }));
    assert.equal(foreign.status, 201);
    const { db } = service.app.mdr;
    const before = db.organization.require().consoleTenantScope;
    db.organization.update({ consoleTenantScope: [mine] });
    try {
      const id = foreign.body.id as string;
      assert.equal((await call('GET', 'report-schedules?pageSize=100')).body.items.some((item: { id: string }) => item.id === id), false);
      const edited = await call('PUT', `report-schedules/${id}`, { ...valid({ name: 'Taken over', tenantId: mine }), expectedVersion: foreign.body.version });
      assert.equal(edited.status, 404);
      assert.equal((await call('POST', `report-schedules/${id}/send`)).status, 404);
      assert.equal((await call('DELETE', `report-schedules/${id}?expectedVersion=${foreign.body.version}`)).status, 404);
      const created = await call('POST', 'report-schedules', valid({ name: 'Into theirs', tenantId: theirs }));
      assert.deepEqual([created.status, created.body.field], [400, 'tenantId']);
      assert.deepEqual(db.reportSchedules.get(id), { ...db.reportSchedules.get(id)!, name: 'Theirs', tenantId: theirs, version: foreign.body.version });
    } finally {
      db.organization.update({ consoleTenantScope: before });
      db.reportSchedules.delete(foreign.body.id);
    }
  });

  test('an edit cannot move a schedule into a tenant that has ten already, through the route or the repository', async () => {
    const tenants = (await call('GET', 'report-schedules')).body.tenants as { id: string }[];
    const [full, other] = [tenants[0]!.id, tenants[1]!.id];
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await call('POST', 'report-schedules', valid({ name: `Full ${i}`, tenantId: full }))).body.id);
    const elsewhere = await call('POST', 'report-schedules', valid({ name: 'Elsewhere', tenantId: other }));
    ids.push(elsewhere.body.id);

    const moved = await call('PUT', `report-schedules/${elsewhere.body.id}`, { ...valid({ name: 'Elsewhere', tenantId: full }), expectedVersion: elsewhere.body.version });
    assert.deepEqual([moved.status, moved.body.error, moved.body.field], [409, 'tenantScheduleLimit', 'tenantId']);
    const toAll = await call('PUT', `report-schedules/${elsewhere.body.id}`, { ...valid({ name: 'Elsewhere', tenantId: null }), expectedVersion: elsewhere.body.version });
    assert.equal(toAll.status, 200, 'moving to all tenants is not limited per tenant');
    const { db } = service.app.mdr;
    assert.throws(() => db.reportSchedules.update(elsewhere.body.id, { tenantId: full }, toAll.body.version), (error: { code?: string }) => error.code === 'tenantScheduleLimit');
    assert.equal(db.reportSchedules.get(elsewhere.body.id)!.tenantId, null, 'the refused edit changed nothing');

    // A schedule already in the full tenant may still be edited there.
    const inside = await call('GET', `report-schedules?pageSize=100`);
    const first = (inside.body.items as { id: string; version: number }[]).find((item) => item.id === ids[0])!;
    const renamed = await call('PUT', `report-schedules/${ids[0]}`, { ...valid({ name: 'Full renamed', tenantId: full }), expectedVersion: first.version });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    for (const id of ids) db.reportSchedules.delete(id);
  });
});

describe('console report schedules: scheduled reports', () => {
  test('at the scheduled UTC time the service mails a PDF of open incidents for the period, once', async () => {
    clock = START;
    const created = await call('POST', 'report-schedules', valid({ name: 'Wednesday report', emails: ['weekly@example.com'] }));
    assert.equal(created.status, 201);

    clock = Date.UTC(2026, 5, 10, 8, 59, 59);
    assert.deepEqual(await service.app.mdr.reports.tick(), []);
    clock = Date.UTC(2026, 5, 10, 9, 0, 20);
    const runs = await service.app.mdr.reports.tick();
    assert.equal(runs.length, 1);
    assert.deepEqual(runs[0]!.period, { from: Date.UTC(2026, 5, 3), to: Date.UTC(2026, 5, 10) });

    const mail = await mailbox.waitFor((entry) => entry.envelopeTo.includes('weekly@example.com'));
    assert.match(mail.subject, /Wednesday report/);
    assert.match(mail.text, /Jun 3, 2026 – Jun 9, 2026/);
    assert.equal(mail.attachments.length, 1);
    const [pdf] = mail.attachments;
    assert.equal(pdf!.contentType, 'application/pdf');
    assert.equal(pdf!.filename, 'mdr-report-2026-06-10.pdf');
    assert.equal(pdf!.content.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(pdf!.content.length > 1000);
    assert.match(mail.text, new RegExp(`The report lists ${runs[0]!.incidents} open incidents?\\.`));

    clock += 60_000;
    assert.deepEqual(await service.app.mdr.reports.tick(), [], 'a scheduled time is sent once');
    const list = await call('GET', 'report-schedules');
    const listed = list.body.items.find((item: { id: string }) => item.id === created.body.id);
    assert.equal(listed.lastRun.status, 'sent');
    assert.equal(listed.nextRun, new Date(Date.UTC(2026, 5, 17, 9)).toISOString());

    clock = Date.UTC(2026, 5, 17, 9, 0) + 7 * DAY + 1;
    assert.equal((await service.app.mdr.reports.tick()).length, 1, 'after a pause, the latest missed time is sent, not a backlog');
    await call('DELETE', `report-schedules/${created.body.id}?expectedVersion=${service.app.mdr.db.reportSchedules.get(created.body.id)!.version}`);
    assert.equal(service.app.mdr.db.reportSchedules.get(created.body.id), null);
  });

  test('Send now mails the report at once to the schedule recipients', async () => {
    const created = await call('POST', 'report-schedules', valid({ name: 'Ad hoc', emails: ['now@example.com'], enabled: false }));
    const sent = await call('POST', `report-schedules/${created.body.id}/send`, {});
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.deepEqual(sent.body.sentTo, ['now@example.com']);
    const mail = await mailbox.waitFor((entry) => entry.envelopeTo.includes('now@example.com'));
    assert.equal(mail.attachments[0]!.content.subarray(0, 5).toString('latin1'), '%PDF-');
  });
});

describe('console report schedules through the console server', () => {
  test('without Incident summary scheduling every route answers 403', async () => {
    const consoleServer = await startWiredConsole({ service });
    try {
      for (const user of ['senior', 'officer']) {
        for (const [method, route, body] of [
          ['GET', 'report-schedules', undefined],
          ['POST', 'report-schedules', valid()],
          ['PUT', 'report-schedules/abc', { ...valid(), version: 1 }],
          ['DELETE', 'report-schedules/abc', undefined],
          ['POST', 'report-schedules/abc/send', {}],
        ] as const) {
          assert.equal((await consoleServer.call(user, method, route, body)).status, 403, `${user} ${method} ${route}`);
        }
      }
      const admin = await consoleServer.call('admin', 'GET', 'report-schedules');
      assert.equal(admin.status, 200);
    } finally {
      await consoleServer.close();
    }
  });
});

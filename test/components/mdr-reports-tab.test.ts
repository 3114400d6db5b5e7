import './support/accessibility-hook.ts';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../plugin/index.ts';
import type { MdrSection } from '../../plugin/mdr-section.ts';
import type { RightId } from '../../plugin/context.ts';
import { createTestHost } from './support/test-host.ts';
import { deepQuery, deepQueryAll, visibleText, waitForText, expectVisibleText } from './support/dom.ts';
import { reportSchedule } from './support/fixtures.ts';

const RIGHTS: RightId[] = ['incidentAccess', 'incidentSummaryScheduling'];

const schedule = reportSchedule();

const list = (items = [schedule], total = items.length) => ({ items, total, tenants: [{ id: 't1', name: 'Alpha' }, { id: 't2', name: 'Beta' }], limits: { organization: 50, perTenant: 10 } });

async function open(routes: Parameters<typeof createTestHost>[0]['routes']) {
  const test = createTestHost({ rights: RIGHTS, routes });
  const element = await fixture<MdrSection>(html`<mdr-section .host=${test.host} tab="reports"></mdr-section>`);
  await waitForText(element, 'Report delivery schedules');
  return { ...test, element };
}

const button = (element: Element, text: string) => deepQueryAll<HTMLButtonElement>(element, 'button').find((entry) => entry.textContent?.trim() === text);

/** Clicks the panel's Save once a change has enabled it. */
async function save(element: Element): Promise<void> {
  await waitUntil(() => button(element, 'Save')?.disabled === false, 'Save is enabled after a change');
  button(element, 'Save')!.click();
}

function type(input: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event('change'));
}

describe('mdr-reports-tab', () => {
  it('lists schedules with the next run and the seven days it covers, in UTC', async () => {
    const { element } = await open({ 'GET /report-schedules': [200, list()] });
    await waitForText(element, 'Weekly SOC summary');
    expectVisibleText(element, ['Alpha', 'soc@example.com, ciso@example.com', 'Wednesday, 09:00 UTC', 'Jun 10, 2026, 9:00 AM UTC', 'covers Jun 3, 2026 – Jun 9, 2026', '1 of 50 schedules']);
  });

  it('validates the form like the server, with messages next to each field, and sends nothing until it is right', async () => {
    const { element, requests } = await open({
      'GET /report-schedules': [200, list([])],
      'POST /report-schedules': [201, schedule],
    });
    button(element, 'Add')!.click();
    await waitForText(element, 'Add new schedule');
    type(deepQuery<HTMLInputElement>(element, '#schedule-name')!, 'Отчёт');
    type(deepQuery<HTMLTextAreaElement>(element, '#schedule-emails')!, 'soc@example.com, nope');
    type(deepQuery<HTMLInputElement>(element, '#schedule-time')!, '25:00');
    await save(element);
    await waitForText(element, 'Confirm that you understand the report is sent unencrypted.');
    expectVisibleText(element, ['Use only Latin letters, digits and special characters.', 'Each address must be a valid email address; separate the addresses with commas.', 'Enter the time as HH:MM in 24-hour format, for example 15:00.']);
    expect(requests.filter((request) => request.method === 'POST')).to.have.length(0);

    deepQuery<HTMLInputElement>(element, '#schedule-unencryptedAcknowledged')!.click();
    type(deepQuery<HTMLInputElement>(element, '#schedule-name')!, 'Weekly SOC summary');
    type(deepQuery<HTMLTextAreaElement>(element, '#schedule-emails')!, 'soc@example.com ,ciso@example.com');
    choose(deepQuery<HTMLSelectElement>(element, '#schedule-tenantId')!, 't1');
    choose(deepQuery<HTMLSelectElement>(element, '#schedule-day')!, 'wednesday');
    type(deepQuery<HTMLInputElement>(element, '#schedule-time')!, '09:00');
    await waitUntil(() => deepQuery(element, '[data-testid="preview"]') !== undefined, 'the next run is previewed');
    expect(visibleText(deepQuery(element, '[data-testid="preview"]')!)).to.match(/^The next report is sent on .+ UTC and covers .+ – .+\.$/);
    await save(element);
    await waitUntil(() => requests.some((request) => request.method === 'POST'));
    expect(requests.find((request) => request.method === 'POST')!.body).to.deep.equal({
      enabled: true,
      unencryptedAcknowledged: true,
      name: 'Weekly SOC summary',
      tenantId: 't1',
      emails: ['soc@example.com', 'ciso@example.com'],
      day: 'wednesday',
      time: '09:00',
    });
  });

  it('shows the per-tenant limit the server refuses with', async () => {
    const { element } = await open({
      'GET /report-schedules': [200, list()],
      'PUT /report-schedules/s1': [409, { error: 'tenantScheduleLimit', field: 'tenantId' }],
    });
    await waitForText(element, 'Weekly SOC summary');
    deepQueryAll<HTMLButtonElement>(element, 'button').find((entry) => entry.getAttribute('aria-label') === 'Edit: Weekly SOC summary')!.click();
    await waitForText(element, 'Edit schedule');
    choose(deepQuery<HTMLSelectElement>(element, '#schedule-tenantId')!, 't2');
    await save(element);
    await waitForText(element, 'This tenant already has 10 schedules, the maximum.');
  });

  it('asks before closing a form with unsaved edits', async () => {
    const { element, host } = await open({ 'GET /report-schedules': [200, list()] });
    const asked: string[] = [];
    host.confirm = async (request) => (asked.push(request.title), false);
    element.host = { ...host };
    await waitForText(element, 'Weekly SOC summary');
    deepQueryAll<HTMLButtonElement>(element, 'button').find((entry) => entry.getAttribute('aria-label') === 'Edit: Weekly SOC summary')!.click();
    await waitForText(element, 'Edit schedule');
    button(element, 'Cancel')!.click();
    await waitUntil(() => deepQuery(element, 'mdr-side-panel')!.hasAttribute('open') === false, 'an unchanged form closes at once');
    expect(asked).to.have.length(0);
    deepQueryAll<HTMLButtonElement>(element, 'button').find((entry) => entry.getAttribute('aria-label') === 'Edit: Weekly SOC summary')!.click();
    await waitUntil(() => deepQuery(element, 'mdr-side-panel')!.hasAttribute('open'));
    type(deepQuery<HTMLInputElement>(element, '#schedule-time')!, '10:00');
    button(element, 'Cancel')!.click();
    await waitUntil(() => asked.length === 1);
    expect(asked[0]).to.equal('Leave without saving?');
    expect(deepQuery(element, 'mdr-side-panel')!.hasAttribute('open')).to.equal(true);
  });

  it('deletes after confirmation and sends a report now', async () => {
    let loads = 0;
    const { element, requests, notices } = await open({
      'GET /report-schedules': () => (loads++, [200, list()]),
      'DELETE /report-schedules/s1': [204, ''],
      'POST /report-schedules/s1/send': [200, { sentTo: ['soc@example.com', 'ciso@example.com'], period: schedule.nextPeriod, incidents: 3 }],
    });
    await waitForText(element, 'Weekly SOC summary');
    deepQueryAll<HTMLButtonElement>(element, 'button').find((entry) => entry.getAttribute('aria-label') === 'Send now: Weekly SOC summary')!.click();
    await waitUntil(() => notices.some((notice) => notice.text === 'The report was sent to 2 recipients.'));
    deepQueryAll<HTMLButtonElement>(element, 'button').find((entry) => entry.getAttribute('aria-label') === 'Delete: Weekly SOC summary')!.click();
    await waitUntil(() => requests.some((request) => request.method === 'DELETE'));
    expect(requests.find((request) => request.method === 'DELETE')!.url).to.equal('/report-schedules/s1');
    await waitUntil(() => notices.some((notice) => notice.text === 'The schedule is deleted.'));
    expect(loads).to.be.greaterThan(1);
  });

  it('asks the server for another order when a column header is clicked', async () => {
    const { element, requests } = await open({ 'GET /report-schedules': [200, list()] });
    await waitForText(element, 'Weekly SOC summary');
    expect(button(element, 'Save')!.disabled, 'Save waits for a change').to.equal(true);
    deepQueryAll<HTMLButtonElement>(element, 'th button').find((entry) => entry.textContent?.includes('Next report'))!.click();
    await waitUntil(() => requests.filter((request) => request.method === 'GET').length === 2);
    const last = requests.filter((request) => request.method === 'GET').at(-1)!;
    expect(last.url).to.equal('/report-schedules');
    expect(last.params).to.deep.equal({ sort: 'nextRun', direction: 'asc', page: 1, pageSize: 25 });
    expect(visibleText(element)).to.include('Weekly SOC summary');
  });

  it('names the failure and offers Retry when the list cannot be loaded', async () => {
    const { element } = await open({ 'GET /report-schedules': [504, { error: 'serviceTimeout' }] });
    await waitForText(element, 'The MDR service did not answer in time.');
    expect(button(element, 'Retry')).not.to.equal(undefined);
  });
});

import './support/accessibility-hook.ts';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../plugin/index.ts';
import type { MdrSection } from '../../plugin/mdr-section.ts';
import { createTestHost, type RecordedRequest } from './support/test-host.ts';
import { deepQuery, visibleText, waitForText } from './support/dom.ts';
import { buttonNamed, clickButton, eventually, retryAfter } from './support/actions.ts';

const devices = {
  items: [
    {
      id: 'dev-1',
      name: 'WS-ACCOUNTING-07',
      applications: ['Kaspersky Endpoint Security for Windows 12.6'],
      mdrState: 'noLicense',
      administrationServer: 'ksc-main.example.com',
      criticalComponents: [
        { name: 'File Threat Protection', state: 'paused', indication: 'yellow' },
        { name: 'selfDefense', state: 'off', indication: 'red' },
      ],
    },
  ],
  total: 1,
  page: 1,
  pageSize: 25,
};
const details = {
  id: 'dev-1',
  name: 'WS-ACCOUNTING-07',
  group: 'Managed devices/Finance/Workstations',
  administrationServer: 'ksc-main.example.com',
  mdrState: 'noLicense',
  selfDefense: false,
  applications: [{ name: 'Kaspersky Endpoint Security for Windows', version: '12.6', components: [{ name: 'File Threat Protection', state: 'paused' }, { name: 'Web Threat Protection', state: 'running' }] }],
  criticalComponents: devices.items[0]!.criticalComponents,
};
const seen = {
  items: [
    {
      id: 'a-1',
      hostName: 'SRV-DB-01',
      status: 'critical',
      problems: [{ code: 'telemetryLoss', detectedAt: '2026-03-01T00:00:00.000Z', component: null }],
      telemetryLoss: true,
      lastSeen: '2026-03-01T10:00:00.000Z',
      firstSeen: '2025-12-01T10:00:00.000Z',
      domain: 'corp.example.com',
      osVersion: 'Windows Server 2022',
      products: ['Kaspersky Endpoint Security for Windows 12.6'],
    },
  ],
  total: 1234,
  page: 1,
  pageSize: 25,
};

type Answer = [number, unknown] | (() => [number, unknown] | Promise<[number, unknown]>);
const csv = (): [number, unknown] => [200, new Blob(['\uFEFFAsset name\r\n'], { type: 'text/csv' })];

async function openHealth(exports: Record<string, Answer> = {}) {
  const opened: string[] = [];
  const { host, requests } = createTestHost({
    rights: ['incidentAccess'],
    routes: {
      'GET /health/devices': [200, devices],
      'GET /health/devices/dev-1': [200, details],
      'GET /health/assets': [200, seen],
      'GET /health/devices/export': csv,
      'GET /health/assets/export': csv,
      ...exports,
    },
  });
  host.navigation.openDevice = (id) => opened.push(id);
  const element = await fixture<MdrSection>(html`<mdr-section .host=${host} tab="health"></mdr-section>`);
  await waitForText(element, 'WS-ACCOUNTING-07');
  return { element, requests, opened };
}

const exportButton = (element: Element) => buttonNamed(element, /^(Export to CSV|Working…)$/)!;
const exportRequests = (requests: RecordedRequest[], url: string) => requests.filter((request) => request.url === url);

describe('mdr-health-tab', () => {
  it('opens with an overview of the assets by status, the dashboard chart, each bar named with its count', async () => {
    const { element } = await openHealth();
    await waitForText(element, 'MDR assets by status');
    const overview = deepQuery<HTMLElement>(element, 'mdr-assets-widget')!;
    await waitUntil(() => overview.shadowRoot!.textContent!.includes('12'), 'the total is shown');
    const items = Array.from(overview.shadowRoot!.querySelectorAll('li')).map((item) => item.textContent!.replace(/\s+/g, ' ').trim());
    expect(items).to.deep.equal(['OK 8', 'Warning 2', 'Critical 1', 'Absent 1']);
  });

  it('lists malfunctioning assets with MDR state and coloured critical components', async () => {
    const { element } = await openHealth();
    const text = visibleText(element);
    expect(text).to.include('No license');
    expect(text).to.include('ksc-main.example.com');
    const red = deepQuery<HTMLElement>(element, '[data-indication="red"]')!;
    const yellow = deepQuery<HTMLElement>(element, '[data-indication="yellow"]')!;
    expect(red.shadowRoot!.textContent).to.include('Self-Defense: Off');
    expect(yellow.shadowRoot!.textContent).to.include('File Threat Protection: Paused');
    // The colours really apply where the cell is rendered: red for Self-Defense off, amber for paused.
    expect(getComputedStyle(red.shadowRoot!.querySelector('span')!).color).to.equal('rgb(179, 38, 30)');
    expect(getComputedStyle(yellow.shadowRoot!.querySelector('span')!).color).to.equal('rgb(122, 79, 0)');
  });

  it('filters by a preset and exports the same filter to CSV', async () => {
    const { element, requests } = await openHealth();
    const preset = deepQuery<HTMLSelectElement>(element, '#preset')!;
    preset.value = 'licenseMissing';
    preset.dispatchEvent(new Event('change'));
    await waitUntil(() => requests.some((r) => r.url.includes('states=noLicense')), 'no request with the preset');
    await clickButton(element, 'Export to CSV');
    await eventually(() => exportRequests(requests, '/health/devices/export').length === 1, 'exported');
    expect(exportRequests(requests, '/health/devices/export')[0]!.params).to.deep.equal({ states: 'noLicense' });
    const installed = deepQuery<HTMLSelectElement>(element, '#preset')!;
    installed.value = 'installedAndActivated';
    installed.dispatchEvent(new Event('change'));
    await waitUntil(() => requests.some((r) => r.url.includes('states=unknown%2Cstopped%2Cpaused%2Cstarting%2Crunning%2Cfailed')), 'no request with the installed preset');
  });

  it('opens the console device page from the asset name and shows every component in the details', async () => {
    const { element, opened } = await openHealth();
    const name = [...(deepQuery<HTMLElement>(element, 'mdr-data-table')!.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.link'))][0]!;
    name.click();
    expect(opened).to.deep.equal(['dev-1']);
    const detailsButton = deepQuery<HTMLButtonElement>(element, 'button[aria-label="Details of WS-ACCOUNTING-07"]')!;
    detailsButton.click();
    await waitForText(element, 'Web Threat Protection');
    expect(visibleText(element)).to.include('Managed devices/Finance/Workstations');
  });

  it('searches, filters by status and period, with counts from the server', async () => {
    const { element, requests } = await openHealth();
    const seenTab = deepQuery<HTMLButtonElement>(element, '#view-seen')!;
    seenTab.click();
    await waitForText(element, 'SRV-DB-01');
    expect(visibleText(element)).to.include('1,234 assets');
    expect(visibleText(element)).to.include('Telemetry loss');
    const search = deepQuery<HTMLInputElement>(element, '#search')!;
    search.value = 'db-0';
    search.dispatchEvent(new Event('input'));
    await waitUntil(() => requests.some((r) => r.url.includes('search=db-0')), 'no search request');
    const critical = deepQuery<HTMLInputElement>(element, 'input[name="status"][value="critical"]')!;
    critical.click();
    await waitUntil(() => requests.some((r) => r.url.includes('statuses=critical') && r.url.includes('search=db-0')), 'no status filter');
    const period = deepQuery<HTMLSelectElement>(element, '#period')!;
    period.value = 'custom';
    period.dispatchEvent(new Event('change'));
    await waitUntil(() => deepQuery(element, '#from'));
    const from = deepQuery<HTMLInputElement>(element, '#from')!;
    from.value = '2026-03-10';
    from.dispatchEvent(new Event('change'));
    const to = deepQuery<HTMLInputElement>(element, '#to')!;
    to.value = '2026-03-01';
    to.dispatchEvent(new Event('change'));
    await waitForText(element, 'The end date must not be before the start date.');
    expect(buttonNamed(element, 'Export to CSV')).to.equal(undefined);
    to.value = '2026-03-12';
    to.dispatchEvent(new Event('change'));
    await clickButton(element, 'Export to CSV');
    await eventually(() => exportRequests(requests, '/health/assets/export').length === 1, 'exported');
    const params = exportRequests(requests, '/health/assets/export')[0]!.params;
    expect(Object.keys(params)).to.deep.equal(['sort', 'direction', 'statuses', 'lastSeenFrom', 'lastSeenTo', 'search']);
    expect(params).to.include({ statuses: 'critical', search: 'db-0' });
  });

  it('shows an export as working until it ends, does not start it twice, and says when the file was saved', async () => {
    let answer: (value: [number, unknown]) => void = () => undefined;
    const { element, requests } = await openHealth({ 'GET /health/devices/export': () => new Promise<[number, unknown]>((resolve) => (answer = resolve)) });
    await clickButton(element, 'Export to CSV');
    await eventually(() => exportButton(element).getAttribute('aria-busy') === 'true', 'busy');
    expect([exportButton(element).disabled, visibleText(exportButton(element))]).to.deep.equal([true, 'Working…']);
    exportButton(element).click();
    exportButton(element).dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    expect(exportRequests(requests, '/health/devices/export')).to.have.length(1);
    answer(csv());
    await waitForText(element, 'Saved mdr-malfunctioning-assets.csv.');
    expect(deepQuery(element, '.outcome[role="status"]')!.textContent).to.include('Saved mdr-malfunctioning-assets.csv.');
    expect([exportButton(element).disabled, exportButton(element).getAttribute('aria-busy'), visibleText(exportButton(element))]).to.deep.equal([false, 'false', 'Export to CSV']);
    expect(exportRequests(requests, '/health/devices/export')).to.have.length(1);
  });

  it('says when an export failed on the server, with Retry', async () => {
    let fail = true;
    const { element, requests } = await openHealth({ 'GET /health/assets/export': () => (fail ? [500, { error: 'internal' }] : csv()) });
    deepQuery<HTMLButtonElement>(element, '#view-seen')!.click();
    await waitForText(element, 'SRV-DB-01');
    await clickButton(element, 'Export to CSV');
    await waitForText(element, 'The CSV export failed:');
    const alert = deepQuery<HTMLElement>(element, '.outcome[role="alert"]')!;
    expect(visibleText(alert)).to.match(/^The CSV export failed: .+ Retry$/);
    expect([exportButton(element).disabled, visibleText(exportButton(element))]).to.deep.equal([false, 'Export to CSV']);
    fail = false;
    await clickButton(alert, 'Retry');
    await waitForText(element, 'Saved mdr-assets.csv.');
    expect(deepQuery(element, '.outcome[role="alert"]')).to.equal(undefined);
    expect(exportRequests(requests, '/health/assets/export')).to.have.length(2);
  });

  it('shows a failure of the service with Retry', async () => {
    let fail = true;
    const { host } = createTestHost({
      rights: ['incidentAccess'],
      routes: { 'GET /health/devices': () => (fail ? [502, { error: 'serviceUnreachable' }] : [200, devices]) },
    });
    const element = await fixture<MdrSection>(html`<mdr-section .host=${host} tab="health"></mdr-section>`);
    await retryAfter(element, 'The MDR service cannot be reached.', () => (fail = false));
    await waitForText(element, 'WS-ACCOUNTING-07');
  });
});

import './support/accessibility-hook.ts';
import { expect, fixture, html } from '@open-wc/testing';
import '../../plugin/index.ts';
import type { MdrSection } from '../../plugin/mdr-section.ts';
import type { ConfirmRequest, RightId } from '../../plugin/context.ts';
import { allRights, createTestHost } from './support/test-host.ts';
import { deepQuery, deepQueryAll, visibleText, waitForText } from './support/dom.ts';
import { buttonNamed, clickButton, eventually, typeInto } from './support/actions.ts';
import { licenseRow } from './support/fixtures.ts';

const SIX: RightId[] = ['incidentAccess', 'autoAcceptSettings', 'responseManagement', 'tenantManagement', 'incidentSummaryScheduling', 'restApiAccess'];

const license = licenseRow;
const page = (items: unknown[], view = 'active') => ({
  items,
  total: items.length,
  page: 1,
  pageSize: 25,
  sort: 'expirationDate',
  direction: 'desc',
  view,
  organization: { tier: 'expert', regionCode: 'europe' },
});

type Routes = Parameters<typeof createTestHost>[0]['routes'];

async function openLicenses(routes: Routes, rights: RightId[] = allRights) {
  const { host, requests, notices } = createTestHost({ rights, routes });
  const confirms: ConfirmRequest[] = [];
  host.confirm = async (request) => {
    confirms.push(request);
    return true;
  };
  const element = await fixture<MdrSection>(html`<mdr-section .host=${host} tab="licenses"></mdr-section>`);
  return { element, requests, notices, confirms };
}

function cellContaining(element: Element, text: string): HTMLTableCellElement {
  const cell = deepQueryAll<HTMLTableCellElement>(element, 'td').find((td) => td.textContent?.replace(/\s+/g, ' ').includes(text));
  if (!cell) throw new Error(`no cell with ${text}`);
  return cell;
}

describe('mdr-licenses-tab', () => {
  // Help, *Managing licenses in Kaspersky Security Center*: "The License keys used by your organization
  // list appears. The top panel lists general information about licenses".
  it('heads the list as the help does, with general information about the current licenses above it', async () => {
    const { element } = await openLicenses({
      'GET /licenses': [200, { ...page([license()]), summary: { active: 2, connectedAssets: 2106, assetLimit: 2000, nextExpiration: '2026-05-20T00:00:00.000Z' } }],
    });
    await waitForText(element, 'License keys used by your organization');
    const summary = deepQuery<HTMLElement>(element, 'dl.summary')!;
    expect(summary.getAttribute('aria-label')).to.equal('General information about the current licenses');
    expect([...summary.querySelectorAll('div')].map((entry) => visibleText(entry).replace(/\s+/g, ' ').trim())).to.deep.equal([
      'Current licenses 2',
      'Connected assets 2,106 / 2,000',
      'Next expiration May 20, 2026',
    ]);
    expect(summary.querySelector('dd.danger')?.textContent?.trim()).to.equal('2,106 / 2,000');
  });

  it('shows the Active view with red highlights for an exceeded limit and a near expiration; All shows removed keys', async () => {
    const { element, requests } = await openLicenses({
      'GET /licenses': () => {
        const view = requests[requests.length - 1]!.params.view;
        return view === 'all'
          ? [200, page([license(), license({ id: 'l-3', activationCode: 'EXEU00050ZZZZZZZZZZZ', status: 'removed', assetLimit: 50 })], 'all')]
          : [200, page([license(), license({ id: 'l-2', activationCode: 'EXEU00100YYYYYYYYYYY', assetLimit: 100, connectedAssets: 140, overLimit: true, expiresSoon: true, expirationDate: '2026-05-20T00:00:00.000Z' })])];
      },
    });
    await waitForText(element, 'MDR Expert, 100 assets');
    expect(requests[0]!.params).to.deep.equal({ view: 'active', page: 1, pageSize: 25, sort: 'expirationDate', direction: 'desc' });
    expect(visibleText(element)).to.include('MDR Expert, 100 assets');
    // The ID column is the license identifier (help: *Managing licenses in Kaspersky Security Center*), not the activation code.
    const idCells = deepQueryAll<HTMLElement>(element, 'td code').map((cell) => cell.textContent!.trim());
    expect(idCells).to.deep.equal(['l-1', 'l-2']);
    expect(visibleText(element)).not.to.include('EXEU00100YYYYYYYYYYY');
    expect(cellContaining(element, '140 / 100').classList.contains('danger')).to.equal(true);
    expect(cellContaining(element, '120 / 500').classList.contains('danger')).to.equal(false);
    const soon = new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date('2026-05-20T00:00:00.000Z'));
    expect(cellContaining(element, soon).classList.contains('danger')).to.equal(true);
    await clickButton(element, 'All');
    await waitForText(element, 'Removed');
    expect(requests[requests.length - 1]!.params.view).to.equal('all');
    expect(buttonNamed(element, 'All')!.getAttribute('aria-pressed')).to.equal('true');
    // A removed key has no archive and cannot be removed again.
    expect(buttonNamed(element, 'Remove the license key l-3')).to.equal(undefined);
  });

  it('offers adding and removing keys only with Application Integration', async () => {
    const { element } = await openLicenses({ 'GET /licenses': [200, page([license()])] }, SIX);
    await waitForText(element, 'MDR Expert, 500 assets');
    expect(buttonNamed(element, 'Add new license key')).to.equal(undefined);
    expect(buttonNamed(element, 'Remove the license key l-1')).to.equal(undefined);
    expect(buttonNamed(element, 'Export by tenants to CSV')).to.not.equal(undefined);
  });

  it('adds a key: checks the format in the browser, shows the reason of a refusal, then adds it', async () => {
    let answer: [number, unknown] = [400, { error: 'validation', field: 'activationCode', rule: 'tierMismatch' }];
    const { element, requests } = await openLicenses({ 'GET /licenses': [200, page([license()])], 'POST /licenses': () => answer });
    await waitForText(element, 'MDR Expert, 500 assets');
    await clickButton(element, 'Add new license key');
    await waitForText(element, 'Activation code');
    expect(visibleText(element)).to.include('must be of the Expert tier and for the region Europe');
    const input = deepQuery<HTMLInputElement>(element, '#activation-code')!;
    typeInto(input, 'ABC-123');
    input.form!.requestSubmit();
    await waitForText(element, 'An activation code consists of 20 Latin letters and digits.');
    expect(requests.filter((request) => request.method === 'POST')).to.have.length(0);
    typeInto(input, 'prxx0-0100a-bcdef-ghijk');
    input.form!.requestSubmit();
    await waitForText(element, 'This license is of another tier. Your organization uses the Expert tier.');
    expect(requests.find((request) => request.method === 'POST')!.body).to.deep.equal({ activationCode: 'PRXX00100ABCDEFGHIJK' });
    answer = [201, license({ id: 'l-9' })];
    typeInto(input, 'EXEU00100ABCDEFGHIJK');
    input.form!.requestSubmit();
    await eventually(() => !deepQuery<HTMLElement>(element, 'mdr-side-panel')!.hasAttribute('open'), 'panel closed');
  });

  it('removes a key after a confirmation, with expectedVersion', async () => {
    const { element, requests, confirms } = await openLicenses({
      'GET /licenses': [200, page([license({ version: 7 })])],
      'DELETE /licenses/l-1': [200, license({ status: 'removed', version: 8 })],
    });
    await waitForText(element, 'MDR Expert, 500 assets');
    await clickButton(element, 'Remove the license key l-1');
    await eventually(() => requests.some((request) => request.method === 'DELETE'), 'removed');
    expect(confirms[0]!.message).to.include('you can add it again later');
    expect(requests.find((request) => request.method === 'DELETE')!.params).to.deep.equal({ expectedVersion: 7 });
  });

  it('exports assets by tenant to CSV with localized headers and formulas neutralized', async () => {
    const saved: Blob[] = [];
    const original = URL.createObjectURL;
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      saved.push(blob as Blob);
      return original.call(URL, blob);
    };
    try {
      const { element } = await openLicenses({
        'GET /licenses': [200, page([license()])],
        'GET /licenses/assets-by-tenant': [
          200,
          {
            items: [
              { licenseId: 'l-1', licenseName: 'Kaspersky MDR Expert', assetLimit: 500, expirationDate: '2026-10-01T00:00:00.000Z', status: 'active', tenantId: null, tenantName: null, assets: 80 },
              { licenseId: 'l-1', licenseName: 'Kaspersky MDR Expert', assetLimit: 500, expirationDate: '2026-10-01T00:00:00.000Z', status: 'active', tenantId: 't-1', tenantName: '=HYPERLINK("http://evil","x")', assets: 40 },
            ],
          },
        ],
      });
      await waitForText(element, 'MDR Expert, 500 assets');
      await clickButton(element, 'Export by tenants to CSV');
      await eventually(() => saved.length === 1, 'CSV saved');
      const text = (await saved[0]!.text()).replace(/^\uFEFF/, '');
      const lines = text.trim().split('\r\n');
      expect(lines[0]).to.equal('License name,License ID,Asset limit,Expiration date,Status,Tenant,Tenant ID,Connected assets');
      expect(lines[1]).to.equal('Kaspersky MDR Expert,l-1,500,2026-10-01,Active,Root without tenants,,80');
      expect(lines[2]).to.equal(`Kaspersky MDR Expert,l-1,500,2026-10-01,Active,"'=HYPERLINK(""http://evil"",""x"")",t-1,40`);
    } finally {
      URL.createObjectURL = original;
    }
  });

  it('downloads the archive for asset configuration, and shows an upstream failure with Retry', async () => {
    let calls = 0;
    const { element, requests } = await openLicenses({
      'GET /licenses': () => (++calls === 1 ? [504, { error: 'serviceTimeout' }] : [200, page([license()])]),
      'GET /licenses/l-1/archive': () => [200, new Blob(['PK'], { type: 'application/zip' })],
    });
    await waitForText(element, 'did not answer in time');
    await clickButton(element, 'Retry');
    await waitForText(element, 'MDR Expert, 500 assets');
    await clickButton(element, 'Download the archive for asset configuration with the BLOB file for l-1');
    await eventually(() => requests.some((request) => request.url === '/licenses/l-1/archive'), 'archive requested');
    expect(requests.find((request) => request.url === '/licenses/l-1/archive')!.params).to.deep.equal({ variant: 'blob' });
  });

  it('shows a download as working until it ends and does not start it twice', async () => {
    let answer: (value: [number, unknown]) => void = () => undefined;
    const { element, requests } = await openLicenses({
      'GET /licenses': [200, page([license()])],
      'GET /licenses/l-1/archive': () => new Promise<[number, unknown]>((resolve) => (answer = resolve)),
    });
    await waitForText(element, 'MDR Expert, 500 assets');
    const blob = () => deepQuery<HTMLButtonElement>(element, 'button[aria-label="Download the archive for asset configuration with the BLOB file for l-1"]')!;
    blob().click();
    await eventually(() => blob().getAttribute('aria-busy') === 'true', 'busy');
    expect(blob().disabled).to.equal(true);
    expect(blob().textContent!.trim()).to.equal('Working…');
    blob().click();
    blob().dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    const archiveRequests = () => requests.filter((request) => request.url === '/licenses/l-1/archive').length;
    expect(archiveRequests()).to.equal(1);
    answer([200, new Blob(['PK'], { type: 'application/zip' })]);
    await eventually(() => blob().getAttribute('aria-busy') === 'false' && !blob().disabled, 'done');
    expect(blob().textContent!.trim()).to.equal('Download (BLOB)');
    expect(archiveRequests()).to.equal(1);
  });
});

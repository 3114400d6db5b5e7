import './support/accessibility-hook.ts';
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../plugin/index.ts';
import type { MdrSection } from '../../plugin/mdr-section.ts';
import type { ConfirmRequest } from '../../plugin/context.ts';
import { createTestHost } from './support/test-host.ts';
import { deepQuery, visibleText, waitForText, expectVisibleText } from './support/dom.ts';
import { buttonNamed, choose, clickButton, eventually, typeInto } from './support/actions.ts';

const tenant = (overrides: Record<string, unknown> = {}) => ({
  id: 't-1',
  name: 'Acme Retail',
  description: 'Stores in the north',
  active: true,
  status: 'active',
  assets: 12,
  createdOn: '2026-01-05T10:00:00.000Z',
  expiration: '2026-10-01T00:00:00.000Z',
  version: 3,
  ...overrides,
});
const page = (items: unknown[], extra: Record<string, unknown> = {}) => ({ items, total: items.length, page: 1, pageSize: 25, sort: 'expiration', direction: 'desc', limit: 100, count: items.length, ...extra });
const details = (overrides: Record<string, unknown> = {}) => ({
  ...tenant(),
  configFiles: [{ id: 'f-1', licenseId: 'lic-1', licenseName: 'Kaspersky Managed Detection and Response Expert', licenseTier: 'expert', licenseAssetLimit: 500, expirationDate: '2026-10-01', createdOn: '2026-01-05T10:00:00.000Z' }],
  ...overrides,
});
const licenseOptions = {
  today: '2026-05-12',
  items: [{ id: 'lic-1', name: 'Kaspersky Managed Detection and Response Expert', tier: 'expert', assetLimit: 500, expirationDate: '2026-10-12T00:00:00.000Z', lastAllowedDate: '2026-10-11' }],
};

type Routes = Parameters<typeof createTestHost>[0]['routes'];

async function openTenants(routes: Routes, options: { confirm?: (request: ConfirmRequest) => boolean; language?: string } = {}) {
  const { host, requests, notices } = createTestHost({ rights: ['incidentAccess', 'tenantManagement'], routes, language: options.language });
  const confirms: ConfirmRequest[] = [];
  host.confirm = async (request) => {
    confirms.push(request);
    return options.confirm ? options.confirm(request) : true;
  };
  const element = await fixture<MdrSection>(html`<mdr-section .host=${host} tab="tenants"></mdr-section>`);
  return { element, requests, notices, confirms };
}

/** The configuration file of the panel: the license `lic-1` once the licenses are read, and the expiration date. */
async function fillConfigFile(element: Element, expiration: string): Promise<void> {
  await eventually(() => deepQuery(element, '#file-license option[value="lic-1"]') !== undefined, 'licenses loaded');
  choose(field<HTMLSelectElement>(element, '#file-license'), 'lic-1');
  typeInto(field<HTMLInputElement>(element, '#file-expiration'), expiration);
}

function field<T extends HTMLElement>(element: Element, selector: string): T {
  const found = deepQuery<T>(element, selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

describe('mdr-tenants-tab', () => {
  it('lists tenants sorted by expiration date, newest first, and sorts on the server when a header is clicked', async () => {
    const { element, requests } = await openTenants({
      'GET /tenants': () => [200, page([tenant(), tenant({ id: 't-2', name: 'Old Plant', status: 'inactive', expiration: '2026-01-01T00:00:00.000Z' })])],
    });
    await waitForText(element, 'Acme Retail');
    expectVisibleText(element, ['Old Plant', 'Inactive', '2 of 100 tenants', new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date('2026-10-01T00:00:00.000Z'))]);
    expect(requests[0]!.params).to.deep.equal({ page: 1, pageSize: 25, sort: 'expiration', direction: 'desc' });
    await clickButton(element, /^Name/);
    await eventually(() => requests.some((request) => request.params.sort === 'name' && request.params.direction === 'asc'), 'sorted by name');
  });

  it('shows the empty state, and an error with Retry that recovers', async () => {
    let calls = 0;
    const { element } = await openTenants({ 'GET /tenants': () => (++calls === 1 ? [502, { error: 'serviceUnreachable' }] : [200, page([])]) });
    await waitForText(element, 'The MDR service cannot be reached');
    await clickButton(element, 'Retry');
    await waitForText(element, 'There are no tenants yet');
  });

  it('adds a tenant: refuses bad input next to the field without a request, then creates it', async () => {
    let created = false;
    const { element, requests, notices } = await openTenants({
      'GET /tenants': () => [200, page(created ? [tenant({ id: 't-9', name: 'Branch #9' })] : [])],
      'GET /tenant-licenses': [200, licenseOptions],
      'POST /tenants': () => {
        created = true;
        return [201, details({ id: 't-9', name: 'Branch #9' })];
      },
    });
    await waitForText(element, 'There are no tenants yet');
    await clickButton(element, 'Add');
    await waitForText(element, 'Add tenant');
    typeInto(field<HTMLInputElement>(element, '#tenant-name'), 'Филиал');
    await waitForText(element, 'Use only Latin letters, digits and special characters.');
    await fillConfigFile(element, '2026-10-12');
    const panel = field<HTMLElement>(element, 'mdr-tenant-panel');
    const addButton = () => buttonNamed(panel, 'Add', 'button[slot="actions"]')!;
    addButton().click();
    await waitForText(element, 'The expiration date must be before the last day of the license');
    expect(visibleText(element)).to.include(new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date('2026-10-11')));
    expect(requests.filter((request) => request.method === 'POST')).to.have.length(0);
    expect(field<HTMLInputElement>(element, '#tenant-name').getAttribute('aria-invalid')).to.equal('true');

    typeInto(field<HTMLInputElement>(element, '#tenant-name'), 'Branch #9');
    typeInto(field<HTMLInputElement>(element, '#file-expiration'), '2026-10-11');
    addButton().click();
    await eventually(() => requests.some((request) => request.method === 'POST'), 'POST sent');
    const post = requests.find((request) => request.method === 'POST')!;
    expect(post.body).to.deep.equal({ name: 'Branch #9', description: '', active: true, configFile: { licenseId: 'lic-1', expirationDate: '2026-10-11' } });
    await waitForText(element, 'Branch #9');
    expect(notices.map((notice) => notice.text)).to.include('The tenant Branch #9 was added.');
  });

  it('shows a refusal of the service next to its field', async () => {
    const { element } = await openTenants({
      'GET /tenants': [200, page([])],
      'GET /tenant-licenses': [200, licenseOptions],
      'POST /tenants': [400, { error: 'validation', field: 'name', rule: 'nameTaken' }],
    });
    await waitForText(element, 'There are no tenants yet');
    await clickButton(element, 'Add');
    await fillConfigFile(element, '2026-06-01');
    typeInto(field<HTMLInputElement>(element, '#tenant-name'), 'Acme Retail');
    buttonNamed(field<HTMLElement>(element, 'mdr-tenant-panel'), 'Add', 'button[slot="actions"]')!.click();
    await waitForText(element, 'A tenant with this name already exists.');
  });

  it('edits a tenant: Save only after a change, sends expectedVersion, and reports a concurrent edit', async () => {
    let patches = 0;
    const { element, requests, notices } = await openTenants({
      'GET /tenants': [200, page([tenant()])],
      'GET /tenants/t-1': [200, details()],
      'GET /tenant-licenses': [200, licenseOptions],
      'PATCH /tenants/t-1': () => (++patches === 1 ? [200, details({ description: 'Changed', version: 4 })] : [409, { error: 'conflict' }]),
    });
    await waitForText(element, 'Acme Retail');
    await clickButton(element, 'Acme Retail');
    await waitForText(element, 'Tenant settings');
    await eventually(() => deepQuery(element, '[data-testid="tenant-id"]')?.textContent === 't-1', 'details shown');
    expect(visibleText(element)).to.include('Number of assets');
    const save = () => buttonNamed(element, 'Save')!;
    expect(save().disabled).to.equal(true);
    typeInto(field<HTMLTextAreaElement>(element, '#tenant-description'), 'Changed');
    await eventually(() => !save().disabled, 'Save enabled');
    save().click();
    await eventually(() => requests.some((request) => request.method === 'PATCH'), 'PATCH sent');
    expect(requests.find((request) => request.method === 'PATCH')!.body).to.deep.equal({ description: 'Changed', expectedVersion: 3 });
    await eventually(() => notices.some((notice) => notice.kind === 'success'), 'saved');
    expect(save().disabled, 'nothing to save').to.equal(true);
    typeInto(field<HTMLTextAreaElement>(element, '#tenant-description'), 'Mine');
    await eventually(() => !save().disabled, 'Save enabled again');
    save().click();
    await waitForText(element, 'Someone else changed this tenant while you were editing it');
    expect(requests.filter((request) => request.method === 'PATCH')[1]!.body).to.deep.equal({ description: 'Mine', expectedVersion: 4 });
    expect(buttonNamed(element, 'Reload')).to.not.equal(undefined);
  });

  it('keeps what is typed while a save is on its way, as an unsaved change', async () => {
    let answer: (value: [number, unknown]) => void = () => undefined;
    const { element, requests } = await openTenants({
      'GET /tenants': [200, page([tenant()])],
      'GET /tenants/t-1': [200, details()],
      'GET /tenant-licenses': [200, licenseOptions],
      'PATCH /tenants/t-1': () => new Promise<[number, unknown]>((resolve) => (answer = resolve)),
    });
    await waitForText(element, 'Acme Retail');
    await clickButton(element, 'Acme Retail');
    await eventually(() => deepQuery(element, '[data-testid="tenant-id"]')?.textContent === 't-1', 'details shown');
    const save = () => buttonNamed(element, 'Save')!;
    typeInto(field<HTMLTextAreaElement>(element, '#tenant-description'), 'Changed');
    await eventually(() => !save().disabled, 'Save enabled');
    save().click();
    await eventually(() => requests.some((request) => request.method === 'PATCH'), 'PATCH sent');
    typeInto(field<HTMLInputElement>(element, '#tenant-name'), 'Acme Retail East');
    answer([200, details({ description: 'Changed', version: 4 })]);
    await eventually(() => !save().disabled, 'the name typed meanwhile is still to be saved');
    expect(field<HTMLInputElement>(element, '#tenant-name').value).to.equal('Acme Retail East');
    expect(field<HTMLTextAreaElement>(element, '#tenant-description').value).to.equal('Changed');
  });

  it('asks before closing with unsaved changes', async () => {
    const { element, confirms } = await openTenants(
      { 'GET /tenants': [200, page([tenant()])], 'GET /tenants/t-1': [200, details()], 'GET /tenant-licenses': [200, licenseOptions] },
      { confirm: () => false },
    );
    await waitForText(element, 'Acme Retail');
    await clickButton(element, 'Acme Retail');
    await eventually(() => deepQuery(element, '[data-testid="tenant-id"]') !== undefined, 'details shown');
    typeInto(field<HTMLInputElement>(element, '#tenant-name'), 'Acme Retail 2');
    await clickButton(element, 'Close');
    await eventually(() => confirms.length === 1, 'asked');
    expect(confirms[0]!.title).to.equal('Discard changes?');
    expect(field<HTMLElement>(element, 'mdr-side-panel').hasAttribute('open')).to.equal(true);
  });

  it('never offers to remove the last configuration file, and downloads the ZIP of a file', async () => {
    const { element, requests } = await openTenants({
      'GET /tenants': [200, page([tenant()])],
      'GET /tenants/t-1': [200, details()],
      'GET /tenant-licenses': [200, licenseOptions],
      'GET /tenants/t-1/config-files/f-1/archive': () => [200, new Blob(['PK'], { type: 'application/zip' })],
    });
    await waitForText(element, 'Acme Retail');
    await clickButton(element, 'Acme Retail');
    await waitForText(element, 'Configuration files for the tenant');
    await waitForText(element, 'The last configuration file of a tenant cannot be removed.');
    // The same license name as on the Licenses and MDR Usage tabs: tier and limit of assets.
    expect(visibleText(element)).to.include('MDR Expert, 500 assets');
    expect(buttonNamed(element, /^Remove the configuration file/)!.disabled).to.equal(true);
    await clickButton(element, 'Download the configuration file (BAT)');
    await eventually(() => requests.some((request) => request.url.endsWith('/archive')), 'archive requested');
    expect(requests.find((request) => request.url.endsWith('/archive'))!.params).to.deep.equal({ variant: 'bat' });
  });

  it('deletes after a confirmation that names the assets to be disconnected, with expectedVersion', async () => {
    const { element, requests, confirms } = await openTenants({
      'GET /tenants': [200, page([tenant({ assets: 1234 })])],
      'DELETE /tenants/t-1': [200, { deleted: 't-1', disconnectedAssets: 1234 }],
    });
    await waitForText(element, 'Acme Retail');
    await clickButton(element, 'Delete tenant Acme Retail');
    await eventually(() => requests.some((request) => request.method === 'DELETE'), 'DELETE sent');
    expect(confirms[0]!.message).to.equal('Delete the tenant Acme Retail? Its 1,234 assets will be disconnected from MDR.');
    expect(confirms[0]!.danger).to.equal(true);
    expect(requests.find((request) => request.method === 'DELETE')!.params).to.deep.equal({ expectedVersion: 3 });
  });

  it('uses Russian plural forms in the delete confirmation', async () => {
    const { element, confirms } = await openTenants(
      { 'GET /tenants': [200, page([tenant({ assets: 3 })])], 'DELETE /tenants/t-1': [200, {}] },
      { language: 'ru', confirm: () => false },
    );
    await waitForText(element, 'Acme Retail');
    await clickButton(element, 'Удалить тенант Acme Retail');
    await eventually(() => confirms.length === 1, 'asked');
    expect(confirms[0]!.message).to.equal('Удалить тенант Acme Retail? Его 3 актива будут отключены от MDR.');
  });

  it('adds a configuration file checked against the license, removes one of two, and closes with Escape', async () => {
    let files = details().configFiles;
    const { element, requests, confirms } = await openTenants({
      'GET /tenants': [200, page([tenant()])],
      'GET /tenants/t-1': () => [200, details({ configFiles: files })],
      'GET /tenant-licenses': [200, licenseOptions],
      'POST /tenants/t-1/config-files': () => {
        files = [...files, { id: 'f-2', licenseId: 'lic-1', licenseName: 'Kaspersky Managed Detection and Response Expert', licenseTier: 'expert', licenseAssetLimit: 500, expirationDate: '2026-08-01', createdOn: '2026-05-12T00:00:00.000Z' }];
        return [201, details({ configFiles: files })];
      },
      'DELETE /tenants/t-1/config-files/f-1': () => {
        files = files.filter((file) => file.id !== 'f-1');
        return [200, details({ configFiles: files })];
      },
    });
    await waitForText(element, 'Acme Retail');
    await clickButton(element, 'Acme Retail');
    await waitForText(element, 'Add a configuration file');
    await fillConfigFile(element, '2026-05-01');
    const panel = field<HTMLElement>(element, 'mdr-tenant-panel');
    const addFile = () => buttonNamed(panel, 'Add', 'fieldset button')!;
    addFile().click();
    await waitForText(element, 'The expiration date cannot be in the past.');
    typeInto(field<HTMLInputElement>(element, '#file-expiration'), '2026-08-01');
    addFile().click();
    await eventually(() => requests.some((request) => request.method === 'POST'), 'file added');
    expect(requests.find((request) => request.method === 'POST')!.body).to.deep.equal({ licenseId: 'lic-1', expirationDate: '2026-08-01' });
    const aug = new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date('2026-08-01'));
    await eventually(() => buttonNamed(element, `Remove the configuration file that expires on ${aug}`) !== undefined, 'second file listed');
    const oct = new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date('2026-10-01'));
    await clickButton(element, `Remove the configuration file that expires on ${oct}`);
    await eventually(() => requests.some((request) => request.method === 'DELETE'), 'file removed');
    expect(confirms[0]!.title).to.equal('Remove configuration file');
    await waitForText(element, 'The last configuration file of a tenant cannot be removed.');

    field<HTMLInputElement>(element, '#tenant-name').focus();
    await sendKeys({ press: 'Escape' });
    await eventually(() => !field<HTMLElement>(element, 'mdr-side-panel').hasAttribute('open'), 'closed with Escape');
  });

  it('says why the licenses for a configuration file cannot be loaded, and retries', async () => {
    let calls = 0;
    const { element } = await openTenants({
      'GET /tenants': [200, page([])],
      'GET /tenant-licenses': () => (++calls === 1 ? [502, { error: 'proxyAuthenticationFailed' }] : [200, licenseOptions]),
    });
    await waitForText(element, 'There are no tenants yet');
    await clickButton(element, 'Add');
    await waitForText(element, 'The proxy server rejected the user name or password.');
    await clickButton(element, 'Retry');
    await eventually(() => deepQuery(element, '#file-license option[value="lic-1"]') !== undefined, 'licenses loaded after Retry');
  });

  it('explains why a tenant whose lifetime ended is inactive although its toggle is on', async () => {
    const ended = { status: 'inactive', expiration: '2026-01-01T00:00:00.000Z' };
    const { element } = await openTenants({
      'GET /tenants': [200, page([tenant(ended)])],
      'GET /tenants/t-1': [200, details(ended)],
      'GET /tenant-licenses': [200, licenseOptions],
    });
    await waitForText(element, 'Inactive');
    await clickButton(element, 'Acme Retail');
    await waitForText(element, "The tenant's lifetime ended on");
    expect(deepQuery<HTMLInputElement>(element, 'input[role="switch"]')!.checked).to.equal(true);
  });

  it('disables Add at 100 tenants and says why', async () => {
    const { element } = await openTenants({ 'GET /tenants': [200, page([tenant()], { count: 100, total: 100 })] });
    await waitForText(element, 'The organization has 100 tenants, the maximum.');
    expect(buttonNamed(element, 'Add')!.disabled).to.equal(true);
  });
});

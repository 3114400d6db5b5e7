import './support/accessibility-hook.ts';
import { expect, fixture, html } from '@open-wc/testing';
import '../../plugin/index.ts';
import type { MdrSection } from '../../plugin/mdr-section.ts';
import type { ConfirmRequest } from '../../plugin/context.ts';
import { createTestHost } from './support/test-host.ts';
import { deepQuery, deepQueryAll, visibleText, waitForText, expectVisibleText } from './support/dom.ts';
import { buttonNamed, clickButton, eventually, typeInto } from './support/actions.ts';

const connection = (overrides: Record<string, unknown> = {}) => ({
  id: 'c-1',
  clientId: 'a1b2c3d4e5f60718293a4b5c6d7e',
  name: 'SIEM',
  accessLevel: 'incident',
  tenants: [{ id: 'root', name: null }, { id: 't-1', name: 'Acme Retail' }],
  status: 'active',
  created: '2026-03-01T08:00:00.000Z',
  lastUsed: '2026-05-10T12:00:00.000Z',
  version: 2,
  ...overrides,
});
const page = (items: unknown[]) => ({ items, total: items.length, page: 1, pageSize: 25, sort: 'created', direction: 'desc' });
const tenantOptions = { root: true, tenants: [{ id: 't-1', name: 'Acme Retail' }, { id: 't-2', name: 'Old Plant' }] };
const issued = (overrides: Record<string, unknown> = {}) => ({
  connection: connection({ id: 'c-9', name: 'SOAR', status: 'pendingActivation', lastUsed: null }),
  clientId: 'ffeeddccbbaa99887766554433ff',
  refreshToken: 'eyJhbGciOiJFUzI1NiJ9.eyJ0eXAiOiJyZWZyZXNoIn0.c2lnbmF0dXJl',
  expiresAt: '2026-05-13T09:00:00.000Z',
  ...overrides,
});

type Routes = Parameters<typeof createTestHost>[0]['routes'];
type Rights = Parameters<typeof createTestHost>[0]['rights'];

const officerRights: Rights = ['incidentAccess', 'restApiAccess'];
const seniorRights: Rights = ['incidentAccess', 'autoAcceptSettings', 'responseManagement', 'restApiAccess'];
const administratorRights: Rights = ['incidentAccess', 'autoAcceptSettings', 'responseManagement', 'tenantManagement', 'incidentSummaryScheduling', 'restApiAccess'];

async function openApi(routes: Routes, confirm: (request: ConfirmRequest) => boolean = () => true, rights: Rights = officerRights) {
  const { host, requests, notices } = createTestHost({ rights, routes });
  const confirms: ConfirmRequest[] = [];
  host.confirm = async (request) => {
    confirms.push(request);
    return confirm(request);
  };
  const element = await fixture<MdrSection>(html`<mdr-section .host=${host} tab="api"></mdr-section>`);
  return { element, requests, notices, confirms };
}

function panelAction(element: Element, name: string): HTMLButtonElement | undefined {
  const panel = deepQuery<HTMLElement>(element, 'mdr-api-connection-panel')!;
  return Array.from(panel.shadowRoot!.querySelectorAll<HTMLButtonElement>('button[slot="actions"]')).find((button) => button.textContent?.trim() === name);
}

describe('mdr-api-tab', () => {
  it('generates a connection without a tenant, which the list shows as reaching all tenants', async () => {
    let created = false;
    const everywhere = connection({ id: 'c-9', name: 'SOAR', status: 'pendingActivation', lastUsed: null, tenants: [] });
    const { element, requests } = await openApi({
      'GET /api-connections': () => [200, page(created ? [everywhere] : [])],
      'GET /api-connection-tenants': [200, tenantOptions],
      'POST /api-connections': () => {
        created = true;
        return [201, issued({ connection: everywhere })];
      },
    });
    await waitForText(element, 'There are no API connections yet');
    await clickButton(element, 'Add');
    await waitForText(element, 'Old Plant');
    typeInto(deepQuery<HTMLInputElement>(element, '#connection-name')!, 'SOAR');
    deepQuery<HTMLInputElement>(element, 'input[value="incident"]')!.click();
    panelAction(element, 'Generate')!.click();
    await waitForText(element, 'Copy the Client ID and the token now');
    expect(requests.find((request) => request.method === 'POST')!.body).to.deep.equal({ name: 'SOAR', accessLevel: 'incident', tenantIds: [] });
    await eventually(() => visibleText(deepQuery<HTMLElement>(element, 'mdr-api-tab')!).includes('All tenants'), 'the list says the connection reaches all tenants');
  });

  it('lists connections with their rights, tenants and status; Revoke only for active or idle ones', async () => {
    const { element } = await openApi({
      'GET /api-connections': [200, page([connection(), connection({ id: 'c-2', name: 'Old', status: 'revoked', lastUsed: null })])],
    });
    await waitForText(element, 'SIEM');
    expectVisibleText(element, ['Incident access', 'Root without tenants, Acme Retail', 'Revoked', 'Never']);
    expect(buttonNamed(element, 'Revoke the connection SIEM')).to.not.equal(undefined);
    expect(buttonNamed(element, 'Revoke the connection Old')).to.equal(undefined);
  });

  it('Generate: validates, then shows the Client ID and the token once, with copy buttons; closed means gone', async () => {
    let created = false;
    const { element, requests, notices } = await openApi(
      {
        'GET /api-connections': () => [200, page(created ? [issued().connection] : [])],
        'GET /api-connection-tenants': [200, tenantOptions],
        'POST /api-connections': () => {
          created = true;
          return [201, issued()];
        },
      },
      undefined,
      seniorRights,
    );
    await waitForText(element, 'There are no API connections yet');
    await clickButton(element, 'Add');
    await waitForText(element, 'Add a new API connection');
    await waitForText(element, 'Old Plant');
    panelAction(element, 'Generate')!.click();
    await waitForText(element, 'Enter a connection name.');
    expect(visibleText(element)).to.include('Choose the access rights.');
    // The tenant is optional (help: "If necessary, select the value (or values) in the Tenant drop-down list").
    expect(visibleText(element)).not.to.include('Choose at least one tenant.');
    expect(visibleText(element)).to.include('Optional. Without a tenant the connection reaches');
    expect(requests.filter((request) => request.method === 'POST')).to.have.length(0);

    typeInto(deepQuery<HTMLInputElement>(element, '#connection-name')!, 'SOAR');
    deepQuery<HTMLInputElement>(element, 'input[value="senior"]')!.click();
    const rootBox = deepQueryAll<HTMLLabelElement>(element, 'fieldset label').find((label) => label.textContent?.includes('Root without tenants'))!;
    rootBox.querySelector('input')!.click();
    panelAction(element, 'Generate')!.click();
    await waitForText(element, 'Copy the Client ID and the token now');
    expect(requests.find((request) => request.method === 'POST')!.body).to.deep.equal({ name: 'SOAR', accessLevel: 'senior', tenantIds: ['root'] });
    expect(deepQuery<HTMLInputElement>(element, '#issued-client-id')!.value).to.equal('ffeeddccbbaa99887766554433ff');
    expect(deepQuery<HTMLTextAreaElement>(element, '#issued-token')!.value).to.equal(issued().refreshToken);
    expect(visibleText(element)).to.include('it will not be shown again after you close this panel');
    await clickButton(element, 'Copy token');
    await eventually(() => notices.length > 0, 'copy reported');
    expect(['The token was copied to the clipboard.', 'The browser did not allow copying. Select the text and copy it yourself.']).to.include(notices[0]!.text);
    expect(panelAction(element, 'Generate')).to.equal(undefined);

    panelAction(element, 'Close')!.click();
    await eventually(() => !deepQuery<HTMLElement>(element, 'mdr-side-panel')!.hasAttribute('open'), 'closed');
    await clickButton(element, 'SOAR');
    await waitForText(element, 'The connection has not been activated yet.');
    expect(deepQuery(element, '#issued-token')).to.equal(undefined);
    expect(visibleText(element)).not.to.include(issued().refreshToken);
  });

  it('Refresh gives a pending connection a new token', async () => {
    const pending = connection({ status: 'pendingActivation', lastUsed: null });
    const { element, requests } = await openApi({
      'GET /api-connections': [200, page([pending])],
      'GET /api-connection-tenants': [200, tenantOptions],
      'POST /api-connections/c-1/refresh': [200, issued({ connection: { ...pending, version: 3 }, clientId: pending.clientId, refreshToken: 'new.refresh.token' })],
    });
    await waitForText(element, 'SIEM');
    await clickButton(element, 'SIEM');
    await clickButton(element, 'Refresh');
    await waitForText(element, 'Copy the Client ID and the token now');
    expect(deepQuery<HTMLTextAreaElement>(element, '#issued-token')!.value).to.equal('new.refresh.token');
    expect(requests.some((request) => request.method === 'POST' && request.url === '/api-connections/c-1/refresh')).to.equal(true);
  });

  it('revokes and deletes after confirmations', async () => {
    const { element, requests, confirms } = await openApi({
      'GET /api-connections': [200, page([connection()])],
      'POST /api-connections/c-1/revoke': [200, connection({ status: 'revoked' })],
      'DELETE /api-connections/c-1': [200, { deleted: 'c-1' }],
    });
    await waitForText(element, 'SIEM');
    await clickButton(element, 'Revoke the connection SIEM');
    await eventually(() => requests.some((request) => request.url.endsWith('/revoke')), 'revoked');
    expect(confirms[0]!.message).to.include('Every token of it stops working at once');
    await clickButton(element, 'Delete the connection SIEM');
    await eventually(() => requests.some((request) => request.method === 'DELETE'), 'deleted');
    expect(requests.find((request) => request.method === 'DELETE')!.params).to.deep.equal({ expectedVersion: 2 });
  });

  // Help: *Creating an API connection in Kaspersky Security Center*: a level is a role's rights, granted by someone who holds them.
  it('offers only the access levels the user may grant', async () => {
    const cases: [Rights, string[]][] = [
      [officerRights, ['incident']],
      [['incidentAccess', 'responseManagement', 'restApiAccess'], ['incident']],
      [seniorRights, ['senior', 'incident']],
      [administratorRights.filter((right) => right !== 'tenantManagement'), ['senior', 'incident']],
      [administratorRights, ['full', 'senior', 'incident']],
    ];
    for (const [rights, offered] of cases) {
      const { element } = await openApi({ 'GET /api-connections': [200, page([])], 'GET /api-connection-tenants': [200, tenantOptions] }, undefined, rights);
      await waitForText(element, 'There are no API connections yet');
      await clickButton(element, 'Add');
      await waitForText(element, 'Add a new API connection');
      const levels = deepQueryAll<HTMLInputElement>(element, 'input[name="access-level"]').map((input) => input.value);
      expect(levels, rights!.join('+')).to.deep.equal(offered);
    }
  });

  it("shows the service's refusal of an access level next to the access rights, and nothing is created", async () => {
    const { element, requests } = await openApi(
      {
        'GET /api-connections': [200, page([])],
        'GET /api-connection-tenants': [200, tenantOptions],
        // The user's roles changed after the tab was opened: the service knows better.
        'POST /api-connections': [400, { error: 'validation', message: 'above own rights', field: 'accessLevel', rule: 'levelAboveOwnRights' }],
      },
      undefined,
      administratorRights,
    );
    await waitForText(element, 'There are no API connections yet');
    await clickButton(element, 'Add');
    await waitForText(element, 'Old Plant');
    typeInto(deepQuery<HTMLInputElement>(element, '#connection-name')!, 'SOAR');
    deepQuery<HTMLInputElement>(element, 'input[value="full"]')!.click();
    deepQueryAll<HTMLLabelElement>(element, 'fieldset label').find((label) => label.textContent?.includes('Root without tenants'))!.querySelector('input')!.click();
    panelAction(element, 'Generate')!.click();
    await waitForText(element, 'You can grant only access rights that you have yourself.');
    const message = deepQuery<HTMLElement>(element, '#access-error')!;
    expect(message.textContent).to.include('You can grant only access rights that you have yourself.');
    expect(message.closest('fieldset')!.querySelector('input[value="full"]')).to.not.equal(null);
    expect(deepQuery<HTMLInputElement>(element, 'input[value="full"]')!.getAttribute('aria-invalid')).to.equal('true');
    expect(deepQuery(element, '#issued-token')).to.equal(undefined);
    expect(requests.filter((request) => request.method === 'POST')).to.have.length(1);
  });

  it('a stronger connection is read-only with the reason; one whose creator lost the rights shows as suspended', async () => {
    const stronger = connection({ accessLevel: 'full', status: 'pendingActivation', lastUsed: null });
    const suspended = connection({ id: 'c-2', name: 'SOAR', creatorRightsInsufficient: true });
    const { element } = await openApi({ 'GET /api-connections': [200, page([stronger, suspended])], 'GET /api-connection-tenants': [200, tenantOptions] });
    await waitForText(element, 'SOAR');
    const row = deepQueryAll<HTMLTableRowElement>(element, 'tr').find((tr) => tr.textContent?.includes('SOAR'))!;
    expect(visibleText(row)).to.include('Suspended');
    expect(visibleText(row)).to.include('Its creator no longer has these rights.');
    expect(visibleText(deepQueryAll<HTMLTableRowElement>(element, 'tr').find((tr) => tr.textContent?.includes('SIEM'))!)).not.to.include('Suspended');

    await clickButton(element, 'SIEM');
    await waitForText(element, 'This connection has access rights that you do not have.');
    expect(deepQuery<HTMLInputElement>(element, 'input[value="full"]')!.disabled).to.equal(true);
    expect(deepQuery<HTMLInputElement>(element, '#connection-name')!.readOnly).to.equal(true);
    expect(panelAction(element, 'Save')).to.equal(undefined);
    expect(buttonNamed(deepQuery<HTMLElement>(element, 'mdr-api-connection-panel')!, 'Refresh')).to.equal(undefined);
    panelAction(element, 'Close')!.click();
    await eventually(() => !deepQuery<HTMLElement>(element, 'mdr-side-panel')!.hasAttribute('open'), 'closed');

    await clickButton(element, 'SOAR');
    await waitForText(element, 'so the REST API refuses its tokens');
  });

  it('edits with expectedVersion and reports a concurrent change', async () => {
    const { element, requests } = await openApi({
      'GET /api-connections': [200, page([connection()])],
      'GET /api-connection-tenants': [200, tenantOptions],
      'PATCH /api-connections/c-1': [409, { error: 'conflict' }],
    });
    await waitForText(element, 'SIEM');
    await clickButton(element, 'SIEM');
    await waitForText(element, 'API connection');
    await eventually(() => panelAction(element, 'Save') !== undefined, 'Save shown');
    expect(panelAction(element, 'Save')!.disabled).to.equal(true);
    typeInto(deepQuery<HTMLInputElement>(element, '#connection-name')!, 'SIEM 2');
    await eventually(() => !panelAction(element, 'Save')!.disabled, 'Save enabled');
    panelAction(element, 'Save')!.click();
    await waitForText(element, 'Someone else changed this connection while you were editing it');
    expect(requests.find((request) => request.method === 'PATCH')!.body).to.deep.equal({ name: 'SIEM 2', expectedVersion: 2 });
  });

  // Help, *Managing the solution through the REST API*: "This feature is available in MDR Expert, MDR
  // Advanced … and MDR Prime"; *Comparison of commercial license tiers*: no API in MDR Optimum.
  it('says that the license tier has no REST API instead of offering connections the service refuses', async () => {
    const { element, requests } = await openApi({
      'GET /api-connections': [403, { error: 'notInLicenseTier', message: 'The organization\'s license tier (optimum) does not include restApi' }],
      'GET /api-connection-tenants': [403, { error: 'notInLicenseTier' }],
    });
    await waitForText(element, 'does not include the REST API');
    const tab = deepQuery<HTMLElement>(element, 'mdr-api-tab')!;
    expect(visibleText(tab)).to.include('The REST API is included in MDR Expert, MDR Advanced, and MDR Prime.');
    expect(buttonNamed(tab, 'Add'), 'nothing to add').to.equal(undefined);
    expect(buttonNamed(tab, 'Retry'), 'not a failure to retry').to.equal(undefined);
    expect(requests.filter((request) => request.method !== 'GET')).to.deep.equal([]);
  });
});

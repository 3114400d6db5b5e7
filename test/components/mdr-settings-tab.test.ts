import './support/accessibility-hook.ts';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../plugin/index.ts';
import type { MdrSection } from '../../plugin/mdr-section.ts';
import type { RightId } from '../../plugin/context.ts';
import { allRights, createTestHost } from './support/test-host.ts';
import { deepQuery, deepQueryAll, visibleText, waitForText } from './support/dom.ts';

const SENIOR: RightId[] = ['incidentAccess', 'autoAcceptSettings', 'responseManagement'];
/** Changing the organization-wide general options needs Application Integration (help topics 213206, 210793). */
const INTEGRATION: RightId[] = ['incidentAccess', 'applicationIntegration'];

function settings(overrides: { mode?: string; extended?: boolean; withAutoAccept?: boolean } = {}) {
  return {
    general: { extendedNotifications: overrides.extended ?? false, termsAcceptedOn: null, language: 'en', version: '3.4' },
    ...(overrides.withAutoAccept === false
      ? {}
      : {
          autoAccept: {
            mode: overrides.mode ?? 'perTenant',
            version: 7,
            tenants: [
              { id: 't1', name: 'Alpha', autoAccept: false, version: 2 },
              { id: 't2', name: 'Beta', autoAccept: true, version: 5 },
            ],
          },
        }),
  };
}

async function open(rights: RightId[], routes: Parameters<typeof createTestHost>[0]['routes']) {
  const test = createTestHost({ rights, routes });
  const element = await fixture<MdrSection>(html`<mdr-section .host=${test.host} tab="settings"></mdr-section>`);
  await waitForText(element, 'Language of incident data');
  return { ...test, element };
}

const saveButton = (element: Element) => deepQueryAll<HTMLButtonElement>(element, 'button[type="submit"]').find((button) => button.textContent?.trim() === 'Save')!;

describe('mdr-settings-tab', () => {
  it('lets a user with Application Integration change the general settings; Save is enabled only after a change', async () => {
    const { element, requests, notices } = await open(INTEGRATION, {
      'GET /settings': [200, settings({ withAutoAccept: false })],
      'PUT /settings/general': [200, { ...settings().general, language: 'ru', version: '3.5' }],
    });
    expect(visibleText(element)).not.to.include('Auto-acceptance of responses');
    expect(deepQuery(element, '[data-testid="general-read-only"]')).to.equal(undefined, 'no read-only hint for a user who may change them');
    expect(deepQuery<HTMLInputElement>(element, '#extendedNotifications')!.disabled).to.equal(false);
    expect(saveButton(element).disabled).to.equal(true);
    const language = deepQuery<HTMLSelectElement>(element, '#language')!;
    language.value = 'ru';
    language.dispatchEvent(new Event('change'));
    await waitUntil(() => !saveButton(element).disabled, 'Save enabled after a change');
    language.value = 'en';
    language.dispatchEvent(new Event('change'));
    await waitUntil(() => saveButton(element).disabled, 'Save disabled again when back to the saved value');
    language.value = 'ru';
    language.dispatchEvent(new Event('change'));
    await waitUntil(() => !saveButton(element).disabled);
    saveButton(element).click();
    await waitUntil(() => requests.some((request) => request.method === 'PUT'));
    const put = requests.find((request) => request.method === 'PUT')!;
    expect(put.url).to.equal('/settings/general');
    expect(put.body).to.deep.equal({ extendedNotifications: false, termsAccepted: false, language: 'ru', expectedVersion: '3.4' });
    await waitUntil(() => notices.some((notice) => notice.text === 'The settings are saved.'));
  });

  it('shows a Security Officer the general settings read-only, saying which right a change needs', async () => {
    const { element, requests } = await open(['incidentAccess'], { 'GET /settings': [200, settings({ withAutoAccept: false, extended: true })] });
    const extended = deepQuery<HTMLInputElement>(element, '#extendedNotifications')!;
    const language = deepQuery<HTMLSelectElement>(element, '#language')!;
    expect([extended.checked, language.value]).to.deep.equal([true, 'en'], 'the values are shown');
    expect([extended.disabled, language.disabled]).to.deep.equal([true, true]);
    const why = deepQuery<HTMLElement>(element, '[data-testid="general-read-only"]')!;
    expect(why.textContent?.trim()).to.equal('Only a user with the Application Integration right can change these options: they apply to the whole organization.');
    expect(extended.getAttribute('aria-describedby')).to.include(why.id);
    expect(language.getAttribute('aria-describedby')).to.include(why.id);
    expect(saveButton(element).disabled).to.equal(true);
    expect(requests.filter((request) => request.method === 'PUT')).to.have.length(0);
  });

  it('refuses to turn on extended notifications without the terms check box, with the message next to it', async () => {
    const { element, requests } = await open(INTEGRATION, {
      'GET /settings': [200, settings({ withAutoAccept: false })],
      'PUT /settings/general': [200, { ...settings().general, extendedNotifications: true, version: '4.4' }],
    });
    deepQuery<HTMLInputElement>(element, '#extendedNotifications')!.click();
    await waitForText(element, 'I have read and understand that extended notifications may contain sensitive data');
    saveButton(element).click();
    await waitForText(element, 'Confirm that you understand the terms to turn on extended notifications.');
    expect(requests.filter((request) => request.method === 'PUT')).to.have.length(0);
    const terms = deepQuery<HTMLInputElement>(element, '#termsAccepted')!;
    expect(terms.getAttribute('aria-invalid')).to.equal('true');
    terms.click();
    await waitUntil(() => !visibleText(element).includes('Confirm that you understand the terms'));
    saveButton(element).click();
    await waitUntil(() => requests.some((request) => request.method === 'PUT'));
    expect(requests.find((request) => request.method === 'PUT')!.body).to.include({ extendedNotifications: true, termsAccepted: true });
  });

  it('lets a Senior Security Officer switch single tenants in per-tenant mode, but not the mode', async () => {
    const { element, requests } = await open(SENIOR, {
      'GET /settings': [200, settings()],
      'PUT /settings/auto-accept/tenants': [200, { tenants: [] }],
    });
    await waitForText(element, 'Only an MDR Administrator can change this option.');
    const radios = deepQueryAll<HTMLInputElement>(element, 'input[name="auto-accept-mode"]');
    expect(radios).to.have.length(3);
    expect(radios.every((radio) => radio.disabled)).to.equal(true);
    expect(radios.find((radio) => radio.checked)!.id).to.equal('mode-perTenant');
    const alpha = deepQueryAll<HTMLInputElement>(element, '[data-testid="tenants"] input[type="checkbox"]:not(#all-tenants)')[0]!;
    expect(alpha.disabled).to.equal(false);
    alpha.click();
    await waitUntil(() => !saveButton(element).disabled);
    saveButton(element).click();
    await waitUntil(() => requests.some((request) => request.method === 'PUT'));
    const puts = requests.filter((request) => request.method === 'PUT');
    expect(puts.map((request) => request.url)).to.deep.equal(['/settings/auto-accept/tenants']);
    expect(puts[0]!.body).to.deep.equal({ tenants: [{ id: 't1', autoAccept: true, expectedVersion: 2 }] });
  });

  it('lets an MDR Administrator change the mode; tenant check boxes appear only in per-tenant mode', async () => {
    const { element, requests } = await open(allRights, {
      'GET /settings': [200, settings({ mode: 'disabled' })],
      'PUT /settings/auto-accept/mode': [200, { mode: 'allTenants', version: 8 }],
    });
    expect(deepQuery(element, '[data-testid="tenants"]')).to.equal(undefined);
    const all = deepQuery<HTMLInputElement>(element, '#mode-allTenants')!;
    expect(all.disabled).to.equal(false);
    all.click();
    await waitUntil(() => !saveButton(element).disabled);
    expect(deepQuery(element, '[data-testid="tenants"]')).to.equal(undefined);
    deepQuery<HTMLInputElement>(element, '#mode-perTenant')!.click();
    await waitUntil(() => deepQuery(element, '[data-testid="tenants"]') !== undefined);
    deepQuery<HTMLInputElement>(element, '#mode-allTenants')!.click();
    saveButton(element).click();
    await waitUntil(() => requests.some((request) => request.method === 'PUT'));
    expect(requests.find((request) => request.method === 'PUT')!.body).to.deep.equal({ mode: 'allTenants', expectedVersion: 7 });
  });

  // Help, *Auto-accepting responses in Kaspersky Security Center*: "If you select the All tenants option,
  // the auto-acceptance of responses is enabled for the newly created tenants by default".
  it('per tenant: All tenants checks every tenant and new ones; Root without tenants covers assets without one', async () => {
    const perTenant = settings();
    const withOptions = { ...perTenant, autoAccept: { ...perTenant.autoAccept!, newTenants: false, root: false } };
    const { element, requests } = await open(allRights, {
      'GET /settings': [200, withOptions],
      'PUT /settings/auto-accept/tenants': [200, { tenants: [] }],
    });
    await waitUntil(() => deepQuery(element, '#all-tenants'));
    const boxes = () => deepQueryAll<HTMLInputElement>(element, '[data-testid="tenants"] input[type="checkbox"]');
    deepQuery<HTMLInputElement>(element, '#all-tenants')!.click();
    await waitUntil(() => boxes().every((box) => box.checked || box.id === 'root-tenant'));
    deepQuery<HTMLInputElement>(element, '#root-tenant')!.click();
    await waitUntil(() => !saveButton(element).disabled);
    saveButton(element).click();
    await waitUntil(() => requests.some((request) => request.method === 'PUT'));
    expect(requests.find((request) => request.method === 'PUT')!.body).to.deep.equal({
      tenants: [{ id: 't1', autoAccept: true, expectedVersion: 2 }],
      newTenants: true,
      root: true,
      expectedVersion: 7,
    });
  });

  it('per tenant: clearing one tenant clears All tenants; a Senior Security Officer cannot choose All tenants', async () => {
    const perTenant = settings();
    const allOn = {
      ...perTenant,
      autoAccept: { ...perTenant.autoAccept!, tenants: perTenant.autoAccept!.tenants.map((tenant) => ({ ...tenant, autoAccept: true })), newTenants: true, root: null },
    };
    const admin = await open(allRights, { 'GET /settings': [200, allOn] });
    await waitUntil(() => deepQuery(admin.element, '#all-tenants'));
    expect(deepQuery<HTMLInputElement>(admin.element, '#all-tenants')!.checked).to.equal(true);
    expect(deepQuery(admin.element, '#root-tenant'), 'no root outside the console scope').to.equal(undefined);
    const alpha = deepQueryAll<HTMLLabelElement>(admin.element, '[data-testid="tenants"] label').find((label) => label.textContent?.includes('Alpha'))!;
    alpha.querySelector('input')!.click();
    await waitUntil(() => deepQuery<HTMLInputElement>(admin.element, '#all-tenants')!.checked === false);

    const senior = await open(SENIOR, { 'GET /settings': [200, allOn] });
    await waitUntil(() => deepQuery(senior.element, '#all-tenants'));
    expect(deepQuery<HTMLInputElement>(senior.element, '#all-tenants')!.disabled).to.equal(true);
    expect(visibleText(senior.element)).to.include('Only an MDR Administrator can enable auto-acceptance for all tenants.');
  });

  it('tells the user when someone else saved first and reloads on request', async () => {
    let loads = 0;
    const { element } = await open(allRights, {
      'GET /settings': () => (loads++, [200, settings({ mode: 'disabled' })]),
      'PUT /settings/auto-accept/mode': [409, { error: 'conflict' }],
    });
    deepQuery<HTMLInputElement>(element, '#mode-allTenants')!.click();
    await waitUntil(() => !saveButton(element).disabled);
    saveButton(element).click();
    await waitForText(element, 'Someone else saved these settings in the meantime.');
    deepQueryAll<HTMLButtonElement>(element, 'button').find((button) => button.textContent?.trim() === 'Reload')!.click();
    await waitUntil(() => loads === 2);
    await waitUntil(() => deepQuery<HTMLInputElement>(element, '#mode-disabled')?.checked === true, 'the reloaded mode is shown');
    expect(visibleText(element)).not.to.include('Someone else saved');
    expect(saveButton(element).disabled).to.equal(true);
  });

  it('asks before leaving the tab with unsaved edits and stays on Stay', async () => {
    const { element, host } = await open(INTEGRATION, { 'GET /settings': [200, settings({ withAutoAccept: false })] });
    const asked: string[] = [];
    let answer = false;
    host.confirm = async (request) => (asked.push(request.title), answer);
    element.host = { ...host };
    await element.updateComplete;
    const language = deepQuery<HTMLSelectElement>(element, '#language')!;
    language.value = 'ru';
    language.dispatchEvent(new Event('change'));
    await waitUntil(() => !saveButton(element).disabled);
    deepQuery<HTMLButtonElement>(element, '#tab-usage')!.click();
    await waitUntil(() => asked.length === 1);
    expect(asked[0]).to.equal('Leave without saving?');
    expect(deepQuery(element, '#tab-settings')!.getAttribute('aria-selected')).to.equal('true');
    answer = true;
    deepQuery<HTMLButtonElement>(element, '#tab-usage')!.click();
    await waitUntil(() => deepQuery(element, '#tab-usage')!.getAttribute('aria-selected') === 'true');
  });

  it('shows a specific error with Retry when the MDR service cannot be reached', async () => {
    let calls = 0;
    const test = createTestHost({
      rights: ['incidentAccess'],
      routes: { 'GET /settings': () => (++calls === 1 ? [502, { error: 'serviceUnreachable' }] : [200, settings({ withAutoAccept: false })]) },
    });
    const element = await fixture<MdrSection>(html`<mdr-section .host=${test.host} tab="settings"></mdr-section>`);
    await waitForText(element, 'The MDR service cannot be reached.');
    deepQuery<HTMLButtonElement>(deepQuery(element, 'mdr-state-view[state="error"]')!, 'button')!.click();
    await waitForText(element, 'Language of incident data');
  });
});

import './support/accessibility-hook.ts';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../plugin/index.ts';
import type { MdrSection } from '../../plugin/mdr-section.ts';
import { allRights, createTestHost } from './support/test-host.ts';
import { deepQuery, visibleText, waitForText } from './support/dom.ts';
import { typeInto } from './support/actions.ts';

const notActive = { status: 'notActivated', activatedOn: null, regionCode: null, hasLicense: false, version: 4 };
const active = { status: 'active', activatedOn: '2026-03-01T00:00:00.000Z', regionCode: 'canada', hasLicense: true, version: 5 };
const connectionOk = { ok: true, steps: [{ step: 'service', ok: true }] };
const roles = { roles: [{ key: 'mdrAdministrator', exists: true }, { key: 'seniorSecurityOfficer', exists: false }, { key: 'securityOfficer', exists: false }], canManageRoles: true };
const connection = { mode: 'direct', extraCertificates: { count: 1 }, restartNeeded: false };

/** Types into the field `selector` picks below `element`. */
function type(element: Element, selector: string, value: string) {
  typeInto(deepQuery<HTMLInputElement>(element, selector)!, value);
}

function click(element: Element, selector: string) {
  const button = deepQuery<HTMLButtonElement>(element, selector);
  if (!button) throw new Error(`no ${selector}`);
  button.click();
}

/** The vendor sign-in step: the account's email address and `password`, then *Next*. */
function signIn(element: Element, password: string) {
  type(element, '#email', 'a@example.com');
  type(element, '#password', password);
  click(element, '#next');
}

async function waitFor(element: Element, selector: string): Promise<void> {
  await waitUntil(() => deepQuery(element, selector), `${selector} did not appear; saw: ${visibleText(element).slice(0, 300)}`);
}

async function openSection(routes: Parameters<typeof createTestHost>[0]['routes'], rights = allRights) {
  const { host, requests, notices } = createTestHost({ rights, routes });
  const element = await fixture<MdrSection>(html`<mdr-section .host=${host}></mdr-section>`);
  return { element, requests, notices };
}

describe('activation', () => {
  it('shows Getting Started instead of the tabs while MDR is not active', async () => {
    const { element } = await openSection({ 'GET /activation': [200, notActive], 'GET /roles/predefined': [200, roles], 'GET /connection': [200, connection] });
    await waitForText(element, 'MDR is not active for this organization.');
    expect(deepQuery(element, '[role="tablist"]')).to.equal(undefined);
    await waitFor(element, '#activate');
    await waitFor(element, '#create-roles');
    expect(visibleText(element)).to.include('Create the MDR roles');
  });

  it('tells a user without Application Integration who can activate', async () => {
    const { element } = await openSection(
      { 'GET /activation': [200, notActive], 'GET /roles/predefined': [200, { ...roles, canManageRoles: false }], 'GET /connection': [200, connection] },
      ['incidentAccess'],
    );
    await waitForText(element, 'A user with the Application Integration right can activate the solution.');
    await waitForText(element, 'A console administrator who manages roles can create them.');
    expect(deepQuery(element, '#activate')).to.equal(undefined);
  });

  it('walks through the wizard, shows field errors, and activates at the last step only', async () => {
    let status: typeof notActive | typeof active = notActive;
    let background: { enabled: boolean; enabledOn: string | null; version: number } = { enabled: false, enabledOn: null, version: 0 };
    const { element, requests } = await openSection({
      'GET /activation': () => [200, status],
      'GET /roles/predefined': [200, roles],
      'GET /connection': [200, connection],
      'POST /connection/test': [200, connectionOk],
      'GET /background-connection': () => [200, background],
      'POST /background-connection/enable': () => {
        background = { enabled: true, enabledOn: '2026-03-01T00:00:00.000Z', version: 1 };
        return [200, background];
      },
      'POST /activation/sign-in': () => {
        const body = requests[requests.length - 1]!.body as { password: string };
        return body.password === 'demo'
          ? [200, { ticket: 't-1', account: { email: 'a@example.com' }, license: null, tenants: [] }]
          : [400, { error: 'validation', field: 'password', rule: 'vendorSignInFailed', message: 'x' }];
      },
      'POST /activation/check-code': [200, { license: { name: 'MDR Expert', tier: 'expert', assetLimit: 500, expirationDate: '2027-03-01T00:00:00.000Z' }, telemetryLocation: 'saudiArabia', agreements: ['termsOfUse', 'dataLocalization'] }],
      'GET /activation/agreements': [200, { region: 'saudiArabia', telemetryLocation: 'saudiArabia', agreements: ['termsOfUse', 'dataLocalization'], language: 'en', ksnVersion: '1.0.0.171' }],
      'GET /activation/agreements/termsOfUse': [200, 'Kaspersky Managed Detection and Response Agreement\n\n1. Subject.'],
      'GET /activation/agreements/dataLocalization': [200, 'Data Localization Agreement\n\n1. Scope.'],
      'GET /activation/agreements/ksnStatement': [200, 'Kaspersky Security Network Statement\n\n1. KSN.'],
      'POST /activation': () => {
        status = active;
        return [200, active];
      },
      'GET /usage': [404, { error: 'notFound' }],
    });
    await waitFor(element, '#activate');
    click(element, '#activate');
    // Two named steps: this console's way to the MDR service, then the help's step 4, the background
    // connection between the Web Console and the Administration Server, with the prompt to enable it.
    await waitForText(element, 'The Web Console reaches the MDR service.');
    expect(deepQuery(element, '#step-title')!.textContent).to.equal('Connection to the MDR service');
    click(element, '#next');
    await waitForText(element, 'The background connection between the Web Console and the Administration Server is off. Enable it to continue.');
    expect(deepQuery(element, '#step-title')!.textContent).to.equal('Background connection');
    expect(deepQuery<HTMLButtonElement>(element, '#next')!.disabled).to.equal(true, 'not without the background connection');
    click(element, '#enable-background');
    await waitForText(element, 'The background connection between the Web Console and the Administration Server is enabled.');
    expect(requests.find((r) => r.url === '/background-connection/enable')!.body).to.deep.equal({ expectedVersion: 0 });
    click(element, '#next');
    await waitForText(element, 'Sign in with your vendor account to continue.');
    const wizard = deepQuery(element, 'mdr-activation-wizard')!;
    await waitUntil(() => wizard.shadowRoot!.activeElement?.id === 'step-title', 'focus did not move to the new step');
    click(element, '#next');
    await waitForText(element, 'Enter an email address.');
    signIn(element, 'wrong');
    await waitForText(element, 'The vendor account rejected the email address or password.');
    type(element, '#password', 'demo');
    click(element, '#next');
    await waitFor(element, '#activationCode');
    type(element, '#activationCode', 'abc');
    click(element, '#next');
    await waitForText(element, 'The activation code has 20 Latin letters and digits.');
    const region = deepQuery<HTMLSelectElement>(element, '#region')!;
    region.value = 'saudiArabia';
    region.dispatchEvent(new Event('change'));
    await waitForText(element, 'Telemetry is stored in: Saudi Arabia');
    // Help step 7: the region "affects the choice of language that will be used to provide you the service".
    expect(deepQuery(element, '[data-testid="service-language"]')!.textContent).to.include('The service is provided in English for this region');
    type(element, '#activationCode', 'AAAAA-BBBBB-CCCCC-DDDDD');
    click(element, '#next');
    await waitForText(element, 'I have read and accept: Data Localization Agreement');
    // Help step 8: "Read and accept the agreements applicable to the region you select by clicking the Accept button."
    for (const [id, first] of [['termsOfUse', 'Kaspersky Managed Detection and Response Agreement'], ['dataLocalization', 'Data Localization Agreement']]) {
      const text = deepQuery<HTMLElement>(element, `#agreement-${id}-text`)!;
      expect(text.textContent).to.match(new RegExp(`^${first}`));
      expect([text.getAttribute('lang'), text.tabIndex, text.getAttribute('role')]).to.deep.equal(['en', 0, 'region'], 'scrollable and reachable by keyboard, in its language');
      const whole = deepQuery<HTMLAnchorElement>(element, `[data-agreement="${id}"] a.open-whole`)!;
      expect([whole.getAttribute('href'), whole.target]).to.deep.equal([`/api/plugins/mdr/activation/agreements/${id}?region=saudiArabia`, '_blank']);
    }
    expect(deepQuery<HTMLButtonElement>(element, '#next')!.textContent!.trim()).to.equal('Accept');
    click(element, '#next');
    await waitForText(element, 'Accept every agreement to continue.');
    for (const box of [...element.shadowRoot!.querySelector('mdr-activation-wizard')!.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="agreement"]')]) box.click();
    click(element, '#next');
    await waitForText(element, 'KSN configuration file to apply: version 1.0.0.171');
    // Help step 9: "Read and accept the KSN Statement".
    expect(deepQuery<HTMLElement>(element, '#agreement-ksnStatement-text')!.textContent).to.match(/^Kaspersky Security Network Statement/);
    expect(requests.some((r) => r.method === 'POST' && r.url === '/activation')).to.equal(false);
    click(element, '#next');
    await waitForText(element, 'Accept the KSN Statement to activate.');
    click(element, '#ksnStatementAccepted');
    click(element, '#next');
    await waitUntil(() => deepQuery(element, '[role="tablist"]'), 'the tabs did not appear');
    const sent = requests.find((r) => r.method === 'POST' && r.url === '/activation')!.body as Record<string, unknown>;
    expect(sent).to.deep.include({ ticket: 't-1', activationCode: 'AAAAABBBBBCCCCCDDDDD', region: 'saudiArabia', ksnStatementAccepted: true, ksnVersion: '1.0.0.171', expectedVersion: 4 });
    expect(sent.acceptedAgreements).to.have.members(['termsOfUse', 'dataLocalization']);
  });

  it('says when an agreement cannot be read and reads it again with Retry', async () => {
    let readable = false;
    const license = { name: 'Kaspersky Managed Detection and Response Expert', regionCode: 'russia', expirationDate: '2027-03-01T00:00:00.000Z' };
    const { element } = await openSection({
      'GET /activation': [200, { ...notActive, hasLicense: true }],
      'GET /roles/predefined': [200, roles],
      'GET /connection': [200, connection],
      'POST /connection/test': [200, connectionOk],
      'GET /background-connection': [200, { enabled: true, enabledOn: '2026-01-01T00:00:00.000Z', version: 1 }],
      'POST /activation/sign-in': [200, { ticket: 't-2', expiresAt: new Date(Date.now() + 60_000).toISOString(), account: { email: 'a@example.com' }, license, tenants: [] }],
      'GET /activation/agreements': [200, { region: 'russia', telemetryLocation: 'russia', agreements: ['termsOfUse', 'personalDataRussia'], language: 'ru', ksnVersion: '1.0.0.171' }],
      'GET /activation/agreements/termsOfUse': () => (readable ? [200, 'Соглашение о Kaspersky Managed Detection and Response'] : [504, { error: 'serviceTimeout' }]),
      'GET /activation/agreements/personalDataRussia': [200, 'Условия обработки персональных данных'],
      'GET /activation/agreements/ksnStatement': [200, 'Положение о Kaspersky Security Network'],
    });
    await waitFor(element, '#activate');
    click(element, '#activate');
    await waitForText(element, 'The Web Console reaches the MDR service.');
    click(element, '#next');
    await waitForText(element, 'The background connection between the Web Console and the Administration Server is enabled.');
    click(element, '#next');
    await waitFor(element, '#email');
    signIn(element, 'demo');
    await waitForText(element, 'did not answer in time');
    expect(deepQuery(element, 'input[name="agreement"]')).to.equal(undefined, 'nothing to accept without its text');
    readable = true;
    click(deepQuery(deepQuery(element, 'mdr-activation-wizard')!, 'mdr-state-view')!, 'button');
    await waitForText(element, 'Соглашение о Kaspersky Managed Detection and Response');
    expect(deepQuery(element, '#agreement-termsOfUse-text')!.getAttribute('lang')).to.equal('ru');
  });

  it('names a failed connection to the MDR service and retries it; cancel changes nothing', async () => {
    let reachable = false;
    const { element, requests } = await openSection({
      'GET /activation': [200, notActive],
      'GET /roles/predefined': [200, roles],
      'GET /connection': [200, connection],
      'POST /connection/test': () => [200, reachable ? connectionOk : { ok: false, failure: 'proxyAuthenticationFailed', steps: [] }],
    });
    await waitFor(element, '#activate');
    click(element, '#activate');
    await waitForText(element, 'The proxy server rejected the user name or password.');
    expect(deepQuery<HTMLButtonElement>(element, '#next')!.disabled).to.equal(true);
    reachable = true;
    const wizard = deepQuery(element, 'mdr-activation-wizard')!;
    click(deepQuery(wizard, 'mdr-state-view')!, 'button');
    await waitForText(element, 'The Web Console reaches the MDR service.');
    click(element, '#cancel');
    await waitForText(element, 'MDR is not active for this organization.');
    expect(requests.filter((r) => r.method !== 'GET' && r.url !== '/connection/test')).to.deep.equal([]);
  });

  it('says that a step is working while it waits for the MDR service, and cannot be started twice', async () => {
    let answer: (value: [number, unknown]) => void = () => undefined;
    const { element, requests } = await openSection({
      'GET /activation': [200, notActive],
      'GET /roles/predefined': [200, roles],
      'GET /connection': [200, connection],
      'POST /connection/test': () => new Promise<[number, unknown]>((resolve) => (answer = resolve)),
    });
    await waitFor(element, '#activate');
    click(element, '#activate');
    await waitUntil(() => deepQuery<HTMLButtonElement>(element, '#next')?.textContent?.trim() === 'Working…', 'the step says it is working');
    const next = deepQuery<HTMLButtonElement>(element, '#next')!;
    expect(next.disabled).to.equal(true);
    expect(next.getAttribute('aria-busy')).to.equal('true');
    expect(requests.filter((r) => r.url === '/connection/test')).to.have.length(1);
    answer([200, connectionOk]);
    await waitForText(element, 'The Web Console reaches the MDR service.');
    const done = deepQuery<HTMLButtonElement>(element, '#next')!;
    expect([done.textContent?.trim(), done.disabled, done.getAttribute('aria-busy')]).to.deep.equal(['Next', false, 'false']);
  });

  it('says when the background connection cannot be read, and checks it again with Retry', async () => {
    let readable = false;
    const { element, requests } = await openSection({
      'GET /activation': [200, notActive],
      'GET /roles/predefined': [200, roles],
      'GET /connection': [200, connection],
      'POST /connection/test': [200, connectionOk],
      'GET /background-connection': () => (readable ? [200, { enabled: true, enabledOn: '2026-01-01T00:00:00.000Z', version: 3 }] : [502, { error: 'serviceUnreachable' }]),
    });
    await waitFor(element, '#activate');
    click(element, '#activate');
    await waitForText(element, 'The Web Console reaches the MDR service.');
    click(element, '#next');
    await waitForText(element, 'cannot be reached');
    expect(deepQuery<HTMLButtonElement>(element, '#next')!.disabled).to.equal(true);
    readable = true;
    click(deepQuery(deepQuery(element, 'mdr-activation-wizard')!, 'mdr-state-view')!, 'button');
    await waitForText(element, 'The background connection between the Web Console and the Administration Server is enabled.');
    expect(deepQuery(element, '#enable-background')).to.equal(undefined, 'nothing to enable');
    expect(requests.filter((r) => r.url === '/background-connection').length).to.equal(2);
  });

  it('says when the activation state cannot be read, keeps the tabs reachable and retries', async () => {
    let reachable = false;
    const { element } = await openSection(
      {
        'GET /activation': () => (reachable ? [200, notActive] : [502, { error: 'certificateUntrusted' }]),
        'GET /roles/predefined': [200, roles],
        'GET /connection': [200, connection],
      },
      ['incidentAccess'],
    );
    await waitForText(element, 'The MDR service certificate is not trusted.');
    expect(deepQuery(element, '[role="tablist"]')).to.not.equal(undefined);
    reachable = true;
    click(deepQuery(element, 'mdr-state-view')!, 'button');
    await waitForText(element, 'MDR is not active for this organization.');
  });
});

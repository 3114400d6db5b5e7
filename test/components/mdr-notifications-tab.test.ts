import './support/accessibility-hook.ts';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../plugin/index.ts';
import type { MdrSection } from '../../plugin/mdr-section.ts';
import { createTestHost } from './support/test-host.ts';
import { deepQuery, visibleText, waitForText } from './support/dom.ts';
import { buttonNamed, typeInto } from './support/actions.ts';

const EXPIRES = '2030-01-01T10:10:00.000Z';

function state(overrides: { enabled?: boolean; address?: string; verified?: boolean; pending?: boolean; resendRequired?: boolean; attemptsLeft?: number; version?: number } = {}) {
  return {
    email: {
      enabled: overrides.enabled ?? false,
      address: overrides.address ?? '',
      verified: overrides.verified ?? false,
      categories: overrides.enabled ? ['incidents'] : [],
      verification: {
        pending: overrides.pending ?? false,
        expiresAt: overrides.pending ? EXPIRES : null,
        attemptsLeft: overrides.attemptsLeft ?? 3,
        resendRequired: overrides.resendRequired ?? false,
      },
    },
    telegram: { enabled: false, categories: [], linkGenerated: false },
    version: overrides.version ?? 0,
  };
}

async function open(routes: Parameters<typeof createTestHost>[0]['routes']) {
  const test = createTestHost({ rights: ['incidentAccess'], routes });
  const element = await fixture<MdrSection>(html`<mdr-section .host=${test.host} tab="notifications"></mdr-section>`);
  await waitForText(element, 'Notify via email');
  return { ...test, element };
}


/** Types a verification code and clicks *Verify*, then waits for what the tab answers. */
async function verify(element: Element, code: string, answer: string): Promise<void> {
  typeInto(deepQuery<HTMLInputElement>(element, '#verification-code')!, code);
  buttonNamed(element, 'Verify')!.click();
  await waitForText(element, answer);
}

describe('mdr-notifications-tab', () => {
  it('checks the address and the categories in the browser, with messages next to the fields', async () => {
    const { element, requests } = await open({ 'GET /notifications': [200, state()] });
    expect(buttonNamed(element, 'Save')!.disabled).to.equal(true);
    deepQuery<HTMLInputElement>(element, '#email-enabled')!.click();
    await waitUntil(() => deepQuery(element, '#email-address') !== undefined);
    typeInto(deepQuery<HTMLInputElement>(element, '#email-address')!, 'not an address');
    await waitUntil(() => !buttonNamed(element, 'Save')!.disabled);
    buttonNamed(element, 'Save')!.click();
    await waitForText(element, 'Enter a valid email address, for example name@example.com.');
    await waitForText(element, 'Select at least one of Incidents, Comments and Responses.');
    expect(deepQuery(element, '#email-address')!.getAttribute('aria-invalid')).to.equal('true');
    expect(requests.filter((request) => request.method === 'PUT')).to.have.length(0);
  });

  it('saves, shows the verification block, verifies the code and reports the verified address', async () => {
    const { element, requests } = await open({
      'GET /notifications': [200, state()],
      'PUT /notifications': [200, state({ enabled: true, address: 'me@example.com', pending: true, version: 2 })],
      'POST /notifications/email/verify': [200, state({ enabled: true, address: 'me@example.com', verified: true, version: 3 })],
    });
    deepQuery<HTMLInputElement>(element, '#email-enabled')!.click();
    await waitUntil(() => deepQuery(element, '#email-address') !== undefined);
    typeInto(deepQuery<HTMLInputElement>(element, '#email-address')!, ' me@example.com ');
    deepQuery<HTMLInputElement>(element, '#email-incidents')!.click();
    deepQuery<HTMLInputElement>(element, '#email-responses')!.click();
    await waitUntil(() => !buttonNamed(element, 'Save')!.disabled);
    buttonNamed(element, 'Save')!.click();
    await waitForText(element, 'Verify the email address');
    const put = requests.find((request) => request.method === 'PUT')!;
    expect(put.body).to.deep.equal({
      email: { enabled: true, address: 'me@example.com', categories: ['incidents', 'responses'] },
      telegram: { enabled: false, categories: [] },
      expectedVersion: 0,
    });
    expect(visibleText(element)).to.include('A 6-digit code was sent to me@example.com.');
    await verify(element, '12ab', 'Enter the 6 digits of the code.');
    await verify(element, '123456', 'The address me@example.com is verified.');
    expect(requests.find((request) => request.url === '/notifications/email/verify')!.body).to.deep.equal({ code: '123456' });
    expect(deepQuery(element, 'mdr-email-verification')).to.equal(undefined);
  });

  it('counts wrong codes down and then offers only Resend', async () => {
    let attempts = 0;
    const { element, requests } = await open({
      'GET /notifications': [200, state({ enabled: true, address: 'me@example.com', pending: true, version: 2 })],
      'POST /notifications/email/verify': () => (++attempts < 3 ? [400, { error: 'validation', field: 'code', rule: 'wrongCode' }] : [409, { error: 'tooManyAttempts', field: 'code' }]),
      'POST /notifications/email/resend': [200, state({ enabled: true, address: 'me@example.com', pending: true, version: 3 })],
    });
    await waitForText(element, 'Verify the email address');
    await verify(element, '000000', 'The code is wrong. 2 attempts left.');
    await verify(element, '000001', 'The code is wrong. 1 attempt left.');
    await verify(element, '000002', 'Click Resend to get a new code.');
    expect(buttonNamed(element, 'Verify')).to.equal(undefined);
    buttonNamed(element, 'Resend')!.click();
    await waitUntil(() => requests.some((request) => request.url === '/notifications/email/resend'));
    await waitUntil(() => buttonNamed(element, 'Verify') !== undefined, 'the code field is back after Resend');
  });

  it('offers Resend when the code mail could not be sent', async () => {
    const { element } = await open({ 'GET /notifications': [200, state({ enabled: true, address: 'me@example.com', resendRequired: true, version: 2 })] });
    await waitForText(element, 'the mail could not be sent');
    expect(buttonNamed(element, 'Resend')).not.to.equal(undefined);
    expect(buttonNamed(element, 'Verify')).to.equal(undefined);
  });

  it('Get Link shows a single-account bot link', async () => {
    const { element } = await open({
      'GET /notifications': [200, state()],
      'POST /notifications/telegram/link': [200, { link: 'https://t.me/MdrNotificationsBot?start=abc123' }],
    });
    deepQuery<HTMLInputElement>(element, '#telegram-enabled')!.click();
    await waitUntil(() => buttonNamed(element, 'Get Link') !== undefined);
    buttonNamed(element, 'Get Link')!.click();
    await waitForText(element, 'It works for one Telegram account.');
    expect(deepQuery<HTMLInputElement>(element, 'input[readonly]')!.value).to.equal('https://t.me/MdrNotificationsBot?start=abc123');
  });

  it('says clearly when the settings changed in another window', async () => {
    const { element } = await open({
      'GET /notifications': [200, state()],
      'PUT /notifications': [409, { error: 'conflict' }],
    });
    deepQuery<HTMLInputElement>(element, '#telegram-enabled')!.click();
    await waitUntil(() => deepQuery(element, '#telegram-comments') !== undefined);
    deepQuery<HTMLInputElement>(element, '#telegram-comments')!.click();
    buttonNamed(element, 'Save')!.click();
    await waitForText(element, 'Your notification settings were changed in another window.');
  });
});

describe('mdr-notifications-tab when the service asks to wait (429)', () => {
  it('says when Resend can be used again, in the verification block', async () => {
    const { element } = await open({
      'GET /notifications': [200, state({ enabled: true, address: 'me@example.com', pending: true, resendRequired: true, version: 2 })],
      'POST /notifications/email/resend': [429, { error: 'tooManyCodeMails', field: 'email.address', retryAfter: 45 }],
    });
    await waitUntil(() => buttonNamed(element, 'Resend') !== undefined);
    buttonNamed(element, 'Resend')!.click();
    await waitForText(element, 'Too many codes were requested for this address. You can request a new code in 45 seconds.');
    expect(deepQuery(element, 'mdr-email-verification')!.shadowRoot!.querySelector('[role="alert"]')?.textContent).to.include('in 45 seconds');
  });

  it('says when codes can be entered again, next to the code field', async () => {
    const { element } = await open({
      'GET /notifications': [200, state({ enabled: true, address: 'me@example.com', pending: true, version: 2 })],
      'POST /notifications/email/verify': [429, { error: 'tooManyWrongCodes', field: 'code', retryAfter: 1500 }],
    });
    await waitForText(element, 'Verify the email address');
    const code = deepQuery<HTMLInputElement>(element, '#verification-code')!;
    await verify(element, '123456', 'Too many wrong codes were entered for this address. You can try again in 25 minutes.');
    expect(code.getAttribute('aria-invalid')).to.equal('true');
  });

  it('shows next to the address why saving a new address must wait', async () => {
    const { element } = await open({
      'GET /notifications': [200, state({ enabled: true, address: 'me@example.com', pending: true, version: 2 })],
      'PUT /notifications': [429, { error: 'tooManyCodeMails', field: 'email.address', retryAfter: 30 }],
    });
    typeInto(deepQuery<HTMLInputElement>(element, '#email-address')!, 'other@example.com');
    await waitUntil(() => !buttonNamed(element, 'Save')!.disabled);
    buttonNamed(element, 'Save')!.click();
    await waitForText(element, 'You can request a new code in 30 seconds.');
    expect(deepQuery(element, '#email-address')!.getAttribute('aria-invalid')).to.equal('true');
  });
});

describe('mdr-notifications-tab and the interface language', () => {
  it('re-renders in the new language at once and keeps what the user typed but did not save', async () => {
    const { element, host } = await open({ 'GET /notifications': [200, state()] });
    deepQuery<HTMLInputElement>(element, '#email-enabled')!.click();
    await waitUntil(() => deepQuery(element, '#email-address') !== undefined);
    typeInto(deepQuery<HTMLInputElement>(element, '#email-address')!, 'draft@example.com');
    await waitUntil(() => !buttonNamed(element, 'Save')!.disabled);

    element.host = { ...host, language: 'de' };
    await waitForText(element, 'Per E-Mail benachrichtigen');
    expect(deepQuery<HTMLInputElement>(element, '#email-address')!.value).to.equal('draft@example.com');
    expect(deepQuery<HTMLInputElement>(element, '#email-enabled')!.checked).to.equal(true);
    expect(buttonNamed(element, 'Speichern')!.disabled).to.equal(false);
  });
});

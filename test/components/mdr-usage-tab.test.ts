import './support/accessibility-hook.ts';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../plugin/index.ts';
import type { MdrSection } from '../../plugin/mdr-section.ts';
import { createTestHost } from './support/test-host.ts';
import { deepQuery, visibleText, waitForText, expectVisibleText } from './support/dom.ts';

const usage = {
  organization: { name: 'Example Corp' },
  activation: { status: 'active', activatedOn: '2026-01-10T00:00:00.000Z' },
  license: {
    id: 'lic-1',
    name: 'MDR Expert, 500 assets',
    tier: 'expert',
    assetLimit: 500,
    connectedAssets: 1234,
    activationDate: '2026-01-10T00:00:00.000Z',
    expirationDate: '2027-01-10T00:00:00.000Z',
    status: 'active',
  },
  region: { code: 'europe', telemetryLocation: 'northernEurope' },
  ksn: { installedVersion: '1.2.0', latestVersion: '1.3.0', updateAvailable: true, status: 'updateAvailable' },
  terms: { acceptedOn: '2026-01-10T00:00:00.000Z' },
  customIncidents: { total: 20, remaining: 7 },
};
const connection = { mode: 'proxy', proxy: { host: 'proxy.example.com', port: 3128, protocol: 'http', withCredentials: true }, extraCertificates: { count: 2 }, restartNeeded: false };

/** The usage with the KSN file's version 9 installed (1.3.0 is newer). */
const withVersion = { ...usage, version: 9 };

/** A user with Application Integration, in an organization whose activation reads `status()` at each request. */
function integrationHost(status: () => unknown, routes: Parameters<typeof createTestHost>[0]['routes']) {
  return createTestHost({
    rights: ['incidentAccess', 'applicationIntegration'],
    routes: { 'GET /usage': [200, withVersion], 'GET /connection': [200, connection], 'GET /activation': () => [200, status()], ...routes },
  });
}

async function openUsage(routes: Parameters<typeof createTestHost>[0]['routes'], language = 'en') {
  const { host, requests } = createTestHost({ rights: ['incidentAccess'], routes, language });
  const element = await fixture<MdrSection>(html`<mdr-section .host=${host} tab="usage"></mdr-section>`);
  return { element, requests };
}

describe('mdr-usage-tab', () => {
  // Help, What's new 02/24/2025: "Displaying current, unused and expired MDR licenses … the total number
  // of assets and their limit for each license".
  it('with several licenses, shows each with its assets, limit and use', async () => {
    const several = {
      ...usage,
      licenses: [
        { id: 'lic-3', tier: 'expert', assetLimit: 500, connectedAssets: 0, expirationDate: '2028-01-10T00:00:00.000Z', use: 'unused' },
        { id: 'lic-1', tier: 'expert', assetLimit: 2500, connectedAssets: 2106, expirationDate: '2027-01-10T00:00:00.000Z', use: 'current' },
        { id: 'lic-0', tier: 'expert', assetLimit: 1000, connectedAssets: 0, expirationDate: '2026-01-09T00:00:00.000Z', use: 'expired' },
      ],
    };
    const { element } = await openUsage({ 'GET /usage': [200, several], 'GET /connection': [200, connection] });
    await waitForText(element, 'Example Corp');
    const rows = ['lic-3', 'lic-1', 'lic-0'].map((id) => visibleText(deepQuery<HTMLElement>(element, `li[data-license="${id}"]`)!).replace(/\s+/g, ' ').trim());
    expect(rows).to.deep.equal([
      'Unused MDR Expert, 500 assets · 0 of 500 assets · expires on Jan 10, 2028',
      'Current MDR Expert, 2,500 assets · 2,106 of 2,500 assets · expires on Jan 10, 2027',
      'Expired MDR Expert, 1,000 assets · 0 of 1,000 assets · expired on Jan 9, 2026',
    ]);
 
    // Each license's use as a meter of its limit, named for screen readers.
    const meter = deepQuery<HTMLMeterElement>(element, 'li[data-license="lic-1"] meter')!;
    expect([meter.value, meter.max, meter.high, meter.getAttribute('aria-label')]).to.deep.equal([2106, 2500, 2500, '2,106 of 2,500 assets']);
  });

  it('shows the usage the MDR service reports, formatted for the language', async () => {
    const { element, requests } = await openUsage({ 'GET /usage': [200, usage], 'GET /connection': [200, connection] });
    await waitForText(element, 'Example Corp');
    expectVisibleText(element, ['MDR Expert, 500 assets', '1,234 of 500 assets', 'Europe', 'Northern Europe', 'version 1.2.0', 'A new version of the KSN configuration file is available: 1.3.0.', `Accepted on ${new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date(usage.terms.acceptedOn))}`, '7 of 20 remaining']);
    expect(requests.map((request) => `${request.method} ${request.url}`)).to.include('GET /usage');
  });

  // Help, *Comparison of commercial license tiers*: custom incidents are not in MDR Optimum; *Creating custom
  // incidents in MDR Web Console*: "not available in some of the commercial license tiers".
  it('says where the license tier has no custom incidents, and shows the allowance where it has', async () => {
    const optimum = { ...usage, license: { ...usage.license, name: 'MDR Optimum, 500 assets', tier: 'optimum' }, customIncidents: null };
    const { element } = await openUsage({ 'GET /usage': [200, optimum], 'GET /connection': [200, connection] });
    await waitForText(element, 'Example Corp');
    expectVisibleText(element, ['Custom incidents this period', 'Not included in MDR Optimum'], ['remaining']);

    const expert = await openUsage({ 'GET /usage': [200, usage], 'GET /connection': [200, connection] });
    await waitForText(expert.element, 'Example Corp');
    expect(visibleText(expert.element)).to.include('7 of 20 remaining');
    expect(deepQuery(expert.element, '#custom-incidents-not-in-tier')).to.equal(undefined);
  });

  // Help topic *About the MDR Agreement*: "You can view the MDR Agreement … By clicking the Terms of using
  // the MDR solution link in the Terms of using the MDR solution block"; every user of the tab may read it.
  it('links to the agreements the organization accepted, each opening whole in a new window', async () => {
    const accepted = { ...usage, terms: { acceptedOn: usage.terms.acceptedOn, agreements: ['termsOfUse', 'dataProcessing'], ksnStatementAcceptedOn: usage.terms.acceptedOn } };
    const { element } = await openUsage({ 'GET /usage': [200, accepted], 'GET /connection': [200, connection] });
    await waitForText(element, 'Example Corp');
    const links = ['termsOfUse', 'dataProcessing', 'ksnStatement'].map((id) => deepQuery<HTMLAnchorElement>(element, `a[data-agreement="${id}"]`)!);
    expect(links.map((link) => [link.textContent!.trim(), link.getAttribute('href'), link.target])).to.deep.equal([
      ['Terms of using the MDR solution', '/api/plugins/mdr/terms/agreements/termsOfUse', '_blank'],
      ['Data Processing Agreement', '/api/plugins/mdr/terms/agreements/dataProcessing', '_blank'],
      ['KSN Statement', '/api/plugins/mdr/terms/agreements/ksnStatement', '_blank'],
    ]);
    const none = await openUsage({ 'GET /usage': [200, { ...usage, terms: { acceptedOn: null, agreements: [], ksnStatementAcceptedOn: null } }], 'GET /connection': [200, connection] });
    await waitForText(none.element, 'Not accepted');
    expect(deepQuery(none.element, 'a[data-agreement]')).to.equal(undefined, 'nothing to read while nothing is accepted');
  });

  it('marks license usage over the limit', async () => {
    const { element } = await openUsage({ 'GET /usage': [200, usage], 'GET /connection': [200, connection] });
    await waitForText(element, 'Example Corp');
    const over = deepQuery<HTMLElement>(element, '.over');
    expect(over?.textContent).to.include('1,234 of 500 assets');
  });

  it('says how the service is reached, without any credentials', async () => {
    const { element } = await openUsage({ 'GET /usage': [200, usage], 'GET /connection': [200, connection] });
    await waitForText(element, 'proxy.example.com:3128');
    expectVisibleText(element, ['The MDR service is reached through the proxy server proxy.example.com:3128 with authentication.', '2 extra CA certificates loaded.'], ['not trusted']);
  });

  it('says that certificates of the extra CA file were left out, next to those loaded', async () => {
    const withRejected = { ...connection, extraCertificates: { count: 139, rejected: 5 } };
    const { element } = await openUsage({ 'GET /usage': [200, usage], 'GET /connection': [200, withRejected] });
    await waitForText(element, '139 extra CA certificates loaded.');
    expect(visibleText(element)).to.include("5 certificates of the file are damaged, expired or not CA certificates and are not trusted; the console's log names them.");
  });

  it('names an untrusted certificate and recovers with Retry', async () => {
    let calls = 0;
    const { element } = await openUsage({
      'GET /usage': () => (++calls === 1 ? [502, { error: 'certificateUntrusted' }] : [200, usage]),
      'GET /connection': [200, connection],
    });
    await waitForText(element, 'The MDR service certificate is not trusted');
    expect(visibleText(element)).to.include('NODE_EXTRA_CA_CERTS');
    const view = deepQuery(element, 'mdr-state-view[state="error"]');
    const retry = deepQuery<HTMLButtonElement>(view!, 'button');
    expect(retry?.textContent?.trim()).to.equal('Retry');
    retry!.click();
    await waitForText(element, 'Example Corp');
    expect(calls).to.equal(2);
    expect(visibleText(element)).not.to.include('not trusted');
  });

  it('tells a timeout apart from an unreachable service', async () => {
    const { element } = await openUsage({ 'GET /usage': [504, { error: 'serviceTimeout' }], 'GET /connection': [200, connection] });
    await waitForText(element, 'did not answer in time');
    expect(visibleText(element)).not.to.include('cannot be reached');
  });

  it('shows Russian dates and numbers when the host language is Russian', async () => {
    const { element } = await openUsage({ 'GET /usage': [200, usage], 'GET /connection': [200, connection] }, 'ru');
    await waitForText(element, 'Example Corp');
    const grouped = new Intl.NumberFormat('ru').format(1234).replace(/\s+/g, ' ');
    await waitUntil(() => visibleText(element).includes(grouped), `expected ${grouped}`);
    expect(visibleText(element)).not.to.include('Accepted on');
  });
});

describe('mdr-usage-tab actions', () => {
  it('updates the KSN configuration file for a user with Application Integration and says so', async () => {
    let current = withVersion;
    const { host, requests, notices } = createTestHost({
      rights: ['incidentAccess', 'applicationIntegration'],
      routes: {
        'GET /usage': () => [200, current],
        'GET /connection': [200, connection],
        'POST /ksn/update': () => {
          current = { ...withVersion, ksn: { installedVersion: '1.3.0', latestVersion: '1.3.0', updateAvailable: false, status: 'upToDate' }, version: 10 };
          return [200, { installedVersion: '1.3.0', version: 10 }];
        },
      },
    });
    const element = await fixture<MdrSection>(html`<mdr-section .host=${host} tab="usage"></mdr-section>`);
    await waitForText(element, 'Example Corp');
    expect(deepQuery(element, '[data-testid="ksn-update-read-only"]')).to.equal(undefined, 'no read-only hint for a user who may update');
    deepQuery<HTMLButtonElement>(element, '#ksn-update')!.click();
    await waitUntil(() => notices.length > 0);
    expect(notices[0]).to.deep.equal({ kind: 'success', text: 'The KSN configuration file was updated to version 1.3.0.' });
    expect(requests.find((r) => r.method === 'POST')!.body).to.deep.equal({ version: '1.3.0', expectedVersion: 9 });
    await waitForText(element, 'Up to date');
  });

  it('shows a user without Application Integration the update disabled, with the reason', async () => {
    // Help topic 234895: "Your account does not have sufficient access rights to update the file."
    const { element, requests } = await openUsage({ 'GET /usage': [200, withVersion], 'GET /connection': [200, connection] });
    await waitForText(element, 'A new version of the KSN configuration file is available: 1.3.0.');
    expect(deepQuery(element, '#new-code')).to.equal(undefined, 'no activation code entry without Application Integration');
    expect(deepQuery(element, '#revoke')).to.equal(undefined);
    const update = deepQuery<HTMLButtonElement>(element, '#ksn-update')!;
    expect(update.disabled).to.equal(true);
    const why = deepQuery<HTMLElement>(element, '[data-testid="ksn-update-read-only"]')!;
    expect(why.textContent?.trim()).to.equal(
      'Your account does not have sufficient access rights to update the file: it needs the Application Integration right. Ask an administrator to update it.',
    );
    expect(update.getAttribute('aria-describedby')).to.equal(why.id);
    expect(requests.some((request) => request.method === 'POST')).to.equal(false);
  });

  it('revokes the terms after confirmation and then shows activation instead of the tabs', async () => {
    let status = { status: 'active', activatedOn: '2026-01-10T00:00:00.000Z', regionCode: 'europe', hasLicense: true, version: 9 };
    const asked: string[] = [];
    const { host, requests } = integrationHost(() => status, {
      'GET /roles/predefined': [200, { roles: [], canManageRoles: false }],
      'POST /terms/revoke': () => {
        status = { ...status, status: 'notActivated', version: 10 };
        return [200, status];
      },
    });
    host.confirm = async (request) => {
      asked.push(request.title);
      return asked.length > 1;
    };
    const element = await fixture<MdrSection>(html`<mdr-section .host=${host} tab="usage"></mdr-section>`);
    await waitForText(element, 'Example Corp');
    deepQuery<HTMLButtonElement>(element, '#revoke')!.click();
    await waitUntil(() => asked.length === 1);
    expect(requests.some((r) => r.url === '/terms/revoke')).to.equal(false, 'nothing is revoked when the user cancels');
    deepQuery<HTMLButtonElement>(element, '#revoke')!.click();
    await waitForText(element, 'MDR is not active for this organization.');
    expect(asked[1]).to.equal('Revoke the confirmation of the terms?');
    expect(requests.find((r) => r.url === '/terms/revoke')!.body).to.deep.equal({ expectedVersion: 9 });
  });

  // Help topic *Providing a new activation code*: MDR Usage → License usage → *Enter a new activation code*
  // → notification message → OK → start screen → *Activate the solution* → sign in if not signed in →
  // new code and region → *Activate* → "Select the tenants to which the users of this Administration
  // Server will have access." An upgrade to another tier is allowed ("when you want to upgrade the solution").
  it('enters a new activation code as the help describes, and asks for the vendor sign-in only once', async () => {
    const notices: { kind: string; text: string }[] = [];
    const asked: string[] = [];
    let answer = false;
    const status = { status: 'active', activatedOn: '2026-01-10T00:00:00.000Z', regionCode: 'europe', hasLicense: true, version: 9 };
    const checked = {
      license: { name: 'Kaspersky Managed Detection and Response Prime', tier: 'prime', assetLimit: 800, expirationDate: '2027-06-01T00:00:00.000Z' },
      telemetryLocation: 'northernEurope',
      agreements: ['termsOfUse', 'dataProcessing'],
      organizationTier: 'expert',
      tenants: [{ id: 't-1', name: 'Branch North' }, { id: 't-2', name: 'Branch South' }],
      tenantScope: ['t-1'],
    };
    const { host, requests } = integrationHost(() => status, {
      'POST /activation/sign-in': [200, { ticket: 'vendor-1', expiresAt: new Date(Date.now() + 600_000).toISOString(), account: { email: 'a@example.com' }, license: null, tenants: [] }],
      'POST /activation/check-code': [200, checked],
      'POST /activation/code': () => [200, { license: { id: 'l-2', name: checked.license.name, tier: 'prime', expirationDate: '2027-06-01T00:00:00.000Z' }, previousTier: 'expert', status: { ...status, version: 10 } }],
    });
    host.notify = (notice) => notices.push(notice);
    host.confirm = async (request) => {
      asked.push(`${request.title} | ${request.confirmLabel}`);
      return answer;
    };
    const element = await fixture<MdrSection>(html`<mdr-section .host=${host} tab="usage"></mdr-section>`);
    await waitForText(element, 'Example Corp');
    const link = deepQuery<HTMLButtonElement>(element, '#new-code')!;
    expect(link.classList.contains('link')).to.equal(true, 'a link in the License usage block');
    link.click();
    await waitUntil(() => asked.length === 1);
    expect(asked[0]).to.equal('Enter a new activation code | OK');
    // The wizard would load its module first: give it the time to show up, then make sure it did not.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(deepQuery(element, 'mdr-activation-wizard')).to.equal(undefined, 'Cancel in the notification leaves the tab as it was');
    answer = true;
    deepQuery<HTMLButtonElement>(element, '#new-code')!.click();
    // The start screen, then *Activate the solution*.
    await waitForText(element, 'MDR keeps working under the current license until the new code is applied.');
    deepQuery<HTMLButtonElement>(element, '#activate')!.click();
    await waitUntil(() => deepQuery(element, '#email'), 'not signed in: the vendor sign-in comes first');
    const type = (selector: string, value: string) => {
      const input = deepQuery<HTMLInputElement>(element, selector)!;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    type('#email', 'a@example.com');
    type('#password', 'demo');
    deepQuery<HTMLButtonElement>(element, '#next')!.click();
    await waitUntil(() => deepQuery(element, '#activationCode'));
    expect(deepQuery<HTMLSelectElement>(element, '#region')!.value).to.equal('europe', "the organization's region is offered");
    expect(deepQuery<HTMLButtonElement>(element, '#next')!.textContent!.trim()).to.equal('Activate');
    type('#activationCode', 'not-a-code');
    deepQuery<HTMLButtonElement>(element, '#next')!.click();
    await waitForText(element, 'The activation code has 20 Latin letters and digits.');
    expect(requests.some((r) => r.url === '/activation/check-code')).to.equal(false, 'checked in the browser first');
    type('#activationCode', 'prime-00000-00000-00001');
    deepQuery<HTMLButtonElement>(element, '#next')!.click();
    await waitForText(element, 'This code upgrades the solution from Expert to Prime.');
    // The tenants this console reaches now are chosen to start with.
    const box = (id: string) => deepQuery<HTMLInputElement>(element, `input[value="${id}"]`)!;
    expect([deepQuery<HTMLInputElement>(element, '#all-tenants')!.checked, box('t-1').checked, box('t-2').checked]).to.deep.equal([false, true, false]);
    box('t-1').click();
    deepQuery<HTMLButtonElement>(element, '#next')!.click();
    await waitForText(element, 'Choose at least one tenant.');
    expect(requests.some((r) => r.url === '/activation/code')).to.equal(false);
    box('t-2').click();
    box('root').click();
    deepQuery<HTMLButtonElement>(element, '#next')!.click();
    await waitUntil(() => notices.length > 0);
    expect(notices[0]!.text).to.equal('The new activation code is applied: the solution is upgraded to Prime, until Jun 1, 2027.');
    const sent = requests.find((r) => r.url === '/activation/code')!.body as Record<string, unknown>;
    expect(sent).to.deep.equal({ ticket: 'vendor-1', activationCode: 'PRIME000000000000001', region: 'europe', tenantIds: ['t-2', 'root'], expectedVersion: 9 });
    await waitForText(element, 'Example Corp');

    // Entering another code while still signed in goes straight to the code (step 5: "If you are signed in").
    deepQuery<HTMLButtonElement>(element, '#new-code')!.click();
    await waitForText(element, 'MDR keeps working under the current license until the new code is applied.');
    deepQuery<HTMLButtonElement>(element, '#activate')!.click();
    await waitForText(element, 'Signed in to the vendor account as a@example.com.');
    expect(deepQuery(element, '#email')).to.equal(undefined);
    expect(requests.filter((r) => r.url === '/activation/sign-in').length).to.equal(1);
    deepQuery<HTMLButtonElement>(element, '#cancel')!.click();
    await waitForText(element, 'Example Corp');
  });
});

import './support/accessibility-hook.ts';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ContextProvider } from '@lit/context';
import '../../plugin/index.ts';
import type { MdrSection } from '../../plugin/mdr-section.ts';
import { hostContext, type MdrHost } from '../../plugin/context.ts';
import { allRights, createTestHost } from './support/test-host.ts';
import { deepQuery, visibleText, waitForText } from './support/dom.ts';

const usage = {
  organization: { name: 'Example Corp' },
  activation: { status: 'active', activatedOn: '2026-01-10T00:00:00.000Z' },
  license: null,
  region: { code: 'europe', telemetryLocation: 'northernEurope' },
  ksn: { installedVersion: '1.0', latestVersion: '1.0', updateAvailable: false, status: 'upToDate' },
  terms: { acceptedOn: null },
  customIncidents: null,
};
const connection = { mode: 'direct', extraCertificates: { count: 1 }, restartNeeded: false };

async function renderSection(host: MdrHost, tab = ''): Promise<MdrSection> {
  const element = await fixture<MdrSection>(html`<mdr-section .host=${host} tab=${tab}></mdr-section>`);
  await waitUntil(() => element.shadowRoot?.querySelector('[role="tablist"]'), 'the tab list did not render');
  return element;
}

function tabNames(element: MdrSection): string[] {
  return Array.from(element.shadowRoot!.querySelectorAll('[role="tab"]')).map((tab) => tab.textContent!.trim());
}

describe('mdr-section', () => {
  it('shows every tab to a user with all rights, in the product order', async () => {
    const { host } = createTestHost({ rights: allRights, routes: { 'GET /usage': [200, usage], 'GET /connection': [200, connection] } });
    const element = await renderSection(host);
    expect(tabNames(element)).to.deep.equal([
      'Incidents',
      'Reports',
      'Settings',
      'Notifications',
      'API',
      'Tenants',
      'MDR Health',
      'Licenses',
      'Getting Started',
      'MDR Usage',
    ]);
  });

  it('shows a Security Officer only the tabs Incident access allows', async () => {
    const { host } = createTestHost({ rights: ['incidentAccess'] });
    const element = await renderSection(host);
    expect(tabNames(element)).to.deep.equal(['Incidents', 'Settings', 'Notifications', 'MDR Health', 'Getting Started', 'MDR Usage']);
  });

  it('shows only Getting Started without Incident access, whatever else the user holds', async () => {
    const { host } = createTestHost({ rights: ['restApiAccess', 'tenantManagement', 'applicationIntegration'], routes: { 'GET /connection': [200, connection] } });
    const element = await renderSection(host);
    expect(tabNames(element)).to.deep.equal(['Getting Started']);
  });

  it('renders nothing when Show MDR features is off', async () => {
    const { host } = createTestHost({ rights: allRights, showMdrFeatures: false });
    const element = await fixture<MdrSection>(html`<mdr-section .host=${host}></mdr-section>`);
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[role="tablist"]')).to.equal(null);
    expect(visibleText(element)).to.equal('');
  });

  it('opens the tab named in the deep link and links tab and panel for assistive technology', async () => {
    const { host } = createTestHost({ rights: allRights, routes: { 'GET /usage': [200, usage], 'GET /connection': [200, connection] } });
    const element = await renderSection(host, 'usage');
    const selected = element.shadowRoot!.querySelector('[role="tab"][aria-selected="true"]')!;
    expect(selected.textContent!.trim()).to.equal('MDR Usage');
    const panel = element.shadowRoot!.querySelector('[role="tabpanel"]')!;
    expect(panel.getAttribute('aria-labelledby')).to.equal(selected.id);
    expect(selected.getAttribute('aria-controls')).to.equal(panel.id);
    await waitForText(element, 'Example Corp');
  });

  it('moves between tabs with the arrow keys and announces the new path', async () => {
    const { host } = createTestHost({ rights: ['incidentAccess'], routes: { 'GET /usage': [200, usage], 'GET /connection': [200, connection] } });
    const element = await renderSection(host, 'getting-started');
    const paths: string[] = [];
    element.addEventListener('mdr-navigate', (event) => paths.push((event as CustomEvent<{ path: string }>).detail.path));
    const selected = element.shadowRoot!.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')!;
    selected.focus();
    selected.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[role="tab"][aria-selected="true"]')!.textContent!.trim()).to.equal('MDR Usage');
    selected.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[role="tab"][aria-selected="true"]')!.textContent!.trim()).to.equal('Incidents');
    expect(paths).to.deep.equal(['usage', 'incidents']);
  });

  it("moves the host's address to the opened tab once the tab has asked for its data", async () => {
    const { host, requests } = createTestHost({ rights: ['incidentAccess'], routes: { 'GET /usage': [200, usage], 'GET /connection': [200, connection] } });
    // What the tab had asked for at the moment the address changed.
    const addresses: { path: string; requested: string[] }[] = [];
    host.navigation.replacePath = (path) => addresses.push({ path, requested: requests.map((request) => `${request.method} ${request.url}`) });
    const element = await renderSection(host, 'usage');
    // Both tabs' modules are loaded: what remains of a switch is the tab's own work.
    await waitForText(element, 'Example Corp');
    element.shadowRoot!.querySelector<HTMLElement>('#tab-gettingStarted')!.click();
    await waitUntil(() => addresses.length === 1, 'the address did not follow the tab');
    expect(addresses[0]!.path).to.equal('/mdr/getting-started');
    requests.length = 0;
    element.shadowRoot!.querySelector<HTMLElement>('#tab-usage')!.click();
    await waitUntil(() => addresses.length === 2, 'the address did not follow the tab');
    expect(addresses[1]!.path).to.equal('/mdr/usage');
    expect(addresses[1]!.requested).to.include('GET /usage');
    await waitForText(element, 'Example Corp');
  });

  it('leaves the address alone when the user has moved on before it would follow', async () => {
    const { host } = createTestHost({ rights: ['incidentAccess'], routes: { 'GET /usage': [200, usage], 'GET /connection': [200, connection] } });
    const addresses: string[] = [];
    host.navigation.replacePath = (path) => addresses.push(path);
    const element = await renderSection(host, 'getting-started');
    // Another tab at once: only the last one's address is taken.
    element.shadowRoot!.querySelector<HTMLElement>('#tab-usage')!.click();
    element.shadowRoot!.querySelector<HTMLElement>('#tab-incidents')!.click();
    await waitUntil(() => addresses.length > 0, 'the address did not follow the tab');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(addresses).to.deep.equal(['/mdr/incidents']);
    // The section taken off the page (the user went to another console page): no address of its own.
    element.shadowRoot!.querySelector<HTMLElement>('#tab-usage')!.click();
    element.remove();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(addresses).to.deep.equal(['/mdr/incidents']);
  });

  it('takes the host from @lit/context when no property is set', async () => {
    const { host } = createTestHost({ rights: ['incidentAccess'], routes: { 'GET /usage': [200, usage], 'GET /connection': [200, connection] } });
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    const provider = new ContextProvider(wrapper, { context: hostContext, initialValue: host });
    const element = document.createElement('mdr-section') as MdrSection;
    element.tab = 'usage';
    wrapper.append(element);
    await waitForText(element, 'Example Corp');
    expect(tabNames(element)).to.include('MDR Usage');
    // A new host object (here: without Incident access) re-renders the section.
    provider.setValue({ ...host, rights: [] });
    await waitUntil(() => tabNames(element).length === 1);
    expect(tabNames(element)).to.deep.equal(['Getting Started']);
  });

  it('follows the host language without losing the open tab', async () => {
    const { host } = createTestHost({ rights: ['incidentAccess'], routes: { 'GET /usage': [200, usage], 'GET /connection': [200, connection] } });
    const element = await renderSection(host, 'usage');
    await waitForText(element, 'Example Corp');
    element.host = { ...host, language: 'de' };
    await waitUntil(() => !tabNames(element).includes('Incidents'), 'the tabs were not translated');
    expect(element.shadowRoot!.querySelector('[role="tab"][aria-selected="true"]')!.id).to.equal('tab-usage');
    expect(deepQuery(element, 'mdr-usage-tab')).to.not.equal(undefined);
  });
});

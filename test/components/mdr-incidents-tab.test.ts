import './support/accessibility-hook.ts';
import { expect, fixture, html } from '@open-wc/testing';
import '../../plugin/index.ts';
import type { MdrSection } from '../../plugin/mdr-section.ts';
import { createTestHost, mountWithHost } from './support/test-host.ts';
import '../../plugin/tabs/incidents/mdr-incidents-tab.ts';
import { deepQuery, visibleText, waitForText } from './support/dom.ts';
import { retryAfter } from './support/actions.ts';

const summary = { openByPriority: { high: 3, medium: 12, low: 1204, total: 1219 }, responsesAwaitingDecision: 7, webConsoleUrl: 'https://mdr.kaspersky.com/' };

describe('mdr-incidents-tab', () => {
  it('shows open incidents by priority and responses awaiting a decision, and opens MDR Web Console through the host', async () => {
    const opened: string[] = [];
    const { host } = createTestHost({ rights: ['incidentAccess'], routes: { 'GET /incidents/summary': [200, summary] } });
    host.navigation.openExternal = (url) => opened.push(url);
    const element = await fixture<MdrSection>(html`<mdr-section .host=${host} tab="incidents"></mdr-section>`);
    await waitForText(element, 'Open incidents by priority');
    const text = visibleText(element);
    expect(text).to.match(/High 3 Medium 12 Low 1,204 All open incidents 1,219/);
    expect(text).to.include('Responses awaiting your decision 7');
    const link = deepQuery<HTMLAnchorElement>(element, 'a[href="https://mdr.kaspersky.com/"]')!;
    expect(link.getAttribute('rel')).to.equal('noopener noreferrer');
    link.click();
    expect(opened).to.deep.equal(['https://mdr.kaspersky.com/']);
  });

  it('formats the figures for German and shows an unreachable service with Retry', async () => {
    let fail = true;
    const { host } = createTestHost({
      rights: ['incidentAccess'],
      language: 'de',
      routes: { 'GET /incidents/summary': () => (fail ? [504, { error: 'serviceTimeout' }] : [200, summary]) },
    });
    const element = await fixture<MdrSection>(html`<mdr-section .host=${host} tab="incidents"></mdr-section>`);
    await retryAfter(element, 'Wiederholen', () => (fail = false));
    await waitForText(element, '1.204');
    expect(visibleText(element)).to.include('Offene Vorfälle nach Priorität');
  });

  it('stands alone with the host and the API client provided around it, as the section provides them', async () => {
    const { host, requests } = createTestHost({ rights: ['incidentAccess'], routes: { 'GET /incidents/summary': [200, summary] } });
    const element = await mountWithHost(host, html`<mdr-incidents-tab></mdr-incidents-tab>`);
    await waitForText(element, 'Responses awaiting your decision 7');
    expect(requests.map((request) => `${request.method} ${request.url}`)).to.deep.equal(['GET /incidents/summary']);
  });
});

import './support/accessibility-hook.ts';
import { expect, fixture, html } from '@open-wc/testing';
import '../../plugin/index.ts';
import type { MdrAssetsWidget } from '../../plugin/widgets/mdr-assets-widget.ts';
import { createTestHost } from './support/test-host.ts';
import { deepQuery, visibleText, waitForText } from './support/dom.ts';

const summary = { ok: 1200, warning: 40, critical: 7, absent: 3, total: 1250 };

async function openWidget(options: Parameters<typeof createTestHost>[0]) {
  const { host, requests } = createTestHost(options);
  const element = await fixture<MdrAssetsWidget>(html`<mdr-assets-widget .host=${host}></mdr-assets-widget>`);
  return { element, requests };
}

describe('mdr-assets-widget', () => {
  it('charts the assets per status with their counts, formatted for the language', async () => {
    const { element, requests } = await openWidget({ routes: { 'GET /assets/summary': [200, summary] } });
    await waitForText(element, '1,250 assets in total');
    const text = visibleText(element);
    expect(text).to.include('MDR assets by status');
    for (const label of ['OK', 'Warning', 'Critical', 'Absent']) expect(text).to.include(label);
    expect(deepQuery(element, 'li[data-status="ok"]')?.textContent).to.include('1,200');
    expect(deepQuery(element, 'li[data-status="critical"] [role="img"]')?.getAttribute('aria-label')).to.equal('Critical: 7 assets');
    const okBar = deepQuery<HTMLElement>(element, 'li[data-status="ok"] .bar')!;
    const criticalBar = deepQuery<HTMLElement>(element, 'li[data-status="critical"] .bar')!;
    expect(okBar.getBoundingClientRect().width).to.be.greaterThan(criticalBar.getBoundingClientRect().width);
    expect(requests.map((request) => `${request.method} ${request.url}`)).to.deep.equal(['GET /assets/summary']);
  });

  // Help, *Dashboards*: "To switch dashboards to tenant-specific statistics … click Filter by tenant …
  // select one or multiple tenants … Click Save"; *Assets by status* is among those widgets.
  it('switches to the statistics of the tenants chosen, and keeps the choice for this user', async () => {
    localStorage.removeItem('mdr-plugin.assets-widget.tenants.user-1');
    const tenantOptions = { root: true, tenants: [{ id: 't-1', name: 'Acme Retail' }, { id: 't-2', name: 'Old Plant' }] };
    const answer = (params: Record<string, unknown>): [number, unknown] =>
      params.tenantIds === 't-2' ? [200, { ok: 3, warning: 0, critical: 1, absent: 0, total: 4, tenantOptions }] : [200, { ...summary, tenantOptions }];
    let last: Record<string, unknown> = {};
    const { host, requests } = createTestHost({ routes: { 'GET /assets/summary': () => answer(last) } });
    host.http.interceptors.request.use((config) => {
      last = { ...(config.params as Record<string, unknown> | undefined) };
      return config;
    });
    const element = await fixture<MdrAssetsWidget>(html`<mdr-assets-widget .host=${host}></mdr-assets-widget>`);
    await waitForText(element, '1,250 assets in total');
    expect(visibleText(element)).to.include('All tenants');
    deepQuery<HTMLButtonElement>(element, '#tenant-filter')!.click();
    await waitForText(element, 'Old Plant');
    expect(visibleText(element)).to.include('Root without tenants');
    deepQuery<HTMLInputElement>(element, 'input[value="t-2"]')!.click();
    deepQuery<HTMLButtonElement>(element, '#tenant-filter-save')!.click();
    await waitForText(element, '4 assets in total');
    expect(visibleText(element)).to.include('1 tenant chosen');
    expect(requests[requests.length - 1]!.params).to.deep.equal({ tenantIds: 't-2' });

    // Another visit to the dashboard by the same user starts with the same choice.
    const again = await fixture<MdrAssetsWidget>(html`<mdr-assets-widget .host=${host}></mdr-assets-widget>`);
    await waitForText(again, '4 assets in total');
    localStorage.removeItem('mdr-plugin.assets-widget.tenants.user-1');
  });

  it('forgets a saved tenant that is gone and counts all tenants again', async () => {
    localStorage.setItem('mdr-plugin.assets-widget.tenants.user-1', JSON.stringify(['t-gone']));
    try {
      let calls = 0;
      const { element, requests } = await openWidget({
        routes: {
          'GET /assets/summary': () =>
            ++calls === 1 ? [400, { error: 'validation', field: 'tenantIds', rule: 'unknownTenant' }] : [200, { ...summary, tenantOptions: { root: true, tenants: [] } }],
        },
      });
      await waitForText(element, '1,250 assets in total');
      expect(requests.map((request) => request.params)).to.deep.equal([{ tenantIds: 't-gone' }, {}]);
      expect(localStorage.getItem('mdr-plugin.assets-widget.tenants.user-1')).to.equal(null);
    } finally {
      localStorage.removeItem('mdr-plugin.assets-widget.tenants.user-1');
    }
  });

  it('speaks Russian with the right plural forms', async () => {
    const { element } = await openWidget({ language: 'ru', routes: { 'GET /assets/summary': [200, { ok: 2, warning: 5, critical: 1, absent: 0, total: 8 }] } });
    await waitForText(element, 'Всего 8 активов');
    expect(deepQuery(element, 'li[data-status="ok"] [role="img"]')?.getAttribute('aria-label')).to.equal('ОК: 2 актива');
    expect(deepQuery(element, 'li[data-status="critical"] [role="img"]')?.getAttribute('aria-label')).to.equal('Критический: 1 актив');
  });

  it('shows a specific error with Retry, and recovers when Retry works', async () => {
    let fail = true;
    const { element } = await openWidget({
      routes: { 'GET /assets/summary': () => (fail ? [502, { error: 'proxyUnreachable' }] : [200, summary]) },
    });
    await waitForText(element, 'The proxy server cannot be reached.');
    fail = false;
    const retry = deepQuery(element, 'mdr-state-view')!.shadowRoot!.querySelector('button')!;
    retry.click();
    await waitForText(element, '1,250 assets in total');
  });

  it('is absent without Incident access or with MDR features turned off, and asks nothing', async () => {
    const hidden: Parameters<typeof createTestHost>[0][] = [{ rights: [] }, { showMdrFeatures: false }];
    for (const options of hidden) {
      const { element, requests } = await openWidget({ ...options, routes: { 'GET /assets/summary': [200, summary] } });
      // A widget that is shown, opened at the same time, has asked for and shown its data by now: the
      // hidden one had the same time to do so.
      const shown = await openWidget({ routes: { 'GET /assets/summary': [200, summary] } });
      await waitForText(shown.element, '1,250 assets in total');
      await element.updateComplete;
      expect(visibleText(element).trim()).to.equal('');
      expect(requests).to.have.length(0);
    }
  });
});

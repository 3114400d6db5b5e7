import './support/accessibility-hook.ts';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../plugin/index.ts';
import '../../plugin/widgets/mdr-assets-widget.ts';
import { t } from '../../plugin/i18n.ts';
import type { MdrSection } from '../../plugin/mdr-section.ts';
import { allRights, createTestHost } from './support/test-host.ts';
import { visibleText } from './support/dom.ts';

/**
 * The race between the user's locale file and the first render, made deterministic: the French file
 * is held back while the section and the dashboard widget render and re-render, then released. English
 * is the fallback for a missing key only; a key asked for before the user's file has answered is early,
 * not missing, and must never fetch English.
 */
describe('plug-in strings while the user\'s locale file is still on its way', () => {
  const requested: string[] = [];
  let release: () => void = () => undefined;
  const originalFetch = window.fetch;

  before(() => {
    const held = new Promise<void>((resolve) => (release = resolve));
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input), location.href);
      if (url.pathname.startsWith('/locales/')) requested.push(url.pathname);
      if (url.pathname === '/locales/fr/mdr.json') await held;
      return originalFetch(input, init);
    };
  });

  after(() => {
    window.fetch = originalFetch;
  });

  it('renders nothing in English and fetches only French, however often it renders before the file arrives', async () => {
    const usage = { organization: { name: 'Example Corp' }, activation: { status: 'active' }, license: null, customIncidents: null };
    const { host } = createTestHost({
      rights: allRights,
      language: 'fr',
      routes: { 'GET /usage': [200, usage], 'GET /assets/summary': [200, { ok: 1200, warning: 40, critical: 7, absent: 3, total: 1250 }] },
    });
    const section = await fixture<MdrSection>(html`<div>
      <mdr-section .host=${host}></mdr-section>
      <mdr-assets-widget .host=${host}></mdr-assets-widget>
    </div>`);
    await waitUntil(() => requested.includes('/locales/fr/mdr.json'), 'the French file is asked for');

    // While the file is held back, the elements update again and again (new host objects, as the
    // console gives them on every session refresh) and may ask for strings.
    for (let round = 0; round < 5; round++) {
      for (const element of section.querySelectorAll<HTMLElement & { host: unknown; updateComplete: Promise<unknown> }>('mdr-section, mdr-assets-widget')) {
        element.host = { ...host };
        await element.updateComplete;
      }
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    // The loader itself, not only the elements' wait for it: a key asked for now is early, not missing.
    expect(t('tabs.reports')).to.equal('tabs.reports');
    // A fixed wait on purpose: it gives any stray request for another language time to be made, since
    // what is asserted is that none is made (there is no event to wait for when nothing happens).
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requested, 'nothing but French is asked for before French has answered').to.deep.equal(['/locales/fr/mdr.json']);
    expect(visibleText(section)).to.not.match(/Reports|Settings|Getting Started|assets/);

    release();
    const mdr = section.querySelector('mdr-section')!;
    await waitUntil(() => visibleText(mdr).includes('Rapports') && visibleText(mdr).includes('Paramètres'), 'the section renders in French', { timeout: 5000 });
    const widget = section.querySelector('mdr-assets-widget')!;
    await waitUntil(() => visibleText(widget).includes('1\u202f250') || visibleText(widget).includes('1 250'), 'the widget renders its French figures', { timeout: 5000 });
    expect(requested.filter((path) => path.startsWith('/locales/en/')), 'English is never fetched').to.deep.equal([]);
  });
});

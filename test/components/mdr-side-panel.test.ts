import './support/accessibility-hook.ts';
import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { LitElement, css } from 'lit';
import '../../plugin/components/mdr-side-panel.ts';
import type { MdrSidePanel } from '../../plugin/components/mdr-side-panel.ts';
import { sharedStyles } from '../../plugin/components/shared-styles.ts';
import { setLocaleBaseUrl, useLanguage } from '../../plugin/i18n.ts';

/** Properties as the tabs and panels list them, in a box of a given width. */
class PropertiesProbe extends LitElement {
  static override styles = [sharedStyles, css`.box { container-type: inline-size; }`];
  width = 800;
  override render() {
    return html`<div class="box" style="width: ${this.width}px">
      <dl class="properties"><dt>Name</dt><dd>Branch office in Frankfurt</dd><dt>ID</dt><dd>3f0c2a4e-1d5b-4e8f-9a7c-6b2d1e0f9a8c</dd></dl>
    </div>`;
  }
}
customElements.define('test-properties-probe', PropertiesProbe);

/** A tab's side panel holding properties, styled by the tab's shared styles as the real ones are. */
class PanelProbe extends LitElement {
  static override styles = [sharedStyles];
  override render() {
    return html`<mdr-side-panel heading="Tenant">
      <dl class="properties"><dt>Name</dt><dd>Branch office in Frankfurt</dd></dl>
      <button slot="actions">Save</button>
    </mdr-side-panel>`;
  }
}
customElements.define('test-panel-probe', PanelProbe);

const columns = (probe: PropertiesProbe) => getComputedStyle(probe.shadowRoot!.querySelector('dl')!).gridTemplateColumns.split(' ').length;

describe('mdr-side-panel and narrow boxes', () => {
  before(async () => {
    setLocaleBaseUrl('/locales/');
    await useLanguage('en');
  });

  it('lists properties beside their names in a wide box and under them in a narrow one (container queries)', async () => {
    const wide = await fixture<PropertiesProbe>(html`<test-properties-probe .width=${800}></test-properties-probe>`);
    expect(columns(wide)).to.equal(2);
    const narrow = await fixture<PropertiesProbe>(html`<test-properties-probe .width=${400}></test-properties-probe>`);
    expect(columns(narrow)).to.equal(1);
    const dd = narrow.shadowRoot!.querySelector('dd:last-of-type')!;
    expect(dd.getBoundingClientRect().right, 'a long value wraps inside the box').to.be.at.most(narrow.shadowRoot!.querySelector('.box')!.getBoundingClientRect().right + 0.5);
  });

  it('gives what it holds its own box: properties in a panel on a small window go under their names, and its buttons wrap', async () => {
    const inPanel = async (viewport: number) => {
      await setViewport({ width: viewport, height: 700 });
      const probe = await fixture<PanelProbe>(html`<test-panel-probe></test-panel-probe>`);
      const panel = probe.shadowRoot!.querySelector<MdrSidePanel>('mdr-side-panel')!;
      panel.open = true;
      await panel.updateComplete;
      const result = {
        columns: getComputedStyle(probe.shadowRoot!.querySelector('dl')!).gridTemplateColumns.split(' ').length,
        footerWraps: getComputedStyle(panel.shadowRoot!.querySelector('footer')!).flexWrap === 'wrap',
      };
      panel.open = false;
      await panel.updateComplete;
      return result;
    };
    try {
      expect(await inPanel(1200)).to.deep.equal({ columns: 2, footerWraps: true });
      expect(await inPanel(480)).to.deep.equal({ columns: 1, footerWraps: true });
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });
});

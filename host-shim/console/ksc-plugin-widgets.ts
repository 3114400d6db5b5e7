import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { unsafeStatic, html as staticHtml } from 'lit/static-html.js';
import type { ConsoleSession, InstalledPlugin } from './console-api.ts';
import { ConsoleLocalizeController, ct } from './console-i18n.ts';
import { HostedPlugin } from './plugin-host.ts';

/**
 * One installed plug-in's widgets on the dashboard: those its manifest declares that the user's
 * rights allow, each given the plug-in's host contract through `@lit/context`. With *Show MDR
 * features* off, there are none.
 */
@customElement('ksc-plugin-widgets')
export class KscPluginWidgets extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
    .error {
      color: var(--ksc-danger);
    }
  `;

  @property({ attribute: false }) session!: ConsoleSession;
  @property({ attribute: false }) plugin!: InstalledPlugin;
  private readonly hosted = new HostedPlugin(this);
  private readonly localize = new ConsoleLocalizeController(this);

  override willUpdate(changed: PropertyValues<this>): void {
    // The module is loaded only for a user who sees one of its widgets.
    if (changed.has('plugin') || changed.has('session')) this.hosted.show(this.session, this.plugin, this.visibleWidgets.length > 0);
  }

  /** Widgets of the manifest this user may see. */
  private get visibleWidgets(): InstalledPlugin['manifest']['widgets'] {
    if (!this.session.showMdrFeatures) return [];
    return this.plugin.manifest.widgets.filter((widget) => widget.rights.every((right) => this.session.rights.includes(right)));
  }

  override render() {
    void this.localize;
    const widgets = this.visibleWidgets;
    if (widgets.length === 0) return nothing;
    if (this.hosted.loadFailed) return html`<p class="error" role="alert">${ct('plugins.loadFailed')}</p>`;
    if (!this.hosted.ready) return html`<p role="status" aria-busy="true">${ct('common.loading')}</p>`;
    return widgets.map((widget) => {
      const tag = unsafeStatic(widget.element);
      return staticHtml`<${tag} data-widget=${widget.id}></${tag}>`;
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ksc-plugin-widgets': KscPluginWidgets;
  }
}

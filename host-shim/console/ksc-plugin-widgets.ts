import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { unsafeStatic, html as staticHtml } from 'lit/static-html.js';
import { createPluginHttp, type ConsoleSession, type InstalledPlugin } from './console-api.ts';
import { ConsoleLocalizeController, ct } from './console-i18n.ts';
import { createPluginHost, pluginHostContext } from './plugin-host.ts';
import { loadPlugin } from './plugin-loader.ts';

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
  @state() private ready = false;
  @state() private loadError = false;
  private readonly provider = new ContextProvider(this, { context: pluginHostContext });
  private readonly localize = new ConsoleLocalizeController(this);
  private http?: ReturnType<typeof createPluginHttp>;

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('plugin')) {
      this.http = createPluginHttp(this.plugin.manifest.id, () => location.assign('/signin'));
      this.ready = false;
    }
    if ((changed.has('plugin') || changed.has('session')) && this.visibleWidgets.length > 0 && !this.ready) {
      const plugin = this.plugin;
      loadPlugin(plugin).then(
        () => this.plugin === plugin && (this.ready = true),
        () => this.plugin === plugin && (this.loadError = true),
      );
    }
    if ((changed.has('session') || changed.has('plugin')) && this.http) {
      this.provider.setValue(createPluginHost(this, this.session, this.plugin, this.http));
    }
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
    if (this.loadError) return html`<p class="error" role="alert">${ct('plugins.loadFailed')}</p>`;
    if (!this.ready) return html`<p role="status" aria-busy="true">${ct('common.loading')}</p>`;
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

import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { unsafeStatic, html as staticHtml } from 'lit/static-html.js';
import { createPluginHttp, type ConsoleSession, type InstalledPlugin } from './console-api.ts';
import { ConsoleLocalizeController, ct } from './console-i18n.ts';
import { createPluginHost, pluginHostContext } from './plugin-host.ts';
import { loadPlugin } from './plugin-loader.ts';

/**
 * *Monitoring & reporting → Dashboard*: the plug-ins' widgets the user's rights allow, each given the
 * host contract through `@lit/context`. With *Show MDR features* off, the MDR widgets are absent.
 */
@customElement('ksc-dashboard-page')
export class KscDashboardPage extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    h1 {
      font-size: 1.5rem;
      font-weight: 600;
      margin: 0 0 16px;
    }
    .widgets {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(360px, 1fr));
      gap: 16px;
    }
    .error {
      color: var(--ksc-danger);
    }
  `;

  @property({ attribute: false }) session!: ConsoleSession;
  @property({ attribute: false }) plugin?: InstalledPlugin;
  @state() private ready = false;
  @state() private loadError = false;
  private readonly provider = new ContextProvider(this, { context: pluginHostContext });
  private readonly localize = new ConsoleLocalizeController(this);
  private http?: ReturnType<typeof createPluginHttp>;

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('plugin') && this.plugin) {
      this.http = createPluginHttp(this.plugin.manifest.id, () => location.assign('/signin'));
      if (this.session.showMdrFeatures) this.load(this.plugin);
    }
    if (changed.has('session') && this.plugin && this.session.showMdrFeatures && !this.ready) this.load(this.plugin);
    if ((changed.has('session') || changed.has('plugin')) && this.plugin && this.http) {
      this.provider.setValue(createPluginHost(this, this.session, this.plugin, this.http));
    }
  }

  private load(plugin: InstalledPlugin): void {
    loadPlugin(plugin).then(
      () => (this.ready = true),
      () => (this.loadError = true),
    );
  }

  /** Widgets of the manifest this user may see. */
  private get visibleWidgets(): InstalledPlugin['manifest']['widgets'] {
    if (!this.plugin || !this.session.showMdrFeatures) return [];
    return this.plugin.manifest.widgets.filter((widget) => widget.rights.every((right) => this.session.rights.includes(right)));
  }

  override render() {
    void this.localize;
    const widgets = this.visibleWidgets;
    return html`<h1>${ct('dashboard.title')}</h1>
      <p>${ct('dashboard.welcome', { name: this.session.user.displayName })}</p>
      ${widgets.length === 0
        ? nothing
        : this.loadError
          ? html`<p class="error" role="alert">${ct('plugins.loadFailed')}</p>`
          : !this.ready
            ? html`<p role="status" aria-busy="true">${ct('common.loading')}</p>`
            : html`<div class="widgets">
                ${widgets.map((widget) => {
                  const tag = unsafeStatic(widget.element);
                  return staticHtml`<${tag} data-widget=${widget.id}></${tag}>`;
                })}
              </div>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ksc-dashboard-page': KscDashboardPage;
  }
}

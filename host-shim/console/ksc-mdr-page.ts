import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { createPluginHttp, type ConsoleSession, type InstalledPlugin } from './console-api.ts';
import { ConsoleLocalizeController, ct } from './console-i18n.ts';
import { loadPlugin } from './plugin-loader.ts';
import { requestConfirm, showToast } from './host-services.ts';
import { pluginHostContext, type PluginHost } from './plugin-host.ts';

/**
 * Hosts the MDR plug-in's section: loads its entry module and hands it the host contract through
 * `@lit/context` (the plug-in's element finds it by the shared context key).
 */
@customElement('ksc-mdr-page')
export class KscMdrPage extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    .error {
      color: #b3261e;
    }
  `;

  @property({ attribute: false }) session!: ConsoleSession;
  @property({ attribute: false }) plugin?: InstalledPlugin;
  @property({ attribute: false }) languages: string[] = [];
  @property() path = '/mdr';
  @state() private ready = false;
  @state() private loadError = false;
  private readonly provider = new ContextProvider(this, { context: pluginHostContext });
  private readonly localize = new ConsoleLocalizeController(this);
  private http?: ReturnType<typeof createPluginHttp>;

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('plugin') && this.plugin) {
      this.http = createPluginHttp(this.plugin.manifest.id, () => location.assign('/signin'));
      loadPlugin(this.plugin).then(
        () => (this.ready = true),
        () => (this.loadError = true),
      );
    }
    if ((changed.has('session') || changed.has('plugin') || changed.has('languages')) && this.plugin && this.http) {
      this.provider.setValue(this.buildHost(this.session, this.plugin, this.http));
    }
  }

  private buildHost(session: ConsoleSession, plugin: InstalledPlugin, http: NonNullable<typeof this.http>): PluginHost {
    const navigate = (path: string, replace = false) =>
      this.dispatchEvent(new CustomEvent('ksc-navigate', { detail: { path, replace }, bubbles: true, composed: true }));
    return {
      user: { id: session.user.id, displayName: session.user.displayName },
      rights: session.rights,
      language: session.language,
      languages: plugin.languages,
      http,
      localeBaseUrl: plugin.localeBaseUrl,
      basePath: plugin.manifest.section.path,
      navigation: {
        openDevice: (deviceId) => navigate(`/devices/${encodeURIComponent(deviceId)}`),
        openExternal: (url) => window.open(url, '_blank', 'noopener,noreferrer'),
        replacePath: (path) => navigate(path, true),
        openConsolePage: (page) => navigate(`/${page}`),
      },
      notify: showToast,
      confirm: requestConfirm,
      showMdrFeatures: session.showMdrFeatures,
      canManageRoles: session.administration,
    };
  }

  override render() {
    void this.localize;
    if (!this.plugin) return html`<p class="error" role="alert">${ct('plugins.notInstalled')}</p>`;
    if (this.loadError) return html`<p class="error" role="alert">${ct('plugins.loadFailed')}</p>`;
    if (!this.ready) return html`<p>${ct('common.loading')}</p>`;
    if (!this.session.showMdrFeatures) return html`<p>${ct('plugins.mdrHidden')}</p>`;
    const tab = this.path.split('/')[2] ?? '';
    return this.plugin.manifest.elements.section === 'mdr-section' ? html`<mdr-section tab=${tab}></mdr-section>` : nothing;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ksc-mdr-page': KscMdrPage;
  }
}

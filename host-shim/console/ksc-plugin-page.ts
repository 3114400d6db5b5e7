import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { unsafeStatic, html as staticHtml } from 'lit/static-html.js';
import { createPluginHttp, type ConsoleSession, type InstalledPlugin } from './console-api.ts';
import { ConsoleLocalizeController, ct } from './console-i18n.ts';
import { loadPlugin } from './plugin-loader.ts';
import { createPluginHost, pluginHostContext } from './plugin-host.ts';

/**
 * Hosts an installed plug-in's section: loads its entry module and shows the section element its
 * manifest names, handing it the host contract through `@lit/context` (the plug-in's element finds
 * it by the shared context key). The element gets the rest of the address after the section's path
 * as its `tab` attribute.
 */
@customElement('ksc-plugin-page')
export class KscPluginPage extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    .error {
      color: var(--ksc-danger);
    }
  `;

  @property({ attribute: false }) session!: ConsoleSession;
  @property({ attribute: false }) plugin?: InstalledPlugin;
  @property({ attribute: false }) languages: string[] = [];
  @property() path = '/';
  @state() private ready = false;
  @state() private loadError = false;
  private readonly provider = new ContextProvider(this, { context: pluginHostContext });
  private readonly localize = new ConsoleLocalizeController(this);
  private http?: ReturnType<typeof createPluginHttp>;

  override willUpdate(changed: PropertyValues<this>): void {
    const previous = changed.get('plugin') as InstalledPlugin | undefined;
    if (changed.has('plugin') && this.plugin && (previous?.manifest.id !== this.plugin.manifest.id || previous.manifest.version !== this.plugin.manifest.version)) {
      const plugin = this.plugin;
      this.ready = false;
      this.loadError = false;
      this.http = createPluginHttp(plugin.manifest.id, () => location.assign('/signin'), () => this.requestSessionRefresh());
      loadPlugin(plugin).then(
        () => this.plugin === plugin && (this.ready = true),
        () => this.plugin === plugin && (this.loadError = true),
      );
    }
    if ((changed.has('session') || changed.has('plugin') || changed.has('languages')) && this.plugin && this.http) {
      this.provider.setValue(createPluginHost(this, this.session, this.plugin, this.http));
    }
  }

  /** A refusal may mean an administrator just changed this user's roles: the shell re-reads the session. */
  private requestSessionRefresh(): void {
    this.dispatchEvent(new CustomEvent('ksc-session-refresh', { bubbles: true, composed: true }));
  }

  override render() {
    void this.localize;
    if (!this.plugin) return html`<p class="error" role="alert">${ct('plugins.notInstalled')}</p>`;
    if (this.loadError) return html`<p class="error" role="alert">${ct('plugins.loadFailed')}</p>`;
    if (!this.ready) return html`<p role="status" aria-busy="true">${ct('common.loading')}</p>`;
    if (!this.session.showMdrFeatures) return html`<p>${ct('plugins.mdrHidden')}</p>`;
    const tab = this.path.slice(this.plugin.manifest.section.path.length).split('/')[1] ?? '';
    const tag = unsafeStatic(this.plugin.manifest.elements.section);
    return staticHtml`<${tag} tab=${tab}></${tag}>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ksc-plugin-page': KscPluginPage;
  }
}

import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { unsafeStatic, html as staticHtml } from 'lit/static-html.js';
import type { ConsoleSession, InstalledPlugin } from './console-api.ts';
import { ConsoleLocalizeController, ct } from './console-i18n.ts';
import { HostedPlugin } from './plugin-host.ts';

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
  // A refusal may mean an administrator just changed this user's roles: the shell re-reads the session.
  private readonly hosted = new HostedPlugin(this, () => this.dispatchEvent(new CustomEvent('ksc-session-refresh', { bubbles: true, composed: true })));
  private readonly localize = new ConsoleLocalizeController(this);

  override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('session') || changed.has('plugin') || changed.has('languages')) && this.plugin) this.hosted.show(this.session, this.plugin, true);
  }

  override render() {
    void this.localize;
    if (!this.plugin) return html`<p class="error" role="alert">${ct('plugins.notInstalled')}</p>`;
    if (this.hosted.loadFailed) return html`<p class="error" role="alert">${ct('plugins.loadFailed')}</p>`;
    if (!this.hosted.ready) return html`<p role="status" aria-busy="true">${ct('common.loading')}</p>`;
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

import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ConsoleSession, InstalledPlugin } from './console-api.ts';
import { ConsoleLocalizeController, ct } from './console-i18n.ts';
import { pageTitleStyles } from './console-styles.ts';
import './ksc-plugin-widgets.ts';

/**
 * *Monitoring & reporting → Dashboard*: the widgets of every installed plug-in that the user's
 * rights allow (`<ksc-plugin-widgets>`, one per plug-in, each with its own host contract). With
 * *Show MDR features* off, the plug-ins' widgets are absent.
 */
@customElement('ksc-dashboard-page')
export class KscDashboardPage extends LitElement {
  static override styles = [
    pageTitleStyles,
    css`
      .widgets {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(360px, 1fr));
        gap: 16px;
      }
    `,
  ];

  @property({ attribute: false }) session!: ConsoleSession;
  @property({ attribute: false }) plugins: InstalledPlugin[] = [];
  private readonly localize = new ConsoleLocalizeController(this);

  override render() {
    void this.localize;
    return html`<h1>${ct('dashboard.title')}</h1>
      <p>${ct('dashboard.welcome', { name: this.session.user.displayName })}</p>
      <div class="widgets">${this.plugins.map((plugin) => html`<ksc-plugin-widgets .session=${this.session} .plugin=${plugin}></ksc-plugin-widgets>`)}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ksc-dashboard-page': KscDashboardPage;
  }
}

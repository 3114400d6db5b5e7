import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ConsoleSession, InstalledPlugin } from './console-api.ts';
import { ConsoleLocalizeController, ct } from './console-i18n.ts';

/** *Monitoring & reporting → Dashboard*. */
@customElement('ksc-dashboard-page')
export class KscDashboardPage extends LitElement {
  static override styles = css`
    h1 {
      font-size: 1.5rem;
      font-weight: 600;
      margin: 0 0 16px;
    }
  `;

  @property({ attribute: false }) session!: ConsoleSession;
  @property({ attribute: false }) plugin?: InstalledPlugin;
  private readonly localize = new ConsoleLocalizeController(this);

  override render() {
    void this.localize;
    return html`<h1>${ct('dashboard.title')}</h1>
      <p>${ct('dashboard.welcome', { name: this.session.user.displayName })}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ksc-dashboard-page': KscDashboardPage;
  }
}

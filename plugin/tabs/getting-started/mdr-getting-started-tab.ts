import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { hostContext, type MdrHost } from '../../context.ts';
import { LocalizeController, t } from '../../i18n.ts';
import { sharedStyles } from '../../components/shared-styles.ts';
import '../../components/mdr-connection-status.ts';

/** The set-up steps of the spec, in order. */
const steps = ['roles', 'activate', 'configure', 'deploy'] as const;

/** *Getting Started*: how to set MDR up, and how the console reaches the MDR service. */
@customElement('mdr-getting-started-tab')
export class MdrGettingStartedTab extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      ol {
        padding-left: 20px;
      }
      li {
        margin-bottom: 12px;
      }
    `,
  ];

  @consume({ context: hostContext, subscribe: true })
  @state()
  host?: MdrHost;

  private readonly localize = new LocalizeController(this);

  override render() {
    void this.localize;
    return html`
      <section class="card">
        <h2>${t('gettingStarted.title')}</h2>
        <ol>
          ${steps.map(
            (step) => html`<li>
              <strong>${t(`gettingStarted.steps.${step}.title`)}</strong>
              <div class="muted">${t(`gettingStarted.steps.${step}.description`)}</div>
            </li>`,
          )}
        </ol>
      </section>
      <section class="card">
        <h3>${t('connection.title')}</h3>
        <mdr-connection-status></mdr-connection-status>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-getting-started-tab': MdrGettingStartedTab;
  }
}

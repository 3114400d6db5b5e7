import { css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { t } from '../../i18n.ts';
import { sharedStyles } from '../../components/shared-styles.ts';
import './mdr-malfunctioning-assets.ts';
import './mdr-seen-assets.ts';
import '../../widgets/mdr-assets-widget.ts';
import { MdrElement } from '../../components/mdr-element.ts';

const views = ['malfunctioning', 'seen'] as const;
type View = (typeof views)[number];

/**
 * *MDR Health*: an overview of the assets by status (the dashboard widget's chart, the same element),
 * then the assets that never sent telemetry and every asset that ever did.
 */
@customElement('mdr-health-tab')
export class MdrHealthTab extends MdrElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      mdr-assets-widget {
        max-width: 720px;
        margin-bottom: 16px;
      }
      [role='tablist'] {
        display: flex;
        gap: 8px;
        margin-bottom: 12px;
      }
      [role='tab'][aria-selected='true'] {
        border-color: var(--_accent);
        font-weight: 600;
      }
    `,
  ];

  @state() private view: View = 'malfunctioning';

  private onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    event.preventDefault();
    this.view = this.view === 'seen' ? 'malfunctioning' : 'seen';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#view-${this.view}`)?.focus());
  }

  override render() {
    return html`
      <mdr-assets-widget></mdr-assets-widget>
      <div role="tablist" aria-label=${t('tabs.health')} @keydown=${this.onKeydown}>
        ${views.map(
          (view) => html`<button
            role="tab"
            id="view-${view}"
            aria-controls="view-panel"
            aria-selected=${view === this.view ? 'true' : 'false'}
            tabindex=${view === this.view ? '0' : '-1'}
            @click=${() => (this.view = view)}
          >
            ${t(`health.views.${view}`)}
          </button>`,
        )}
      </div>
      <div role="tabpanel" id="view-panel" aria-labelledby="view-${this.view}">
        ${this.view === 'malfunctioning' ? html`<mdr-malfunctioning-assets></mdr-malfunctioning-assets>` : html`<mdr-seen-assets></mdr-seen-assets>`}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-health-tab': MdrHealthTab;
  }
}

import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { sharedStyles } from './shared-styles.ts';

/** A coloured label for a status; the text comes from the caller, already localized. */
@customElement('mdr-status-badge')
export class MdrStatusBadge extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      span {
        display: inline-block;
        padding: 1px 8px;
        border-radius: 10px;
        font-size: 0.85em;
        border: 1px solid currentColor;
        white-space: nowrap;
      }
      :host([tone='success']) span {
        color: var(--_success);
        background: var(--_success-subtle);
      }
      :host([tone='warning']) span {
        color: var(--_warning);
        background: var(--_warning-subtle);
      }
      :host([tone='danger']) span {
        color: var(--_danger);
        background: var(--_danger-subtle);
      }
      :host([tone='neutral']) span {
        color: var(--_muted);
        background: var(--_neutral-subtle);
      }
    `,
  ];

  /** Colour of the badge. */
  @property({ reflect: true }) tone: 'success' | 'warning' | 'danger' | 'neutral' = 'neutral';
  /** Visible text. */
  @property() label = '';

  override render() {
    return html`<span>${this.label}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-status-badge': MdrStatusBadge;
  }
}

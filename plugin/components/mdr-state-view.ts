import { css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ApiError, toApiError } from '../api/errors.ts';
import { t, type TranslationKey } from '../i18n.ts';
import { sharedStyles } from './shared-styles.ts';
import { MdrElement } from './mdr-element.ts';

/**
 * The loading, error and empty states every tab shows in place of its content.
 * Errors get their specific message and, when trying again can help, a *Retry* button.
 *
 * @fires mdr-retry - the user asked to try again.
 */
@customElement('mdr-state-view')
export class MdrStateView extends MdrElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        padding: 24px 0;
      }
      .error {
        border-left: 4px solid var(--_danger);
        padding: 8px 16px;
        background: var(--_danger-subtle);
      }
      .error p {
        margin: 4px 0 12px;
      }
    `,
  ];

  /** Which state to show. */
  @property({ reflect: true }) state: 'loading' | 'error' | 'empty' = 'loading';
  /** The error to describe, when `state` is `error`. */
  @property({ attribute: false }) error: unknown;
  /** Message key for the empty state. */
  @property({ attribute: 'empty-key' }) emptyKey: TranslationKey = 'common.empty';

  override render() {
    switch (this.state) {
      case 'loading':
        return html`<p role="status" aria-live="polite" class="muted">${t('common.loading')}</p>`;
      case 'empty':
        return html`<p class="muted">${t(this.emptyKey)}</p>`;
      case 'error': {
        const error: ApiError = toApiError(this.error);
        return html`<div class="error" role="alert">
          <strong>${t('errors.title')}</strong>
          <p>${t(error.messageKey)}</p>
          ${error.retryable
            ? html`<button class="primary" @click=${() => this.emit('mdr-retry')}>
                ${t('common.retry')}
              </button>`
            : nothing}
        </div>`;
      }
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-state-view': MdrStateView;
  }
}

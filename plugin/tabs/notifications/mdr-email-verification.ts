import { css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { toApiError } from '../../api/errors.ts';
import type { NotificationSettings } from '../../api/notifications.ts';
import { formatDate, t } from '../../i18n.ts';
import { formFieldStyles, textField } from '../../components/form-field.ts';
import { sharedStyles } from '../../components/shared-styles.ts';
import { verificationLimitMessage } from './verification-limits.ts';
import { MdrElement } from '../../components/mdr-element.ts';

/**
 * The verification block of *Notify via email*: the code field, *Verify*, and *Resend* once the
 * code expired or was entered wrongly three times in a row.
 *
 * @fires mdr-notifications-change - detail: the user's notification settings after a verify or resend.
 */
@customElement('mdr-email-verification')
export class MdrEmailVerification extends MdrElement {
  static override styles = [
    sharedStyles,
    formFieldStyles,
    css`
      :host {
        display: block;
        border-left: 4px solid var(--_accent);
        padding: 8px 16px;
        margin: 12px 0;
        background: var(--_accent-subtle);
      }
      .row {
        display: flex;
        gap: 8px;
        align-items: flex-end;
        flex-wrap: wrap;
      }
      input {
        width: 10ch;
        letter-spacing: 0.2em;
      }
    `,
  ];

  /** The settings with the pending verification. */
  @property({ attribute: false }) settings?: NotificationSettings;

  @state() private code = '';
  @state() private error?: string;
  @state() private busy = false;

  private async verify(): Promise<void> {
    if (!this.host || !this.api) return;
    const code = this.code.trim();
    if (!/^[0-9]{6}$/.test(code)) {
      this.error = t('notifications.errors.codeFormat');
      return;
    }
    this.busy = true;
    try {
      const settings = await this.api.notifications.verifyEmailCode(code);
      this.code = '';
      this.error = undefined;
      this.host.notify({ kind: 'success', text: t('notifications.verification.done') });
      this.emit('mdr-notifications-change', settings);
    } catch (error) {
      const failure = toApiError(error);
      if (failure.details.rule === 'wrongCode') {
        const attemptsLeft = Math.max(0, (this.settings?.email.verification.attemptsLeft ?? 1) - 1);
        this.error = t('notifications.verification.attemptsLeft', { count: attemptsLeft });
        this.emit('mdr-notifications-change', { ...this.settings!, email: { ...this.settings!.email, verification: { ...this.settings!.email.verification, attemptsLeft } } });
      } else if (failure.details.code === 'codeExpired' || failure.details.code === 'tooManyAttempts' || failure.details.code === 'noPendingCode') {
        this.error = t(`notifications.errors.${failure.details.code}`);
        this.emit('mdr-notifications-change', { ...this.settings!, email: { ...this.settings!.email, verification: { ...this.settings!.email.verification, resendRequired: true } } });
      } else {
        this.error = verificationLimitMessage(failure) ?? t(failure.messageKey);
      }
    } finally {
      this.busy = false;
    }
  }

  private async resend(): Promise<void> {
    if (!this.host || !this.api) return;
    this.busy = true;
    try {
      const settings = await this.api.notifications.resendEmailCode();
      this.code = '';
      this.error = undefined;
      this.host.notify({ kind: 'info', text: t('notifications.verification.resent', { address: settings.email.address }) });
      this.emit('mdr-notifications-change', settings);
    } catch (error) {
      const failure = toApiError(error);
      this.error = verificationLimitMessage(failure) ?? t(failure.messageKey);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const settings = this.settings;
    if (!settings) return nothing;
    const { verification, address } = settings.email;
    const field = { id: 'verification-code', label: t('notifications.verification.code'), error: this.error };
    return html`
      <h3>${t('notifications.verification.title')}</h3>
      ${verification.resendRequired
        ? html`<p role="status">${t(verification.pending ? 'notifications.verification.resendRequired' : 'notifications.verification.notSent')}</p>`
        : html`<p>${t('notifications.verification.sent', { address, time: formatDate(verification.expiresAt, 'dateTime') })}</p>`}
      <form class="row" novalidate @submit=${(event: Event) => (event.preventDefault(), void this.verify())}>
        ${verification.resendRequired
          ? nothing
          : textField(field, { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, value: this.code, onInput: (code) => ((this.code = code), (this.error = undefined)) })}
        ${verification.resendRequired
          ? html`<button class="primary" type="button" ?disabled=${this.busy} @click=${() => void this.resend()}>${t('notifications.verification.resend')}</button>`
          : html`<button class="primary" type="submit" ?disabled=${this.busy}>${t('notifications.verification.verify')}</button>`}
      </form>
      ${verification.resendRequired && this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-email-verification': MdrEmailVerification;
  }
}

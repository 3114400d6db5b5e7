import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { toApiError } from '../../api/errors.ts';
import {
  NOTIFICATION_CATEGORIES,
  validateNotificationSettings,
  type NotificationCategory,
  type NotificationSettings,
} from '../../api/notifications.ts';
import { t } from '../../i18n.ts';
import { formFieldStyles, textField } from '../../components/form-field.ts';
import { blockStyles, sharedStyles } from '../../components/shared-styles.ts';
import { BeforeUnloadController, type UnsavedChangesAware } from '../../components/unsaved-changes.ts';
import '../../components/mdr-state-view.ts';
import './mdr-email-verification.ts';
import { verificationLimitMessage } from './verification-limits.ts';
import { ruleText } from '../../failure-text.ts';
import { FormController } from '../../components/form-controller.ts';
import { mdrNotificationsTabStyles } from './mdr-notifications-tab.styles.ts';
import { MdrElement } from '../../components/mdr-element.ts';

interface Draft {
  email: { enabled: boolean; address: string; categories: NotificationCategory[] };
  telegram: { enabled: boolean; categories: NotificationCategory[] };
}

function draftOf(settings: NotificationSettings): Draft {
  return {
    email: { enabled: settings.email.enabled, address: settings.email.address, categories: [...settings.email.categories] },
    telegram: { enabled: settings.telegram.enabled, categories: [...settings.telegram.categories] },
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item) => b.includes(item));

/**
 * *Notifications* of the signed-in user: *Notify via email* (address, categories, verification of
 * the address by a code) and *Notify via Telegram* (categories, *Get Link*).
 */
@customElement('mdr-notifications-tab')
export class MdrNotificationsTab extends MdrElement implements UnsavedChangesAware {
  static override styles = [
    sharedStyles,
    blockStyles,
    formFieldStyles,
    mdrNotificationsTabStyles,
  ];

  @state() private loaded?: NotificationSettings;
  @state() private telegramLink?: string;

  private readonly form = new FormController<Draft>(this, {
    blank: () => ({ email: { enabled: false, address: '', categories: [] }, telegram: { enabled: false, categories: [] } }),
    // A refusal by the verification throttles says when to try again.
    message: (_field, rule, failure) => (failure && verificationLimitMessage(failure)) || ruleText('notifications.errors', rule),
    isDirty: (draft, saved) =>
      draft.email.enabled !== saved.email.enabled ||
      (draft.email.enabled && (draft.email.address.trim() !== saved.email.address || !sameSet(draft.email.categories, saved.email.categories))) ||
      draft.telegram.enabled !== saved.telegram.enabled ||
      (draft.telegram.enabled && !sameSet(draft.telegram.categories, saved.telegram.categories)),
    controlOf: (field) => (field === 'email.address' ? '#email-address' : field === 'email.categories' ? '#email-incidents' : '#telegram-incidents'),
  });

  private readonly unload = new BeforeUnloadController(this);

  private readonly settings = new Task(this, {
    task: async ([api], { signal }) => {
      if (!api) return undefined;
      this.apply(await api.notifications.get(signal));
      return true;
    },
    args: () => [this.api] as const,
  });

  private apply(settings: NotificationSettings): void {
    this.loaded = settings;
    this.form.load(draftOf(settings));
  }

  /** Something differs from what was loaded. */
  get hasUnsavedChanges(): boolean {
    return this.loaded !== undefined && this.form.dirty;
  }

  private changeEmail(patch: Partial<Draft['email']>): void {
    this.form.set({ email: { ...this.form.values.email, ...patch } });
    if ('address' in patch || 'enabled' in patch) this.form.clearErrors('email.address');
    if ('categories' in patch || 'enabled' in patch) this.form.clearErrors('email.categories');
  }

  private changeTelegram(patch: Partial<Draft['telegram']>): void {
    this.form.set({ telegram: { ...this.form.values.telegram, ...patch } });
    this.form.clearErrors('telegram.categories');
  }

  private async save(): Promise<void> {
    const { loaded, host, api } = this;
    const draft = this.form.values;
    if (!loaded || !host || !api) return;
    const input = { ...draft, email: { ...draft.email, address: draft.email.address.trim() }, expectedVersion: loaded.version };
    const problems = validateNotificationSettings(input);
    if (!(await this.form.check(Object.fromEntries(problems.map((problem) => [problem.field, problem.rule]))))) return;
    const saved = await this.form.run(
      () => api.notifications.save(input),
      (failure) => {
        // Saving a new address mails a code: the throttle's answer belongs next to the address.
        if (!verificationLimitMessage(failure)) return false;
        this.form.setError('email.address', failure.details.code ?? 'tooManyRequests', failure);
        return true;
      },
    );
    if (!saved) return;
    this.apply(saved);
    const codeSent = saved.email.enabled && !saved.email.verified && saved.email.verification.pending;
    host.notify({ kind: 'success', text: codeSent ? t('notifications.savedCodeSent', { address: saved.email.address }) : t('notifications.saved') });
    if (codeSent) {
      await this.updateComplete;
      this.renderRoot.querySelector('mdr-email-verification')?.shadowRoot?.querySelector<HTMLInputElement>('#verification-code')?.focus();
    }
  }

  private async getLink(): Promise<void> {
    if (!this.api) return;
    try {
      this.telegramLink = (await this.api.notifications.telegramLink()).link;
      this.loaded = { ...this.loaded!, telegram: { ...this.loaded!.telegram, linkGenerated: true }, version: this.loaded!.version + 1 };
    } catch (error) {
      this.form.refuse(toApiError(error));
    }
  }

  override render() {
    void this.unload;
    return this.settings.render({
      pending: () => html`<mdr-state-view state="loading"></mdr-state-view>`,
      error: (error) => html`<mdr-state-view state="error" .error=${error} @mdr-retry=${() => this.settings.run()}></mdr-state-view>`,
      complete: () => (this.loaded ? this.renderForm(this.loaded, this.form.values) : nothing),
    });
  }

  /** Adds or removes a category from the channel's current draft (not from the last render: clicks can come faster). */
  private toggleCategory(channel: 'email' | 'telegram', category: NotificationCategory, checked: boolean): void {
    const current = this.form.values[channel].categories.filter((item) => item !== category);
    const categories = checked ? NOTIFICATION_CATEGORIES.filter((item) => item === category || current.includes(item)) : current;
    if (channel === 'email') this.changeEmail({ categories });
    else this.changeTelegram({ categories });
  }

  private renderCategories(channel: 'email' | 'telegram', selected: NotificationCategory[]) {
    const error = this.form.errorText(`${channel}.categories`);
    return html`<fieldset class=${error ? 'invalid' : ''} aria-describedby=${error ? `${channel}-categories-error` : nothing}>
      <legend>${t('notifications.categories.legend')}</legend>
      ${NOTIFICATION_CATEGORIES.map(
        (category) => html`<div class="category">
          <input
            type="checkbox"
            id="${channel}-${category}"
            .checked=${selected.includes(category)}
            aria-describedby="${channel}-${category}-hint"
            @change=${(event: Event) => this.toggleCategory(channel, category, (event.target as HTMLInputElement).checked)}
          />
          <label for="${channel}-${category}">${t(`notifications.categories.${category}`)}</label>
          <span class="hint" id="${channel}-${category}-hint">${t(`notifications.categories.${category}Hint`)}</span>
        </div>`,
      )}
      ${error ? html`<div class="error" id="${channel}-categories-error" role="alert">${error}</div>` : nothing}
    </fieldset>`;
  }

  private renderForm(loaded: NotificationSettings, draft: Draft) {
    const address = { id: 'email-address', label: t('notifications.email.address'), error: this.form.errorText('email.address'), required: true };
    const showVerification = loaded.email.enabled && !loaded.email.verified && (loaded.email.verification.pending || loaded.email.verification.resendRequired);
    return html`
      <form novalidate @submit=${(event: Event) => (event.preventDefault(), void this.save())}>
        <section class="card">
          <label class="switch">
            <input
              type="checkbox"
              role="switch"
              id="email-enabled"
              .checked=${draft.email.enabled}
              @change=${(event: Event) => this.changeEmail({ enabled: (event.target as HTMLInputElement).checked })}
            />
            ${t('notifications.email.toggle')}
          </label>
          ${draft.email.enabled
            ? html`${textField(address, { type: 'email', autocomplete: 'email', maxlength: 254, value: draft.email.address, onInput: (value) => this.changeEmail({ address: value }) })}
                ${loaded.email.enabled && loaded.email.address === draft.email.address.trim()
                  ? html`<p class="status muted" role="status">
                      ${loaded.email.verified ? t('notifications.email.verified', { address: loaded.email.address }) : t('notifications.email.unverified')}
                    </p>`
                  : nothing}
                ${this.renderCategories('email', draft.email.categories)}`
            : nothing}
        </section>
        <section class="card">
          <label class="switch">
            <input
              type="checkbox"
              role="switch"
              id="telegram-enabled"
              .checked=${draft.telegram.enabled}
              @change=${(event: Event) => this.changeTelegram({ enabled: (event.target as HTMLInputElement).checked })}
            />
            ${t('notifications.telegram.toggle')}
          </label>
          ${draft.telegram.enabled
            ? html`<div class="link">
                  <button type="button" @click=${() => void this.getLink()}>${t('notifications.telegram.getLink')}</button>
                  ${this.telegramLink
                    ? html`<input readonly aria-label=${t('notifications.telegram.link')} .value=${this.telegramLink} />
                        <a href=${this.telegramLink} target="_blank" rel="noopener noreferrer">${t('notifications.telegram.link')}</a>`
                    : loaded.telegram.linkGenerated
                      ? html`<span class="muted">${t('notifications.telegram.linkGenerated')}</span>`
                      : nothing}
                </div>
                ${this.telegramLink ? html`<p class="muted">${t('notifications.telegram.linkHint')}</p>` : nothing}
                ${this.renderCategories('telegram', draft.telegram.categories)}`
            : nothing}
        </section>
        ${this.form.failure
          ? html`<div class="alert" role="alert">
              ${t(this.form.conflict ? 'notifications.errors.conflict' : this.form.failure.messageKey)}
              ${this.form.conflict ? html`<button type="button" @click=${() => this.settings.run()}>${t('settings.reload')}</button>` : nothing}
            </div>`
          : nothing}
        <button class="primary" type="submit" ?disabled=${!this.hasUnsavedChanges || this.form.busy}>${t('notifications.save')}</button>
      </form>
      ${showVerification
        ? html`<mdr-email-verification
            .settings=${loaded}
            @mdr-notifications-change=${(event: CustomEvent<NotificationSettings>) => {
              this.loaded = event.detail;
            }}
          ></mdr-email-verification>`
        : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-notifications-tab': MdrNotificationsTab;
  }
}

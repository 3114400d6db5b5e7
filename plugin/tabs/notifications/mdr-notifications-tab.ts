import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task } from '@lit/task';
import { toApiError } from '../../api/errors.ts';
import {
  NOTIFICATION_CATEGORIES,
  validateNotificationSettings,
  type NotificationCategory,
  type NotificationSettings,
} from '../../api/notifications.ts';
import { apiContext, hostContext, type MdrHost } from '../../context.ts';
import type { MdrApi } from '../../api/mdr-api.ts';
import { LocalizeController, t } from '../../i18n.ts';
import { describedBy, formField, formFieldStyles } from '../../components/form-field.ts';
import { sharedStyles } from '../../components/shared-styles.ts';
import { BeforeUnloadController, type UnsavedChangesAware } from '../../components/unsaved-changes.ts';
import '../../components/mdr-state-view.ts';
import './mdr-email-verification.ts';
import { verificationLimitMessage } from './verification-limits.ts';
import { fieldRuleText } from '../../failure-text.ts';
import { mdrNotificationsTabStyles } from './mdr-notifications-tab.styles.ts';

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
export class MdrNotificationsTab extends LitElement implements UnsavedChangesAware {
  static override styles = [
    sharedStyles,
    formFieldStyles,
    mdrNotificationsTabStyles,
  ];

  @consume({ context: hostContext, subscribe: true })
  @state()
  host?: MdrHost;

  @consume({ context: apiContext, subscribe: true })
  @state()
  api?: MdrApi;

  @state() private loaded?: NotificationSettings;
  @state() private draft?: Draft;
  @state() private errors: Record<string, string> = {};
  @state() private saveError?: { key: string; reload: boolean };
  @state() private saving = false;
  @state() private telegramLink?: string;

  private readonly localize = new LocalizeController(this);
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
    this.draft = draftOf(settings);
    this.errors = {};
    this.saveError = undefined;
  }

  /** Something differs from what was loaded. */
  get hasUnsavedChanges(): boolean {
    const { loaded, draft } = this;
    if (!loaded || !draft) return false;
    const saved = draftOf(loaded);
    return (
      draft.email.enabled !== saved.email.enabled ||
      (draft.email.enabled && (draft.email.address.trim() !== saved.email.address || !sameSet(draft.email.categories, saved.email.categories))) ||
      draft.telegram.enabled !== saved.telegram.enabled ||
      (draft.telegram.enabled && !sameSet(draft.telegram.categories, saved.telegram.categories))
    );
  }

  private changeEmail(patch: Partial<Draft['email']>): void {
    this.draft = { ...this.draft!, email: { ...this.draft!.email, ...patch } };
    const errors = { ...this.errors };
    if ('address' in patch || 'enabled' in patch) delete errors['email.address'];
    if ('categories' in patch || 'enabled' in patch) delete errors['email.categories'];
    this.errors = errors;
    this.saveError = undefined;
  }

  private changeTelegram(patch: Partial<Draft['telegram']>): void {
    this.draft = { ...this.draft!, telegram: { ...this.draft!.telegram, ...patch } };
    const { ['telegram.categories']: _removed, ...errors } = this.errors;
    this.errors = errors;
    this.saveError = undefined;
  }

  private async save(): Promise<void> {
    const { draft, loaded, host, api } = this;
    if (!draft || !loaded || !host || !api) return;
    const input = { ...draft, email: { ...draft.email, address: draft.email.address.trim() }, expectedVersion: loaded.version };
    const problems = validateNotificationSettings(input);
    this.errors = Object.fromEntries(problems.map((problem) => [problem.field, t(`notifications.errors.${problem.rule}`)]));
    if (problems.length > 0) {
      await this.updateComplete;
      const focusId = problems[0]!.field === 'email.address' ? 'email-address' : problems[0]!.field === 'email.categories' ? 'email-incidents' : 'telegram-incidents';
      this.renderRoot.querySelector<HTMLElement>(`#${focusId}`)?.focus();
      return;
    }
    this.saving = true;
    try {
      const saved = await api.notifications.save(input);
      this.apply(saved);
      const codeSent = saved.email.enabled && !saved.email.verified && saved.email.verification.pending;
      host.notify({ kind: 'success', text: codeSent ? t('notifications.savedCodeSent', { address: saved.email.address }) : t('notifications.saved') });
      if (codeSent) {
        await this.updateComplete;
        this.renderRoot.querySelector('mdr-email-verification')?.shadowRoot?.querySelector<HTMLInputElement>('#verification-code')?.focus();
      }
    } catch (error) {
      const failure = toApiError(error);
      const limit = verificationLimitMessage(failure);
      if (limit) {
        // Saving a new address mails a code: the throttle's answer belongs next to the address.
        this.errors = { 'email.address': limit };
      } else if (failure.failure === 'validation' && failure.details.field) {
        this.errors = { [failure.details.field]: fieldRuleText(failure, 'notifications.errors') };
      } else if (failure.failure === 'conflict') {
        this.saveError = { key: 'notifications.errors.conflict', reload: true };
      } else {
        this.saveError = { key: failure.messageKey, reload: false };
      }
    } finally {
      this.saving = false;
    }
  }

  private async getLink(): Promise<void> {
    if (!this.api) return;
    try {
      this.telegramLink = (await this.api.notifications.telegramLink()).link;
      this.loaded = { ...this.loaded!, telegram: { ...this.loaded!.telegram, linkGenerated: true }, version: this.loaded!.version + 1 };
    } catch (error) {
      this.saveError = { key: toApiError(error).messageKey, reload: false };
    }
  }

  override render() {
    void this.localize;
    void this.unload;
    return this.settings.render({
      pending: () => html`<mdr-state-view state="loading"></mdr-state-view>`,
      error: (error) => html`<mdr-state-view state="error" .error=${error} @mdr-retry=${() => this.settings.run()}></mdr-state-view>`,
      complete: () => (this.loaded && this.draft ? this.renderForm(this.loaded, this.draft) : nothing),
    });
  }

  /** Adds or removes a category from the channel's current draft (not from the last render: clicks can come faster). */
  private toggleCategory(channel: 'email' | 'telegram', category: NotificationCategory, checked: boolean): void {
    const current = this.draft![channel].categories.filter((item) => item !== category);
    const categories = checked ? NOTIFICATION_CATEGORIES.filter((item) => item === category || current.includes(item)) : current;
    if (channel === 'email') this.changeEmail({ categories });
    else this.changeTelegram({ categories });
  }

  private renderCategories(channel: 'email' | 'telegram', selected: NotificationCategory[]) {
    const error = this.errors[`${channel}.categories`];
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
    const address = { id: 'email-address', label: t('notifications.email.address'), error: this.errors['email.address'], required: true };
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
            ? html`${formField(
                  address,
                  html`<input
                    id="email-address"
                    type="email"
                    autocomplete="email"
                    maxlength="254"
                    .value=${draft.email.address}
                    aria-invalid=${address.error ? 'true' : 'false'}
                    aria-describedby=${describedBy(address)}
                    @input=${(event: Event) => this.changeEmail({ address: (event.target as HTMLInputElement).value })}
                  />`,
                )}
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
        ${this.saveError
          ? html`<div class="alert" role="alert">
              ${t(this.saveError.key)}
              ${this.saveError.reload ? html`<button type="button" @click=${() => this.settings.run()}>${t('settings.reload')}</button>` : nothing}
            </div>`
          : nothing}
        <button class="primary" type="submit" ?disabled=${!this.hasUnsavedChanges || this.saving}>${t('notifications.save')}</button>
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

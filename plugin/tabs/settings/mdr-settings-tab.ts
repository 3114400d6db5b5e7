import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task } from '@lit/task';
import { toApiError } from '../../api/errors.ts';
import {
  DATA_LANGUAGES,
  validateGeneralSettings,
  type AutoAcceptMode,
  type DataLanguage,
  type MdrSettings,
} from '../../api/settings.ts';
import { apiContext, hasRights, hostContext, type MdrHost, type RightId } from '../../context.ts';
import type { MdrApi } from '../../api/mdr-api.ts';
import { LocalizeController, formatDate, t } from '../../i18n.ts';
import { describedBy, formField, formFieldStyles } from '../../components/form-field.ts';
import { sharedStyles } from '../../components/shared-styles.ts';
import { BeforeUnloadController, type UnsavedChangesAware } from '../../components/unsaved-changes.ts';
import type { AutoAcceptChange } from './mdr-auto-accept-settings.ts';
import { readOnlyHint } from '../../components/read-only-hint.ts';
import '../../components/mdr-state-view.ts';
import './mdr-auto-accept-settings.ts';
import { mdrAdministratorRights } from '../../../contract/rights.ts';
import { fieldRuleText } from '../../failure-text.ts';

/** The MDR Administrator role: all six MDR rights (changing the auto-acceptance mode needs them). */
const MDR_ADMINISTRATOR = mdrAdministratorRights;

/**
 * The general options apply to the whole organization, so changing them is configuring MDR: Application
 * Integration (help topics 213206 and 210793), as `PUT /settings/general` declares in the manifest.
 */
const CONFIGURE_MDR: readonly RightId[] = ['incidentAccess', 'applicationIntegration'];

interface Draft {
  extendedNotifications: boolean;
  termsAccepted: boolean;
  language: DataLanguage;
  mode: AutoAcceptMode | null;
  tenants: Record<string, boolean>;
  newTenants: boolean;
  root: boolean | null;
}

function draftOf(settings: MdrSettings): Draft {
  return {
    extendedNotifications: settings.general.extendedNotifications,
    termsAccepted: false,
    language: settings.general.language,
    mode: settings.autoAccept?.mode ?? null,
    tenants: Object.fromEntries((settings.autoAccept?.tenants ?? []).map((tenant) => [tenant.id, tenant.autoAccept])),
    newTenants: settings.autoAccept?.newTenants ?? false,
    root: settings.autoAccept?.root ?? null,
  };
}

/**
 * *Settings*: extended notifications (with the terms check box), the language of incident data,
 * notifications and reports (read-only without *Application Integration*), and auto-acceptance of
 * responses for users with *Auto-accept settings*. *Save* is enabled only when something changed;
 * a save that lost a race is refused with a message and *Reload*.
 */
@customElement('mdr-settings-tab')
export class MdrSettingsTab extends LitElement implements UnsavedChangesAware {
  static override styles = [
    sharedStyles,
    formFieldStyles,
    css`
      :host {
        display: block;
      }
      .switch {
        display: flex;
        gap: 8px;
        align-items: center;
        font-weight: 500;
      }
      .terms {
        display: flex;
        gap: 8px;
        align-items: flex-start;
        margin: 8px 0 0 24px;
      }
      .actions {
        display: flex;
        gap: 8px;
        align-items: center;
      }
    `,
  ];

  @consume({ context: hostContext, subscribe: true })
  @state()
  host?: MdrHost;

  @consume({ context: apiContext, subscribe: true })
  @state()
  api?: MdrApi;

  @state() private loaded?: MdrSettings;
  @state() private draft?: Draft;
  @state() private errors: Record<string, string> = {};
  @state() private saveError?: { key: string; reload: boolean };
  @state() private saving = false;

  private readonly localize = new LocalizeController(this);
  private readonly unload = new BeforeUnloadController(this);

  private readonly settings = new Task(this, {
    task: async ([api], { signal }) => {
      if (!api) return undefined;
      const settings = await api.settings.get(signal);
      this.loaded = settings;
      this.draft = draftOf(settings);
      this.errors = {};
      this.saveError = undefined;
      return settings;
    },
    args: () => [this.api] as const,
  });

  /** Something differs from what was loaded. */
  get hasUnsavedChanges(): boolean {
    const { loaded, draft } = this;
    if (!loaded || !draft) return false;
    return this.generalChanged || this.modeChanged || this.changedTenants.length > 0 || this.perTenantOptionsChanged;
  }

  private get generalChanged(): boolean {
    return this.draft!.extendedNotifications !== this.loaded!.general.extendedNotifications || this.draft!.language !== this.loaded!.general.language;
  }

  private get modeChanged(): boolean {
    return this.draft!.mode !== null && this.draft!.mode !== this.loaded!.autoAccept?.mode;
  }

  /** *All tenants* or *Root without tenants* differ from the saved setting (per-tenant mode only). */
  private get perTenantOptionsChanged(): boolean {
    if (!this.draft || this.draft.mode !== 'perTenant') return false;
    const saved = this.loaded?.autoAccept;
    return this.draft.newTenants !== (saved?.newTenants ?? false) || this.draft.root !== (saved?.root ?? null);
  }

  private get changedTenants() {
    if (!this.draft || this.draft.mode !== 'perTenant') return [];
    return (this.loaded?.autoAccept?.tenants ?? []).filter((tenant) => this.draft!.tenants[tenant.id] !== tenant.autoAccept);
  }

  /** Applies an edit to the draft and clears the messages it answers. */
  private change(patch: Partial<Draft>): void {
    this.draft = { ...this.draft!, ...patch };
    this.saveError = undefined;
    const errors = { ...this.errors };
    for (const key of Object.keys(patch)) delete errors[key];
    if ('extendedNotifications' in patch) delete errors.termsAccepted;
    this.errors = errors;
  }

  private onAutoAcceptChange(event: CustomEvent<AutoAcceptChange>): void {
    const change = event.detail;
    if ('mode' in change) this.change({ mode: change.mode });
    else if ('allTenants' in change) {
      // *All tenants* checks (or clears) every tenant, and new tenants follow it.
      const tenants = Object.fromEntries((this.loaded?.autoAccept?.tenants ?? []).map((tenant) => [tenant.id, change.allTenants]));
      this.change({ newTenants: change.allTenants, tenants });
    } else if ('root' in change) this.change({ root: change.root });
    // Clearing one tenant means not all tenants any more.
    else this.change({ tenants: { ...this.draft!.tenants, [change.tenantId]: change.autoAccept }, ...(change.autoAccept ? {} : { newTenants: false }) });
  }

  private async save(): Promise<void> {
    const { loaded, draft, host, api } = this;
    if (!loaded || !draft || !host || !api) return;
    const problems = validateGeneralSettings(draft, { extendedNotifications: loaded.general.extendedNotifications });
    this.errors = Object.fromEntries(problems.map((problem) => [problem.field, t(`settings.errors.${problem.rule}`)]));
    if (problems.length > 0) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`#${problems[0]!.field}`)?.focus();
      return;
    }
    this.saving = true;
    try {
      if (this.generalChanged) {
        await api.settings.saveGeneral({ extendedNotifications: draft.extendedNotifications, termsAccepted: draft.termsAccepted, language: draft.language, expectedVersion: loaded.general.version });
      }
      let settingVersion = loaded.autoAccept?.version;
      if (this.modeChanged) settingVersion = (await api.settings.saveAutoAcceptMode({ mode: draft.mode!, expectedVersion: loaded.autoAccept!.version })).version;
      const tenants = this.changedTenants;
      const saved = loaded.autoAccept;
      const options = this.perTenantOptionsChanged
        ? {
            ...(draft.newTenants !== (saved?.newTenants ?? false) ? { newTenants: draft.newTenants } : {}),
            ...(draft.root !== null && draft.root !== (saved?.root ?? null) ? { root: draft.root } : {}),
            expectedVersion: settingVersion,
          }
        : {};
      if (tenants.length > 0 || this.perTenantOptionsChanged) {
        await api.settings.saveAutoAcceptTenants(tenants.map((tenant) => ({ id: tenant.id, autoAccept: draft.tenants[tenant.id]!, expectedVersion: tenant.version })), options);
      }
      host.notify({ kind: 'success', text: t('settings.saved') });
      await this.settings.run();
    } catch (error) {
      const failure = toApiError(error);
      if (failure.failure === 'validation' && failure.details.field) {
        this.errors = { [failure.details.field]: fieldRuleText(failure, 'settings.errors') };
      } else if (failure.failure === 'conflict') {
        const key = failure.details.code === 'notPerTenantMode' ? 'settings.errors.notPerTenantMode' : 'settings.errors.conflict';
        this.saveError = { key, reload: true };
      } else {
        this.saveError = { key: failure.messageKey, reload: false };
      }
    } finally {
      this.saving = false;
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

  private renderForm(loaded: MdrSettings, draft: Draft) {
    const terms = { id: 'termsAccepted', label: t('settings.terms.label'), error: this.errors.termsAccepted };
    const language = { id: 'language', label: t('settings.language.label'), error: this.errors.language };
    const needsTerms = draft.extendedNotifications && !loaded.general.extendedNotifications;
    const canSwitchTenants = hasRights(this.host, ['autoAcceptSettings', 'responseManagement']);
    const canConfigure = hasRights(this.host, CONFIGURE_MDR);
    return html`
      <form @submit=${(event: Event) => (event.preventDefault(), void this.save())} novalidate>
        <section class="card">
          <h2>${t('settings.general.title')}</h2>
          <div class="field">
            <label class="switch">
              <input
                id="extendedNotifications"
                type="checkbox"
                role="switch"
                .checked=${draft.extendedNotifications}
                ?disabled=${!canConfigure}
                @change=${(event: Event) => this.change({ extendedNotifications: (event.target as HTMLInputElement).checked, termsAccepted: false })}
                aria-describedby=${canConfigure ? 'extended-hint' : 'extended-hint general-read-only'}
              />
              ${t('settings.extended.label')}
            </label>
            <div class="hint" id="extended-hint">${t('settings.extended.hint')}</div>
            ${needsTerms
              ? html`<div class="terms ${terms.error ? 'invalid' : ''}">
                  <input
                    id="termsAccepted"
                    type="checkbox"
                    .checked=${draft.termsAccepted}
                    aria-invalid=${terms.error ? 'true' : 'false'}
                    aria-describedby=${describedBy(terms)}
                    @change=${(event: Event) => this.change({ termsAccepted: (event.target as HTMLInputElement).checked })}
                  />
                  <label for="termsAccepted">${terms.label}</label>
                </div>
                ${terms.error ? html`<div class="error" id="termsAccepted-error" role="alert">${terms.error}</div>` : nothing}`
              : nothing}
            ${draft.extendedNotifications && loaded.general.termsAcceptedOn
              ? html`<div class="hint">${t('settings.terms.acceptedOn', { date: formatDate(loaded.general.termsAcceptedOn) })}</div>`
              : nothing}
          </div>
          ${formField(
            language,
            html`<select
              id="language"
              ?disabled=${!canConfigure}
              aria-describedby=${canConfigure ? describedBy(language) : 'general-read-only'}
              @change=${(event: Event) => this.change({ language: (event.target as HTMLSelectElement).value as DataLanguage })}
            >
              ${DATA_LANGUAGES.map((code) => html`<option value=${code} ?selected=${draft.language === code}>${t(`settings.language.${code}`)}</option>`)}
            </select>`,
          )}
          ${canConfigure ? nothing : readOnlyHint('general-read-only', t('settings.general.readOnly', { right: t('access.rights.applicationIntegration') }))}
        </section>
        ${loaded.autoAccept && draft.mode
          ? html`<section class="card">
              <mdr-auto-accept-settings
                .mode=${draft.mode}
                .tenants=${loaded.autoAccept.tenants.map((tenant) => ({ ...tenant, autoAccept: draft.tenants[tenant.id] ?? tenant.autoAccept }))}
                ?all-tenants=${draft.newTenants}
                .root=${draft.root}
                ?can-change-mode=${hasRights(this.host, MDR_ADMINISTRATOR)}
                ?can-switch-tenants=${canSwitchTenants}
                @mdr-auto-accept-change=${this.onAutoAcceptChange}
              ></mdr-auto-accept-settings>
              ${this.errors.mode ? html`<div class="error" role="alert">${this.errors.mode}</div>` : nothing}
            </section>`
          : nothing}
        ${this.saveError
          ? html`<div class="alert" role="alert">
              ${t(this.saveError.key)}
              ${this.saveError.reload ? html`<button type="button" @click=${() => this.settings.run()}>${t('settings.reload')}</button>` : nothing}
            </div>`
          : nothing}
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${!this.hasUnsavedChanges || this.saving}>${t('settings.save')}</button>
          <button type="button" ?disabled=${!this.hasUnsavedChanges || this.saving} @click=${() => ((this.draft = draftOf(loaded)), (this.errors = {}))}>
            ${t('settings.reset')}
          </button>
        </div>
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-settings-tab': MdrSettingsTab;
  }
}

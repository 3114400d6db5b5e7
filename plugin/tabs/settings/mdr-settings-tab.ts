import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import {
  DATA_LANGUAGES,
  validateGeneralSettings,
  type AutoAcceptMode,
  type DataLanguage,
  type MdrSettings,
} from '../../api/settings.ts';
import { hasRights, type RightId } from '../../context.ts';
import { formatDate, t } from '../../i18n.ts';
import { describedBy, formField, formFieldStyles } from '../../components/form-field.ts';
import { blockStyles, sharedStyles } from '../../components/shared-styles.ts';
import { BeforeUnloadController, type UnsavedChangesAware } from '../../components/unsaved-changes.ts';
import type { AutoAcceptChange } from './mdr-auto-accept-settings.ts';
import { readOnlyHint } from '../../components/read-only-hint.ts';
import '../../components/mdr-state-view.ts';
import './mdr-auto-accept-settings.ts';
import { mdrAdministratorRights } from '../../../contract/rights.ts';
import { ruleText } from '../../failure-text.ts';
import { FormController } from '../../components/form-controller.ts';
import { MdrElement } from '../../components/mdr-element.ts';

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

const generalChanged = (draft: Draft, saved: Draft) => draft.extendedNotifications !== saved.extendedNotifications || draft.language !== saved.language;

const modeChanged = (draft: Draft, saved: Draft) => draft.mode !== null && draft.mode !== saved.mode;

/** Tenants whose switch differs from the saved one (per-tenant mode only). */
const changedTenantIds = (draft: Draft, saved: Draft): string[] =>
  draft.mode === 'perTenant' ? Object.keys(saved.tenants).filter((id) => draft.tenants[id] !== saved.tenants[id]) : [];

/** *All tenants* or *Root without tenants* differ from the saved setting (per-tenant mode only). */
const perTenantOptionsChanged = (draft: Draft, saved: Draft) => draft.mode === 'perTenant' && (draft.newTenants !== saved.newTenants || draft.root !== saved.root);

/**
 * *Settings*: extended notifications (with the terms check box), the language of incident data,
 * notifications and reports (read-only without *Application Integration*), and auto-acceptance of
 * responses for users with *Auto-accept settings*. *Save* is enabled only when something changed;
 * a save that lost a race is refused with a message and *Reload*.
 */
@customElement('mdr-settings-tab')
export class MdrSettingsTab extends MdrElement implements UnsavedChangesAware {
  static override styles = [
    sharedStyles,
    blockStyles,
    formFieldStyles,
    css`
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

  @state() private loaded?: MdrSettings;

  private readonly form = new FormController<Draft>(this, {
    blank: () => ({ extendedNotifications: false, termsAccepted: false, language: DATA_LANGUAGES[0]!, mode: null, tenants: {}, newTenants: false, root: null }),
    message: (_field, rule) => ruleText('settings.errors', rule),
    isDirty: (draft, saved) => generalChanged(draft, saved) || modeChanged(draft, saved) || changedTenantIds(draft, saved).length > 0 || perTenantOptionsChanged(draft, saved),
    controlOf: (field) => `#${field}`,
  });

  private readonly unload = new BeforeUnloadController(this);

  private readonly settings = new Task(this, {
    task: async ([api], { signal }) => {
      if (!api) return undefined;
      const settings = await api.settings.get(signal);
      this.loaded = settings;
      this.form.load(draftOf(settings));
      return settings;
    },
    args: () => [this.api] as const,
  });

  /** Something differs from what was loaded. */
  get hasUnsavedChanges(): boolean {
    return this.loaded !== undefined && this.form.dirty;
  }

  private onAutoAcceptChange(event: CustomEvent<AutoAcceptChange>): void {
    const change = event.detail;
    if ('mode' in change) this.form.set({ mode: change.mode });
    else if ('allTenants' in change) {
      // *All tenants* checks (or clears) every tenant, and new tenants follow it.
      const tenants = Object.fromEntries((this.loaded?.autoAccept?.tenants ?? []).map((tenant) => [tenant.id, change.allTenants]));
      this.form.set({ newTenants: change.allTenants, tenants });
    } else if ('root' in change) this.form.set({ root: change.root });
    // Clearing one tenant means not all tenants any more.
    else this.form.set({ tenants: { ...this.form.values.tenants, [change.tenantId]: change.autoAccept }, ...(change.autoAccept ? {} : { newTenants: false }) });
  }

  private async save(): Promise<void> {
    const { loaded, host, api } = this;
    const draft = this.form.values;
    if (!loaded || !host || !api) return;
    const problems = validateGeneralSettings(draft, { extendedNotifications: loaded.general.extendedNotifications });
    if (!(await this.form.check(Object.fromEntries(problems.map((problem) => [problem.field, problem.rule]))))) return;
    const saved = this.form.original;
    await this.form.run(async () => {
      if (generalChanged(draft, saved)) {
        await api.settings.saveGeneral({ extendedNotifications: draft.extendedNotifications, termsAccepted: draft.termsAccepted, language: draft.language, expectedVersion: loaded.general.version });
      }
      let settingVersion = loaded.autoAccept?.version;
      if (modeChanged(draft, saved)) settingVersion = (await api.settings.saveAutoAcceptMode({ mode: draft.mode!, expectedVersion: loaded.autoAccept!.version })).version;
      const tenants = (loaded.autoAccept?.tenants ?? []).filter((tenant) => changedTenantIds(draft, saved).includes(tenant.id));
      const optionsChanged = perTenantOptionsChanged(draft, saved);
      const options = optionsChanged
        ? {
            ...(draft.newTenants !== saved.newTenants ? { newTenants: draft.newTenants } : {}),
            ...(draft.root !== null && draft.root !== saved.root ? { root: draft.root } : {}),
            expectedVersion: settingVersion,
          }
        : {};
      if (tenants.length > 0 || optionsChanged) {
        await api.settings.saveAutoAcceptTenants(tenants.map((tenant) => ({ id: tenant.id, autoAccept: draft.tenants[tenant.id]!, expectedVersion: tenant.version })), options);
      }
      host.notify({ kind: 'success', text: t('settings.saved') });
      await this.settings.run();
    });
  }

  override render() {
    void this.unload;
    return this.settings.render({
      pending: () => html`<mdr-state-view state="loading"></mdr-state-view>`,
      error: (error) => html`<mdr-state-view state="error" .error=${error} @mdr-retry=${() => this.settings.run()}></mdr-state-view>`,
      complete: () => (this.loaded ? this.renderForm(this.loaded, this.form.values) : nothing),
    });
  }

  /** A refused save above the buttons; someone else's change first offers *Reload*. */
  private renderFailure() {
    const failure = this.form.failure;
    if (!failure) return nothing;
    const key = !this.form.conflict ? failure.messageKey : failure.details.code === 'notPerTenantMode' ? 'settings.errors.notPerTenantMode' : 'settings.errors.conflict';
    return html`<div class="alert" role="alert">
      ${t(key)} ${this.form.conflict ? html`<button type="button" @click=${() => this.settings.run()}>${t('settings.reload')}</button>` : nothing}
    </div>`;
  }

  private renderForm(loaded: MdrSettings, draft: Draft) {
    const terms = { id: 'termsAccepted', label: t('settings.terms.label'), error: this.form.errorText('termsAccepted') };
    const language = { id: 'language', label: t('settings.language.label'), error: this.form.errorText('language') };
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
                @change=${(event: Event) => this.form.set({ extendedNotifications: (event.target as HTMLInputElement).checked, termsAccepted: false })}
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
                    @change=${(event: Event) => this.form.set({ termsAccepted: (event.target as HTMLInputElement).checked })}
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
              @change=${(event: Event) => this.form.set({ language: (event.target as HTMLSelectElement).value as DataLanguage })}
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
              ${this.form.hasError('mode') ? html`<div class="error" role="alert">${this.form.errorText('mode')}</div>` : nothing}
            </section>`
          : nothing}
        ${this.renderFailure()}
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${!this.hasUnsavedChanges || this.form.busy}>${t('settings.save')}</button>
          <button type="button" ?disabled=${!this.hasUnsavedChanges || this.form.busy} @click=${() => this.form.revert()}>
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

import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task, TaskStatus } from '@lit/task';
import { ApiError, toApiError } from '../../api/errors.ts';
import {
  TENANT_DESCRIPTION_MAX,
  TENANT_NAME_MAX,
  type ArchiveVariant,
  type TenantDetails,
  type TenantLicenseOptions,
  type TenantPatch,
} from '../../api/tenants.ts';
import { describedBy, formField, formFieldStyles } from '../../components/form-field.ts';
import { saveFile } from '../../components/save-file.ts';
import { sharedStyles } from '../../components/shared-styles.ts';
import { apiContext, hostContext, type MdrHost } from '../../context.ts';
import type { MdrApi } from '../../api/mdr-api.ts';
import { LocalizeController, formatDate, formatNumber, t } from '../../i18n.ts';
import { licenseDisplayName } from '../../license-name.ts';
import { checkConfigFile, checkTenantText, type TenantFieldErrors } from './tenant-rules.ts';
import '../../components/mdr-side-panel.ts';
import '../../components/mdr-state-view.ts';
import { failureText } from '../../failure-text.ts';
import { confirmDiscard } from '../../components/unsaved-changes.ts';
import { BusyActions, busyLabel } from '../../components/busy-actions.ts';

interface FormValues {
  name: string;
  description: string;
  active: boolean;
}

const emptyFile = { licenseId: '', expirationDate: '' };

/**
 * The side panel to add a tenant or to view and edit one: *Active*, *Name*, *Description*, the read-only
 * *ID* and *Number of assets*, and the *Configuration files for the tenant* with their downloads.
 * *Save* is enabled only when something changed; closing with unsaved changes asks first; a save
 * that lost a race with another user is refused with a message and a *Reload*.
 *
 * @fires mdr-tenant-changed - the tenant was created, saved or its files changed; detail: { tenant }.
 * @fires mdr-panel-closed - the panel should close (unsaved changes were confirmed away).
 */
@customElement('mdr-tenant-panel')
export class MdrTenantPanel extends LitElement {
  static override styles = [
    sharedStyles,
    formFieldStyles,
    css`
      .switch {
        display: flex;
        align-items: center;
        gap: 8px;
        margin-bottom: 14px;
      }
      textarea {
        min-height: 90px;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        margin-bottom: 12px;
      }
      th,
      td {
        text-align: left;
        padding: 6px 6px;
        border-bottom: 1px solid var(--_border);
        vertical-align: top;
      }
      .file-actions {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      fieldset {
        border: 1px solid var(--_border);
        border-radius: 4px;
        padding: 10px 12px;
        margin: 0 0 14px;
        /* A fieldset is as wide as its widest option by default; long license names must not push it out of the panel. */
        min-width: 0;
      }
      fieldset select {
        width: 100%;
      }
    `,
  ];

  @consume({ context: hostContext, subscribe: true })
  @state()
  host?: MdrHost;

  @consume({ context: apiContext, subscribe: true })
  @state()
  api?: MdrApi;

  /** Tenant to show; null to add a new one. */
  @property({ attribute: false }) tenantId: string | null = null;
  @property({ type: Boolean }) open = false;

  @state() private values: FormValues = { name: '', description: '', active: true };
  @state() private original: FormValues = { name: '', description: '', active: true };
  @state() private version = 0;
  @state() private file = { ...emptyFile };
  @state() private errors: TenantFieldErrors = {};
  @state() private fileErrors: TenantFieldErrors = {};
  @state() private busy = false;
  /** A save or action failed: conflict (stale), or another error to describe. */
  @state() private failure: ApiError | null = null;
  private reloads = 0;
  private readonly downloads = new BusyActions(this);

  private readonly localize = new LocalizeController(this);

  private readonly details = new Task(this, {
    task: async ([api, id, open], { signal }) => {
      if (!api || !open || id === null) return undefined;
      const tenant = await api.tenants.get(id, signal);
      this.adopt(tenant);
      return tenant;
    },
    args: () => [this.api, this.tenantId, this.open, this.reloads] as const,
  });

  private readonly licenses = new Task(this, {
    task: async ([api, open], { signal }) => (api && open ? api.tenants.licenses(signal) : undefined),
    args: () => [this.api, this.open] as const,
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('open') || changed.has('tenantId')) && this.open) this.reset();
  }

  private reset(): void {
    const blank = { name: '', description: '', active: true };
    this.values = { ...blank };
    this.original = { ...blank };
    this.file = { ...emptyFile };
    this.errors = {};
    this.fileErrors = {};
    this.failure = null;
    this.busy = false;
  }

  private adopt(tenant: TenantDetails): void {
    const values = { name: tenant.name, description: tenant.description, active: tenant.active };
    this.values = { ...values };
    this.original = { ...values };
    this.version = tenant.version;
  }

  private get isNew(): boolean {
    return this.tenantId === null;
  }

  private get changed(): boolean {
    if (this.isNew) return true;
    return this.values.name !== this.original.name || this.values.description !== this.original.description || this.values.active !== this.original.active;
  }

  /** Unsaved input that closing would lose. */
  get dirty(): boolean {
    if (this.isNew) return this.values.name !== '' || this.values.description !== '' || this.file.licenseId !== '' || this.file.expirationDate !== '';
    return this.changed;
  }

  private licenseOptions(): TenantLicenseOptions {
    return this.licenses.value ?? { items: [], today: new Date().toISOString().slice(0, 10) };
  }

  private message(field: keyof TenantFieldErrors, rule: string | undefined): string | undefined {
    if (!rule) return undefined;
    const license = this.licenseOptions().items.find((option) => option.id === this.file.licenseId);
    return t(`tenants.validation.${field}.${rule}`, {
      max: formatNumber(field === 'name' ? TENANT_NAME_MAX : TENANT_DESCRIPTION_MAX),
      date: license ? formatDate(license.lastAllowedDate) : '',
    });
  }

  private async requestClose(): Promise<void> {
    if (this.dirty && this.host && !(await confirmDiscard(this.host, 'tenants.panel'))) return;
    this.dispatchEvent(new CustomEvent('mdr-panel-closed', { bubbles: true, composed: true }));
  }

  private changedEvent(tenant: TenantDetails): void {
    this.dispatchEvent(new CustomEvent('mdr-tenant-changed', { detail: { tenant }, bubbles: true, composed: true }));
  }

  /** A refusal from the service: field errors go next to their field; the rest above the form. */
  private showFailure(error: unknown, fileForm = false): void {
    const failure = toApiError(error);
    if (failure.failure === 'validation' && failure.details.field) {
      const field = failure.details.field.replace(/^configFile\./, '') as keyof TenantFieldErrors;
      const rule = failure.details.rule ?? 'invalid';
      if (fileForm || field === 'licenseId' || field === 'expirationDate') this.fileErrors = { ...this.fileErrors, [field]: rule };
      else this.errors = { ...this.errors, [field]: rule };
      return;
    }
    this.failure = failure;
  }

  private async save(): Promise<void> {
    const api = this.api;
    if (!api || this.busy) return;
    const errors = checkTenantText(this.values);
    const fileErrors = this.isNew ? checkConfigFile(this.file, this.licenseOptions().items, this.licenseOptions().today) : {};
    this.errors = errors;
    this.fileErrors = fileErrors;
    this.failure = null;
    if (Object.keys(errors).length > 0 || Object.keys(fileErrors).length > 0) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.busy = true;
    try {
      if (this.isNew) {
        const created = await api.tenants.create({ name: this.values.name.trim(), description: this.values.description, active: this.values.active, configFile: this.file });
        this.host?.notify({ kind: 'success', text: t('tenants.panel.created', { name: created.name }) });
        this.original = { ...this.values };
        this.file = { ...emptyFile };
        this.changedEvent(created);
        this.dispatchEvent(new CustomEvent('mdr-panel-closed', { bubbles: true, composed: true }));
      } else {
        const patch: TenantPatch = {};
        if (this.values.name !== this.original.name) patch.name = this.values.name.trim();
        if (this.values.description !== this.original.description) patch.description = this.values.description;
        if (this.values.active !== this.original.active) patch.active = this.values.active;
        const sent = { ...this.values };
        const saved = await api.tenants.update(this.tenantId!, patch, this.version);
        // What was typed while the save was on its way is not part of it: it stays, still unsaved.
        const typed = { ...this.values };
        this.adopt(saved);
        for (const key of Object.keys(typed) as (keyof FormValues)[]) {
          if (typed[key] !== sent[key]) this.values = { ...this.values, [key]: typed[key] };
        }
        this.host?.notify({ kind: 'success', text: t('tenants.panel.saved', { name: saved.name }) });
        this.changedEvent(saved);
      }
    } catch (error) {
      this.showFailure(error);
    } finally {
      this.busy = false;
    }
  }

  private reload(): void {
    this.failure = null;
    this.errors = {};
    this.reloads++;
    void this.details.run();
  }

  private async addFile(): Promise<void> {
    const api = this.api;
    if (!api || this.tenantId === null || this.busy) return;
    const { items, today } = this.licenseOptions();
    this.fileErrors = checkConfigFile(this.file, items, today);
    if (Object.keys(this.fileErrors).length > 0) return;
    this.busy = true;
    try {
      const tenant = await api.tenants.addConfigFile(this.tenantId, this.file);
      this.file = { ...emptyFile };
      this.host?.notify({ kind: 'success', text: t('tenants.panel.fileAdded') });
      this.changedEvent(tenant);
      this.reloads++;
      void this.details.run();
    } catch (error) {
      this.showFailure(error, true);
    } finally {
      this.busy = false;
    }
  }

  private async removeFile(fileId: string): Promise<void> {
    const api = this.api;
    if (!api || this.tenantId === null || !this.host) return;
    const confirmed = await this.host.confirm({
      title: t('tenants.panel.removeFileTitle'),
      message: t('tenants.panel.removeFileMessage'),
      confirmLabel: t('tenants.panel.removeFileConfirm'),
      cancelLabel: t('tenants.cancel'),
      danger: true,
    });
    if (!confirmed) return;
    this.busy = true;
    try {
      const tenant = await api.tenants.removeConfigFile(this.tenantId, fileId);
      this.host.notify({ kind: 'success', text: t('tenants.panel.fileRemoved') });
      this.changedEvent(tenant);
      this.reloads++;
      void this.details.run();
    } catch (error) {
      this.showFailure(error, true);
    } finally {
      this.busy = false;
    }
  }

  private async download(fileId: string, variant: ArchiveVariant): Promise<void> {
    const api = this.api;
    const tenantId = this.tenantId;
    if (!api || tenantId === null) return;
    await this.downloads.run(`${fileId}:${variant}`, async () => {
      try {
        saveFile(await api.tenants.downloadArchive(tenantId, fileId, variant));
      } catch (error) {
        this.failure = toApiError(error);
      }
    });
  }

  override render() {
    void this.localize;
    const heading = this.isNew ? t('tenants.panel.addTitle') : t('tenants.panel.editTitle');
    return html`<mdr-side-panel
      ?open=${this.open}
      heading=${heading}
      @mdr-close-request=${(event: Event) => {
        event.stopPropagation();
        void this.requestClose();
      }}
    >
      ${this.open ? this.renderBody() : nothing}
      <button slot="actions" @click=${() => void this.requestClose()}>${t('tenants.panel.close')}</button>
      <button slot="actions" class="primary" ?disabled=${!this.changed || this.busy || (!this.isNew && this.details.value === undefined)} @click=${() => void this.save()}>
        ${this.isNew ? t('tenants.panel.create') : t('tenants.panel.save')}
      </button>
    </mdr-side-panel>`;
  }

  private renderBody() {
    if (this.isNew) return this.renderForm(undefined);
    return this.details.render({
      pending: () => (this.details.value ? this.renderForm(this.details.value) : html`<mdr-state-view state="loading"></mdr-state-view>`),
      error: (error) => html`<mdr-state-view state="error" .error=${error} @mdr-retry=${() => this.reload()}></mdr-state-view>`,
      complete: (tenant) => this.renderForm(tenant),
    });
  }

  private renderFailure() {
    if (!this.failure) return nothing;
    if (this.failure.failure === 'conflict' && this.failure.details.code === 'conflict') {
      return html`<div class="alert" role="alert">
        <p>${t('tenants.panel.conflict')}</p>
        <button @click=${() => this.reload()}>${t('tenants.panel.reload')}</button>
      </div>`;
    }
    return html`<div class="alert" role="alert"><p>${failureText(this.failure, 'tenants.errors')}</p></div>`;
  }

  private renderForm(tenant: TenantDetails | undefined) {
    const nameField = { id: 'tenant-name', label: t('tenants.panel.name'), hint: t('tenants.panel.nameHint', { max: formatNumber(TENANT_NAME_MAX) }), error: this.message('name', this.errors.name), required: true };
    const descriptionField = {
      id: 'tenant-description',
      label: t('tenants.panel.description'),
      hint: t('tenants.panel.descriptionHint', { max: formatNumber(TENANT_DESCRIPTION_MAX) }),
      error: this.message('description', this.errors.description),
    };
    return html`
      ${this.renderFailure()}
      <label class="switch">
        <input
          type="checkbox"
          role="switch"
          .checked=${this.values.active}
          aria-checked=${this.values.active ? 'true' : 'false'}
          @change=${(event: Event) => (this.values = { ...this.values, active: (event.target as HTMLInputElement).checked })}
        />
        ${t('tenants.panel.active')}
      </label>
      ${formField(
        nameField,
        html`<input
          id="tenant-name"
          type="text"
          autocomplete="off"
          .value=${this.values.name}
          aria-invalid=${this.errors.name ? 'true' : 'false'}
          aria-describedby=${describedBy(nameField)}
          @input=${(event: Event) => {
            this.values = { ...this.values, name: (event.target as HTMLInputElement).value };
            this.errors = { ...this.errors, name: checkTenantText(this.values).name };
          }}
        />`,
      )}
      ${formField(
        descriptionField,
        html`<textarea
          id="tenant-description"
          .value=${this.values.description}
          aria-invalid=${this.errors.description ? 'true' : 'false'}
          aria-describedby=${describedBy(descriptionField)}
          @input=${(event: Event) => {
            this.values = { ...this.values, description: (event.target as HTMLTextAreaElement).value };
            this.errors = { ...this.errors, description: checkTenantText(this.values).description };
          }}
        ></textarea>`,
      )}
      ${tenant && tenant.active && tenant.status === 'inactive' && tenant.expiration
        ? html`<p class="muted" role="note">${t('tenants.panel.lifetimeEnded', { date: formatDate(tenant.expiration) })}</p>`
        : nothing}
      ${tenant
        ? html`<dl class="properties">
            <dt>${t('tenants.panel.id')}</dt>
            <dd data-testid="tenant-id">${tenant.id}</dd>
            <dt>${t('tenants.panel.assets')}</dt>
            <dd>${formatNumber(tenant.assets)}</dd>
          </dl>`
        : nothing}
      <h3 style="margin-top:16px">${t('tenants.panel.configFiles')}</h3>
      ${tenant ? this.renderFiles(tenant) : nothing} ${this.renderFileForm(tenant)}
    `;
  }

  private renderFiles(tenant: TenantDetails) {
    const last = tenant.configFiles.length <= 1;
    return html`<table aria-label=${t('tenants.panel.configFiles')}>
      <thead>
        <tr>
          <th scope="col">${t('tenants.panel.license')}</th>
          <th scope="col">${t('tenants.panel.expirationDate')}</th>
          <th scope="col">${t('tenants.panel.action')}</th>
        </tr>
      </thead>
      <tbody>
        ${tenant.configFiles.map(
          (file) => html`<tr>
            <td>${file.licenseTier ? licenseDisplayName({ tier: file.licenseTier, assetLimit: file.licenseAssetLimit ?? 0 }) : file.licenseName}</td>
            <td>${formatDate(file.expirationDate)}</td>
            <td>
              <div class="file-actions">
                ${(['blob', 'bat'] as const).map((variant) => {
                  const busy = this.downloads.isBusy(`${file.id}:${variant}`);
                  return html`<button class="link" aria-busy=${busy ? 'true' : 'false'} ?disabled=${busy} @click=${() => void this.download(file.id, variant)}>
                    ${busyLabel(busy, t(variant === 'blob' ? 'tenants.panel.downloadBlob' : 'tenants.panel.downloadBat'))}
                  </button>`;
                })}
                <button
                  aria-label=${t('tenants.panel.removeFile', { date: formatDate(file.expirationDate) })}
                  title=${last ? t('tenants.panel.lastFile') : t('tenants.panel.removeFile', { date: formatDate(file.expirationDate) })}
                  ?disabled=${last || this.busy}
                  @click=${() => void this.removeFile(file.id)}
                >
                  ✕
                </button>
              </div>
            </td>
          </tr>`,
        )}
      </tbody>
    </table>
    ${last ? html`<p class="muted">${t('tenants.panel.lastFile')}</p>` : nothing}`;
  }

  private renderFileForm(tenant: TenantDetails | undefined) {
    if (this.licenses.status === TaskStatus.ERROR) {
      return html`<mdr-state-view state="error" .error=${this.licenses.error} @mdr-retry=${() => void this.licenses.run()}></mdr-state-view>`;
    }
    const options = this.licenseOptions();
    if (this.licenses.status === TaskStatus.COMPLETE && options.items.length === 0) return html`<p class="muted" role="note">${t('tenants.panel.noLicenses')}</p>`;
    const license = options.items.find((option) => option.id === this.file.licenseId);
    const licenseField = { id: 'file-license', label: t('tenants.panel.license'), error: this.message('licenseId', this.fileErrors.licenseId), required: true };
    const dateField = {
      id: 'file-expiration',
      label: t('tenants.panel.expirationDate'),
      hint: license ? t('tenants.panel.expirationHint', { date: formatDate(license.lastAllowedDate) }) : undefined,
      error: this.message('expirationDate', this.fileErrors.expirationDate),
      required: true,
    };
    return html`<fieldset>
      <legend>${tenant ? t('tenants.panel.newFile') : t('tenants.panel.firstFile')}</legend>
      ${formField(
        licenseField,
        html`<select
          id="file-license"
          aria-invalid=${this.fileErrors.licenseId ? 'true' : 'false'}
          aria-describedby=${describedBy(licenseField)}
          @change=${(event: Event) => {
            this.file = { ...this.file, licenseId: (event.target as HTMLSelectElement).value };
            this.fileErrors = {};
          }}
        >
          <option value="" ?selected=${this.file.licenseId === ''}>${t('tenants.panel.chooseLicense')}</option>
          ${options.items.map(
            (option) =>
              html`<option value=${option.id} ?selected=${option.id === this.file.licenseId}>
                ${t('tenants.panel.licenseOption', { name: licenseDisplayName(option), date: formatDate(option.expirationDate) })}
              </option>`,
          )}
        </select>`,
      )}
      ${formField(
        dateField,
        html`<input
          id="file-expiration"
          type="date"
          min=${options.today}
          max=${license?.lastAllowedDate ?? nothing}
          .value=${this.file.expirationDate}
          aria-invalid=${this.fileErrors.expirationDate ? 'true' : 'false'}
          aria-describedby=${describedBy(dateField)}
          @input=${(event: Event) => {
            this.file = { ...this.file, expirationDate: (event.target as HTMLInputElement).value };
            this.fileErrors = {};
          }}
        />`,
      )}
      ${tenant ? html`<button ?disabled=${this.busy} @click=${() => void this.addFile()}>${t('tenants.panel.addFile')}</button>` : nothing}
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-tenant-panel': MdrTenantPanel;
  }
}

import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
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
import { describedBy, formField, textField } from '../../components/form-field.ts';
import { saveFile } from '../../components/save-file.ts';
import { formatDate, formatNumber, t } from '../../i18n.ts';
import { licenseDisplayName } from '../../license-name.ts';
import { checkConfigFile, checkTenantText } from './tenant-rules.ts';
import { FormController } from '../../components/form-controller.ts';
import '../../components/mdr-state-view.ts';
import { failureText, ruleText } from '../../failure-text.ts';
import { confirmDiscard } from '../../components/unsaved-changes.ts';
import { BusyActions, busyLabel } from '../../components/busy-actions.ts';
import { mdrTenantPanelStyles } from './mdr-tenant-panel.styles.ts';
import { MdrPanelElement } from '../../components/mdr-panel-element.ts';

interface FormValues {
  name: string;
  description: string;
  active: boolean;
}

interface FileValues {
  licenseId: string;
  expirationDate: string;
}

const valuesOf = (tenant: TenantDetails): FormValues => ({ name: tenant.name, description: tenant.description, active: tenant.active });

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
export class MdrTenantPanel extends MdrPanelElement {
  static override styles = [MdrPanelElement.styles, mdrTenantPanelStyles];

  /** Tenant to show; null to add a new one. */
  @property({ attribute: false }) tenantId: string | null = null;

  /** Active, name and description; also carries the panel's busy state and the failure above it. */
  private readonly form = new FormController<FormValues>(this, {
    blank: () => ({ name: '', description: '', active: true }),
    message: (field, rule) => this.message(field, rule),
    failureOutlivesEdits: true,
  });
  /** The configuration file: the first one of a new tenant, or one more for an existing tenant. */
  private readonly file = new FormController<FileValues>(this, {
    blank: () => ({ licenseId: '', expirationDate: '' }),
    message: (field, rule) => this.message(field, rule),
    failureOutlivesEdits: true,
  });
  @state() private version = 0;
  private reloads = 0;
  private readonly downloads = new BusyActions(this);

  private readonly details = new Task(this, {
    task: async ([api, id, open], { signal }) => {
      if (!api || !open || id === null) return undefined;
      const tenant = await api.tenants.get(id, signal);
      this.adopt(tenant);
      return tenant;
    },
    args: () => [this.api, this.tenantId, this.open, this.reloads] as const,
  });

  private readonly licenses = this.whileOpen((api, signal) => api.tenants.licenses(signal));

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('open') || changed.has('tenantId')) && this.open) {
      this.form.clear();
      this.file.clear();
    }
  }

  private adopt(tenant: TenantDetails): void {
    this.form.load(valuesOf(tenant));
    this.version = tenant.version;
  }

  private get isNew(): boolean {
    return this.tenantId === null;
  }

  private get changed(): boolean {
    return this.isNew || this.form.dirty;
  }

  /** Unsaved input that closing would lose (a new tenant's *Active* switch alone is not). */
  get dirty(): boolean {
    if (!this.isNew) return this.form.dirty;
    const { name, description } = this.form.values;
    return name !== '' || description !== '' || this.file.dirty;
  }

  /** Typing in the name or the description: its rule is checked at once. */
  private editText(change: Partial<Pick<FormValues, 'name' | 'description'>>): void {
    this.form.set(change);
    const problems = checkTenantText(this.form.values);
    for (const field of Object.keys(change) as ('name' | 'description')[]) this.form.setError(field, problems[field]);
  }

  private licenseOptions(): TenantLicenseOptions {
    return this.licenses.value ?? { items: [], today: new Date().toISOString().slice(0, 10) };
  }

  private message(field: string, rule: string): string {
    const license = this.licenseOptions().items.find((option) => option.id === this.file.values.licenseId);
    return ruleText('tenants.validation', `${field}.${rule}`, {
      max: formatNumber(field === 'name' ? TENANT_NAME_MAX : TENANT_DESCRIPTION_MAX),
      date: license ? formatDate(license.lastAllowedDate) : '',
    });
  }

  protected override mayClose(): boolean | Promise<boolean> {
    return !this.host || !this.dirty || confirmDiscard(this.host, 'tenants.panel');
  }

  private changedEvent(tenant: TenantDetails): void {
    this.emit('mdr-tenant-changed', { tenant });
  }

  /** A field the service refused goes next to it: the file's fields in the file form, the others in the tenant's. */
  private fieldRefusal(fileForm: boolean) {
    return (failure: ApiError): boolean => {
      if (failure.failure !== 'validation' || !failure.details.field) return false;
      const field = failure.details.field.replace(/^configFile\./, '');
      const rule = failure.details.rule ?? 'invalid';
      if (fileForm || field === 'licenseId' || field === 'expirationDate') this.file.setError(field, rule);
      else this.form.setError(field, rule);
      return true;
    };
  }

  private async save(): Promise<void> {
    const api = this.api;
    if (!api || this.form.busy) return;
    const { items, today } = this.licenseOptions();
    const fileErrors = this.isNew ? checkConfigFile(this.file.values, items, today) : {};
    // Both parts show their messages before the first field in error takes the focus.
    const textPassed = await this.form.check(checkTenantText(this.form.values), { focus: false });
    const filePassed = await this.file.check(fileErrors, { focus: false });
    if (!textPassed || !filePassed) {
      await this.form.focusFirstError();
      return;
    }
    if (this.isNew) {
      const values = this.form.values;
      const created = await this.form.run(
        () => api.tenants.create({ name: values.name.trim(), description: values.description, active: values.active, configFile: this.file.values }),
        this.fieldRefusal(false),
      );
      if (!created) return;
      this.host?.notify({ kind: 'success', text: t('tenants.panel.created', { name: created.name }) });
      this.form.load(this.form.values);
      this.file.clear();
      this.changedEvent(created);
      this.emit('mdr-panel-closed');
      return;
    }
    const { values, original } = this.form;
    const patch: TenantPatch = {};
    if (values.name !== original.name) patch.name = values.name.trim();
    if (values.description !== original.description) patch.description = values.description;
    if (values.active !== original.active) patch.active = values.active;
    const sent = { ...values };
    const saved = await this.form.run(() => api.tenants.update(this.tenantId!, patch, this.version), this.fieldRefusal(false));
    if (!saved) return;
    // What was typed while the save was on its way is not part of it: it stays, still unsaved.
    this.form.adoptSaved(valuesOf(saved), sent);
    this.version = saved.version;
    this.host?.notify({ kind: 'success', text: t('tenants.panel.saved', { name: saved.name }) });
    this.changedEvent(saved);
  }

  private reload(): void {
    this.form.clearFailure();
    this.form.clearErrors();
    this.reloads++;
    void this.details.run();
  }

  private async addFile(): Promise<void> {
    const api = this.api;
    const tenantId = this.tenantId;
    if (!api || tenantId === null || this.form.busy) return;
    const { items, today } = this.licenseOptions();
    if (!(await this.file.check(checkConfigFile(this.file.values, items, today)))) return;
    const tenant = await this.form.run(() => api.tenants.addConfigFile(tenantId, this.file.values), this.fieldRefusal(true));
    if (!tenant) return;
    this.file.clear();
    this.host?.notify({ kind: 'success', text: t('tenants.panel.fileAdded') });
    this.changedEvent(tenant);
    this.reloads++;
    void this.details.run();
  }

  private async removeFile(fileId: string): Promise<void> {
    const api = this.api;
    const tenantId = this.tenantId;
    if (!api || tenantId === null || !this.host) return;
    const confirmed = await this.host.confirm({
      title: t('tenants.panel.removeFileTitle'),
      message: t('tenants.panel.removeFileMessage'),
      confirmLabel: t('tenants.panel.removeFileConfirm'),
      cancelLabel: t('tenants.cancel'),
      danger: true,
    });
    if (!confirmed) return;
    const tenant = await this.form.run(() => api.tenants.removeConfigFile(tenantId, fileId), this.fieldRefusal(true));
    if (!tenant) return;
    this.host.notify({ kind: 'success', text: t('tenants.panel.fileRemoved') });
    this.changedEvent(tenant);
    this.reloads++;
    void this.details.run();
  }

  private async download(fileId: string, variant: ArchiveVariant): Promise<void> {
    const api = this.api;
    const tenantId = this.tenantId;
    if (!api || tenantId === null) return;
    await this.downloads.run(`${fileId}:${variant}`, async () => {
      try {
        saveFile(await api.tenants.downloadArchive(tenantId, fileId, variant));
      } catch (error) {
        this.form.refuse(toApiError(error));
      }
    });
  }

  override render() {
    const heading = this.isNew ? t('tenants.panel.addTitle') : t('tenants.panel.editTitle');
    return this.renderPanel(
      heading,
      html`
      ${this.open ? this.renderBody() : nothing}
      <button slot="actions" @click=${() => void this.requestClose()}>${t('tenants.panel.close')}</button>
      <button slot="actions" class="primary" ?disabled=${!this.changed || this.form.busy || (!this.isNew && this.details.value === undefined)} @click=${() => void this.save()}>
        ${this.isNew ? t('tenants.panel.create') : t('tenants.panel.save')}
      </button>
    `,
    );
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
    const failure = this.form.failure;
    if (!failure) return nothing;
    if (this.form.conflict && failure.details.code === 'conflict') {
      return html`<div class="alert" role="alert">
        <p>${t('tenants.panel.conflict')}</p>
        <button @click=${() => this.reload()}>${t('tenants.panel.reload')}</button>
      </div>`;
    }
    return html`<div class="alert" role="alert"><p>${failureText(failure, 'tenants.errors')}</p></div>`;
  }

  private renderForm(tenant: TenantDetails | undefined) {
    const nameField = { id: 'tenant-name', label: t('tenants.panel.name'), hint: t('tenants.panel.nameHint', { max: formatNumber(TENANT_NAME_MAX) }), error: this.form.errorText('name'), required: true };
    const descriptionField = {
      id: 'tenant-description',
      label: t('tenants.panel.description'),
      hint: t('tenants.panel.descriptionHint', { max: formatNumber(TENANT_DESCRIPTION_MAX) }),
      error: this.form.errorText('description'),
    };
    const values = this.form.values;
    return html`
      ${this.renderFailure()}
      <label class="switch">
        <input
          type="checkbox"
          role="switch"
          .checked=${values.active}
          aria-checked=${values.active ? 'true' : 'false'}
          @change=${(event: Event) => this.form.set({ active: (event.target as HTMLInputElement).checked })}
        />
        ${t('tenants.panel.active')}
      </label>
      ${textField(nameField, { type: 'text', autocomplete: 'off', value: values.name, onInput: (name) => this.editText({ name }) })}
      ${textField(descriptionField, { multiline: true, value: values.description, onInput: (description) => this.editText({ description }) })}
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
                  ?disabled=${last || this.form.busy}
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
    const file = this.file.values;
    const license = options.items.find((option) => option.id === file.licenseId);
    const licenseField = { id: 'file-license', label: t('tenants.panel.license'), error: this.file.errorText('licenseId'), required: true };
    const dateField = {
      id: 'file-expiration',
      label: t('tenants.panel.expirationDate'),
      hint: license ? t('tenants.panel.expirationHint', { date: formatDate(license.lastAllowedDate) }) : undefined,
      error: this.file.errorText('expirationDate'),
      required: true,
    };
    return html`<fieldset>
      <legend>${tenant ? t('tenants.panel.newFile') : t('tenants.panel.firstFile')}</legend>
      ${formField(
        licenseField,
        html`<select
          id="file-license"
          aria-invalid=${this.file.hasError('licenseId') ? 'true' : 'false'}
          aria-describedby=${describedBy(licenseField)}
          @change=${(event: Event) => {
            this.file.set({ licenseId: (event.target as HTMLSelectElement).value });
            this.file.clearErrors();
          }}
        >
          <option value="" ?selected=${file.licenseId === ''}>${t('tenants.panel.chooseLicense')}</option>
          ${options.items.map(
            (option) =>
              html`<option value=${option.id} ?selected=${option.id === file.licenseId}>
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
          .value=${file.expirationDate}
          aria-invalid=${this.file.hasError('expirationDate') ? 'true' : 'false'}
          aria-describedby=${describedBy(dateField)}
          @input=${(event: Event) => {
            this.file.set({ expirationDate: (event.target as HTMLInputElement).value });
            this.file.clearErrors();
          }}
        />`,
      )}
      ${tenant ? html`<button ?disabled=${this.form.busy} @click=${() => void this.addFile()}>${t('tenants.panel.addFile')}</button>` : nothing}
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-tenant-panel': MdrTenantPanel;
  }
}

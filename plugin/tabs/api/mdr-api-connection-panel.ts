import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  ACCESS_LEVELS,
  CONNECTION_NAME_MAX,
  grantableAccessLevels,
  ROOT_TENANT,
  type ApiAccessLevel,
  type ApiConnection,
  type ApiConnectionInput,
  type IssuedToken,
} from '../../api/api-connections.ts';
import { textField } from '../../components/form-field.ts';
import { copyText } from '../../components/save-file.ts';
import { formatDate, formatNumber, t } from '../../i18n.ts';
import '../../components/mdr-state-view.ts';
import { LATIN_TEXT } from '../../../contract/text-rules.ts';
import { failureText, ruleText } from '../../failure-text.ts';
import { mdrApiConnectionPanelStyles } from './mdr-api-connection-panel.styles.ts';
import { FormController } from '../../components/form-controller.ts';
import { MdrPanelElement } from '../../components/mdr-panel-element.ts';

type FieldErrors = Partial<Record<'name' | 'accessLevel' | 'tenantIds', string>>;

/**
 * Checks a connection as the service does; answers the broken rule per field. The access level is
 * at most the user's own `rights` (help: *Creating an API connection in Kaspersky Security Center*).
 */
export function checkConnection(values: { name: string; accessLevel: string; tenantIds: readonly string[] }, rights: readonly string[]): FieldErrors {
  const errors: FieldErrors = {};
  const name = values.name.trim();
  if (name === '') errors.name = 'required';
  else if (name.length > CONNECTION_NAME_MAX) errors.name = 'maxLength';
  else if (!LATIN_TEXT.test(name)) errors.name = 'characters';
  if (!ACCESS_LEVELS.includes(values.accessLevel as ApiAccessLevel)) errors.accessLevel = 'required';
  else if (!grantableAccessLevels(rights).includes(values.accessLevel as ApiAccessLevel)) errors.accessLevel = 'levelAboveOwnRights';
  return errors;
}

interface FormValues {
  name: string;
  accessLevel: ApiAccessLevel | '';
  tenantIds: string[];
}

const blank = (): FormValues => ({ name: '', accessLevel: '', tenantIds: [] });

const valuesOf = (connection: ApiConnection | null): FormValues =>
  connection ? { name: connection.name, accessLevel: connection.accessLevel, tenantIds: connection.tenants.map((tenant) => tenant.id) } : blank();

/** The same tenants, in whatever order. */
const sameTenants = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();

/**
 * The side panel to add (*Generate*) or edit an API connection. The *Client ID* and the JWT refresh
 * token are shown once, right after *Generate* or *Refresh*, with copy buttons; they are forgotten
 * when the panel closes and cannot be shown again.
 *
 * @fires mdr-connection-changed - a connection was created, saved or got a new token; detail: { connection }.
 * @fires mdr-connection-reload - the user asked for the current state after a conflict.
 * @fires mdr-panel-closed - the panel should close.
 */
@customElement('mdr-api-connection-panel')
export class MdrApiConnectionPanel extends MdrPanelElement {
  static override styles = [MdrPanelElement.styles, mdrApiConnectionPanelStyles];

  /** The connection to edit; null to add one. */
  @property({ attribute: false }) connection: ApiConnection | null = null;

  private readonly form = new FormController<FormValues>(this, {
    blank,
    message: (field, rule) => ruleText('apiConnections.validation', `${field}.${rule}`, { max: formatNumber(CONNECTION_NAME_MAX) }),
    isDirty: (values, original) => values.name !== original.name || values.accessLevel !== original.accessLevel || !sameTenants(values.tenantIds, original.tenantIds),
    failureOutlivesEdits: true,
  });
  /** The token just issued: shown until the panel closes, then gone for good. */
  @state() private issued: IssuedToken | null = null;
  @state() private copied: 'clientId' | 'token' | null = null;

  private readonly tenantOptions = this.whileOpen((api, signal) => api.apiConnections.tenants(signal));

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('open') && !this.open) {
      // Closing forgets the token: it is never shown again.
      this.issued = null;
    }
    const previous = changed.get('connection') as ApiConnection | null | undefined;
    const newConnection = changed.has('connection') && (previous?.id !== this.connection?.id || previous?.version !== this.connection?.version);
    if ((changed.has('open') && this.open) || newConnection) this.adopt();
  }

  private adopt(): void {
    this.form.load(valuesOf(this.connection));
    this.copied = null;
  }

  private get isNew(): boolean {
    return this.connection === null;
  }

  /** The levels this user may grant (their own rights). */
  private get grantable(): ApiAccessLevel[] {
    return grantableAccessLevels(this.host?.rights ?? []);
  }

  /** A connection stronger than the user: it can be revoked or deleted from the list, not changed. */
  private get aboveOwnRights(): boolean {
    return this.connection !== null && !this.grantable.includes(this.connection.accessLevel);
  }

  private get readOnly(): boolean {
    return this.issued !== null && this.isNew ? true : this.connection?.status === 'revoked' || this.aboveOwnRights;
  }

  /** A token just issued is never shown again: closing does not ask. */
  protected override mayClose(): boolean | Promise<boolean> {
    return this.issued !== null || !this.host || this.form.mayDiscard(this.host, 'apiConnections.panel');
  }

  private emitChanged(connection: ApiConnection): void {
    this.emit('mdr-connection-changed', { connection });
  }

  private async submit(): Promise<void> {
    const api = this.api;
    if (!api || this.form.busy) return;
    const { values, original } = this.form;
    if (!(await this.form.check(checkConnection(values, this.host?.rights ?? [])))) return;
    const input: ApiConnectionInput = { name: values.name.trim(), accessLevel: values.accessLevel as ApiAccessLevel, tenantIds: values.tenantIds };
    if (this.isNew) {
      const issued = await this.form.run(() => api.apiConnections.create(input));
      if (!issued) return;
      this.issued = issued;
      this.form.load(values);
      this.emitChanged(issued.connection);
      return;
    }
    const patch: Partial<ApiConnectionInput> = {};
    if (input.name !== original.name) patch.name = input.name;
    if (input.accessLevel !== original.accessLevel) patch.accessLevel = input.accessLevel;
    if (!sameTenants(values.tenantIds, original.tenantIds)) patch.tenantIds = input.tenantIds;
    const saved = await this.form.run(() => api.apiConnections.update(this.connection!.id, patch, this.connection!.version));
    if (!saved) return;
    this.host?.notify({ kind: 'success', text: t('apiConnections.panel.saved', { name: saved.name }) });
    this.emitChanged(saved);
  }

  private async refresh(): Promise<void> {
    const api = this.api;
    const connection = this.connection;
    if (!api || !connection || this.form.busy) return;
    const issued = await this.form.run(() => api.apiConnections.refresh(connection.id));
    if (!issued) return;
    this.issued = issued;
    this.emitChanged(issued.connection);
  }

  private async copy(what: 'clientId' | 'token', text: string): Promise<void> {
    const done = await copyText(text);
    this.copied = done ? what : null;
    this.host?.notify(done ? { kind: 'success', text: t(`apiConnections.panel.copied.${what}`) } : { kind: 'error', text: t('apiConnections.panel.copyFailed') });
  }

  override render() {
    const heading = this.isNew ? t('apiConnections.panel.addTitle') : t('apiConnections.panel.editTitle');
    return this.renderPanel(
      heading,
      html`
      ${this.open ? this.renderBody() : nothing}
      <button slot="actions" @click=${() => void this.requestClose()}>${t('apiConnections.panel.close')}</button>
      ${this.isNew && !this.issued
        ? html`<button slot="actions" class="primary" ?disabled=${this.form.busy} @click=${() => void this.submit()}>${t('apiConnections.panel.generate')}</button>`
        : nothing}
      ${!this.isNew && !this.readOnly
        ? html`<button slot="actions" class="primary" ?disabled=${!this.form.dirty || this.form.busy} @click=${() => void this.submit()}>${t('apiConnections.panel.save')}</button>`
        : nothing}
    `,
    );
  }

  private renderFailure() {
    const failure = this.form.failure;
    if (!failure) return nothing;
    if (this.form.conflict && failure.details.code === 'conflict') {
      return html`<div class="alert" role="alert">
        <p>${t('apiConnections.panel.conflict')}</p>
        <button @click=${() => this.emit('mdr-connection-reload')}>
          ${t('apiConnections.panel.reload')}
        </button>
      </div>`;
    }
    return html`<div class="alert" role="alert"><p>${failureText(failure, 'apiConnections.errors')}</p></div>`;
  }

  private renderBody() {
    const nameField = {
      id: 'connection-name',
      label: t('apiConnections.panel.name'),
      hint: t('apiConnections.panel.nameHint', { max: formatNumber(CONNECTION_NAME_MAX) }),
      error: this.form.errorText('name'),
      required: true,
    };
    const values = this.form.values;
    const readOnly = this.readOnly;
    // Only the levels the user may grant; a stronger connection shows its own level, read-only.
    const levels = ACCESS_LEVELS.filter((level) => this.grantable.includes(level) || level === this.connection?.accessLevel);
    return html`
      ${this.renderFailure()} ${this.renderRightsNotes()} ${this.renderToken()}
      ${textField(nameField, {
        type: 'text',
        autocomplete: 'off',
        readonly: readOnly,
        value: values.name,
        onInput: (name) => {
          this.form.set({ name });
          this.form.setError('name', checkConnection(this.form.values, this.host?.rights ?? []).name);
        },
      })}
      <fieldset class=${this.form.hasError('accessLevel') ? 'invalid' : ''} aria-describedby=${this.form.hasError('accessLevel') ? 'access-error' : nothing}>
        <legend>${t('apiConnections.panel.accessRights')} <span aria-hidden="true">*</span></legend>
        ${levels.map(
          (level) => html`<label>
            <input
              type="radio"
              name="access-level"
              value=${level}
              ?disabled=${readOnly}
              .checked=${values.accessLevel === level}
              aria-invalid=${this.form.hasError('accessLevel') ? 'true' : 'false'}
              @change=${() => this.form.set({ accessLevel: level })}
            />
            <span>${t(`apiConnections.accessLevels.${level}`)}<br /><span class="muted">${t(`apiConnections.accessLevelRoles.${level}`)}</span></span>
          </label>`,
        )}
        ${this.form.hasError('accessLevel') ? html`<div class="error" id="access-error" role="alert">${this.form.errorText('accessLevel')}</div>` : nothing}
      </fieldset>
      ${this.renderTenants(readOnly)} ${this.renderClient()}
    `;
  }

  private renderTenants(readOnly: boolean) {
    const options = this.tenantOptions.value;
    if (!options) {
      return this.tenantOptions.render({
        pending: () => html`<mdr-state-view state="loading"></mdr-state-view>`,
        error: (error) => html`<mdr-state-view state="error" .error=${error} @mdr-retry=${() => void this.tenantOptions.run()}></mdr-state-view>`,
      });
    }
    const choices = [...(options.root ? [{ id: ROOT_TENANT, name: t('apiConnections.rootTenant') }] : []), ...options.tenants];
    const toggle = (id: string, on: boolean) => {
      const ids = new Set(this.form.values.tenantIds);
      if (on) ids.add(id);
      else ids.delete(id);
      this.form.set({ tenantIds: choices.map((choice) => choice.id).filter((choiceId) => ids.has(choiceId)) });
      this.form.setError('tenantIds', checkConnection(this.form.values, this.host?.rights ?? []).tenantIds);
    };
    // Help, *Creating an API connection in Kaspersky Security Center*: "If necessary, select the value
    // (or values) in the Tenant drop-down list" — the tenant is optional.
    const tenantsError = this.form.errorText('tenantIds');
    return html`<fieldset class=${tenantsError ? 'invalid' : ''} aria-describedby=${tenantsError ? 'tenants-hint tenants-error' : 'tenants-hint'}>
      <legend>${t('apiConnections.panel.tenants')}</legend>
      <div class="muted" id="tenants-hint">${t('apiConnections.panel.tenantsHint')}</div>
      ${choices.map(
        (choice) => html`<label>
          <input
            type="checkbox"
            ?disabled=${readOnly}
            .checked=${this.form.values.tenantIds.includes(choice.id)}
            aria-invalid=${tenantsError ? 'true' : 'false'}
            @change=${(event: Event) => toggle(choice.id, (event.target as HTMLInputElement).checked)}
          />
          ${choice.name}
        </label>`,
      )}
      ${tenantsError ? html`<div class="error" id="tenants-error" role="alert">${tenantsError}</div>` : nothing}
    </fieldset>`;
  }

  /** Why the connection cannot be changed here, or why its tokens are refused. */
  private renderRightsNotes() {
    const connection = this.connection;
    if (!connection || connection.status === 'revoked') return nothing;
    return html`${this.aboveOwnRights ? html`<p class="muted" data-testid="above-own-rights">${t('apiConnections.panel.aboveOwnRights')}</p>` : nothing}
    ${connection.creatorRightsInsufficient ? html`<div class="alert" role="status"><p>${t('apiConnections.creatorRights.hint')}</p></div>` : nothing}`;
  }

  /** Client ID (not a secret) and, for a pending connection, *Refresh* for a new token. */
  private renderClient() {
    const connection = this.connection;
    if (!connection || this.issued) return nothing;
    return html`<dl class="properties">
      <dt>${t('apiConnections.panel.clientId')}</dt>
      <dd><code>${connection.clientId}</code></dd>
      <dt>${t('apiConnections.panel.jwtToken')}</dt>
      <dd>
        ${connection.status === 'pendingActivation' && !this.aboveOwnRights
          ? html`<p class="muted">${t('apiConnections.panel.refreshHint')}</p>
              <button ?disabled=${this.form.busy} @click=${() => void this.refresh()}>${t('apiConnections.panel.refresh')}</button>`
          : html`<span class="muted">${t('apiConnections.panel.tokenHidden')}</span>`}
      </dd>
    </dl>`;
  }

  private renderToken() {
    const issued = this.issued;
    if (!issued) return nothing;
    return html`<section class="token" aria-labelledby="token-title" data-testid="issued-token">
      <h3 id="token-title">${t('apiConnections.panel.tokenTitle')}</h3>
      <p role="status">${t('apiConnections.panel.tokenOnce', { date: formatDate(issued.expiresAt, 'dateTime') })}</p>
      <label for="issued-client-id">${t('apiConnections.panel.clientId')}</label>
      <div class="secret">
        <input id="issued-client-id" type="text" readonly .value=${issued.clientId} />
        <button @click=${() => void this.copy('clientId', issued.clientId)}>
          ${this.copied === 'clientId' ? t('apiConnections.panel.copiedShort') : t('apiConnections.panel.copyClientId')}
        </button>
      </div>
      <label for="issued-token">${t('apiConnections.panel.jwtToken')}</label>
      <div class="secret">
        <textarea id="issued-token" readonly .value=${issued.refreshToken}></textarea>
        <button @click=${() => void this.copy('token', issued.refreshToken)}>
          ${this.copied === 'token' ? t('apiConnections.panel.copiedShort') : t('apiConnections.panel.copyToken')}
        </button>
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-api-connection-panel': MdrApiConnectionPanel;
  }
}

import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task } from '@lit/task';
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
import { ApiError, toApiError } from '../../api/errors.ts';
import { describedBy, formField, formFieldStyles } from '../../components/form-field.ts';
import { copyText } from '../../components/save-file.ts';
import { sharedStyles } from '../../components/shared-styles.ts';
import { apiContext, hostContext, type MdrHost } from '../../context.ts';
import type { MdrApi } from '../../api/mdr-api.ts';
import { LocalizeController, formatDate, formatNumber, t } from '../../i18n.ts';
import '../../components/mdr-side-panel.ts';
import '../../components/mdr-state-view.ts';
import { LATIN_TEXT } from '../../../contract/text-rules.ts';
import { failureText } from '../../failure-text.ts';
import { mdrApiConnectionPanelStyles } from './mdr-api-connection-panel.styles.ts';
import { confirmDiscard } from '../../components/unsaved-changes.ts';

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
export class MdrApiConnectionPanel extends LitElement {
  static override styles = [
    sharedStyles,
    formFieldStyles,
    mdrApiConnectionPanelStyles,
  ];

  @consume({ context: hostContext, subscribe: true })
  @state()
  host?: MdrHost;

  @consume({ context: apiContext, subscribe: true })
  @state()
  api?: MdrApi;

  /** The connection to edit; null to add one. */
  @property({ attribute: false }) connection: ApiConnection | null = null;
  @property({ type: Boolean }) open = false;

  @state() private values: FormValues = blank();
  @state() private original: FormValues = blank();
  @state() private errors: FieldErrors = {};
  @state() private busy = false;
  @state() private failure: ApiError | null = null;
  /** The token just issued: shown until the panel closes, then gone for good. */
  @state() private issued: IssuedToken | null = null;
  @state() private copied: 'clientId' | 'token' | null = null;

  private readonly localize = new LocalizeController(this);

  private readonly tenantOptions = new Task(this, {
    task: async ([api, open], { signal }) => (api && open ? api.apiConnections.tenants(signal) : undefined),
    args: () => [this.api, this.open] as const,
  });

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
    const connection = this.connection;
    const values: FormValues = connection ? { name: connection.name, accessLevel: connection.accessLevel, tenantIds: connection.tenants.map((tenant) => tenant.id) } : blank();
    this.values = { ...values, tenantIds: [...values.tenantIds] };
    this.original = { ...values, tenantIds: [...values.tenantIds] };
    this.errors = {};
    this.failure = null;
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

  private get tenantsChanged(): boolean {
    return [...this.values.tenantIds].sort().join() !== [...this.original.tenantIds].sort().join();
  }

  private get changed(): boolean {
    return this.values.name !== this.original.name || this.values.accessLevel !== this.original.accessLevel || this.tenantsChanged;
  }

  private message(field: keyof FieldErrors): string | undefined {
    const rule = this.errors[field];
    return rule ? t(`apiConnections.validation.${field}.${rule}`, { max: formatNumber(CONNECTION_NAME_MAX) }) : undefined;
  }

  private async requestClose(): Promise<void> {
    if (this.changed && !this.issued && this.host && !(await confirmDiscard(this.host, 'apiConnections.panel'))) return;
    this.dispatchEvent(new CustomEvent('mdr-panel-closed', { bubbles: true, composed: true }));
  }

  private emitChanged(connection: ApiConnection): void {
    this.dispatchEvent(new CustomEvent('mdr-connection-changed', { detail: { connection }, bubbles: true, composed: true }));
  }

  private showFailure(error: unknown): void {
    const failure = toApiError(error);
    if (failure.failure === 'validation' && failure.details.field) {
      this.errors = { ...this.errors, [failure.details.field]: failure.details.rule ?? 'invalid' };
      return;
    }
    this.failure = failure;
  }

  private async submit(): Promise<void> {
    const api = this.api;
    if (!api || this.busy) return;
    this.errors = checkConnection(this.values, this.host?.rights ?? []);
    this.failure = null;
    if (Object.keys(this.errors).length > 0) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const input: ApiConnectionInput = { name: this.values.name.trim(), accessLevel: this.values.accessLevel as ApiAccessLevel, tenantIds: this.values.tenantIds };
    this.busy = true;
    try {
      if (this.isNew) {
        this.issued = await api.apiConnections.create(input);
        this.original = { ...this.values };
        this.emitChanged(this.issued.connection);
      } else {
        const patch: Partial<ApiConnectionInput> = {};
        if (input.name !== this.original.name) patch.name = input.name;
        if (input.accessLevel !== this.original.accessLevel) patch.accessLevel = input.accessLevel;
        if (this.tenantsChanged) patch.tenantIds = input.tenantIds;
        const saved = await api.apiConnections.update(this.connection!.id, patch, this.connection!.version);
        this.host?.notify({ kind: 'success', text: t('apiConnections.panel.saved', { name: saved.name }) });
        this.emitChanged(saved);
      }
    } catch (error) {
      this.showFailure(error);
    } finally {
      this.busy = false;
    }
  }

  private async refresh(): Promise<void> {
    const api = this.api;
    if (!api || !this.connection || this.busy) return;
    this.busy = true;
    this.failure = null;
    try {
      this.issued = await api.apiConnections.refresh(this.connection.id);
      this.emitChanged(this.issued.connection);
    } catch (error) {
      this.showFailure(error);
    } finally {
      this.busy = false;
    }
  }

  private async copy(what: 'clientId' | 'token', text: string): Promise<void> {
    const done = await copyText(text);
    this.copied = done ? what : null;
    this.host?.notify(done ? { kind: 'success', text: t(`apiConnections.panel.copied.${what}`) } : { kind: 'error', text: t('apiConnections.panel.copyFailed') });
  }

  override render() {
    void this.localize;
    const heading = this.isNew ? t('apiConnections.panel.addTitle') : t('apiConnections.panel.editTitle');
    return html`<mdr-side-panel
      ?open=${this.open}
      heading=${heading}
      @mdr-close-request=${(event: Event) => {
        event.stopPropagation();
        void this.requestClose();
      }}
    >
      ${this.open ? this.renderBody() : nothing}
      <button slot="actions" @click=${() => void this.requestClose()}>${t('apiConnections.panel.close')}</button>
      ${this.isNew && !this.issued
        ? html`<button slot="actions" class="primary" ?disabled=${this.busy} @click=${() => void this.submit()}>${t('apiConnections.panel.generate')}</button>`
        : nothing}
      ${!this.isNew && !this.readOnly
        ? html`<button slot="actions" class="primary" ?disabled=${!this.changed || this.busy} @click=${() => void this.submit()}>${t('apiConnections.panel.save')}</button>`
        : nothing}
    </mdr-side-panel>`;
  }

  private renderFailure() {
    if (!this.failure) return nothing;
    if (this.failure.failure === 'conflict' && this.failure.details.code === 'conflict') {
      return html`<div class="alert" role="alert">
        <p>${t('apiConnections.panel.conflict')}</p>
        <button @click=${() => this.dispatchEvent(new CustomEvent('mdr-connection-reload', { bubbles: true, composed: true }))}>
          ${t('apiConnections.panel.reload')}
        </button>
      </div>`;
    }
    return html`<div class="alert" role="alert"><p>${failureText(this.failure, 'apiConnections.errors')}</p></div>`;
  }

  private renderBody() {
    const nameField = {
      id: 'connection-name',
      label: t('apiConnections.panel.name'),
      hint: t('apiConnections.panel.nameHint', { max: formatNumber(CONNECTION_NAME_MAX) }),
      error: this.message('name'),
      required: true,
    };
    const readOnly = this.readOnly;
    // Only the levels the user may grant; a stronger connection shows its own level, read-only.
    const levels = ACCESS_LEVELS.filter((level) => this.grantable.includes(level) || level === this.connection?.accessLevel);
    return html`
      ${this.renderFailure()} ${this.renderRightsNotes()} ${this.renderToken()}
      ${formField(
        nameField,
        html`<input
          id="connection-name"
          type="text"
          autocomplete="off"
          ?readonly=${readOnly}
          .value=${this.values.name}
          aria-invalid=${this.errors.name ? 'true' : 'false'}
          aria-describedby=${describedBy(nameField)}
          @input=${(event: Event) => {
            this.values = { ...this.values, name: (event.target as HTMLInputElement).value };
            this.errors = { ...this.errors, name: checkConnection(this.values, this.host?.rights ?? []).name };
          }}
        />`,
      )}
      <fieldset class=${this.errors.accessLevel ? 'invalid' : ''} aria-describedby=${this.errors.accessLevel ? 'access-error' : nothing}>
        <legend>${t('apiConnections.panel.accessRights')} <span aria-hidden="true">*</span></legend>
        ${levels.map(
          (level) => html`<label>
            <input
              type="radio"
              name="access-level"
              value=${level}
              ?disabled=${readOnly}
              .checked=${this.values.accessLevel === level}
              aria-invalid=${this.errors.accessLevel ? 'true' : 'false'}
              @change=${() => {
                this.values = { ...this.values, accessLevel: level };
                this.errors = { ...this.errors, accessLevel: undefined };
              }}
            />
            <span>${t(`apiConnections.accessLevels.${level}`)}<br /><span class="muted">${t(`apiConnections.accessLevelRoles.${level}`)}</span></span>
          </label>`,
        )}
        ${this.errors.accessLevel ? html`<div class="error" id="access-error" role="alert">${this.message('accessLevel')}</div>` : nothing}
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
      const ids = new Set(this.values.tenantIds);
      if (on) ids.add(id);
      else ids.delete(id);
      this.values = { ...this.values, tenantIds: choices.map((choice) => choice.id).filter((choiceId) => ids.has(choiceId)) };
      this.errors = { ...this.errors, tenantIds: checkConnection(this.values, this.host?.rights ?? []).tenantIds };
    };
    // Help, *Creating an API connection in Kaspersky Security Center*: "If necessary, select the value
    // (or values) in the Tenant drop-down list" — the tenant is optional.
    return html`<fieldset class=${this.errors.tenantIds ? 'invalid' : ''} aria-describedby=${this.errors.tenantIds ? 'tenants-hint tenants-error' : 'tenants-hint'}>
      <legend>${t('apiConnections.panel.tenants')}</legend>
      <div class="muted" id="tenants-hint">${t('apiConnections.panel.tenantsHint')}</div>
      ${choices.map(
        (choice) => html`<label>
          <input
            type="checkbox"
            ?disabled=${readOnly}
            .checked=${this.values.tenantIds.includes(choice.id)}
            aria-invalid=${this.errors.tenantIds ? 'true' : 'false'}
            @change=${(event: Event) => toggle(choice.id, (event.target as HTMLInputElement).checked)}
          />
          ${choice.name}
        </label>`,
      )}
      ${this.errors.tenantIds ? html`<div class="error" id="tenants-error" role="alert">${this.message('tenantIds')}</div>` : nothing}
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
              <button ?disabled=${this.busy} @click=${() => void this.refresh()}>${t('apiConnections.panel.refresh')}</button>`
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

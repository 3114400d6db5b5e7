import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import {
  isActivationCode,
  normalizeActivationCode,
  REGIONS,
  telemetryLocationOf,
  type Agreements,
  type RegionCode,
  type VendorSignIn,
} from '../api/activation.ts';
import { ApiError, toApiError } from '../api/errors.ts';
import { apiContext, hostContext, type MdrHost } from '../context.ts';
import type { MdrApi } from '../api/mdr-api.ts';
import { LocalizeController, formatDate, formatNumber, t } from '../i18n.ts';
import { sharedStyles } from '../components/shared-styles.ts';
import { describedBy, formField, formFieldStyles } from '../components/form-field.ts';
import '../components/mdr-state-view.ts';
import { mdrActivationWizardStyles } from './mdr-activation-wizard.styles.ts';

type Step = 'connection' | 'signIn' | 'code' | 'tenants' | 'agreements' | 'ksn';

/**
 * The activation wizard of the spec (shown instead of the tabs while MDR is not active), or, in
 * `newCode` mode, *Enter a new activation code*. Steps only check; the organization changes at
 * the last step in one request, so *Cancel* at any point leaves nothing half done.
 *
 * @fires mdr-activated - MDR was activated (or the new code was added).
 * @fires mdr-activation-cancel - the user left the wizard; nothing was changed.
 */
@customElement('mdr-activation-wizard')
export class MdrActivationWizard extends LitElement {
  static override styles = [
    sharedStyles,
    formFieldStyles,
    mdrActivationWizardStyles,
  ];

  @consume({ context: hostContext, subscribe: true })
  @state()
  host?: MdrHost;

  @consume({ context: apiContext, subscribe: true })
  @state()
  api?: MdrApi;

  /** `activate`: the whole activation; `newCode`: only a further activation code. */
  @property() mode: 'activate' | 'newCode' = 'activate';

  @state() private step: Step = 'connection';
  @state() private busy = false;
  /** A failure of the current step that is not about one field (shown with *Retry*). */
  @state() private failure: unknown;
  @state() private fieldErrors: Record<string, string> = {};
  @state() private connectionOk = false;
  @state() private email = '';
  @state() private password = '';
  @state() private signIn?: VendorSignIn;
  @state() private code = '';
  @state() private region: RegionCode = 'europe';
  @state() private licenseName = '';
  @state() private allTenants = true;
  @state() private tenantIds: string[] = [];
  @state() private agreements?: Agreements;
  @state() private accepted: string[] = [];
  @state() private ksnAccepted = false;
  private organizationVersion = 0;

  private readonly localize = new LocalizeController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.mode === 'newCode') this.step = 'code';
    else void this.checkConnection();
  }

  /** The steps this run goes through (the code and tenant steps depend on the vendor account). */
  private get steps(): Step[] {
    if (this.mode === 'newCode') return ['code'];
    const steps: Step[] = ['connection', 'signIn'];
    if (!this.signIn || !this.signIn.license) steps.push('code');
    if (this.signIn?.license && this.signIn.tenants.length > 0) steps.push('tenants');
    steps.push('agreements', 'ksn');
    return steps;
  }

  private get effectiveRegion(): RegionCode {
    return this.signIn?.license?.regionCode ?? this.region;
  }

  private async run(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.failure = undefined;
    this.fieldErrors = {};
    try {
      await work();
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.failure === 'validation' && apiError.details.field && apiError.details.field !== 'ticket') {
        this.fieldErrors = { [apiError.details.field]: t(`activation.errors.${apiError.details.rule ?? 'invalid'}`) };
      } else if (apiError.details.rule === 'vendorSessionExpired') {
        // The vendor sign-in lapsed while the wizard stood open: sign in again, keep the rest.
        this.signIn = undefined;
        this.step = 'signIn';
        this.fieldErrors = { password: t('activation.errors.vendorSessionExpired') };
      } else {
        this.failure = apiError;
      }
    } finally {
      this.busy = false;
    }
  }

  private goTo(step: Step): void {
    this.step = step;
    this.failure = undefined;
    this.fieldErrors = {};
    // Keyboard and screen-reader users land on the new step's title, not on a button that vanished.
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#step-title')?.focus());
    if (step === 'agreements' && this.agreements?.region !== this.effectiveRegion) void this.loadAgreements();
  }

  private next(): void {
    const steps = this.steps;
    this.goTo(steps[steps.indexOf(this.step) + 1]!);
  }

  private back(): void {
    const steps = this.steps;
    this.goTo(steps[Math.max(0, steps.indexOf(this.step) - 1)]!);
  }

  private cancel(): void {
    this.dispatchEvent(new CustomEvent('mdr-activation-cancel', { bubbles: true, composed: true }));
  }

  private checkConnection(): Promise<void> {
    const api = this.api;
    this.connectionOk = false;
    return this.run(async () => {
      if (!api) return;
      const result = await api.connection.test();
      if (!result.ok) throw new ApiError((result.failure as ApiError['failure']) ?? 'serviceUnreachable', undefined);
      this.organizationVersion = (await api.activation.status()).version;
      this.connectionOk = true;
    });
  }

  private submitSignIn(): Promise<void> {
    const errors: Record<string, string> = {};
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(this.email.trim())) errors.email = t('activation.errors.emailInvalid');
    if (this.password === '') errors.password = t('activation.errors.required');
    if (Object.keys(errors).length > 0) {
      this.fieldErrors = errors;
      return Promise.resolve();
    }
    return this.run(async () => {
      this.signIn = await this.api!.activation.vendorSignIn(this.email.trim(), this.password);
      this.password = '';
      this.next();
    });
  }

  private submitCode(): Promise<void> {
    if (!isActivationCode(this.code)) {
      this.fieldErrors = { activationCode: t('activation.errors.codeFormat') };
      return Promise.resolve();
    }
    return this.run(async () => {
      if (this.mode === 'newCode') {
        const added = await this.api!.activation.addCode(this.code);
        this.host?.notify({ kind: 'success', text: t('activation.codeAdded', { name: added.name }) });
        this.dispatchEvent(new CustomEvent('mdr-activated', { bubbles: true, composed: true }));
        return;
      }
      const checked = await this.api!.activation.checkCode(this.signIn!.ticket, this.code, this.region);
      this.licenseName = `${checked.license.name} · ${t('usage.assetsOfLimit', { connected: formatNumber(0), limit: formatNumber(checked.license.assetLimit) })}`;
      this.next();
    });
  }

  private submitTenants(): void {
    if (!this.allTenants && this.tenantIds.length === 0) {
      this.fieldErrors = { tenantIds: t('activation.errors.tenantsRequired') };
      return;
    }
    this.next();
  }

  private loadAgreements(): Promise<void> {
    return this.run(async () => {
      this.agreements = await this.api!.activation.agreements(this.effectiveRegion);
      this.accepted = this.accepted.filter((id) => this.agreements!.agreements.includes(id));
    });
  }

  private submitAgreements(): void {
    const missing = this.agreements?.agreements.filter((id) => !this.accepted.includes(id)) ?? [];
    if (!this.agreements || missing.length > 0) {
      this.fieldErrors = { acceptedAgreements: t('activation.errors.agreementsNotAccepted') };
      return;
    }
    this.next();
  }

  private finish(): Promise<void> {
    if (!this.ksnAccepted) {
      this.fieldErrors = { ksnStatementAccepted: t('activation.errors.ksnStatementNotAccepted') };
      return Promise.resolve();
    }
    return this.run(async () => {
      const license = this.signIn!.license;
      await this.api!.activation.activate({
        ticket: this.signIn!.ticket,
        activationCode: license ? undefined : normalizeActivationCode(this.code),
        region: license ? undefined : this.region,
        tenantIds: license && this.signIn!.tenants.length > 0 && !this.allTenants ? this.tenantIds : null,
        acceptedAgreements: this.accepted,
        ksnStatementAccepted: this.ksnAccepted,
        ksnVersion: this.agreements?.ksnVersion ?? '',
        expectedVersion: this.organizationVersion,
      });
      this.host?.notify({ kind: 'success', text: t('activation.activated') });
      this.dispatchEvent(new CustomEvent('mdr-activated', { bubbles: true, composed: true }));
    });
  }

  override render() {
    void this.localize;
    const steps = this.steps;
    return html`
      <section class="card" aria-labelledby="wizard-title">
        <h2 id="wizard-title">${t(this.mode === 'newCode' ? 'activation.newCodeTitle' : 'activation.title')}</h2>
        ${steps.length > 1
          ? html`<ol class="progress">
              ${steps.map(
                (step, index) => html`<li aria-current=${step === this.step ? 'step' : 'false'}>${formatNumber(index + 1)}. ${t(`activation.steps.${step}`)}</li>`,
              )}
            </ol>`
          : nothing}
        <h3 id="step-title" tabindex="-1">${t(`activation.steps.${this.step}`)}</h3>
        ${this.renderStep()}
        ${this.failure && this.step !== 'connection'
          ? html`<mdr-state-view state="error" .error=${this.failure} @mdr-retry=${() => this.retry()}></mdr-state-view>`
          : nothing}
      </section>
    `;
  }

  private retry(): void {
    if (this.step === 'agreements') void this.loadAgreements();
    else if (this.step === 'signIn') this.failure = undefined;
    else if (this.step === 'code') void this.submitCode();
    else if (this.step === 'ksn') void this.finish();
  }

  private buttons(primaryLabel: string, onPrimary: () => unknown, enabled = true) {
    const first = this.steps.indexOf(this.step) === 0;
    return html`<div class="buttons">
      ${first ? nothing : html`<button id="back" ?disabled=${this.busy} @click=${this.back}>${t('activation.back')}</button>`}
      <button id="next" class="primary" ?disabled=${this.busy || !enabled} @click=${onPrimary}>${primaryLabel}</button>
      <button id="cancel" ?disabled=${this.busy} @click=${this.cancel}>${t('activation.cancel')}</button>
    </div>`;
  }

  private input(id: string, label: string, type: string, value: string, onInput: (value: string) => void, extra: { hint?: string; autocomplete?: string } = {}) {
    const error = this.fieldErrors[id];
    return formField(
      { id, label, error, hint: extra.hint, required: true },
      html`<input
        id=${id}
        type=${type}
        autocomplete=${extra.autocomplete ?? 'off'}
        .value=${value}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${describedBy({ id, error, hint: extra.hint })}
        @input=${(event: Event) => onInput((event.target as HTMLInputElement).value)}
      />`,
    );
  }

  private renderStep() {
    switch (this.step) {
      case 'connection':
        return html`${this.busy
            ? html`<mdr-state-view state="loading"></mdr-state-view>`
            : this.connectionOk
              ? html`<p data-testid="connection-ok">${t('activation.connectionOk')}</p>`
              : this.failure
                ? html`<p class="failure">${t('activation.connectionFailed')}</p>
                    <mdr-state-view state="error" .error=${this.failure} @mdr-retry=${() => this.checkConnection()}></mdr-state-view>`
                : nothing}
          ${this.buttons(t('activation.next'), () => this.next(), this.connectionOk)}`;
      case 'signIn':
        return html`<p class="muted">${t('activation.signInIntro')}</p>
          ${this.input('email', t('activation.email'), 'email', this.email, (v) => (this.email = v), { autocomplete: 'username' })}
          ${this.input('password', t('activation.password'), 'password', this.password, (v) => (this.password = v), { autocomplete: 'current-password' })}
          ${this.buttons(t('activation.signIn'), () => this.submitSignIn())}`;
      case 'code':
        return html`${this.input('activationCode', t('activation.code'), 'text', this.code, (v) => (this.code = v), { hint: t('activation.codeHint') })}
          ${this.mode === 'activate'
            ? this.renderRegion()
            : nothing}
          ${this.buttons(t(this.mode === 'newCode' ? 'activation.addCode' : 'activation.next'), () => this.submitCode())}`;
      case 'tenants':
        return this.renderTenants();
      case 'agreements':
        return this.renderAgreements();
      case 'ksn':
        return this.renderKsn();
    }
  }

  /** Region choice; the hint says where telemetry of that region is stored (spec section 4). */
  private renderRegion() {
    const field = {
      id: 'region',
      label: t('activation.region'),
      error: this.fieldErrors.region,
      hint: t('activation.telemetryStoredIn', { location: t(`telemetryLocations.${telemetryLocationOf(this.region)}`) }),
    };
    return formField(
      field,
      html`<select
        id="region"
        aria-describedby=${describedBy(field)}
        @change=${(event: Event) => (this.region = (event.target as HTMLSelectElement).value as RegionCode)}
      >
        ${REGIONS.map((region) => html`<option value=${region} ?selected=${region === this.region}>${t(`regions.${region}`)}</option>`)}
      </select>`,
    );
  }

  private renderKsn() {
    return html`<p>${t('activation.ksnStatementText')}</p>
      <label class="check"
        ><input
          id="ksnStatementAccepted"
          type="checkbox"
          .checked=${this.ksnAccepted}
          aria-describedby=${describedBy({ id: 'ksnStatementAccepted', error: this.fieldErrors.ksnStatementAccepted })}
          @change=${(event: Event) => (this.ksnAccepted = (event.target as HTMLInputElement).checked)}
        />${t('activation.ksnStatementAccept')}</label
      >
      ${this.fieldErrors.ksnStatementAccepted
        ? html`<div class="failure" id="ksnStatementAccepted-error" role="alert">${this.fieldErrors.ksnStatementAccepted}</div>`
        : nothing}
      <p class="muted">${t('activation.ksnFile', { version: this.agreements?.ksnVersion ?? '—' })}</p>
      ${this.buttons(t('activation.finish'), () => this.finish())}`;
  }

  private renderTenants() {
    const tenants = this.signIn?.tenants ?? [];
    const error = this.fieldErrors.tenantIds;
    const toggle = (id: string, on: boolean) => (this.tenantIds = on ? [...this.tenantIds, id] : this.tenantIds.filter((x) => x !== id));
    return html`<p class="muted">${t('activation.tenantsIntro', { license: this.signIn?.license?.name ?? '', date: formatDate(this.signIn?.license?.expirationDate) })}</p>
      <label class="check"><input id="all-tenants" type="checkbox" .checked=${this.allTenants} @change=${(e: Event) => (this.allTenants = (e.target as HTMLInputElement).checked)} />${t('activation.allTenants')}</label>
      ${this.allTenants
        ? nothing
        : html`<fieldset aria-describedby=${describedBy({ id: 'tenantIds', error })}>
            <legend>${t('activation.steps.tenants')}</legend>
            ${[{ id: 'root', name: t('activation.rootTenant') }, ...tenants].map(
              (tenant) => html`<label class="check"
                ><input type="checkbox" value=${tenant.id} .checked=${this.tenantIds.includes(tenant.id)} @change=${(e: Event) => toggle(tenant.id, (e.target as HTMLInputElement).checked)} />${tenant.name}</label
              >`,
            )}
          </fieldset>`}
      ${error ? html`<div class="failure" id="tenantIds-error" role="alert">${error}</div>` : nothing}
      ${this.buttons(t('activation.next'), () => this.submitTenants())}`;
  }

  private renderAgreements() {
    const agreements = this.agreements;
    const error = this.fieldErrors.acceptedAgreements;
    if (!agreements) return this.busy ? html`<mdr-state-view state="loading"></mdr-state-view>` : this.buttons(t('activation.next'), () => this.submitAgreements(), false);
    return html`<p class="muted">
        ${t('activation.agreementsIntro', { region: t(`regions.${agreements.region}`), location: t(`telemetryLocations.${agreements.telemetryLocation}`) })}
      </p>
      ${this.licenseName ? html`<p>${this.licenseName}</p>` : nothing}
      ${agreements.agreements.map(
        (id) => html`<label class="check"
          ><input
            type="checkbox"
            name="agreement"
            value=${id}
            .checked=${this.accepted.includes(id)}
            @change=${(e: Event) => (this.accepted = (e.target as HTMLInputElement).checked ? [...this.accepted, id] : this.accepted.filter((x) => x !== id))}
          />${t('activation.acceptAgreement', { agreement: t(`activation.agreements.${id}`) })}</label
        >`,
      )}
      ${error ? html`<div class="failure" role="alert">${error}</div>` : nothing}
      ${this.buttons(t('activation.next'), () => this.submitAgreements())}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-activation-wizard': MdrActivationWizard;
  }
}

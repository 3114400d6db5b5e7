import { busyLabel } from '../components/busy-actions.ts';
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  REGIONS,
  serviceLanguageOf,
  telemetryLocationOf,
  validateActivationCodeStep,
  type ActivationTenant,
  type AgreementId,
  type Agreements,
  type BackgroundConnection,
  type CodeCheck,
  type RegionCode,
  type VendorSignIn,
} from '../api/activation.ts';
import { ApiError, type ApiFailure } from '../api/errors.ts';
import { formatDate, formatNumber, t } from '../i18n.ts';
import { ruleText } from '../failure-text.ts';
import { licenseDisplayName } from '../license-name.ts';
import { sharedStyles } from '../components/shared-styles.ts';
import { describedBy, formField, formFieldStyles, textField } from '../components/form-field.ts';
import { FormController } from '../components/form-controller.ts';
import '../components/mdr-state-view.ts';
import { mdrActivationWizardStyles } from './mdr-activation-wizard.styles.ts';
import { forgetVendorSignIn, rememberedVendorSignIn, rememberVendorSignIn } from './vendor-sign-in.ts';
import { MdrElement } from '../components/mdr-element.ts';

type Step = 'serviceConnection' | 'backgroundConnection' | 'signIn' | 'code' | 'tenants' | 'agreements' | 'ksn';

/** What the user enters or chooses on the way. */
interface WizardValues {
  email: string;
  password: string;
  activationCode: string;
  region: RegionCode;
  /** All tenants, new ones included (the console's scope becomes null). */
  allTenants: boolean;
  tenantIds: string[];
  acceptedAgreements: AgreementId[];
  ksnStatementAccepted: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The activation wizard of the help (shown instead of the tabs while MDR is not active), or, in
 * `newCode` mode, *Enter a new activation code* (help topic *Providing a new activation code*):
 * the start screen with *Activate the solution*, the vendor sign-in when not signed in, the new code
 * and region with *Activate*, and the tenants this Administration Server may reach. Steps only
 * check; the organization changes at the last step in one request, so *Cancel* at any point leaves
 * nothing half done.
 *
 * @fires mdr-activated - MDR was activated (or the new code was applied).
 * @fires mdr-activation-cancel - the user left the wizard; nothing was changed.
 */
@customElement('mdr-activation-wizard')
export class MdrActivationWizard extends MdrElement {
  static override styles = [sharedStyles, formFieldStyles, mdrActivationWizardStyles];

  /** `activate`: the whole activation; `newCode`: *Enter a new activation code* on an active organization. */
  @property() mode: 'activate' | 'newCode' = 'activate';

  /** The current step; `start` is the start screen of a new code, before *Activate the solution*. */
  @state() private step: Step | 'start' = 'serviceConnection';
  @state() private connectionOk = false;
  /** The background connection as last read; undefined until read. */
  @state() private background?: BackgroundConnection;
  /** The vendor sign-in in force. */
  @state() private signIn?: VendorSignIn;
  /** A new code: whether the sign-in step is part of this run (not signed in when it started, or the sign-in lapsed). */
  @state() private needsSignIn = true;
  /** What the vendor said about the code entered. */
  @state() private checked?: CodeCheck;
  @state() private agreements?: Agreements;
  /** The texts of the region's agreements and of the KSN Statement, as the MDR service serves them. */
  @state() private agreementTexts: Partial<Record<AgreementId, string>> = {};
  private organizationVersion = 0;
  /** A step reached while a call ran, whose data is loaded when that call ends (one call of the form at a time). */
  private loadDue?: () => Promise<void>;

  private readonly form = new FormController<WizardValues>(this, {
    blank: () => ({
      email: '',
      password: '',
      activationCode: '',
      region: 'europe',
      allTenants: true,
      tenantIds: [],
      acceptedAgreements: [],
      ksnStatementAccepted: false,
    }),
    message: (_field, rule) => ruleText('activation.errors', rule),
    // The wizard is left with *Cancel* only, which changes nothing: there is nothing to lose.
    isDirty: () => false,
  });

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.mode === 'newCode') this.step = 'start';
    else void this.checkConnection();
  }

  private get values(): WizardValues {
    return this.form.values;
  }

  /** The steps this run goes through (which apply depends on the vendor account and the code). */
  private get steps(): Step[] {
    if (this.mode === 'newCode') {
      const steps: Step[] = this.needsSignIn ? ['signIn', 'code'] : ['code'];
      if (this.checked && this.checked.tenants.length > 0) steps.push('tenants');
      return steps;
    }
    // The MDR service is checked first: every later step goes through it, the background connection's too.
    const steps: Step[] = ['serviceConnection', 'backgroundConnection', 'signIn'];
    if (!this.signIn || !this.signIn.license) steps.push('code');
    if (this.signIn?.license && this.signIn.tenants.length > 0) steps.push('tenants');
    steps.push('agreements', 'ksn');
    return steps;
  }

  private get effectiveRegion(): RegionCode {
    return this.signIn?.license?.regionCode ?? this.values.region;
  }

  /** The tenants to choose from: the vendor account's (activation) or the organization's (a new code). */
  private get tenantChoices(): ActivationTenant[] {
    return (this.mode === 'newCode' ? this.checked?.tenants : this.signIn?.tenants) ?? [];
  }

  /** The tenants chosen: null = all of them, new ones included. */
  private get chosenTenants(): string[] | null {
    return this.values.allTenants ? null : this.values.tenantIds;
  }

  /**
   * Runs a call of a step: a refused field next to the field, anything else above the step with
   * *Retry*; a lapsed vendor sign-in goes back to the sign-in step and keeps the rest.
   */
  private async call<T>(work: () => Promise<T>): Promise<T | undefined> {
    const result = await this.form.run(work, (failure) => {
      if (failure.details.rule !== 'vendorSessionExpired') return false;
      if (this.host) forgetVendorSignIn(this.host.user.id);
      this.signIn = undefined;
      this.needsSignIn = true;
      this.goTo('signIn');
      this.form.setError('password', 'vendorSessionExpired');
      return true;
    });
    const due = this.loadDue;
    this.loadDue = undefined;
    if (due) await due();
    return result;
  }

  private goTo(step: Step): void {
    this.step = step;
    this.form.clearErrors();
    this.form.clearFailure();
    // Keyboard and screen-reader users land on the new step's title, not on a button that vanished.
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#step-title')?.focus());
    const load =
      step === 'agreements' && this.agreements?.region !== this.effectiveRegion
        ? () => this.loadAgreements()
        : step === 'backgroundConnection' && !this.background?.enabled
          ? () => this.checkBackgroundConnection()
          : undefined;
    if (!load) return;
    // Reached from a step's call: loaded once that call is over.
    if (this.form.busy) this.loadDue = load;
    else void load();
  }

  private next(): void {
    const steps = this.steps;
    this.goTo(steps[steps.indexOf(this.step as Step) + 1]!);
  }

  private back(): void {
    const steps = this.steps;
    this.goTo(steps[Math.max(0, steps.indexOf(this.step as Step) - 1)]!);
  }

  private cancel(): void {
    this.emit('mdr-activation-cancel');
  }

  private async checkConnection(): Promise<void> {
    const api = this.api;
    this.connectionOk = false;
    await this.call(async () => {
      if (!api) return;
      const result = await api.connection.test();
      if (!result.ok) throw new ApiError((result.failure as ApiFailure | undefined) ?? 'serviceUnreachable', undefined);
      this.organizationVersion = (await api.activation.status()).version;
      this.connectionOk = true;
    });
  }

  /**
   * Help step 4: "checks whether the background connection between Kaspersky Security Center Web
   * Console and the Administration Server is enabled and prompts to enable it, if necessary".
   */
  private async checkBackgroundConnection(): Promise<void> {
    const api = this.api;
    if (!api) return;
    await this.call(async () => {
      this.background = await api.activation.backgroundConnection();
    });
  }

  private async enableBackgroundConnection(): Promise<void> {
    const { api, background } = this;
    if (!api || !background) return;
    await this.call(async () => {
      this.background = await api.activation.enableBackgroundConnection(background.version);
    });
  }

  /**
   * *Activate the solution* on the start screen of a new code (help topic *Providing a new activation
   * code*, step 4); step 5 "checks whether you are signed in to your Kaspersky account".
   */
  private async startNewCode(): Promise<void> {
    const { api, host } = this;
    if (!api || !host) return;
    await this.call(async () => {
      const status = await api.activation.status();
      this.organizationVersion = status.version;
      // The organization's other codes are of its region: offered first.
      if (status.regionCode) this.form.load({ ...this.values, region: status.regionCode });
      this.signIn = rememberedVendorSignIn(host.user.id);
      this.needsSignIn = this.signIn === undefined;
      this.goTo(this.needsSignIn ? 'signIn' : 'code');
    });
  }

  private async submitSignIn(): Promise<void> {
    const email = this.values.email.trim();
    const passed = await this.form.check({
      email: EMAIL.test(email) ? undefined : 'emailInvalid',
      password: this.values.password === '' ? 'required' : undefined,
    });
    if (!passed) return;
    await this.call(async () => {
      const signIn = await this.api!.activation.vendorSignIn(email, this.values.password);
      this.signIn = signIn;
      if (this.host) rememberVendorSignIn(this.host.user.id, signIn);
      this.form.set({ password: '' });
      this.next();
    });
  }

  /** The code and region, checked with the vendor (*Activate*, help step 7 of activation, step 5 of a new code). */
  private async submitCode(): Promise<void> {
    const { activationCode, region } = this.values;
    const problems = validateActivationCodeStep({ activationCode, region });
    if (!(await this.form.check(Object.fromEntries(problems.map((problem) => [problem.field, problem.rule]))))) return;
    await this.call(async () => {
      const checked = await this.api!.activation.checkCode(this.signIn!.ticket, activationCode, region);
      this.checked = checked;
      if (this.mode === 'activate') {
        this.next();
        return;
      }
      if (checked.tenants.length === 0) {
        await this.applyNewCode(undefined);
        return;
      }
      // Step 6 starts from the tenants this console reaches now.
      this.form.set({ allTenants: checked.tenantScope === null, tenantIds: checked.tenantScope ?? [] });
      this.next();
    });
  }

  private async submitTenants(): Promise<void> {
    const passed = await this.form.check({ tenantIds: this.values.allTenants || this.values.tenantIds.length > 0 ? undefined : 'tenantsRequired' }, { focus: false });
    if (!passed) return;
    if (this.mode === 'newCode') await this.call(() => this.applyNewCode(this.chosenTenants));
    else this.next();
  }

  /** *Providing a new activation code*: "The new activation code is applied. … works under the license provided." */
  private async applyNewCode(tenantIds: string[] | null | undefined): Promise<void> {
    const result = await this.api!.activation.applyNewCode({
      ticket: this.signIn!.ticket,
      activationCode: this.values.activationCode,
      region: this.values.region,
      ...(tenantIds === undefined ? {} : { tenantIds }),
      expectedVersion: this.organizationVersion,
    });
    const name = t(`licenses.tiers.${result.license.tier}`);
    const upgraded = result.previousTier !== null && result.previousTier !== result.license.tier;
    this.host?.notify({ kind: 'success', text: t(upgraded ? 'activation.newCode.upgraded' : 'activation.newCode.applied', { name, date: formatDate(result.license.expirationDate) }) });
    this.emit('mdr-activated');
  }

  /**
   * The region's agreements with their texts and the KSN Statement's (help steps 8 and 9: "Read and
   * accept …"), all or nothing: a text that cannot be read is a failure with *Retry*.
   */
  private async loadAgreements(): Promise<void> {
    const api = this.api!;
    const region = this.effectiveRegion;
    await this.call(async () => {
      const agreements = await api.activation.agreements(region);
      const ids: AgreementId[] = [...agreements.agreements, 'ksnStatement'];
      const texts = await Promise.all(ids.map((id) => api.activation.agreementText(id, region)));
      this.agreementTexts = Object.fromEntries(ids.map((id, index) => [id, texts[index]]));
      this.agreements = agreements;
      this.form.set({ acceptedAgreements: this.values.acceptedAgreements.filter((id) => agreements.agreements.includes(id)) });
    });
  }

  private async submitAgreements(): Promise<void> {
    const missing = this.agreements?.agreements.filter((id) => !this.values.acceptedAgreements.includes(id)) ?? [];
    if (!(await this.form.check({ acceptedAgreements: !this.agreements || missing.length > 0 ? 'agreementsNotAccepted' : undefined }, { focus: false }))) return;
    this.next();
  }

  private async finish(): Promise<void> {
    if (!(await this.form.check({ ksnStatementAccepted: this.values.ksnStatementAccepted ? undefined : 'ksnStatementNotAccepted' }, { focus: false }))) return;
    await this.call(async () => {
      const license = this.signIn!.license;
      await this.api!.activation.activate({
        ticket: this.signIn!.ticket,
        activationCode: license ? undefined : this.values.activationCode,
        region: license ? undefined : this.values.region,
        tenantIds: license && this.signIn!.tenants.length > 0 ? this.chosenTenants : null,
        acceptedAgreements: this.values.acceptedAgreements,
        ksnStatementAccepted: this.values.ksnStatementAccepted,
        ksnVersion: this.agreements?.ksnVersion ?? '',
        expectedVersion: this.organizationVersion,
      });
      this.host?.notify({ kind: 'success', text: t('activation.activated') });
      this.emit('mdr-activated');
    });
  }

  override render() {
    if (this.step === 'start') return this.renderStart();
    const steps = this.steps;
    const failure = this.form.failure;
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
        ${failure && this.step !== 'serviceConnection' ? html`<mdr-state-view state="error" .error=${failure} @mdr-retry=${() => this.retry()}></mdr-state-view>` : nothing}
      </section>
    `;
  }

  /** The start screen of a new code (help: "The start screen of Kaspersky Managed Detection and Response is displayed"). */
  private renderStart() {
    const failure = this.form.failure;
    return html`<section class="card" aria-labelledby="wizard-title">
      <h2 id="wizard-title">${t('activation.newCodeTitle')}</h2>
      <p>${t('activation.newCode.startIntro')}</p>
      <div class="buttons">
        <button id="activate" class="primary" ?disabled=${this.form.busy} @click=${() => this.startNewCode()}>${t('activation.start')}</button>
        <button id="cancel" ?disabled=${this.form.busy} @click=${this.cancel}>${t('activation.cancel')}</button>
      </div>
      ${failure ? html`<mdr-state-view state="error" .error=${failure} @mdr-retry=${() => this.startNewCode()}></mdr-state-view>` : nothing}
    </section>`;
  }

  private retry(): void {
    if (this.step === 'agreements') void this.loadAgreements();
    else if (this.step === 'backgroundConnection') void this.checkBackgroundConnection();
    else if (this.step === 'signIn') this.form.clearFailure();
    else if (this.step === 'code') void this.submitCode();
    else if (this.step === 'tenants') void this.submitTenants();
    else if (this.step === 'ksn') void this.finish();
  }

  private buttons(primaryLabel: string, onPrimary: () => unknown, enabled = true) {
    const first = this.steps.indexOf(this.step as Step) === 0;
    const busy = this.form.busy;
    return html`<div class="buttons">
      ${first ? nothing : html`<button id="back" ?disabled=${busy} @click=${this.back}>${t('activation.back')}</button>`}
      <button id="next" class="primary" ?disabled=${busy || !enabled} aria-busy=${busy ? 'true' : 'false'} @click=${onPrimary}>${busyLabel(busy, primaryLabel)}</button>
      <button id="cancel" ?disabled=${busy} @click=${this.cancel}>${t('activation.cancel')}</button>
    </div>`;
  }

  private input(id: keyof WizardValues & string, label: string, type: string, extra: { hint?: string; autocomplete?: string } = {}) {
    return textField(
      { id, label, error: this.form.errorText(id), hint: extra.hint, required: true },
      { type, autocomplete: extra.autocomplete ?? 'off', value: String(this.values[id]), onInput: (value) => this.form.set({ [id]: value } as Partial<WizardValues>) },
    );
  }

  /** A message next to a group of check boxes (no single control to put it under). */
  private groupError(id: string) {
    const error = this.form.errorText(id);
    return error ? html`<div class="failure" id="${id}-error" role="alert">${error}</div>` : nothing;
  }

  private renderStep() {
    switch (this.step) {
      case 'serviceConnection':
        return this.renderServiceConnection();
      case 'backgroundConnection':
        return this.renderBackgroundConnection();
      case 'signIn':
        return html`<p class="muted">${t('activation.signInIntro')}</p>
          ${this.input('email', t('activation.email'), 'email', { autocomplete: 'username' })}
          ${this.input('password', t('activation.password'), 'password', { autocomplete: 'current-password' })}
          ${this.buttons(t('activation.signIn'), () => this.submitSignIn())}`;
      case 'code':
        return this.renderCode();
      case 'tenants':
        return this.renderTenants();
      case 'agreements':
        return this.renderAgreements();
      case 'ksn':
        return this.renderKsn();
      default:
        return nothing;
    }
  }

  /** The console's own way to the MDR service (proxy, certificates, the service), checked when the wizard opens. */
  private renderServiceConnection() {
    const failure = this.form.failure;
    return html`${this.form.busy
        ? html`<mdr-state-view state="loading"></mdr-state-view>`
        : this.connectionOk
          ? html`<p data-testid="connection-ok">${t('activation.connectionOk')}</p>`
          : failure
            ? html`<p class="failure">${t('activation.connectionFailed')}</p>
                <mdr-state-view state="error" .error=${failure} @mdr-retry=${() => this.checkConnection()}></mdr-state-view>`
            : nothing}
      ${this.buttons(t('activation.next'), () => this.next(), this.connectionOk)}`;
  }

  /** Help step 4, with the prompt to enable the background connection when it is off; "required for … performance". */
  private renderBackgroundConnection() {
    const background = this.background;
    const state = !background
      ? this.form.busy
        ? html`<mdr-state-view state="loading"></mdr-state-view>`
        : nothing
      : background.enabled
        ? html`<p data-testid="background-enabled">${t('activation.background.enabled')}</p>`
        : html`<p data-testid="background-off">${t('activation.background.off')}</p>
            <button id="enable-background" class="primary" ?disabled=${this.form.busy} @click=${() => this.enableBackgroundConnection()}>${t('activation.background.enable')}</button>`;
    return html`<p class="muted">${t('activation.background.intro')}</p>
      ${state} ${this.buttons(t('activation.next'), () => this.next(), background?.enabled === true)}`;
  }

  private renderCode() {
    return html`${this.mode === 'newCode' && this.signIn ? html`<p class="muted">${t('activation.newCode.signedInAs', { email: this.signIn.account.email })}</p>` : nothing}
      ${this.input('activationCode', t('activation.code'), 'text', { hint: t('activation.codeHint') })} ${this.renderRegion()}
      <p class="muted" data-testid="service-language">${t('activation.serviceLanguage', { language: t(`settings.language.${serviceLanguageOf(this.values.region)}`) })}</p>
      ${this.buttons(t('activation.activateCode'), () => this.submitCode())}`;
  }

  /** Region choice; the hint says where telemetry of that region is stored. */
  private renderRegion() {
    const field = {
      id: 'region',
      label: t('activation.region'),
      error: this.form.errorText('region'),
      hint: t('activation.telemetryStoredIn', { location: t(`telemetryLocations.${telemetryLocationOf(this.values.region)}`) }),
    };
    return formField(
      field,
      html`<select
        id="region"
        aria-invalid=${field.error ? 'true' : 'false'}
        aria-describedby=${describedBy(field)}
        @change=${(event: Event) => this.form.set({ region: (event.target as HTMLSelectElement).value as RegionCode })}
      >
        ${REGIONS.map((region) => html`<option value=${region} ?selected=${region === this.values.region}>${t(`regions.${region}`)}</option>`)}
      </select>`,
    );
  }

  private renderTenants() {
    const error = this.form.errorText('tenantIds');
    const { allTenants, tenantIds } = this.values;
    // Read at the time of the click: two clicks may come before the next render.
    const toggle = (id: string, on: boolean) => {
      const chosen = this.values.tenantIds.filter((x) => x !== id);
      this.form.set({ tenantIds: on ? [...chosen, id] : chosen });
    };
    const checked = this.checked;
    const intro =
      this.mode === 'newCode' && checked
        ? t('activation.newCode.tenantsIntro', { license: licenseDisplayName(checked.license), date: formatDate(checked.license.expirationDate) })
        : t('activation.tenantsIntro', { license: this.signIn?.license?.name ?? '', date: formatDate(this.signIn?.license?.expirationDate) });
    const upgrade =
      this.mode === 'newCode' && checked?.organizationTier && checked.organizationTier !== checked.license.tier
        ? html`<p data-testid="upgrade">${t('activation.newCode.upgrade', { from: t(`licenses.tiers.${checked.organizationTier}`), to: t(`licenses.tiers.${checked.license.tier}`) })}</p>`
        : nothing;
    return html`<p class="muted">${intro}</p>
      ${upgrade}
      <label class="check"><input id="all-tenants" type="checkbox" .checked=${allTenants} @change=${(e: Event) => this.form.set({ allTenants: (e.target as HTMLInputElement).checked })} />${t('activation.allTenants')}</label>
      ${allTenants
        ? nothing
        : html`<fieldset aria-describedby=${describedBy({ id: 'tenantIds', error })}>
            <legend>${t('activation.steps.tenants')}</legend>
            ${[{ id: 'root', name: t('activation.rootTenant') }, ...this.tenantChoices].map(
              (tenant) => html`<label class="check"
                ><input type="checkbox" value=${tenant.id} .checked=${tenantIds.includes(tenant.id)} @change=${(e: Event) => toggle(tenant.id, (e.target as HTMLInputElement).checked)} />${tenant.name}</label
              >`,
            )}
          </fieldset>`}
      ${this.groupError('tenantIds')}
      ${this.buttons(t(this.mode === 'newCode' ? 'activation.newCode.apply' : 'activation.next'), () => this.submitTenants())}`;
  }

  /**
   * One agreement to read: its text in a scrollable box (in the region's language), a link that opens
   * it whole in a new window, and, for the agreements of step 8, its check box.
   */
  private renderAgreement(id: AgreementId, acceptance: ReturnType<typeof html>) {
    const agreements = this.agreements!;
    const title = t(`activation.agreements.${id}`);
    return html`<section class="agreement" data-agreement=${id} aria-labelledby="agreement-${id}-title">
      <h4 id="agreement-${id}-title">${title}</h4>
      <div class="agreement-text" id="agreement-${id}-text" role="region" tabindex="0" aria-labelledby="agreement-${id}-title" lang=${agreements.language}>${this.agreementTexts[id] ?? ''}</div>
      <a class="open-whole" href=${this.api!.activation.agreementUrl(id, agreements.region)} target="_blank" rel="noopener noreferrer"
        >${t('activation.openWhole', { agreement: title })}</a
      >
      ${acceptance}
    </section>`;
  }

  private renderAgreements() {
    const agreements = this.agreements;
    if (!agreements) return this.form.busy ? html`<mdr-state-view state="loading"></mdr-state-view>` : this.buttons(t('activation.next'), () => this.submitAgreements(), false);
    const checked = this.checked;
    return html`<p class="muted">
        ${t('activation.agreementsIntro', { region: t(`regions.${agreements.region}`), location: t(`telemetryLocations.${agreements.telemetryLocation}`) })}
        ${t('activation.serviceLanguage', { language: t(`settings.language.${agreements.language}`) })}
      </p>
      ${checked ? html`<p>${licenseDisplayName(checked.license)}</p>` : nothing}
      ${agreements.agreements.map((id) =>
        this.renderAgreement(
          id,
          html`<label class="check"
            ><input
              type="checkbox"
              name="agreement"
              value=${id}
              .checked=${this.values.acceptedAgreements.includes(id)}
              @change=${(e: Event) => {
                const accepted = this.values.acceptedAgreements.filter((x) => x !== id);
                this.form.set({ acceptedAgreements: (e.target as HTMLInputElement).checked ? [...accepted, id] : accepted });
              }}
            />${t('activation.acceptAgreement', { agreement: t(`activation.agreements.${id}`) })}</label
          >`,
        ),
      )}
      ${this.groupError('acceptedAgreements')} ${this.buttons(t('activation.accept'), () => this.submitAgreements())}`;
  }

  private renderKsn() {
    if (!this.agreements) return this.buttons(t('activation.finish'), () => this.finish(), false);
    return html`<p>${t('activation.ksnStatementText')}</p>
      ${this.renderAgreement(
        'ksnStatement',
        html`<label class="check"
          ><input
            id="ksnStatementAccepted"
            type="checkbox"
            .checked=${this.values.ksnStatementAccepted}
            aria-describedby=${describedBy({ id: 'ksnStatementAccepted', error: this.form.errorText('ksnStatementAccepted') })}
            @change=${(event: Event) => this.form.set({ ksnStatementAccepted: (event.target as HTMLInputElement).checked })}
          />${t('activation.ksnStatementAccept')}</label
        >`,
      )}
      ${this.groupError('ksnStatementAccepted')} ${this.groupError('ksnVersion')}
      <p class="muted">${t('activation.ksnFile', { version: this.agreements?.ksnVersion ?? '—' })}</p>
      ${this.buttons(t('activation.finish'), () => this.finish())}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-activation-wizard': MdrActivationWizard;
  }
}

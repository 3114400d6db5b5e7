import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, toApiError } from '../../api/errors.ts';
import { ACTIVATION_CODE_PATTERN, normalizeActivationCode, type License, type LicensePage } from '../../api/licenses.ts';
import { textField } from '../../components/form-field.ts';
import { t } from '../../i18n.ts';
import { failureText, ruleText } from '../../failure-text.ts';
import { MdrPanelElement } from '../../components/mdr-panel-element.ts';

/** The broken rule of an activation code as typed, or undefined when its format is right. */
export function checkActivationCode(text: string): string | undefined {
  const code = normalizeActivationCode(text);
  if (code === '') return 'required';
  return ACTIVATION_CODE_PATTERN.test(code) ? undefined : 'format';
}

/**
 * *Add new license key*: the activation code (20 letters and digits). The service refuses a code it
 * does not know, one already added, and one whose tier or region differs from the organization's;
 * each refusal is shown next to the field with its reason.
 *
 * @fires mdr-license-added - detail: { license }.
 * @fires mdr-panel-closed - the panel should close.
 */
@customElement('mdr-license-key-panel')
export class MdrLicenseKeyPanel extends MdrPanelElement {
  /** The organization's tier and region, named in the refusal messages. */
  @property({ attribute: false }) organization: LicensePage['organization'] = { tier: null, regionCode: null };

  @state() private code = '';
  @state() private rule: string | undefined;
  @state() private failure: ApiError | null = null;
  @state() private busy = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('open') && this.open) {
      this.code = '';
      this.rule = undefined;
      this.failure = null;
    }
  }

  private async add(): Promise<void> {
    const api = this.api;
    if (!api || this.busy) return;
    this.rule = checkActivationCode(this.code);
    this.failure = null;
    if (this.rule) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#activation-code')?.focus();
      return;
    }
    this.busy = true;
    try {
      const license: License = await api.licenses.add(normalizeActivationCode(this.code));
      this.host?.notify({ kind: 'success', text: t('licenses.addPanel.added', { name: license.name }) });
      this.emit('mdr-license-added', { license });
      this.emit('mdr-panel-closed');
    } catch (error) {
      const failure = toApiError(error);
      if (failure.failure === 'validation' && failure.details.field === 'activationCode') this.rule = failure.details.rule ?? 'format';
      else this.failure = failure;
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const tier = this.organization.tier ? t(`licenses.tiers.${this.organization.tier}`) : '';
    const region = this.organization.regionCode ? t(`regions.${this.organization.regionCode}`) : '';
    const field = {
      id: 'activation-code',
      label: t('licenses.addPanel.code'),
      hint: t('licenses.addPanel.hint', { tier, region }),
      error: this.rule ? ruleText('licenses.validation', this.rule, { tier, region }) : undefined,
      required: true,
    };
    return this.renderPanel(
      t('licenses.addPanel.title'),
      html`
      ${this.failure
        ? html`<p class="error" role="alert" style="color:var(--_danger)">
            ${failureText(this.failure, 'licenses.errors')}
          </p>`
        : nothing}
      <form
        @submit=${(event: Event) => {
          event.preventDefault();
          void this.add();
        }}
      >
        ${textField(field, {
          type: 'text',
          autocomplete: 'off',
          spellcheck: false,
          maxlength: 40,
          placeholder: 'XXXXX-XXXXX-XXXXX-XXXXX',
          value: this.code,
          onInput: (code) => {
            this.code = code;
            this.rule = undefined;
          },
        })}
      </form>
      <button slot="actions" @click=${() => void this.requestClose()}>${t('licenses.cancel')}</button>
      <button slot="actions" class="primary" ?disabled=${this.busy || this.code.trim() === ''} @click=${() => void this.add()}>${t('licenses.addPanel.add')}</button>
    `,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-license-key-panel': MdrLicenseKeyPanel;
  }
}

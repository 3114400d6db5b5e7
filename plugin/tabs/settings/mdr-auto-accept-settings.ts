import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { AUTO_ACCEPT_MODES, type AutoAcceptMode, type AutoAcceptTenant } from '../../api/settings.ts';
import { t } from '../../i18n.ts';
import { sharedStyles } from '../../components/shared-styles.ts';
import { readOnlyHint } from '../../components/read-only-hint.ts';
import { mdrAutoAcceptSettingsStyles } from './mdr-auto-accept-settings.styles.ts';
import { MdrElement } from '../../components/mdr-element.ts';

export type { AutoAcceptChange } from '../../events.ts';

/**
 * The *Auto-acceptance of responses* group: the three modes and, in per-tenant mode, a check box
 * per tenant. Shows the values it is given; who may change what is decided by the owner.
 *
 * @fires mdr-auto-accept-change - detail: {@link AutoAcceptChange}
 */
@customElement('mdr-auto-accept-settings')
export class MdrAutoAcceptSettings extends MdrElement {
  static override styles = [
    sharedStyles,
    mdrAutoAcceptSettingsStyles,
  ];

  /** The mode shown (the draft). */
  @property() mode: AutoAcceptMode = 'disabled';
  /** Tenants with their shown (draft) switches. */
  @property({ attribute: false }) tenants: AutoAcceptTenant[] = [];
  /** The user may change the mode (MDR Administrator). */
  @property({ type: Boolean, attribute: 'can-change-mode' }) canChangeMode = false;
  /** Per-tenant *All tenants* (draft): every tenant on, and new tenants too. */
  @property({ type: Boolean, attribute: 'all-tenants' }) allTenants = false;
  /** *Root without tenants* (draft); null when the console does not reach the root. */
  @property({ attribute: false }) root: boolean | null = null;
  /** The user may switch single tenants (Auto-accept settings + Response management). */
  @property({ type: Boolean, attribute: 'can-switch-tenants' }) canSwitchTenants = false;

  override render() {
    return html`
      <fieldset>
        <legend class="title">${t('settings.autoAccept.title')}</legend>
        <p class="muted">${t('settings.autoAccept.hint')}</p>
        ${AUTO_ACCEPT_MODES.map(
          (mode) => html`<div class="option">
            <input
              type="radio"
              name="auto-accept-mode"
              id="mode-${mode}"
              .checked=${this.mode === mode}
              ?disabled=${!this.canChangeMode}
              aria-describedby="mode-${mode}-hint${this.canChangeMode ? '' : ' mode-read-only'}"
              @change=${() => this.emit('mdr-auto-accept-change', { mode })}
            />
            <label for="mode-${mode}">${t(`settings.autoAccept.modes.${mode}`)}</label>
            <span class="hint" id="mode-${mode}-hint">${t(`settings.autoAccept.modeHints.${mode}`)}</span>
          </div>`,
        )}
        ${this.canChangeMode ? nothing : readOnlyHint('mode-read-only', t('settings.autoAccept.modeReadOnly'))}
      </fieldset>
      ${this.mode === 'perTenant' ? this.renderTenants() : nothing}
    `;
  }

  private renderTenants() {
    return html`<fieldset class="tenants" data-testid="tenants">
      <legend>${t('settings.autoAccept.tenants')}</legend>
      ${this.tenants.length === 0 && this.root === null ? html`<p class="muted">${t('settings.autoAccept.noTenants')}</p>` : nothing}
      <label>
        <input
          type="checkbox"
          id="all-tenants"
          .checked=${this.allTenants}
          ?disabled=${!this.canChangeMode}
          aria-describedby="all-tenants-hint${this.canChangeMode ? '' : ' all-tenants-read-only'}"
          @change=${(event: Event) => this.emit('mdr-auto-accept-change', { allTenants: (event.target as HTMLInputElement).checked })}
        />
        ${t('settings.autoAccept.allTenants')}
      </label>
      <span class="muted" id="all-tenants-hint">${t('settings.autoAccept.allTenantsHint')}</span>
      ${this.canChangeMode ? nothing : readOnlyHint('all-tenants-read-only', t('settings.autoAccept.allTenantsReadOnly'))}
      ${this.root === null
        ? nothing
        : html`<label>
            <input
              type="checkbox"
              id="root-tenant"
              .checked=${this.root}
              ?disabled=${!this.canSwitchTenants}
              aria-describedby=${this.canSwitchTenants ? nothing : 'tenants-read-only'}
              @change=${(event: Event) => this.emit('mdr-auto-accept-change', { root: (event.target as HTMLInputElement).checked })}
            />
            ${t('settings.autoAccept.root')}
          </label>`}
      ${this.tenants.map(
        (tenant) => html`<label>
          <input
            type="checkbox"
            .checked=${tenant.autoAccept}
            ?disabled=${!this.canSwitchTenants}
            aria-describedby=${this.canSwitchTenants ? nothing : 'tenants-read-only'}
            @change=${(event: Event) => this.emit('mdr-auto-accept-change', { tenantId: tenant.id, autoAccept: (event.target as HTMLInputElement).checked })}
          />
          ${tenant.name}
        </label>`,
      )}
      ${this.canSwitchTenants ? nothing : readOnlyHint('tenants-read-only', t('settings.autoAccept.tenantsReadOnly'))}
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-auto-accept-settings': MdrAutoAcceptSettings;
  }
}

import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import type { Usage } from '../../api/usage.ts';
import type { AgreementId } from '../../api/activation.ts';
import { toApiError } from '../../api/errors.ts';
import { hasRights } from '../../context.ts';
import { formatDate, formatNumber, t } from '../../i18n.ts';
import { licenseDisplayName } from '../../license-name.ts';
import { sharedStyles } from '../../components/shared-styles.ts';
import { readOnlyHint } from '../../components/read-only-hint.ts';
import '../../components/mdr-state-view.ts';
import '../../components/mdr-status-badge.ts';
import '../../components/mdr-connection-status.ts';
import { usageMeter } from '../../components/usage-meter.ts';
import { KSN_UPDATE_RIGHTS, ksnUpdatedNotice, ksnUpdateFailureNotice } from '../../ksn-update.ts';
import { MdrElement } from '../../components/mdr-element.ts';

/**
 * *MDR Usage*: activation, license usage, region, KSN configuration file, terms, custom incidents.
 *
 * @fires mdr-activation-request - *Enter a new activation code*: detail `{ mode: 'newCode' }`.
 * @fires mdr-activation-changed - the terms were revoked, so MDR is no longer active.
 */
@customElement('mdr-usage-tab')
export class MdrUsageTab extends MdrElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .over {
        color: var(--_danger);
        font-weight: 600;
      }
      ul.agreements {
        margin: 4px 0;
        padding-left: 1.2em;
      }
      ul.agreements a {
        display: inline-block;
        min-height: 24px;
        line-height: 24px;
      }
      ul.licenses {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 6px;
      }
    `,
  ];

  @state() private busy = false;

  private get mayChangeActivation(): boolean {
    return hasRights(this.host, ['applicationIntegration']);
  }

  /**
   * The KSN file is installed on the Administration Server for the whole organization (help topic 234895:
   * without sufficient rights, ask an administrator), as `POST /ksn/update` declares in the manifest.
   */
  private get mayUpdateKsn(): boolean {
    return hasRights(this.host, KSN_UPDATE_RIGHTS);
  }

  private fail(error: unknown): void {
    this.host?.notify({ kind: 'error', text: t(toApiError(error).messageKey) });
  }

  /** *Update*, with the outcomes the help lists for the KSN configuration file (plugin/ksn-update.ts). */
  private async updateKsn(usage: Usage): Promise<void> {
    const api = this.api;
    const latest = usage.ksn.latestVersion;
    if (!api || !latest) return;
    this.busy = true;
    try {
      const result = await api.usage.updateKsnConfiguration(latest, usage.version);
      this.host?.notify(ksnUpdatedNotice(result.installedVersion));
    } catch (error) {
      this.host?.notify(ksnUpdateFailureNotice(toApiError(error), latest));
    } finally {
      this.busy = false;
      void this.usage.run();
    }
  }

  private async revoke(usage: Usage): Promise<void> {
    const { host, api } = this;
    if (!host || !api) return;
    const confirmed = await host.confirm({
      title: t('usage.revoke.title'),
      message: t('usage.revoke.message'),
      confirmLabel: t('usage.revoke.confirm'),
      cancelLabel: t('usage.revoke.cancel'),
      danger: true,
    });
    if (!confirmed) return;
    this.busy = true;
    try {
      await api.activation.revokeTerms(usage.version);
      host.notify({ kind: 'info', text: t('usage.revoke.done') });
      this.emit('mdr-activation-changed');
    } catch (error) {
      this.fail(error);
      void this.usage.run();
    } finally {
      this.busy = false;
    }
  }

  /**
   * *Enter a new activation code* (help topic *Providing a new activation code*, steps 2–3): "In the
   * notification message window, click the OK button. The start screen … is displayed."
   */
  private async requestNewCode(): Promise<void> {
    const host = this.host;
    if (!host) return;
    const confirmed = await host.confirm({
      title: t('usage.newCodeNotice.title'),
      message: t('usage.newCodeNotice.message'),
      confirmLabel: t('usage.newCodeNotice.ok'),
      cancelLabel: t('usage.newCodeNotice.cancel'),
    });
    if (!confirmed) return;
    this.emit('mdr-activation-request', { mode: 'newCode' });
  }

  private readonly usage = new Task(this, {
    task: async ([api], { signal }) => (api ? api.usage.get(signal) : undefined),
    args: () => [this.api] as const,
  });

  override render() {
    return html`
      <section class="card">
        <h3>${t('connection.title')}</h3>
        <mdr-connection-status></mdr-connection-status>
      </section>
      ${this.usage.render({
        pending: () => html`<mdr-state-view state="loading"></mdr-state-view>`,
        error: (error) => html`<mdr-state-view state="error" .error=${error} @mdr-retry=${() => this.usage.run()}></mdr-state-view>`,
        complete: (usage) => (usage ? this.renderUsage(usage) : nothing),
      })}
    `;
  }

  /** Several licenses (help, What's new 02/24/2025): each with its assets and limit, and whether it is current, unused or expired. */
  private renderLicenses(usage: Usage) {
    const tones = { current: 'success', unused: 'neutral', expired: 'danger' } as const;
    return html`<ul class="licenses" aria-label=${t('usage.licenses')}>
      ${(usage.licenses ?? []).map((each) => {
        const over = each.connectedAssets > each.assetLimit;
        return html`<li data-license=${each.id}>
          <mdr-status-badge tone=${tones[each.use]} label=${t(`usage.licenseUse.${each.use}`)}></mdr-status-badge>
          ${licenseDisplayName(each)} ·
          ${usageMeter({ connected: each.connectedAssets, limit: each.assetLimit, label: t('usage.assetsOfLimit', { connected: formatNumber(each.connectedAssets), limit: formatNumber(each.assetLimit) }) })}
          <span class=${over ? 'over' : ''}>${t('usage.assetsOfLimit', { connected: formatNumber(each.connectedAssets), limit: formatNumber(each.assetLimit) })}</span>
          · ${t(each.use === 'expired' ? 'usage.expired' : 'usage.expires', { date: formatDate(each.expirationDate) })}
        </li>`;
      })}
    </ul>`;
  }

  /**
   * The accepted agreements, each opening whole in a new window (help topic *About the MDR Agreement*:
   * "You can view the MDR Agreement … By clicking the Terms of using the MDR solution link in the
   * Terms of using the MDR solution block"), and the KSN Statement accepted with them.
   */
  private renderAcceptedAgreements(usage: Usage) {
    const api = this.api;
    const ids: AgreementId[] = [...(usage.terms.agreements ?? []), ...(usage.terms.ksnStatementAcceptedOn ? (['ksnStatement'] as const) : [])];
    if (!api || ids.length === 0) return nothing;
    return html`<ul class="agreements" aria-label=${t('usage.acceptedAgreements')}>
      ${ids.map(
        (id) => html`<li>
          <a data-agreement=${id} href=${api.usage.acceptedAgreementUrl(id)} target="_blank" rel="noopener noreferrer">${t(`activation.agreements.${id}`)}</a>
        </li>`,
      )}
    </ul>`;
  }

  /**
   * The KPSN block, in the help's words: *Using MDR Plug-in functions on a virtual Administration Server*
   * ("the KPSN section contains the correct status and version of the KPSN configuration file … To send
   * telemetry data to the Kaspersky MDR infrastructure, the KPSN configuration file with version {{version}}
   * is used. If the file status or version is incorrect, please contact Technical Support") and *Periodic
   * update of KSN configuration files* ("If a new version of the KSN configuration file is available, you
   * can use a button to update the KSN configuration file").
   */
  private renderKpsn(usage: Usage) {
    const { ksn } = usage;
    return html`<dt>${t('usage.kpsn.title')}</dt>
      <dd data-testid="kpsn">
        <mdr-status-badge tone=${ksn.status === 'upToDate' ? 'success' : 'warning'} label=${t(`usage.ksnStatus.${ksn.status}`)}></mdr-status-badge>
        ${ksn.status === 'disabled'
          ? html`<span>${t('usage.kpsn.disabled')}</span>`
          : ksn.installedVersion
            ? html`<span>${t('usage.kpsn.inUse', { version: ksn.installedVersion })}</span>`
            : nothing}
        ${ksn.updateAvailable && ksn.latestVersion
          ? html`<div>
              <span>${t('usage.kpsn.newVersion', { version: ksn.latestVersion })}</span>
              <button
                id="ksn-update"
                ?disabled=${this.busy || !this.mayUpdateKsn}
                aria-describedby=${this.mayUpdateKsn ? nothing : 'ksn-update-read-only'}
                @click=${() => this.updateKsn(usage)}
              >
                ${t('usage.ksnUpdate')}
              </button>
              ${this.mayUpdateKsn ? nothing : readOnlyHint('ksn-update-read-only', t('usage.ksnUpdateReadOnly', { right: t('access.rights.applicationIntegration') }))}
            </div>`
          : nothing}
        <div class="muted">${t('usage.kpsn.check')}</div>
      </dd>`;
  }

  private renderUsage(usage: Usage) {
    const active = usage.activation.status === 'active';
    const license = usage.license;
    const over = license !== null && license.connectedAssets > license.assetLimit;
    return html`
      <section class="card" data-testid="usage">
        <h2>${t('usage.title')}</h2>
        <dl class="properties">
          <dt>${t('usage.organization')}</dt>
          <dd>${usage.organization.name}</dd>
          <dt>${t('usage.activationStatus')}</dt>
          <dd>
            <mdr-status-badge tone=${active ? 'success' : 'danger'} label=${t(`usage.activation.${usage.activation.status}`)}></mdr-status-badge>
            ${usage.activation.activatedOn ? html`<span class="muted">${t('usage.activatedOn', { date: formatDate(usage.activation.activatedOn) })}</span>` : nothing}
          </dd>
          <dt>${t('usage.license')}</dt>
          <dd>
            ${(usage.licenses?.length ?? 0) > 1
              ? this.renderLicenses(usage)
              : license
                ? html`${licenseDisplayName(license)} ·
                    ${usageMeter({ connected: license.connectedAssets, limit: license.assetLimit, label: t('usage.assetsOfLimit', { connected: formatNumber(license.connectedAssets), limit: formatNumber(license.assetLimit) }) })}
                    <span class=${over ? 'over' : ''}
                      >${t('usage.assetsOfLimit', { connected: formatNumber(license.connectedAssets), limit: formatNumber(license.assetLimit) })}</span
                    >
                    · ${t('usage.expires', { date: formatDate(license.expirationDate) })}`
                : t('usage.noLicense')}
            ${this.mayChangeActivation && active
              ? html`<div><button id="new-code" class="link" ?disabled=${this.busy} @click=${() => this.requestNewCode()}>${t('usage.newCode')}</button></div>`
              : nothing}
          </dd>
          ${usage.region.code
            ? html`<dt>${t('usage.region')}</dt>
                <dd>${t(`regions.${usage.region.code}`)}</dd>`
            : nothing}
          ${usage.region.telemetryLocation
            ? html`<dt>${t('usage.telemetryLocation')}</dt>
                <dd>${t(`telemetryLocations.${usage.region.telemetryLocation}`)}</dd>`
            : nothing}
          ${this.renderKpsn(usage)}
          <dt>${t('usage.terms')}</dt>
          <dd>
            ${usage.terms.acceptedOn ? t('usage.termsAcceptedOn', { date: formatDate(usage.terms.acceptedOn) }) : t('usage.termsNotAccepted')}
            ${this.renderAcceptedAgreements(usage)}
            ${this.mayChangeActivation && active && usage.terms.acceptedOn
              ? html`<div><button id="revoke" ?disabled=${this.busy} @click=${() => this.revoke(usage)}>${t('usage.revoke.button')}</button></div>`
              : nothing}
          </dd>
          ${usage.customIncidents
            ? html`<dt>${t('usage.customIncidents')}</dt>
                <dd>
                  ${t('usage.customIncidentsRemaining', {
                    remaining: formatNumber(usage.customIncidents.remaining),
                    total: formatNumber(usage.customIncidents.total),
                  })}
                </dd>`
            : usage.license
              ? // Help, *Creating custom incidents in MDR Web Console*: "not available in some of the commercial license tiers".
                html`<dt>${t('usage.customIncidents')}</dt>
                  <dd id="custom-incidents-not-in-tier">${t('usage.customIncidentsNotInTier', { tier: t('licenses.tierName', { tier: t(`licenses.tiers.${usage.license.tier}`) }) })}</dd>`
              : nothing}
        </dl>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-usage-tab': MdrUsageTab;
  }
}

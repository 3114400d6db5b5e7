import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task } from '@lit/task';
import { getUsage, type Usage } from '../../api/usage.ts';
import { hostContext, type MdrHost } from '../../context.ts';
import { LocalizeController, formatDate, formatNumber, t } from '../../i18n.ts';
import { sharedStyles } from '../../components/shared-styles.ts';
import '../../components/mdr-state-view.ts';
import '../../components/mdr-status-badge.ts';
import '../../components/mdr-connection-status.ts';

/** *MDR Usage*: activation, license usage, region, KSN configuration file, terms, custom incidents. */
@customElement('mdr-usage-tab')
export class MdrUsageTab extends LitElement {
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
    `,
  ];

  @consume({ context: hostContext, subscribe: true })
  @state()
  host?: MdrHost;

  private readonly localize = new LocalizeController(this);

  private readonly usage = new Task(this, {
    task: async ([http], { signal }) => (http ? getUsage(http, signal) : undefined),
    args: () => [this.host?.http] as const,
  });

  override render() {
    void this.localize;
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
            ${license
              ? html`${license.name} ·
                  <span class=${over ? 'over' : ''}
                    >${t('usage.assetsOfLimit', { connected: formatNumber(license.connectedAssets), limit: formatNumber(license.assetLimit) })}</span
                  >
                  · ${t('usage.expires', { date: formatDate(license.expirationDate) })}`
              : t('usage.noLicense')}
          </dd>
          ${usage.region.code
            ? html`<dt>${t('usage.region')}</dt>
                <dd>${t(`regions.${usage.region.code}`)}</dd>`
            : nothing}
          ${usage.region.telemetryLocation
            ? html`<dt>${t('usage.telemetryLocation')}</dt>
                <dd>${t(`telemetryLocations.${usage.region.telemetryLocation}`)}</dd>`
            : nothing}
          <dt>${t('usage.ksnFile')}</dt>
          <dd>
            <mdr-status-badge
              tone=${usage.ksn.status === 'upToDate' ? 'success' : 'warning'}
              label=${t(`usage.ksnStatus.${usage.ksn.status}`)}
            ></mdr-status-badge>
            ${usage.ksn.installedVersion ? html`<span>${t('usage.ksnVersion', { version: usage.ksn.installedVersion })}</span>` : nothing}
            ${usage.ksn.updateAvailable && usage.ksn.latestVersion
              ? html`<span class="muted">${t('usage.ksnLatest', { version: usage.ksn.latestVersion })}</span>`
              : nothing}
          </dd>
          <dt>${t('usage.terms')}</dt>
          <dd>${usage.terms.acceptedOn ? t('usage.termsAcceptedOn', { date: formatDate(usage.terms.acceptedOn) }) : t('usage.termsNotAccepted')}</dd>
          ${usage.customIncidents
            ? html`<dt>${t('usage.customIncidents')}</dt>
                <dd>
                  ${t('usage.customIncidentsRemaining', {
                    remaining: formatNumber(usage.customIncidents.remaining),
                    total: formatNumber(usage.customIncidents.total),
                  })}
                </dd>`
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

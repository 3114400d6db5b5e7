import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { ContextConsumer } from '@lit/context';
import { Task } from '@lit/task';
import { getAssetsSummary, type AssetsSummary } from '../api/dashboard.ts';
import { hasRights, hostContext, type MdrHost, type RightId } from '../context.ts';
import { LocalizeController, formatNumber, setLocaleBaseUrl, t, useLanguage } from '../i18n.ts';
import { sharedStyles } from '../components/shared-styles.ts';
import '../components/mdr-state-view.ts';

/** Statuses in the order the chart shows them, with the colour of each bar. */
const statuses = [
  { key: 'ok', color: '#2e7d32' },
  { key: 'warning', color: '#f9a825' },
  { key: 'critical', color: '#c62828' },
  { key: 'absent', color: '#78909c' },
] as const;

/** What the widget needs to show anything (the same as the manifest declares for it). */
const requiredRights: readonly RightId[] = ['incidentAccess'];

/**
 * The dashboard widget *MDR assets by status*: a bar per asset status with its count. Stands alone
 * outside `<mdr-section>`, so it loads the plug-in's strings itself. The host comes through
 * `@lit/context` or the `host` property.
 */
@customElement('mdr-assets-widget')
export class MdrAssetsWidget extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      h2 {
        font-size: 1.1rem;
        margin: 0 0 12px;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 8px;
      }
      li {
        display: grid;
        grid-template-columns: 8em 1fr 5em;
        align-items: center;
        gap: 8px;
      }
      .track {
        background: #eceff1;
        border-radius: 3px;
        height: 14px;
        overflow: hidden;
      }
      .bar {
        display: block;
        height: 100%;
      }
      .count {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      .total {
        margin: 12px 0 0;
      }
    `,
  ];

  /** The host contract as a plain object, for hosts that do not use `@lit/context`. */
  @property({ attribute: false }) host?: MdrHost;
  @state() private languageReady = false;

  private readonly localize = new LocalizeController(this);
  private readonly consumer = new ContextConsumer(this, { context: hostContext, subscribe: true, callback: () => this.hostChanged() });
  private appliedLanguage = '';

  private get effectiveHost(): MdrHost | undefined {
    return this.host ?? this.consumer.value;
  }

  private readonly summary = new Task(this, {
    task: async ([http, shown], { signal }) => (http && shown ? getAssetsSummary(http, signal) : undefined),
    // Nothing is asked of the server for a user who does not see the widget.
    args: () => [this.effectiveHost?.http, this.isShown(this.effectiveHost)] as const,
  });

  private isShown(host: MdrHost | undefined): host is MdrHost {
    return host !== undefined && host.showMdrFeatures && hasRights(host, requiredRights);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('host')) this.hostChanged();
  }

  private hostChanged(): void {
    const host = this.effectiveHost;
    if (!host) return;
    if (host.localeBaseUrl) setLocaleBaseUrl(host.localeBaseUrl);
    if (host.language !== this.appliedLanguage) {
      this.appliedLanguage = host.language;
      void useLanguage(host.language).then(() => (this.languageReady = true));
    }
    this.requestUpdate();
  }

  override render() {
    void this.localize;
    const host = this.effectiveHost;
    // The widget is absent, like the section, when MDR features are off or the rights do not allow it.
    if (!this.isShown(host)) return nothing;
    if (!this.languageReady) return html`<div aria-busy="true"></div>`;
    return html`<section class="card" aria-labelledby="title">
      <h2 id="title">${t('widget.assetsByStatus.title')}</h2>
      ${this.summary.render({
        pending: () => html`<mdr-state-view state="loading"></mdr-state-view>`,
        error: (error) => html`<mdr-state-view state="error" .error=${error} @mdr-retry=${() => this.summary.run()}></mdr-state-view>`,
        complete: (summary) => (summary ? this.renderChart(summary) : nothing),
      })}
    </section>`;
  }

  private renderChart(summary: AssetsSummary) {
    if (summary.total === 0) return html`<mdr-state-view state="empty" empty-key="widget.assetsByStatus.empty"></mdr-state-view>`;
    const largest = Math.max(...statuses.map((status) => summary[status.key]), 1);
    return html`<ul aria-label=${t('widget.assetsByStatus.chartLabel')}>
        ${statuses.map((status) => {
          const count = summary[status.key];
          const label = t(`widget.assetsByStatus.status.${status.key}`);
          return html`<li data-status=${status.key}>
            <span>${label}</span>
            <span class="track" role="img" aria-label=${t('widget.assetsByStatus.barLabel', { status: label, count, formatted: formatNumber(count) })}>
              <span class="bar" style=${styleMap({ width: `${(count / largest) * 100}%`, background: status.color })}></span>
            </span>
            <span class="count">${formatNumber(count)}</span>
          </li>`;
        })}
      </ul>
      <p class="total">${t('widget.assetsByStatus.total', { count: summary.total, formatted: formatNumber(summary.total) })}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-assets-widget': MdrAssetsWidget;
  }
}

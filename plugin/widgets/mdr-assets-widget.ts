import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { ContextConsumer } from '@lit/context';
import { Task } from '@lit/task';
import type { AssetsSummary } from '../api/dashboard.ts';
import { mdrApiFor, type MdrApi } from '../api/mdr-api.ts';
import { toApiError } from '../api/errors.ts';
import { hasRights, hostContext, type MdrHost, type RightId } from '../context.ts';
import { LocalizeController, formatNumber, setLocaleBaseUrl, t, useLanguage } from '../i18n.ts';
import { sharedStyles } from '../components/shared-styles.ts';
import '../components/mdr-state-view.ts';
import { mdrAssetsWidgetStyles } from './mdr-assets-widget.styles.ts';

/** Statuses in the order the chart shows them, with the colour of each bar. */
const statuses = [
  { key: 'ok', color: 'var(--_chart-ok)' },
  { key: 'warning', color: 'var(--_chart-warning)' },
  { key: 'critical', color: 'var(--_chart-critical)' },
  { key: 'absent', color: 'var(--_chart-absent)' },
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
    mdrAssetsWidgetStyles,
  ];

  /** The host contract as a plain object, for hosts that do not use `@lit/context`. */
  @property({ attribute: false }) host?: MdrHost;
  @state() private languageReady = false;
  /** *Filter by tenant*: the tenants whose assets are counted (none: all), kept per user in this browser. */
  @state() private tenantIds: string[] = [];
  @state() private filterOpen = false;
  @state() private draft: string[] = [];
  private filterLoadedFor?: string;

  private readonly localize = new LocalizeController(this);
  private readonly consumer = new ContextConsumer(this, { context: hostContext, subscribe: true, callback: () => this.hostChanged() });
  private appliedLanguage = '';

  private get effectiveHost(): MdrHost | undefined {
    return this.host ?? this.consumer.value;
  }

  /** The widget stands alone: it makes its own client from the host's `http`. */
  private apiClient?: MdrApi;

  private get api(): MdrApi | undefined {
    const host = this.effectiveHost;
    this.apiClient = host ? mdrApiFor(host.http, this.apiClient) : undefined;
    return this.apiClient;
  }

  private readonly summary = new Task(this, {
    task: async ([api, shown, tenantIds], { signal }) => {
      if (!api || !shown) return undefined;
      try {
        return await api.dashboard.assetsSummary(tenantIds, signal);
      } catch (error) {
        // A saved choice naming a tenant that is gone or out of reach: count all tenants again.
        // The changed choice runs the task again.
        if (tenantIds.length > 0 && toApiError(error).details.field === 'tenantIds') {
          this.saveFilter([]);
          return undefined;
        }
        throw error;
      }
    },
    // Nothing is asked of the server for a user who does not see the widget.
    args: () => [this.api, this.isShown(this.effectiveHost), this.tenantIds] as const,
  });

  private get storageKey(): string | undefined {
    const user = this.effectiveHost?.user.id;
    return user ? `mdr-plugin.assets-widget.tenants.${user}` : undefined;
  }

  private loadFilter(): void {
    const key = this.storageKey;
    if (!key || key === this.filterLoadedFor) return;
    this.filterLoadedFor = key;
    try {
      const saved: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
      this.tenantIds = Array.isArray(saved) ? saved.filter((id): id is string => typeof id === 'string') : [];
    } catch {
      this.tenantIds = [];
    }
  }

  private saveFilter(tenantIds: string[]): void {
    this.tenantIds = tenantIds;
    const key = this.storageKey;
    if (!key) return;
    try {
      if (tenantIds.length > 0) localStorage.setItem(key, JSON.stringify(tenantIds));
      else localStorage.removeItem(key);
    } catch {
      // Storage refused (private mode, quota): the choice lasts until the page is left.
    }
  }

  private isShown(host: MdrHost | undefined): host is MdrHost {
    return host !== undefined && host.showMdrFeatures && hasRights(host, requiredRights);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('host')) this.hostChanged();
  }

  private hostChanged(): void {
    const host = this.effectiveHost;
    if (!host) return;
    this.loadFilter();
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
    const options = this.summary.value?.tenantOptions;
    const offered = options && (options.tenants.length > 0 || this.tenantIds.length > 0);
    return html`<section class="card" aria-labelledby="title">
      <div class="head">
        <h2 id="title">${t('widget.assetsByStatus.title')}</h2>
        ${offered
          ? html`<button id="tenant-filter" aria-expanded=${this.filterOpen ? 'true' : 'false'} aria-controls="tenant-choice" @click=${this.toggleFilter}>
              ${t('widget.assetsByStatus.filter.button')}
            </button>`
          : nothing}
      </div>
      ${this.filterOpen && options ? this.renderFilter(options) : nothing}
      <p class="muted" id="tenant-filter-state">
        ${this.tenantIds.length > 0
          ? t('widget.assetsByStatus.filter.chosen', { count: this.tenantIds.length, formatted: formatNumber(this.tenantIds.length) })
          : offered
            ? t('widget.assetsByStatus.filter.all')
            : nothing}
      </p>
      ${this.summary.render({
        pending: () => html`<mdr-state-view state="loading"></mdr-state-view>`,
        error: (error) => html`<mdr-state-view state="error" .error=${error} @mdr-retry=${() => this.summary.run()}></mdr-state-view>`,
        complete: (summary) => (summary ? this.renderChart(summary) : nothing),
      })}
    </section>`;
  }

  private toggleFilter(): void {
    this.filterOpen = !this.filterOpen;
    this.draft = [...this.tenantIds];
  }

  private renderFilter(options: AssetsSummary['tenantOptions']) {
    const choices = [...(options.root ? [{ id: 'root', name: t('widget.assetsByStatus.filter.root') }] : []), ...options.tenants];
    const toggle = (id: string, on: boolean) => {
      const chosen = new Set(this.draft);
      if (on) chosen.add(id);
      else chosen.delete(id);
      this.draft = choices.map((choice) => choice.id).filter((choiceId) => chosen.has(choiceId));
    };
    return html`<fieldset id="tenant-choice" aria-describedby="tenant-choice-hint">
      <legend>${t('widget.assetsByStatus.filter.title')}</legend>
      <span class="muted" id="tenant-choice-hint">${t('widget.assetsByStatus.filter.hint')}</span>
      ${choices.map(
        (choice) => html`<label>
          <input type="checkbox" value=${choice.id} .checked=${this.draft.includes(choice.id)} @change=${(event: Event) => toggle(choice.id, (event.target as HTMLInputElement).checked)} />
          ${choice.name}
        </label>`,
      )}
      <div class="filter-actions">
        <button
          class="primary"
          id="tenant-filter-save"
          @click=${() => {
            this.saveFilter(this.draft);
            this.filterOpen = false;
          }}
        >
          ${t('widget.assetsByStatus.filter.save')}
        </button>
        <button @click=${() => (this.filterOpen = false)}>${t('widget.assetsByStatus.filter.cancel')}</button>
      </div>
    </fieldset>`;
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

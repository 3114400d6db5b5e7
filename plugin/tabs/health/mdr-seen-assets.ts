import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task } from '@lit/task';
import { ASSET_STATUSES, type AssetStatus, type SeenAsset } from '../../api/health.ts';
import { apiContext } from '../../context.ts';
import type { MdrApi } from '../../api/mdr-api.ts';
import { LocalizeController, formatDate, t } from '../../i18n.ts';
import { sharedStyles } from '../../components/shared-styles.ts';
import { describedBy, formField, formFieldStyles } from '../../components/form-field.ts';
import type { DataTableColumn } from '../../components/mdr-data-table.ts';
import { healthListStyles } from './health-styles.ts';
import '../../components/mdr-data-table.ts';
import { TablePosition } from '../../components/table-position.ts';
import { renderHealthExport, renderHealthTable } from './health-table.ts';
import { BusyActions } from '../../components/busy-actions.ts';
import '../../components/mdr-state-view.ts';
import '../../components/mdr-status-badge.ts';

const HOUR = 3_600_000;
/** Last-seen presets, as how far back they reach. */
const PERIODS: Record<string, number | null> = { any: null, last24Hours: 24 * HOUR, last7Days: 7 * 24 * HOUR, last30Days: 30 * 24 * HOUR, custom: null };
const TONES: Record<AssetStatus, 'success' | 'warning' | 'danger' | 'neutral'> = { ok: 'success', warning: 'warning', critical: 'danger', absent: 'neutral' };
const SEARCH_DELAY_MS = 300;

/** Start of a `yyyy-mm-dd` day in local time, in epoch ms (null when empty or invalid). */
function dayStart(value: string): number | null {
  if (!value) return null;
  const time = new Date(`${value}T00:00:00`).getTime();
  return Number.isNaN(time) ? null : time;
}

/**
 * *All assets ever seen*: every asset that sent telemetry, with its status, problems of the last 72
 * hours and telemetry loss; sorted, filtered and searched on the server, exported to CSV.
 */
@customElement('mdr-seen-assets')
export class MdrSeenAssets extends LitElement {
  static override styles = [sharedStyles, formFieldStyles, healthListStyles];

  @consume({ context: apiContext, subscribe: true })
  @state()
  api?: MdrApi;

  @state() private statuses: AssetStatus[] = [];
  @state() private period = 'any';
  @state() private customFrom = '';
  @state() private customTo = '';
  @state() private search = '';
  private readonly position = new TablePosition<string>(this, { sort: 'hostName', direction: 'asc' });
  private readonly busy = new BusyActions(this);

  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly localize = new LocalizeController(this);

  private get periodError(): string | undefined {
    if (this.period !== 'custom') return undefined;
    const from = dayStart(this.customFrom);
    const to = dayStart(this.customTo);
    if (from !== null && to !== null && to < from) return t('health.assets.periodReversed');
    return undefined;
  }

  /** The last-seen bounds in force; undefined while the custom period is invalid. */
  private get lastSeen(): { from?: number; to?: number } | undefined {
    if (this.periodError) return undefined;
    if (this.period === 'custom') {
      const from = dayStart(this.customFrom);
      const to = dayStart(this.customTo);
      return { from: from ?? undefined, to: to === null ? undefined : to + 24 * HOUR - 1 };
    }
    const reach = PERIODS[this.period];
    // Rounded to the minute so that re-renders do not change the query.
    return reach ? { from: Math.floor((Date.now() - reach) / 60_000) * 60_000 } : {};
  }

  private readonly list = new Task(this, {
    task: async ([api, statuses, from, to, search, sort, direction, page, pageSize, valid], { signal }) =>
      api && valid ? api.health.seenAssets({ statuses, lastSeenFrom: from, lastSeenTo: to, search, sort, direction, page, pageSize }, signal) : undefined,
    args: () => {
      const bounds = this.lastSeen;
      return [this.api, this.statuses, bounds?.from, bounds?.to, this.search, this.position.sort, this.position.direction, this.position.page, this.position.pageSize, bounds !== undefined] as const;
    },
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.searchTimer);
  }

  private onSearchInput(value: string): void {
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      this.search = value;
      this.position.page = 1;
    }, SEARCH_DELAY_MS);
  }

  private toggleStatus(status: AssetStatus, on: boolean): void {
    this.statuses = on ? ASSET_STATUSES.filter((s) => s === status || this.statuses.includes(s)) : this.statuses.filter((s) => s !== status);
    this.position.page = 1;
  }

  private get columns(): DataTableColumn<SeenAsset>[] {
    return [
      { id: 'hostName', label: t('health.assets.columns.hostName'), sortable: true },
      {
        id: 'status',
        label: t('health.assets.columns.status'),
        sortable: true,
        render: (row) => html`<mdr-status-badge tone=${TONES[row.status]} label=${t(`health.assets.status.${row.status}`)}></mdr-status-badge>`,
      },
      {
        id: 'problems',
        label: t('health.assets.columns.problems'),
        render: (row) => (row.problems.length ? row.problems.map((problem) => t(`health.assets.problems.${problem.code}`)).join(', ') : '—'),
      },
      {
        id: 'telemetryLoss',
        label: t('health.assets.columns.telemetryLoss'),
        sortable: true,
        render: (row) => (row.telemetryLoss ? html`<mdr-status-badge tone="danger" .label=${t('health.yes')}></mdr-status-badge>` : t('health.no')),
      },
      { id: 'lastSeen', label: t('health.assets.columns.lastSeen'), sortable: true, render: (row) => formatDate(row.lastSeen, 'dateTime') },
      { id: 'firstSeen', label: t('health.assets.columns.firstSeen'), sortable: true, render: (row) => formatDate(row.firstSeen, 'dateTime') },
      { id: 'domain', label: t('health.assets.columns.domain'), sortable: true },
      { id: 'osVersion', label: t('health.assets.columns.osVersion'), sortable: true },
      { id: 'products', label: t('health.assets.columns.products'), sortable: true, render: (row) => row.products.join(', ') },
    ];
  }

  override render() {
    void this.localize;
    const api = this.api;
    const bounds = this.lastSeen;
    const periodError = this.periodError;
    return html`
      <div class="toolbar">
        <label
          >${t('health.assets.search')}
          <input id="search" type="search" maxlength="255" .value=${this.search} @input=${(event: Event) => this.onSearchInput((event.target as HTMLInputElement).value)} />
        </label>
        <fieldset>
          <legend>${t('health.assets.columns.status')}</legend>
          ${ASSET_STATUSES.map(
            (status) => html`<label
              ><input
                type="checkbox"
                name="status"
                value=${status}
                .checked=${this.statuses.includes(status)}
                @change=${(event: Event) => this.toggleStatus(status, (event.target as HTMLInputElement).checked)}
              />${t(`health.assets.status.${status}`)}</label
            >`,
          )}
        </fieldset>
        <label
          >${t('health.assets.period')}
          <select
            id="period"
            @change=${(event: Event) => {
              this.period = (event.target as HTMLSelectElement).value;
              this.position.page = 1;
            }}
          >
            ${Object.keys(PERIODS).map((period) => html`<option value=${period} ?selected=${this.period === period}>${t(`health.assets.periods.${period}`)}</option>`)}
          </select>
        </label>
        ${this.period === 'custom'
          ? html`${formField(
              { id: 'from', label: t('health.assets.from') },
              html`<input id="from" type="date" .value=${this.customFrom} @change=${(event: Event) => ((this.customFrom = (event.target as HTMLInputElement).value), (this.position.page = 1))} />`,
            )}
            ${formField(
              { id: 'to', label: t('health.assets.to'), error: periodError },
              html`<input
                id="to"
                type="date"
                aria-invalid=${periodError ? 'true' : 'false'}
                aria-describedby=${describedBy({ id: 'to', error: periodError })}
                .value=${this.customTo}
                @change=${(event: Event) => ((this.customTo = (event.target as HTMLInputElement).value), (this.position.page = 1))}
              />`,
            )}`
          : nothing}
        ${api && bounds
          ? renderHealthExport(this.busy, () =>
              api.health.exportSeenAssets({ statuses: this.statuses, lastSeenFrom: bounds.from, lastSeenTo: bounds.to, search: this.search, sort: this.position.sort, direction: this.position.direction }),
            )
          : nothing}
      </div>
      ${this.list.render({
        pending: () => this.renderTable(this.list.value, true),
        error: (error) => html`<mdr-state-view state="error" .error=${error} @mdr-retry=${() => this.list.run()}></mdr-state-view>`,
        complete: (page) => this.renderTable(page, false),
      })}
    `;
  }

  private renderTable(page: { items: SeenAsset[]; total: number } | undefined, loading: boolean) {
    return renderHealthTable({ page, loading, countKey: 'health.assets.count', label: t('health.views.seen'), columns: this.columns, position: this.position });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-seen-assets': MdrSeenAssets;
  }
}

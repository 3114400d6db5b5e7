import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ASSET_STATUSES, type AssetStatus, type Page, type SeenAsset } from '../../api/health.ts';
import { codeText, formatDate, t } from '../../i18n.ts';
import { sharedStyles } from '../../components/shared-styles.ts';
import { describedBy, formField, formFieldStyles } from '../../components/form-field.ts';
import type { DataTableColumn } from '../../components/mdr-data-table.ts';
import { healthListStyles } from './health-styles.ts';
import '../../components/mdr-data-table.ts';
import { ListController } from '../../components/list-controller.ts';
import { renderHealthExport, renderHealthList, renderSetFilter } from './health-table.ts';
import { BusyActions } from '../../components/busy-actions.ts';
import '../../components/mdr-state-view.ts';
import '../../components/mdr-status-badge.ts';
import { MdrElement } from '../../components/mdr-element.ts';

const HOUR = 3_600_000;
/** Last-seen presets, as how far back they reach. */
/** The *Last seen* periods of the filter. */
type Period = 'any' | 'last24Hours' | 'last7Days' | 'last30Days' | 'custom';

const PERIODS: Record<Period, number | null> = { any: null, last24Hours: 24 * HOUR, last7Days: 7 * 24 * HOUR, last30Days: 30 * 24 * HOUR, custom: null };
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
export class MdrSeenAssets extends MdrElement {
  static override styles = [sharedStyles, formFieldStyles, healthListStyles];

  @state() private statuses: AssetStatus[] = [];
  @state() private period: Period = 'any';
  @state() private customFrom = '';
  @state() private customTo = '';
  @state() private search = '';
  private readonly busy = new BusyActions(this);

  private searchTimer: ReturnType<typeof setTimeout> | undefined;

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

  private readonly list = new ListController<Page<SeenAsset>>(this, {
    sort: 'hostName',
    direction: 'asc',
    load: async (api, query, signal) => {
      const bounds = this.lastSeen;
      return bounds ? api.health.seenAssets({ ...query, statuses: this.statuses, lastSeenFrom: bounds.from, lastSeenTo: bounds.to, search: this.search }, signal) : undefined;
    },
    filters: () => {
      const bounds = this.lastSeen;
      return [this.statuses, bounds?.from, bounds?.to, this.search, bounds !== undefined];
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
      this.list.firstPage();
    }, SEARCH_DELAY_MS);
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
        render: (row) => (row.problems.length ? row.problems.map((problem) => codeText('health.assets.problems', problem.code)).join(', ') : '—'),
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
    const api = this.api;
    const bounds = this.lastSeen;
    const periodError = this.periodError;
    return html`
      <div class="toolbar">
        <label
          >${t('health.assets.search')}
          <input id="search" type="search" maxlength="255" .value=${this.search} @input=${(event: Event) => this.onSearchInput((event.target as HTMLInputElement).value)} />
        </label>
        ${renderSetFilter({
          legend: t('health.assets.columns.status'),
          name: 'status',
          all: ASSET_STATUSES,
          chosen: this.statuses,
          label: (status) => t(`health.assets.status.${status}`),
          onChange: (statuses) => {
            this.statuses = statuses;
            this.list.firstPage();
          },
        })}
        <label
          >${t('health.assets.period')}
          <select
            id="period"
            @change=${(event: Event) => {
              this.period = (event.target as HTMLSelectElement).value as Period;
              this.list.firstPage();
            }}
          >
            ${(Object.keys(PERIODS) as Period[]).map((period) => html`<option value=${period} ?selected=${this.period === period}>${t(`health.assets.periods.${period}`)}</option>`)}
          </select>
        </label>
        ${this.period === 'custom'
          ? html`${formField(
              { id: 'from', label: t('health.assets.from') },
              html`<input id="from" type="date" .value=${this.customFrom} @change=${(event: Event) => ((this.customFrom = (event.target as HTMLInputElement).value), this.list.firstPage())} />`,
            )}
            ${formField(
              { id: 'to', label: t('health.assets.to'), error: periodError },
              html`<input
                id="to"
                type="date"
                aria-invalid=${periodError ? 'true' : 'false'}
                aria-describedby=${describedBy({ id: 'to', error: periodError })}
                .value=${this.customTo}
                @change=${(event: Event) => ((this.customTo = (event.target as HTMLInputElement).value), this.list.firstPage())}
              />`,
            )}`
          : nothing}
        ${api && bounds
          ? renderHealthExport(this.busy, () =>
              api.health.exportSeenAssets({ statuses: this.statuses, lastSeenFrom: bounds.from, lastSeenTo: bounds.to, search: this.search, sort: this.list.position.sort, direction: this.list.position.direction }),
            )
          : nothing}
      </div>
      ${renderHealthList(this.list, { countKey: 'health.assets.count', label: t('health.views.seen'), columns: this.columns })}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-seen-assets': MdrSeenAssets;
  }
}

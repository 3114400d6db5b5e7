import { html, nothing } from 'lit';
import { formatNumber, t } from '../../i18n.ts';
import type { DataTableColumn } from '../../components/mdr-data-table.ts';
import type { TablePosition } from '../../components/table-position.ts';
import '../../components/mdr-data-table.ts';

/**
 * A list of *MDR Health*: the count of what matches the filters (announced when it changes), then
 * the table, which stays in place with no rows when nothing matches so the filters remain usable.
 */
export function renderHealthTable<Row>(options: {
  page: { items: Row[]; total: number } | undefined;
  loading: boolean;
  countKey: string;
  label: string;
  columns: DataTableColumn<Row>[];
  position: TablePosition;
}): unknown {
  const { page, position } = options;
  const count = page
    ? html`<p class="muted" data-testid="count" aria-live="polite">${t(options.countKey, { count: page.total, formatted: formatNumber(page.total) })}</p>`
    : nothing;
  return html`${count}
    <mdr-data-table
      label=${options.label}
      .columns=${options.columns}
      .rows=${page?.items ?? []}
      .total=${page?.total ?? 0}
      .page=${position.page}
      .pageSize=${position.pageSize}
      sort=${position.sort}
      direction=${position.direction}
      ?loading=${options.loading}
      @mdr-sort-change=${position.onSortChange}
      @mdr-page-change=${position.onPageChange}
    ></mdr-data-table>`;
}

import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatNumber, t } from '../i18n.ts';
import { sharedStyles } from './shared-styles.ts';
import { mdrDataTableStackedStyles, mdrDataTableStyles, type StackBelow } from './mdr-data-table.styles.ts';
import { MdrElement } from './mdr-element.ts';

/** A column of {@link MdrDataTable}. */
export interface DataTableColumn<Row> {
  /** Sort key sent to the server; also the column's id. */
  id: string;
  /** Header text, already localized. */
  label: string;
  /** Whether the server can sort by this column. */
  sortable?: boolean;
  /** Cell content; the row's property named `id` when absent. */
  render?: (row: Row) => TemplateResult | string | number | typeof nothing;
  /** Right-aligned numbers. */
  numeric?: boolean;
  /** Extra classes of a cell, e.g. `danger` for a value the user must notice (red, bold). */
  cellClass?: (row: Row) => string;
}

export type SortDirection = 'asc' | 'desc';

/**
 * A table whose sorting and paging happen on the server: it shows one page and asks for others.
 * Header buttons sort (aria-sort tells the order); the pager moves between pages.
 *
 * @fires mdr-sort-change - detail: { sort, direction }
 * @fires mdr-page-change - detail: { page, pageSize } (page counts from 1)
 */
@customElement('mdr-data-table')
export class MdrDataTable<Row = Record<string, unknown>> extends MdrElement {
  static override styles = [
    sharedStyles,
    mdrDataTableStyles,
    mdrDataTableStackedStyles,
  ];

  @property({ attribute: false }) columns: DataTableColumn<Row>[] = [];
  @property({ attribute: false }) rows: Row[] = [];
  /** Rows on the server that match, over all pages. */
  @property({ type: Number }) total = 0;
  @property({ type: Number }) page = 1;
  @property({ type: Number, attribute: 'page-size' }) pageSize = 25;
  @property({ attribute: false }) pageSizes = [10, 25, 50, 100];
  @property() sort = '';
  @property() direction: SortDirection = 'asc';
  /** A new page is being fetched: the current one stays visible, dimmed. */
  @property({ type: Boolean }) loading = false;
  /** Accessible name of the table, already localized. */
  @property() label = '';
  /** Property of a row that identifies it (keys for rendering). */
  @property({ attribute: 'row-key' }) rowKey = 'id';
  /**
   * Below which width of its box the table shows each row as a card (`narrow` 760, `medium` 960,
   * `wide` 1,300 px): about the width its columns need.
   */
  @property({ attribute: 'stack-below', reflect: true }) stackBelow: StackBelow = 'medium';

  private get pageCount(): number {
    return Math.max(1, Math.ceil(this.total / this.pageSize));
  }

  private emitSort(column: DataTableColumn<Row>): void {
    const direction: SortDirection = this.sort === column.id && this.direction === 'asc' ? 'desc' : 'asc';
    this.emit('mdr-sort-change', { sort: column.id, direction });
  }

  private emitPage(page: number, pageSize = this.pageSize): void {
    this.emit('mdr-page-change', { page, pageSize });
  }

  override render() {
    const first = this.total === 0 ? 0 : (this.page - 1) * this.pageSize + 1;
    const last = Math.min(this.total, this.page * this.pageSize);
    return html`
      <div class="scroll">
        <table role="table" aria-label=${this.label || nothing} aria-busy=${this.loading ? 'true' : 'false'}>
          <thead role="rowgroup">
            <tr role="row">
              ${this.columns.map((column) => {
                const sorted = this.sort === column.id;
                const ariaSort = sorted ? (this.direction === 'asc' ? 'ascending' : 'descending') : 'none';
                return html`<th role="columnheader" scope="col" class=${column.numeric ? 'numeric' : ''} aria-sort=${column.sortable ? ariaSort : nothing}>
                  ${column.sortable
                    ? html`<button @click=${() => this.emitSort(column)}>
                        ${column.label} <span aria-hidden="true">${sorted ? (this.direction === 'asc' ? '▲' : '▼') : '↕'}</span>
                      </button>`
                    : column.label}
                </th>`;
              })}
            </tr>
          </thead>
          <tbody role="rowgroup">
            ${this.rows.map(
              (row) => html`<tr role="row">
                ${this.columns.map(
                  (column) =>
                    html`<td role="cell" data-label=${column.label} class=${[column.numeric ? 'numeric' : '', column.cellClass?.(row) ?? ''].join(' ').trim()}>
                      ${column.render ? column.render(row) : defaultCell((row as Record<string, unknown>)[column.id])}
                    </td>`,
                )}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this.rows.length === 0 && !this.loading ? html`<p class="muted">${t('table.noRows')}</p>` : nothing}
      <div class="pager" role="navigation" aria-label=${t('table.pagination')}>
        <span>${t('table.range', { first: formatNumber(first), last: formatNumber(last), total: formatNumber(this.total) })}</span>
        <button ?disabled=${this.page <= 1 || this.loading} @click=${() => this.emitPage(this.page - 1)}>${t('table.previous')}</button>
        <span>${t('table.pageOf', { page: formatNumber(this.page), pages: formatNumber(this.pageCount) })}</span>
        <button ?disabled=${this.page >= this.pageCount || this.loading} @click=${() => this.emitPage(this.page + 1)}>${t('table.next')}</button>
        <label
          >${t('table.pageSize')}
          <select @change=${(event: Event) => this.emitPage(1, Number((event.target as HTMLSelectElement).value))}>
            ${this.pageSizes.map((size) => html`<option value=${size} ?selected=${size === this.pageSize}>${formatNumber(size)}</option>`)}
          </select>
        </label>
      </div>
    `;
  }
}

/** A plain value as a cell: numbers in the user's language, nothing for absent values. */
function defaultCell(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  return value === null || value === undefined ? '' : String(value);
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-data-table': MdrDataTable;
  }
}

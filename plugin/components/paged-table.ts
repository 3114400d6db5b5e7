import { html, nothing } from 'lit';
import type { Task } from '@lit/task';
import type { ListPage } from '../../contract/list.ts';
import type { TranslationKey } from '../i18n.ts';
import type { DataTableColumn } from './mdr-data-table.ts';
import type { StackBelow } from './mdr-data-table.styles.ts';
import type { TablePosition } from './table-position.ts';
import './mdr-data-table.ts';
import './mdr-state-view.ts';

/** What a server-paged list shows of a page. */
export type PageOfRows<Row> = Pick<ListPage<Row>, 'items' | 'total' | 'page' | 'pageSize'>;

/**
 * A server-paged list in its states: loading (the previous page stays visible while the next one
 * loads), the error with *Retry*, the empty message, or `<mdr-data-table>` driven by `position`.
 */
export function renderPagedTable<Row>(options: {
  task: Task<readonly unknown[], PageOfRows<Row> | undefined>;
  label: string;
  columns: DataTableColumn<Row>[];
  position: TablePosition;
  emptyKey: TranslationKey;
  /** Below which width the rows become cards (default `medium`). */
  stackBelow?: StackBelow;
}): unknown {
  const { task } = options;
  const table = (loading: boolean) => {
    const page = task.value;
    if (!page) return nothing;
    if (page.total === 0 && !loading) return html`<mdr-state-view state="empty" empty-key=${options.emptyKey}></mdr-state-view>`;
    return html`<mdr-data-table
      label=${options.label}
      stack-below=${options.stackBelow ?? 'medium'}
      .columns=${options.columns}
      .rows=${page.items}
      .total=${page.total}
      .page=${page.page}
      .pageSize=${page.pageSize}
      .sort=${options.position.sort}
      .direction=${options.position.direction}
      ?loading=${loading}
      @mdr-sort-change=${options.position.onSortChange}
      @mdr-page-change=${options.position.onPageChange}
    ></mdr-data-table>`;
  };
  return task.render({
    pending: () => (task.value ? table(true) : html`<mdr-state-view state="loading"></mdr-state-view>`),
    error: (error) => html`<mdr-state-view state="error" .error=${error} @mdr-retry=${() => void task.run()}></mdr-state-view>`,
    complete: () => table(false),
  });
}

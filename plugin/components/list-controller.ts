import type { ReactiveController } from 'lit';
import { Task } from '@lit/task';
import type { MdrApi } from '../api/mdr-api.ts';
import type { TranslationKey } from '../i18n.ts';
import { confirmedChange, type ConfirmedChange } from './confirmed-change.ts';
import type { DataTableColumn, SortDirection } from './mdr-data-table.ts';
import type { StackBelow } from './mdr-data-table.styles.ts';
import type { MdrElement } from './mdr-element.ts';
import { renderPagedTable, type PageOfRows } from './paged-table.ts';
import { TablePosition } from './table-position.ts';

/** The paging and sorting a list asks the server for. */
export interface ListQuery<S extends string> {
  page: number;
  pageSize: number;
  sort: S;
  direction: SortDirection;
}

/** What every page of a list has: its rows and how many there are in all. */
export interface RowsPage<Row> {
  items: Row[];
  total: number;
}

/** The rows of a page type. */
export type RowOf<P> = P extends RowsPage<infer Row> ? Row : never;

/** How a list reads its pages. */
export interface ListOptions<S extends string, P> {
  /** The order and page size it opens with. */
  sort: S;
  direction: SortDirection;
  pageSize?: number;
  /** Reads one page; undefined when there is nothing to ask (e.g. while a filter is invalid). */
  load: (api: MdrApi, query: ListQuery<S>, signal: AbortSignal) => Promise<P | undefined>;
  /** The element's filters: a change in any of them reads the list again. */
  filters?: () => readonly unknown[];
}

/**
 * A server-paged list of an `MdrElement`, written once: where it stands (`position`: sort, page,
 * page size), the `task` that reads the page through the element's API client whenever the
 * position, the client or a filter changes, `reload()` after a change, and `change()` for a row
 * change after a confirmation (delete, remove, revoke), which reads the list again.
 */
export class ListController<P extends RowsPage<unknown>, S extends string = string> implements ReactiveController {
  readonly position: TablePosition<S>;
  readonly task: Task<readonly unknown[], P | undefined>;
  #reloads = 0;

  constructor(
    private readonly element: MdrElement,
    options: ListOptions<S, P>,
  ) {
    element.addController(this);
    this.position = new TablePosition<S>(element, options);
    this.task = new Task<readonly unknown[], P | undefined>(element, {
      task: async (_args, { signal }) => {
        const api = element.api;
        return api ? options.load(api, this.query, signal) : undefined;
      },
      args: () => [element.api, ...this.position.args, this.#reloads, ...(options.filters?.() ?? [])],
    });
  }

  hostConnected(): void {}

  /** The page and order in force. */
  get query(): ListQuery<S> {
    const { page, pageSize, sort, direction } = this.position;
    return { page, pageSize, sort, direction };
  }

  /** The last page read. */
  get value(): P | undefined {
    return this.task.value;
  }

  /** Reads the list again (after a change made elsewhere). */
  reload(): void {
    this.#reloads++;
    this.element.requestUpdate();
  }

  /** Back to the first page, for a new filter: the old page number means nothing for it. */
  firstPage(): void {
    this.position.page = 1;
  }

  /**
   * Asks in the host's dialog, makes the change and says how it went (`confirmedChange`), then reads
   * the list again unless the user cancelled. Resolves like `confirmedChange`.
   */
  async change(change: ConfirmedChange): Promise<boolean | undefined> {
    const changed = await confirmedChange(this.element.host, change);
    if (changed !== undefined) this.reload();
    return changed;
  }

  /** The list in its states (`renderPagedTable`), for pages that say which page they are. */
  render(options: { label: string; columns: DataTableColumn<RowOf<P>>[]; emptyKey: TranslationKey; stackBelow?: StackBelow }): unknown {
    return renderPagedTable<RowOf<P>>({ ...options, task: this.task as Task<readonly unknown[], PageOfRows<RowOf<P>> | undefined>, position: this.position });
  }
}

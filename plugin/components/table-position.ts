import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SortDirection } from './mdr-data-table.ts';

/**
 * Where a server-paged list stands: sort column and direction, page and page size. Handles the
 * `mdr-sort-change` and `mdr-page-change` events of `<mdr-data-table>` (a new sort goes back to the
 * first page) and re-renders its host on every change, so a `Task` whose `args` include
 * {@link TablePosition.args} fetches the new page.
 */
export class TablePosition<S extends string = string> implements ReactiveController {
  #sort: S;
  #direction: SortDirection;
  #page = 1;
  #pageSize: number;

  constructor(
    private readonly host: ReactiveControllerHost,
    initial: { sort: S; direction: SortDirection; pageSize?: number },
  ) {
    this.#sort = initial.sort;
    this.#direction = initial.direction;
    this.#pageSize = initial.pageSize ?? 25;
    host.addController(this);
  }

  hostConnected(): void {}

  get sort(): S {
    return this.#sort;
  }

  get direction(): SortDirection {
    return this.#direction;
  }

  get page(): number {
    return this.#page;
  }

  /** Set to 1 when a filter changes: the old page number means nothing for the new result. */
  set page(value: number) {
    this.#page = value;
    this.host.requestUpdate();
  }

  get pageSize(): number {
    return this.#pageSize;
  }

  /** The position as task arguments: a change in any of them asks for the list again. */
  get args(): readonly [S, SortDirection, number, number] {
    return [this.#sort, this.#direction, this.#page, this.#pageSize];
  }

  /** For `@mdr-sort-change`: the other column or order, from the first page. */
  readonly onSortChange = (event: CustomEvent<{ sort: string; direction: SortDirection }>): void => {
    this.#sort = event.detail.sort as S;
    this.#direction = event.detail.direction;
    this.page = 1;
  };

  /** For `@mdr-page-change`: another page or page size. */
  readonly onPageChange = (event: CustomEvent<{ page: number; pageSize: number }>): void => {
    this.#pageSize = event.detail.pageSize;
    this.page = event.detail.page;
  };
}

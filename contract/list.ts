/** Paging and sorting of a server-side list, as the shared data table drives it. */
export interface ListRequest<SortField extends string = string> {
  page: number;
  pageSize: number;
  sort?: SortField;
  direction?: 'asc' | 'desc';
}

/** One page of a server-side list. */
export interface ListPage<Item> {
  items: Item[];
  total: number;
  page: number;
  pageSize: number;
  sort: string;
  direction: 'asc' | 'desc';
}

import type { TProperties, TSchema, TUnsafe } from '@sinclair/typebox';
import { OneOf, Type, type Static } from './common.ts';

/** The directions a list sorts in. */
export const DIRECTIONS = ['asc', 'desc'] as const;

/**
 * Query string of a server-side paged and sorted list: its sortable fields, and any filter the list
 * adds (`extra`). Anything else is refused.
 */
export function ListQueryOf<const SortField extends string, Extra extends TProperties = Record<never, never>>(sortFields: readonly SortField[], extra: Extra = {} as Extra) {
  return Type.Object(
    {
      page: Type.Optional(Type.Integer({ minimum: 1 })),
      pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
      sort: Type.Optional(OneOf(sortFields)),
      direction: Type.Optional(OneOf(DIRECTIONS)),
      ...extra,
    },
    { additionalProperties: false },
  );
}

/** The paging and sorting a list's query string may carry. */
export type ListQuery<SortField extends string = string> = Static<ReturnType<typeof ListQueryOf<SortField>>>;

/** Paging and sorting of a server-side list, as the shared data table drives it (always a page and its size). */
export type ListRequest<SortField extends string = string> = ListQuery<SortField> & { page: number; pageSize: number };

/** One page of a list of `item` that the server pages but does not let the client sort. */
export function PageOf<Item extends TSchema>(item: Item) {
  return Type.Object({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });
}

/** One page of a server-side list of `item`, with what else the list answers (`extra`). */
export function ListPageOf<Item extends TSchema, Extra extends TProperties = Record<never, never>>(item: Item, extra: Extra = {} as Extra) {
  return Type.Object({
    ...PageOf(item).properties,
    sort: Type.String(),
    direction: OneOf(DIRECTIONS),
    ...extra,
  });
}

/** One page of a server-side list. */
export type ListPage<Item> = Static<ReturnType<typeof ListPageOf<TUnsafe<Item>>>>;

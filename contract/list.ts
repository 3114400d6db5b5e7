/** Paging and sorting of the server-side lists, declared once as schemas (`contract/schemas/list.ts`); their types, for both sides. */
export type { ListPage, ListRequest } from './schemas/list.ts';

import { html, nothing } from 'lit';
import { ct } from './console-i18n.ts';

/** A table of the console's pages: a header cell a column, a row an item. */
export interface DataTableOptions<Item> {
  /** Column headings, in order. */
  columns: readonly string[];
  /** Adds a last column, *Actions*, for the buttons of each row. */
  actions?: boolean;
  /** Id of the heading that names the table. */
  labelledBy?: string;
  items: readonly Item[];
  /** The `<tr>` of one item, its cells in the order of `columns`. */
  row: (item: Item) => unknown;
}

/** A table of items with a heading row, styled by the console's `pageStyles`. */
export function dataTable<Item>(options: DataTableOptions<Item>) {
  return html`<table aria-labelledby=${options.labelledBy ?? nothing}>
    <thead>
      <tr>
        ${options.columns.map((label) => html`<th scope="col">${label}</th>`)}
        ${options.actions ? html`<th scope="col"><span class="muted">${ct('common.actions')}</span></th>` : nothing}
      </tr>
    </thead>
    <tbody>
      ${options.items.map((item) => options.row(item))}
    </tbody>
  </table>`;
}

/** The *Edit* and *Delete* buttons of a row, each labelled with the item it acts on. */
export function editDeleteActions(options: { editLabel: string; deleteLabel: string; onEdit: () => void; onDelete: () => void; deleteDisabled?: boolean }) {
  return html`<div class="actions">
    <button @click=${options.onEdit} aria-label=${options.editLabel}>${ct('common.edit')}</button>
    <button class="danger" ?disabled=${options.deleteDisabled ?? false} @click=${options.onDelete} aria-label=${options.deleteLabel}>${ct('common.delete')}</button>
  </div>`;
}

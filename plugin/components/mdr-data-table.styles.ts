import { css } from 'lit';

/** Styles of `<mdr-data-table>` (its own; the shared ones come from plugin/components/). */
export const mdrDataTableStyles = css`
  :host {
    display: block;
  }
  .scroll {
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  caption {
    text-align: left;
    padding: 4px 0 8px;
    color: var(--_muted);
  }
  th,
  td {
    text-align: left;
    padding: 8px 10px;
    border-bottom: 1px solid var(--_border);
    vertical-align: top;
  }
  th {
    font-weight: 600;
    white-space: nowrap;
    background: var(--_surface-subtle);
  }
  th button {
    border: none;
    background: none;
    padding: 0;
    font-weight: 600;
  }
  .numeric {
    text-align: right;
  }
  tbody tr:hover {
    background: var(--_surface-subtle);
  }
  .pager {
    display: flex;
    align-items: center;
    gap: 12px;
    padding: 10px 0;
    flex-wrap: wrap;
  }
  .pager select {
    font: inherit;
  }
  [aria-busy='true'] tbody {
    opacity: 0.5;
  }
  td.danger {
    color: var(--_danger);
    font-weight: 600;
  }
  td .actions {
    display: flex;
    gap: 6px;
    flex-wrap: wrap;
  }
`;

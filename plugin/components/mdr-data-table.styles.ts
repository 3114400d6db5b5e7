import { css, unsafeCSS } from 'lit';

/** Styles of `<mdr-data-table>` (its own; the shared ones come from plugin/components/). */
export const mdrDataTableStyles = css`
  :host {
    display: block;
    /* The table adapts to the width the host gives it, not to the window (the plug-in does not
       know the host's layout): see the container queries below. */
    container: mdr-table / inline-size;
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

/**
 * Below the width a table needs (its `stack-below`), each row becomes a card of "label value" lines
 * instead of a table scrolling sideways; the sortable headers stay above as sort buttons. Widths in
 * CSS pixels of the table's own box (container queries).
 */
export const STACK_BREAKPOINTS = { narrow: 760, medium: 960, wide: 1300 } as const;
export type StackBelow = keyof typeof STACK_BREAKPOINTS;

const stacked = (name: StackBelow, width: number) => `
  @container mdr-table (max-width: ${width - 1}px) {
    :host([stack-below='${name}']) .scroll {
      overflow-x: visible;
    }
    :host([stack-below='${name}']) table,
    :host([stack-below='${name}']) tbody,
    :host([stack-below='${name}']) tr,
    :host([stack-below='${name}']) td {
      display: block;
    }
    :host([stack-below='${name}']) thead tr {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 16px;
    }
    :host([stack-below='${name}']) th {
      background: none;
      border-bottom: none;
      padding: 4px 0;
    }
    :host([stack-below='${name}']) th:not([aria-sort]) {
      display: none;
    }
    :host([stack-below='${name}']) tbody tr {
      border: 1px solid var(--_border);
      border-radius: 6px;
      margin: 8px 0;
      padding: 4px 0;
    }
    :host([stack-below='${name}']) td {
      position: relative;
      min-height: 1.4em;
      border-bottom: none;
      padding: 4px 12px 4px calc(35% + 24px);
      text-align: left;
      overflow-wrap: anywhere;
    }
    /* The column's name beside each value; the value keeps its own flow (badges, buttons). The name
       is for the eye only (empty alternative text): a cell's accessible name stays its value. */
    :host([stack-below='${name}']) td::before {
      content: attr(data-label) / '';
      position: absolute;
      left: 12px;
      width: 35%;
      color: var(--_muted);
    }
  }`;

export const mdrDataTableStackedStyles = unsafeCSS(
  Object.entries(STACK_BREAKPOINTS)
    .map(([name, width]) => stacked(name as StackBelow, width))
    .join('\n'),
);

import { css } from 'lit';

/** Styles of `<mdr-assets-widget>` (its own; the shared ones come from plugin/components/). */
export const mdrAssetsWidgetStyles = css`
  :host {
    display: block;
  }
  h2 {
    font-size: 1.1rem;
    margin: 0 0 12px;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 8px;
  }
  li {
    display: grid;
    grid-template-columns: 8em 1fr 5em;
    align-items: center;
    gap: 8px;
  }
  .track {
    background: var(--_neutral-subtle);
    border-radius: 3px;
    height: 14px;
    overflow: hidden;
  }
  .bar {
    display: block;
    height: 100%;
  }
  .count {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  .total {
    margin: 12px 0 0;
  }
  .head {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 8px;
  }
  fieldset {
    margin: 0 0 12px;
    display: grid;
    gap: 4px;
  }
  fieldset label {
    display: flex;
    gap: 6px;
    align-items: center;
  }
  .filter-actions {
    display: flex;
    gap: 8px;
    margin-top: 6px;
  }
`;

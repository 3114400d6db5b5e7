import { css } from 'lit';

/** Styles of `<mdr-licenses-tab>` (its own; the shared ones come from plugin/components/). */
export const mdrLicensesTabStyles = css`
  :host {
    --_toolbar-gap: 12px;
  }
  .toolbar h2 {
    margin-right: 12px;
  }
  dl.summary {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 32px;
    margin: 0 0 12px;
    padding: 12px 16px;
    border: 1px solid var(--_border);
    border-radius: 4px;
  }
  dl.summary dt {
    font-size: 0.85rem;
  }
  dl.summary dd {
    margin: 2px 0 0;
    font-weight: 600;
  }
  dl.summary dd.danger {
    color: var(--_danger);
  }
  .views {
    display: inline-flex;
  }
  .views button[aria-pressed='true'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  .views button:first-child {
    border-radius: 4px 0 0 4px;
  }
  .views button:last-child {
    border-radius: 0 4px 4px 0;
  }
  .spacer {
    flex: 1;
  }
`;

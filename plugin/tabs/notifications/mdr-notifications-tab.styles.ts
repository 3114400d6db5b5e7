import { css } from 'lit';

/** Styles of `<mdr-notifications-tab>` (its own; the shared ones come from plugin/components/). */
export const mdrNotificationsTabStyles = css`
  .switch {
    display: flex;
    gap: 8px;
    align-items: center;
    font-weight: 600;
    margin-bottom: 12px;
  }
  fieldset {
    border: none;
    padding: 0;
    margin: 0 0 12px;
  }
  fieldset.invalid legend {
    color: var(--_danger);
  }
  legend {
    font-weight: 500;
    margin-bottom: 6px;
  }
  .category {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0 8px;
    margin-bottom: 6px;
  }
  .category .hint {
    grid-column: 2;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .status {
    margin: 4px 0 12px;
  }
  .link {
    display: flex;
    gap: 8px;
    align-items: center;
    flex-wrap: wrap;
    margin: 8px 0;
  }
  .link input {
    flex: 1;
    min-width: 24ch;
    font: inherit;
    padding: 6px 8px;
  }
  .error {
    color: var(--_danger);
    font-size: 0.9em;
  }
`;

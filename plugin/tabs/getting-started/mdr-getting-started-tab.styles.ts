import { css } from 'lit';

/** Styles of `<mdr-getting-started-tab>` (its own; the shared ones come from plugin/components/). */
export const mdrGettingStartedTabStyles = css`
  :host {
    display: block;
  }
  ol {
    padding-left: 20px;
  }
  li {
    margin-bottom: 16px;
  }
  .step-head {
    display: flex;
    align-items: center;
    gap: 8px;
  }
  .actions {
    margin-top: 6px;
  }
  .root-configuration {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 8px;
  }
  .root-configuration label {
    display: flex;
    flex-direction: column;
    gap: 4px;
  }
  /* As the selects of the forms (form-field.ts). */
  .root-configuration select {
    font: inherit;
    padding: 6px 8px;
    border: 1px solid var(--_border);
    border-radius: 4px;
    max-width: 100%;
  }
`;

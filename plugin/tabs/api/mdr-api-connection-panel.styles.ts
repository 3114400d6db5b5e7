import { css } from 'lit';

/** Styles of `<mdr-api-connection-panel>` (its own; the shared ones come from plugin/components/). */
export const mdrApiConnectionPanelStyles = css`
  fieldset {
    border: 1px solid var(--_border);
    border-radius: 4px;
    padding: 8px 12px;
    margin: 0 0 14px;
  }
  fieldset.invalid {
    border-color: var(--_danger);
  }
  fieldset label {
    display: flex;
    gap: 8px;
    align-items: flex-start;
    padding: 3px 0;
  }
  .error {
    color: var(--_danger);
    font-size: 0.9em;
  }
  .secret {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 6px;
    align-items: start;
  }
  .secret textarea,
  .secret input {
    font-family: ui-monospace, monospace;
    font-size: 0.85em;
    width: 100%;
    box-sizing: border-box;
  }
  .secret textarea {
    min-height: 110px;
    word-break: break-all;
  }
  .token {
    border: 1px solid var(--_accent);
    border-radius: 4px;
    padding: 12px;
    margin-bottom: 14px;
    background: var(--_accent-subtle);
  }
`;

import { css } from 'lit';

/** Layout shared by the two MDR Health lists: the filter bar and the indication colours. */
export const healthListStyles = css`
  :host {
    display: block;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 12px;
    margin-bottom: 12px;
  }
  .toolbar label {
    display: flex;
    flex-direction: column;
    gap: 4px;
    font-size: 0.9em;
    color: var(--_muted);
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: 4px;
    display: flex;
    flex-wrap: wrap;
    gap: 4px 12px;
    padding: 6px 10px;
  }
  fieldset label {
    flex-direction: row;
    align-items: center;
    color: inherit;
  }
  input,
  select {
    font: inherit;
    padding: 5px 8px;
    border: 1px solid var(--_border);
    border-radius: 4px;
  }
  .indication {
    display: inline-block;
    padding: 1px 6px;
    margin: 1px 4px 1px 0;
    border-radius: 10px;
    font-size: 0.85em;
    border: 1px solid transparent;
  }
  .indication.red {
    background: var(--_danger-subtle);
    border-color: var(--_danger);
    color: var(--_danger);
  }
  .indication.yellow {
    background: var(--_warning-subtle);
    border-color: var(--_warning);
    color: var(--_warning);
  }
  .export {
    align-self: center;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
  }
  .outcome {
    font-size: 0.9em;
  }
  .outcome.failed {
    color: var(--_danger);
  }
  .error {
    color: var(--_danger);
    font-size: 0.9em;
  }
`;

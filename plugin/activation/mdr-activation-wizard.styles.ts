import { css } from 'lit';

/** Styles of `<mdr-activation-wizard>` (its own; the shared ones come from plugin/components/). */
export const mdrActivationWizardStyles = css`
  :host {
    display: block;
    max-width: 720px;
  }
  ol.progress {
    display: flex;
    flex-wrap: wrap;
    gap: 6px 16px;
    padding: 0;
    list-style: none;
    color: var(--_muted);
  }
  ol.progress [aria-current='step'] {
    color: inherit;
    font-weight: 600;
  }
  .buttons {
    display: flex;
    gap: 8px;
    margin-top: 16px;
  }
  input[type='text'],
  input[type='email'],
  input[type='password'],
  select {
    font: inherit;
    padding: 6px 8px;
    border: 1px solid var(--_border);
    border-radius: 4px;
    min-width: 280px;
  }
  .check {
    display: flex;
    gap: 8px;
    align-items: flex-start;
    margin: 6px 0;
  }
  .failure {
    color: var(--_danger);
  }
`;

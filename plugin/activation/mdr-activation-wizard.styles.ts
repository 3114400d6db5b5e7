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
  .agreement {
    margin: 12px 0 20px;
  }
  .agreement h4 {
    margin: 0 0 6px;
  }
  /* The text as the service sends it (paragraphs as blank lines), readable in a box of its own. */
  .agreement-text {
    white-space: pre-wrap;
    max-height: 14em;
    overflow: auto;
    padding: 8px 12px;
    border: 1px solid var(--_border);
    border-radius: 4px;
  }
  .open-whole {
    display: inline-block;
    margin: 6px 0;
  }
`;

import { css } from 'lit';

/** The console's buttons: plain, `primary` (the page's main action) and `danger`, each dimmed while disabled. */
export const buttonStyles = css`
  button {
    font: inherit;
    padding: 6px 12px;
    border: 1px solid var(--ksc-border-strong);
    border-radius: 4px;
    background: var(--ksc-surface);
    color: inherit;
    cursor: pointer;
  }
  button.primary {
    background: var(--ksc-accent);
    border-color: var(--ksc-accent);
    color: var(--ksc-on-accent);
  }
  button.danger {
    color: var(--ksc-danger);
    border-color: var(--ksc-danger);
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
`;

/** A page of the console as a block, with its title. */
export const pageTitleStyles = css`
  :host {
    display: block;
  }
  h1 {
    font-size: 1.5rem;
    font-weight: 600;
    margin: 0 0 16px;
  }
`;

/** Styles the console's pages share: headings, tables, buttons, form fields and their messages. */
export const pageStyles = css`
  ${pageTitleStyles}
  h2 {
    font-size: 1.15rem;
    margin: 0 0 12px;
  }
  .toolbar {
    display: flex;
    gap: 8px;
    align-items: center;
    margin-bottom: 12px;
  }
  .card {
    background: var(--ksc-surface);
    border: 1px solid var(--ksc-border);
    border-radius: 6px;
    padding: 16px;
    margin-bottom: 16px;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    background: var(--ksc-surface);
  }
  th,
  td {
    text-align: left;
    padding: 8px 10px;
    border-bottom: 1px solid var(--ksc-border);
    vertical-align: top;
  }
  th {
    font-weight: 600;
    background: var(--ksc-surface-subtle);
  }
  ${buttonStyles}
  button:focus-visible,
  input:focus-visible,
  a:focus-visible {
    outline: 2px solid var(--ksc-accent);
    outline-offset: 2px;
  }
  .field {
    display: grid;
    gap: 4px;
    margin-bottom: 12px;
    max-width: 420px;
  }
  .field input[type='text'],
  .field input[type='password'],
  .field input[type='search'] {
    font: inherit;
    padding: 6px 8px;
    border: 1px solid var(--ksc-border-strong);
    border-radius: 4px;
  }
  .field input[aria-invalid='true'] {
    border-color: var(--ksc-danger);
  }
  .field-error,
  .error {
    color: var(--ksc-danger);
    margin: 0;
  }
  fieldset {
    border: 1px solid var(--ksc-border);
    border-radius: 4px;
    margin: 0 0 12px;
    padding: 8px 12px;
  }
  .muted {
    color: var(--ksc-muted);
  }
  .actions {
    display: flex;
    gap: 8px;
    flex-wrap: wrap;
  }
  .badge {
    display: inline-block;
    padding: 1px 8px;
    border-radius: 10px;
    font-size: 0.85rem;
    background: var(--ksc-success-subtle);
    color: var(--ksc-success);
  }
  .badge.off {
    background: var(--ksc-neutral-subtle);
    color: var(--ksc-muted);
  }
`;

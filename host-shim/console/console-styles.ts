import { css } from 'lit';

/** Styles the console's pages share: headings, tables, buttons, form fields and their messages. */
export const pageStyles = css`
  :host {
    display: block;
  }
  h1 {
    font-size: 1.5rem;
    font-weight: 600;
    margin: 0 0 16px;
  }
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
    background: #fff;
    border: 1px solid #dadce0;
    border-radius: 6px;
    padding: 16px;
    margin-bottom: 16px;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    background: #fff;
  }
  th,
  td {
    text-align: left;
    padding: 8px 10px;
    border-bottom: 1px solid #e0e0e0;
    vertical-align: top;
  }
  th {
    font-weight: 600;
    background: #fafafa;
  }
  button {
    font: inherit;
    padding: 6px 12px;
    border: 1px solid #b0bec5;
    border-radius: 4px;
    background: #fff;
    cursor: pointer;
  }
  button.primary {
    background: #00a88e;
    border-color: #00a88e;
    color: #fff;
  }
  button.danger {
    color: #b3261e;
    border-color: #e6b8b5;
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  button:focus-visible,
  input:focus-visible,
  a:focus-visible {
    outline: 2px solid #00a88e;
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
    border: 1px solid #b0bec5;
    border-radius: 4px;
  }
  .field input[aria-invalid='true'] {
    border-color: #b3261e;
  }
  .field-error,
  .error {
    color: #b3261e;
    margin: 0;
  }
  fieldset {
    border: 1px solid #dadce0;
    border-radius: 4px;
    margin: 0 0 12px;
    padding: 8px 12px;
  }
  .muted {
    color: #5f6368;
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
    background: #e8f5e9;
    color: #1b5e20;
  }
  .badge.off {
    background: #eceff1;
    color: #455a64;
  }
`;

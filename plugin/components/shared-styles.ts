import { css } from 'lit';

/**
 * Look shared by the plug-in's elements. Colours come from custom properties so that a host can
 * theme the plug-in; the fallbacks match the console's light theme.
 */
export const sharedStyles = css`
  :host {
    font-family: var(--mdr-font-family, system-ui, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--mdr-font-size, 14px);
    color: var(--mdr-text, #1d1d1f);
    --_accent: var(--mdr-accent, #00a88e);
    --_danger: var(--mdr-danger, #d32f2f);
    --_warning: var(--mdr-warning, #e6a100);
    --_muted: var(--mdr-muted, #5f6368);
    --_border: var(--mdr-border, #dadce0);
    --_surface: var(--mdr-surface, #ffffff);
  }
  h2 {
    font-size: 1.25rem;
    font-weight: 600;
    margin: 0 0 12px;
  }
  h3 {
    font-size: 1rem;
    font-weight: 600;
    margin: 0 0 8px;
  }
  button {
    font: inherit;
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: inherit;
    border-radius: 4px;
    padding: 6px 14px;
    cursor: pointer;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: #fff;
  }
  button.link {
    border: none;
    background: none;
    padding: 0;
    color: var(--mdr-link, #0b6bcb);
    text-decoration: underline;
    text-align: left;
  }
  button.danger {
    color: var(--_danger);
    border-color: var(--_danger);
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  button:focus-visible,
  a:focus-visible,
  [tabindex]:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  a {
    color: var(--mdr-link, #0b6bcb);
  }
  .muted {
    color: var(--_muted);
  }
  dl.properties {
    display: grid;
    grid-template-columns: minmax(180px, max-content) 1fr;
    gap: 8px 24px;
    margin: 0;
  }
  dl.properties dt {
    color: var(--_muted);
  }
  dl.properties dd {
    margin: 0;
  }
  section.card {
    border: 1px solid var(--_border);
    border-radius: 6px;
    padding: 16px;
    margin-bottom: 16px;
    background: var(--_surface);
  }
  /* A failure of a form's save, above its buttons. */
  .alert {
    border-left: 4px solid var(--_danger);
    background: #fdecea;
    padding: 8px 12px;
    margin-bottom: 12px;
  }
`;

import { css } from 'lit';

/**
 * Look shared by the plug-in's elements. Every colour is a token: a host themes the plug-in by
 * setting the `--mdr-*` custom properties; without them the plug-in takes the light or dark variant
 * of each (`light-dark()`) by the colour scheme it inherits from the host — a host that declares
 * `color-scheme: light dark` gets the user's `prefers-color-scheme`, one that declares nothing
 * stays light, so a light-only host never shows light text on its white page.
 * Each pair is chosen for WCAG 2.2 AA: text tokens reach 4.5:1 on `--_surface` and on their
 * `*-subtle` background in both schemes, `--_on-accent` on `--_accent` too.
 */
export const sharedStyles = css`
  :host {
    /* The host's scheme, inherited; a host may also set it for the plug-in alone. */
    color-scheme: var(--mdr-color-scheme);
    font-family: var(--mdr-font-family, system-ui, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--mdr-font-size, 14px);
    --_text: var(--mdr-text, light-dark(#1d1d1f, #e6e6e6));
    --_surface: var(--mdr-surface, light-dark(#ffffff, #1e2023));
    --_surface-subtle: var(--mdr-surface-subtle, light-dark(#f5f7f8, #2a2d31));
    --_accent: var(--mdr-accent, light-dark(#00695c, #4fd1b8));
    --_on-accent: var(--mdr-on-accent, light-dark(#ffffff, #00201b));
    --_accent-subtle: var(--mdr-accent-subtle, light-dark(#eef8f6, #17322e));
    --_link: var(--mdr-link, light-dark(#0b5cad, #8ab4f8));
    --_muted: var(--mdr-muted, light-dark(#5f6368, #a9adb3));
    --_border: var(--mdr-border, light-dark(#c4c7cc, #4a4e55));
    --_danger: var(--mdr-danger, light-dark(#b3261e, #ff8a80));
    --_danger-subtle: var(--mdr-danger-subtle, light-dark(#fdecea, #3a1d1b));
    --_warning: var(--mdr-warning, light-dark(#7a4f00, #ffcc66));
    --_warning-subtle: var(--mdr-warning-subtle, light-dark(#fff4d6, #372c11));
    --_success: var(--mdr-success, light-dark(#1b6e35, #7ddc97));
    --_success-subtle: var(--mdr-success-subtle, light-dark(#e7f5ec, #15301f));
    --_neutral-subtle: var(--mdr-neutral-subtle, light-dark(#eef0f2, #303338));
    --_shadow: var(--mdr-shadow, light-dark(rgba(0, 0, 0, 0.2), rgba(0, 0, 0, 0.6)));
    /* Bars and marks of charts: 3:1 against the surface in both schemes (WCAG 1.4.11). */
    --_chart-ok: var(--mdr-chart-ok, light-dark(#2e7d32, #66bb6a));
    --_chart-warning: var(--mdr-chart-warning, light-dark(#b26a00, #ffb74d));
    --_chart-critical: var(--mdr-chart-critical, light-dark(#c62828, #ef5350));
    --_chart-absent: var(--mdr-chart-absent, light-dark(#6b7c85, #90a4ae));
    color: var(--_text);
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
    color: var(--_on-accent);
  }
  button.link {
    border: none;
    background: none;
    padding: 0;
    color: var(--_link);
    text-decoration: underline;
    text-align: left;
    /* WCAG 2.5.8: a target at least 24 × 24 px, also for a short link. */
    min-height: 24px;
    min-width: 24px;
  }
  button.danger {
    color: var(--_danger);
    border-color: var(--_danger);
  }
  meter.usage {
    width: 7em;
    height: 0.9em;
    vertical-align: middle;
    margin: 0 6px 0 0;
  }
  select,
  textarea,
  input:not([type='checkbox']):not([type='radio']) {
    background-color: var(--_surface);
    color: var(--_text);
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
    color: var(--_link);
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
  /* Names above their values where the box is narrow: a side panel on a small window, a tab beside
     the console's navigation on a 1024-pixel screen (the plug-in does not know the host's layout, so it
     asks its own box: the side panel's body and the section's tab panel are containers). */
  @container (max-width: 480px) {
    dl.properties {
      grid-template-columns: minmax(0, 1fr);
      gap: 2px 0;
    }
    dl.properties dd {
      margin-bottom: 8px;
      overflow-wrap: anywhere;
    }
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
    background: var(--_danger-subtle);
    padding: 8px 12px;
    margin-bottom: 12px;
  }
`;

/** The host of a tab, a list or a form: a block. */
export const blockStyles = css`
  :host {
    display: block;
  }
`;

/** The row above a list: its title, counts and buttons, wrapping on a narrow screen. */
export const toolbarStyles = css`
  .toolbar {
    display: flex;
    align-items: center;
    gap: var(--_toolbar-gap, 16px);
    flex-wrap: wrap;
    margin-bottom: 8px;
  }
  .toolbar h2 {
    margin: 0;
  }
`;

import { css } from 'lit';

/** Styles of `<mdr-auto-accept-settings>` (its own; the shared ones come from plugin/components/). */
export const mdrAutoAcceptSettingsStyles = css`
  :host {
    display: block;
  }
  fieldset {
    border: none;
    margin: 0 0 12px;
    padding: 0;
  }
  legend {
    font-weight: 500;
    margin-bottom: 6px;
  }
  legend.title {
    font-size: 1.25rem;
    font-weight: 600;
    padding: 0;
  }
  .option {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 2px 8px;
    margin-bottom: 8px;
  }
  .option .hint {
    grid-column: 2;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .tenants {
    display: grid;
    gap: 4px;
    padding-left: 24px;
  }
`;

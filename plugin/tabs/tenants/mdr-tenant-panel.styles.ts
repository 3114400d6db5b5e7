import { css } from 'lit';

/** Styles of `<mdr-tenant-panel>` (its own; the shared ones come from plugin/components/). */
export const mdrTenantPanelStyles = css`
  .switch {
    display: flex;
    align-items: center;
    gap: 8px;
    margin-bottom: 14px;
  }
  textarea {
    min-height: 90px;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    margin-bottom: 12px;
  }
  th,
  td {
    text-align: left;
    padding: 6px 6px;
    border-bottom: 1px solid var(--_border);
    vertical-align: top;
  }
  .file-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: 4px;
    padding: 10px 12px;
    margin: 0 0 14px;
    /* A fieldset is as wide as its widest option by default; long license names must not push it out of the panel. */
    min-width: 0;
  }
  fieldset select {
    width: 100%;
  }
`;

import { css } from 'lit';

/** Styles of `<mdr-side-panel>` (its own; the shared ones come from plugin/components/). */
export const mdrSidePanelStyles = css`
  dialog {
    margin: 0 0 0 auto;
    height: 100vh;
    max-height: 100vh;
    width: min(560px, 100vw);
    border: none;
    padding: 0;
    background: var(--_surface);
    color: var(--_text);
    box-shadow: -4px 0 16px var(--_shadow);
  }
  .frame {
    display: flex;
    flex-direction: column;
    height: 100%;
  }
  header {
    display: flex;
    justify-content: space-between;
    align-items: center;
    padding: 16px 20px;
    border-bottom: 1px solid var(--_border);
  }
  header h2 {
    margin: 0;
  }
  .body {
    flex: 1;
    overflow: auto;
    padding: 16px 20px;
    container: mdr-panel / inline-size;
  }
  footer {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    justify-content: flex-end;
    padding: 12px 20px;
    border-top: 1px solid var(--_border);
  }
`;

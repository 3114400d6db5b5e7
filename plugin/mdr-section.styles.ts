import { css } from 'lit';

/** Styles of `<mdr-section>` (its own; the shared ones come from plugin/components/). */
export const mdrSectionStyles = css`
  :host {
    display: block;
  }
  [role='tablist'] {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    border-bottom: 1px solid var(--_border);
    margin-bottom: 16px;
  }
  [role='tab'] {
    border: none;
    border-bottom: 3px solid transparent;
    border-radius: 0;
    background: none;
    padding: 10px 14px;
  }
  [role='tab'][aria-selected='true'] {
    border-bottom-color: var(--_accent);
    font-weight: 600;
  }
  [role='tabpanel'] {
    container: mdr-tab / inline-size;
  }
  h1 {
    font-size: 1.5rem;
    font-weight: 600;
    margin: 0 0 12px;
  }
  details.why {
    margin: -8px 0 16px;
    font-size: 0.9rem;
  }
  details.why summary {
    cursor: pointer;
    color: var(--_accent);
  }
  details.why ul {
    margin: 8px 0;
  }
`;

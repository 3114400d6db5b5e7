import { html, type TemplateResult } from 'lit';

/**
 * How much of a license's asset limit is used, as a picture beside the figures: a native `<meter>`
 * (screen readers announce it with its name and value), amber from 90 % and red above the limit by
 * the browser's own meter colours. Its size is in the shared styles, so it fits in any shadow root.
 */
export function usageMeter(options: { connected: number; limit: number; label: string }): TemplateResult {
  const { connected, limit, label } = options;
  const max = Math.max(limit, connected, 1);
  return html`<meter class="usage" min="0" max=${max} low=${Math.round(limit * 0.9)} high=${limit} optimum="0" .value=${connected} aria-label=${label}></meter>`;
}

import { html, type TemplateResult } from 'lit';

/**
 * Why the controls above are shown read-only: the value stays visible, the control is disabled and
 * this line names what a change needs (usually the missing right). Controls point at it with
 * `aria-describedby="<id>"`, so the reason is announced with the disabled control; tests find it by
 * `data-testid="<id>"`.
 *
 * @param id Id of the hint, unique in the shadow root.
 * @param text The reason, already localized.
 */
export function readOnlyHint(id: string, text: string): TemplateResult {
  return html`<p class="muted" id=${id} data-testid=${id}>${text}</p>`;
}

import { html, type CSSResultGroup, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { Task } from '@lit/task';
import type { MdrApi } from '../api/mdr-api.ts';
import { formFieldStyles } from './form-field.ts';
import { MdrElement } from './mdr-element.ts';
import { sharedStyles } from './shared-styles.ts';
import './mdr-side-panel.ts';

/**
 * The base of a side panel that a tab opens to add or edit something: shown while `open`, reads
 * what its fields offer each time it opens (`whileOpen`), renders in `<mdr-side-panel>`
 * (`renderPanel`), and asks its tab to close it (`mdr-panel-closed`) once nothing unsaved stands in
 * the way (`mayClose`).
 *
 * @fires mdr-panel-closed - the panel should close.
 */
export class MdrPanelElement extends MdrElement {
  static override styles: CSSResultGroup = [sharedStyles, formFieldStyles];

  /** Whether the tab shows the panel. */
  @property({ type: Boolean }) open = false;

  /** A read the panel needs while it is open (the options of its fields), made again each time it opens. */
  protected whileOpen<T>(load: (api: MdrApi, signal: AbortSignal) => Promise<T>): Task<readonly [MdrApi | undefined, boolean], T | undefined> {
    return new Task(this, {
      task: async ([api, open], { signal }) => (api && open ? load(api, signal) : undefined),
      args: () => [this.api, this.open] as const,
    });
  }

  /** Whether the panel may close now; a panel with unsaved input asks the user first. */
  protected mayClose(): boolean | Promise<boolean> {
    return true;
  }

  /** The user asked to close (its button, the side panel's close button, Escape). */
  protected async requestClose(): Promise<void> {
    if (await this.mayClose()) this.emit('mdr-panel-closed');
  }

  /** The side panel with the panel's content and its action buttons (`slot="actions"`). */
  protected renderPanel(heading: string, content: unknown): TemplateResult {
    return html`<mdr-side-panel
      ?open=${this.open}
      heading=${heading}
      @mdr-close-request=${(event: Event) => {
        event.stopPropagation();
        void this.requestClose();
      }}
      >${content}</mdr-side-panel
    >`;
  }
}

import { html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { t } from '../i18n.ts';
import { sharedStyles } from './shared-styles.ts';
import { mdrSidePanelStyles } from './mdr-side-panel.styles.ts';
import { MdrElement } from './mdr-element.ts';

/**
 * A modal side panel for adding and editing: a title, the form in the default slot and the
 * buttons in the `actions` slot. Escape and the close button ask to close; the owner decides
 * (it may ask about unsaved changes) and sets `open`.
 *
 * @fires mdr-close-request - the user asked to close the panel.
 */
@customElement('mdr-side-panel')
export class MdrSidePanel extends MdrElement {
  static override styles = [
    sharedStyles,
    mdrSidePanelStyles,
  ];

  @property({ type: Boolean, reflect: true }) open = false;
  /** Title, already localized. */
  @property() heading = '';
  @query('dialog') private dialog!: HTMLDialogElement;

  override updated(): void {
    if (this.open && !this.dialog.open) this.dialog.showModal();
    if (!this.open && this.dialog.open) this.dialog.close();
  }

  private requestClose(event?: Event): void {
    event?.preventDefault();
    this.emit('mdr-close-request');
  }

  override render() {
    return html`<dialog aria-labelledby="panel-title" @cancel=${this.requestClose}>
      <div class="frame">
        <header>
          <h2 id="panel-title">${this.heading}</h2>
          <button aria-label=${t('common.close')} @click=${() => this.requestClose()}>✕</button>
        </header>
        <div class="body"><slot></slot></div>
        <footer><slot name="actions"></slot></footer>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-side-panel': MdrSidePanel;
  }
}

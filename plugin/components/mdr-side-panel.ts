import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { LocalizeController, t } from '../i18n.ts';
import { sharedStyles } from './shared-styles.ts';

/**
 * A modal side panel for adding and editing: a title, the form in the default slot and the
 * buttons in the `actions` slot. Escape and the close button ask to close; the owner decides
 * (it may ask about unsaved changes) and sets `open`.
 *
 * @fires mdr-close-request - the user asked to close the panel.
 */
@customElement('mdr-side-panel')
export class MdrSidePanel extends LitElement {
  static override styles = [
    sharedStyles,
    css`
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
      }
      footer {
        display: flex;
        gap: 8px;
        justify-content: flex-end;
        padding: 12px 20px;
        border-top: 1px solid var(--_border);
      }
    `,
  ];

  @property({ type: Boolean, reflect: true }) open = false;
  /** Title, already localized. */
  @property() heading = '';
  @query('dialog') private dialog!: HTMLDialogElement;
  private readonly localize = new LocalizeController(this);

  override updated(): void {
    if (this.open && !this.dialog.open) this.dialog.showModal();
    if (!this.open && this.dialog.open) this.dialog.close();
  }

  private requestClose(event?: Event): void {
    event?.preventDefault();
    this.dispatchEvent(new CustomEvent('mdr-close-request', { bubbles: true, composed: true }));
  }

  override render() {
    void this.localize;
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

import { LitElement, css, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { buttonStyles } from './console-styles.ts';
import type { ConfirmDetail } from './host-services.ts';
import { listenToWindow } from './subscription-controller.ts';

/** A modal confirmation, opened by `requestConfirm`; Escape or *Cancel* answers no. */
@customElement('ksc-confirm-dialog')
export class KscConfirmDialog extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      dialog {
        border: none;
        border-radius: 8px;
        padding: 24px;
        max-width: 420px;
        background: var(--ksc-surface);
        color: var(--ksc-text);
        box-shadow: 0 8px 24px var(--ksc-shadow);
      }
      h2 {
        margin: 0 0 8px;
        font-size: 1.1rem;
      }
      .actions {
        display: flex;
        justify-content: flex-end;
        gap: 8px;
        margin-top: 16px;
      }
      button {
        padding: 6px 14px;
      }
      /* Filled: the last word on something that cannot be undone. */
      button.danger {
        background: var(--ksc-danger);
        color: var(--ksc-on-danger);
      }
    `,
  ];

  @state() private request?: ConfirmDetail;
  @query('dialog') private dialog!: HTMLDialogElement;

  private readonly onConfirm = async (event: Event) => {
    this.request?.resolve(false);
    this.request = (event as CustomEvent<ConfirmDetail>).detail;
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
  };

  constructor() {
    super();
    listenToWindow(this, 'ksc-confirm', this.onConfirm);
  }

  private answer(value: boolean): void {
    this.request?.resolve(value);
    this.request = undefined;
    this.dialog.close();
  }

  override render() {
    const request = this.request;
    return html`<dialog aria-labelledby="confirm-title" @cancel=${() => this.answer(false)}>
      ${request
        ? html`<h2 id="confirm-title">${request.title}</h2>
            <p>${request.message}</p>
            <div class="actions">
              <button @click=${() => this.answer(false)}>${request.cancelLabel}</button>
              <button class="primary ${request.danger ? 'danger' : ''}" @click=${() => this.answer(true)}>${request.confirmLabel}</button>
            </div>`
        : ''}
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ksc-confirm-dialog': KscConfirmDialog;
  }
}

import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { ToastDetail } from './host-services.ts';
import { listenToWindow } from './subscription-controller.ts';

/** Shows toasts sent with `showToast`, each for a few seconds, announced to screen readers. */
@customElement('ksc-toasts')
export class KscToasts extends LitElement {
  static override styles = css`
    :host {
      position: fixed;
      right: 24px;
      bottom: 24px;
      display: grid;
      gap: 8px;
      z-index: 1000;
    }
    div {
      padding: 10px 16px;
      border-radius: 4px;
      color: #fff;
      background: #37474f;
      box-shadow: 0 2px 8px rgba(0, 0, 0, 0.25);
    }
    .success {
      background: #1b7f3b;
    }
    .error {
      background: #b3261e;
    }
    .warning {
      background: #8a5a00;
    }
  `;

  @state() private toasts: (ToastDetail & { id: number })[] = [];
  private next = 0;

  private readonly onToast = (event: Event) => {
    const toast = { ...(event as CustomEvent<ToastDetail>).detail, id: this.next++ };
    this.toasts = [...this.toasts, toast];
    setTimeout(() => (this.toasts = this.toasts.filter((item) => item.id !== toast.id)), 6000);
  };

  constructor() {
    super();
    listenToWindow(this, 'ksc-toast', this.onToast);
  }

  override render() {
    return html`<div role="status" aria-live="polite" style="display:contents">
      ${this.toasts.map((toast) => html`<div class=${toast.kind}>${toast.text}</div>`)}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ksc-toasts': KscToasts;
  }
}

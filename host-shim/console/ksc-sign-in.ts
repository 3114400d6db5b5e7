import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import axios from 'axios';
import { signIn, type ConsoleSession } from './console-api.ts';
import { ConsoleLocalizeController, ct } from './console-i18n.ts';

/**
 * The console's sign-in page.
 *
 * @fires ksc-signed-in - `detail` is the new session.
 */
@customElement('ksc-sign-in')
export class KscSignIn extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      min-height: 100vh;
      align-items: center;
      justify-content: center;
      background: var(--ksc-nav);
    }
    form {
      background: var(--ksc-surface);
      color: var(--ksc-text);
      padding: 32px;
      border-radius: 8px;
      width: 320px;
      display: grid;
      gap: 12px;
    }
    h1 {
      font-size: 1.3rem;
      margin: 0 0 8px;
    }
    label {
      display: grid;
      gap: 4px;
    }
    input {
      font: inherit;
      padding: 8px;
      border: 1px solid var(--ksc-border-strong);
      border-radius: 4px;
    }
    button {
      font: inherit;
      padding: 8px;
      background: var(--ksc-accent);
      color: var(--ksc-on-accent);
      border: none;
      border-radius: 4px;
      cursor: pointer;
    }
    .error {
      color: var(--ksc-danger);
      margin: 0;
    }
  `;

  @state() private error = '';
  @state() private busy = false;
  private readonly localize = new ConsoleLocalizeController(this);

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const userName = String(data.get('userName') ?? '').trim();
    const password = String(data.get('password') ?? '');
    if (!userName || !password) {
      this.error = ct('signIn.errors.required');
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const session: ConsoleSession = await signIn(userName, password);
      this.dispatchEvent(new CustomEvent('ksc-signed-in', { detail: session, bubbles: true, composed: true }));
    } catch (error) {
      const status = axios.isAxiosError(error) ? error.response?.status : undefined;
      const retryAfter = axios.isAxiosError(error) ? Number(error.response?.data?.retryAfterSeconds ?? 0) : 0;
      this.error =
        status === 401
          ? ct('signIn.errors.invalid')
          : status === 429
            ? // The wait doubles from one second: under a minute it is said in seconds, not rounded up to one minute.
              retryAfter < 60
              ? ct('signIn.errors.tooManySeconds', { count: Math.max(1, Math.ceil(retryAfter)) })
              : ct('signIn.errors.tooMany', { count: Math.ceil(retryAfter / 60) })
            : ct('signIn.errors.unavailable');
    } finally {
      this.busy = false;
    }
  }

  override render() {
    void this.localize;
    return html`<form @submit=${this.submit} novalidate>
      <h1>${ct('product.name')}</h1>
      <label>${ct('signIn.userName')}<input name="userName" autocomplete="username" required /></label>
      <label>${ct('signIn.password')}<input name="password" type="password" autocomplete="current-password" required /></label>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <button type="submit" ?disabled=${this.busy}>${ct('signIn.submit')}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ksc-sign-in': KscSignIn;
  }
}

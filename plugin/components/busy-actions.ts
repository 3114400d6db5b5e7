import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { toApiError, type ApiError } from '../api/errors.ts';
import { t } from '../i18n.ts';

/** What the last run of a reported action came to: the message beside its button. */
export interface ActionOutcome {
  kind: 'done' | 'failed';
  text: string;
  /** Runs the action again; only for a failure that trying again can help. */
  retry?: () => void;
}

/** The messages of a reported action: what it made, or why it failed. */
export interface ActionMessages<T> {
  done(result: T): string;
  failed(failure: ApiError): string;
}

/**
 * Long actions of an element (downloads, exports, *Send now*), each under a key: while one runs its
 * button shows that it is working (`aria-busy`, disabled, the *Working…* text) and a second click
 * starts nothing. The element re-renders when an action starts and when it ends. A reported action
 * also keeps what it came to (`outcome`), for the message beside its button.
 */
export class BusyActions implements ReactiveController {
  readonly #running = new Set<string>();
  readonly #outcomes = new Map<string, ActionOutcome>();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Whether the action `key` runs (without a key: whether any does). */
  isBusy(key?: string): boolean {
    return key === undefined ? this.#running.size > 0 : this.#running.has(key);
  }

  /** Runs `action` unless the action `key` already runs; resolves undefined when it did not start. */
  async run<T>(key: string, action: () => Promise<T>): Promise<T | undefined> {
    if (this.#running.has(key)) return undefined;
    this.#running.add(key);
    this.host.requestUpdate();
    try {
      return await action();
    } finally {
      this.#running.delete(key);
      this.host.requestUpdate();
    }
  }

  /**
   * Runs `action` like `run` and keeps what it came to: the `done` message, or the `failed` one with
   * a retry when trying again can help. Resolves undefined when it did not start or failed.
   */
  async runReported<T>(key: string, action: () => Promise<T>, messages: ActionMessages<T>): Promise<T | undefined> {
    if (this.#running.has(key)) return undefined;
    this.#outcomes.delete(key);
    return this.run(key, async () => {
      try {
        const result = await action();
        this.#outcomes.set(key, { kind: 'done', text: messages.done(result) });
        return result;
      } catch (error) {
        const failure = toApiError(error);
        const retry = failure.retryable ? () => void this.runReported(key, action, messages) : undefined;
        this.#outcomes.set(key, { kind: 'failed', text: messages.failed(failure), retry });
        return undefined;
      }
    });
  }

  /** What the last reported run of `key` came to, until it runs again. */
  outcome(key: string): ActionOutcome | undefined {
    return this.#outcomes.get(key);
  }
}

/** A busy action's button text: *Working…* while it runs, its own label otherwise. */
export function busyLabel(busy: boolean, label: string): string {
  return busy ? t('busy.working') : label;
}

/** The button of the action `key`: busy and disabled while it runs, *Working…* instead of its label. */
export function busyButton(busy: BusyActions, key: string, label: string, onClick: () => void, className = ''): unknown {
  const running = busy.isBusy(key);
  return html`<button class=${className} ?disabled=${running} aria-busy=${running ? 'true' : 'false'} @click=${onClick}>${busyLabel(running, label)}</button>`;
}

/**
 * The message beside a reported action's button: a status region that is always there (so that the
 * message is announced when it appears) saying that the action finished, or an alert with *Retry*
 * when it failed.
 */
export function actionOutcome(outcome: ActionOutcome | undefined): unknown {
  return html`<span class="outcome done" role="status">${outcome?.kind === 'done' ? outcome.text : nothing}</span>${outcome?.kind === 'failed'
      ? html`<span class="outcome failed" role="alert"
          >${outcome.text} ${outcome.retry ? html`<button class="link" @click=${outcome.retry}>${t('common.retry')}</button>` : nothing}</span
        >`
      : nothing}`;
}

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { t } from '../i18n.ts';

/**
 * Long actions of an element (downloads, exports, *Send now*), each under a key: while one runs its
 * button shows that it is working (`aria-busy`, disabled, the *Working…* text) and a second click
 * starts nothing. The element re-renders when an action starts and when it ends.
 */
export class BusyActions implements ReactiveController {
  readonly #running = new Set<string>();

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
}

/** A busy action's button text: *Working…* while it runs, its own label otherwise. */
export function busyLabel(busy: boolean, label: string): string {
  return busy ? t('busy.working') : label;
}

/**
 * What happens to incidents, comments and responses in the MDR service, announced to whoever
 * reacts to it (the notifier mails subscribers). Announced after the change is committed.
 */
import { EventEmitter } from 'node:events';

export type ActivityEvent =
  | { kind: 'incident'; action: 'created' | 'updated' | 'resolved' | 'closed'; incidentId: string }
  | { kind: 'comment'; action: 'created' | 'updated' | 'deleted'; incidentId: string; commentId: string }
  | { kind: 'response'; action: 'created' | 'confirmed' | 'declined' | 'autoAccepted'; incidentId: string; responseId: string };

/** A typed event bus for {@link ActivityEvent}. */
export class ActivityBus {
  readonly #emitter = new EventEmitter();

  /** Announces a committed change. Listeners run later, so a slow mail never delays the request. */
  emit(event: ActivityEvent): void {
    setImmediate(() => this.#emitter.emit('activity', event));
  }

  on(listener: (event: ActivityEvent) => void | Promise<void>): void {
    this.#emitter.on('activity', listener);
  }

  off(listener: (event: ActivityEvent) => void | Promise<void>): void {
    this.#emitter.off('activity', listener);
  }
}

import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Holds a subscription while its element is connected: `subscribe` starts it when the element is
 * connected and returns what ends it, which runs when the element is disconnected.
 */
export class SubscriptionController implements ReactiveController {
  private unsubscribe?: () => void;

  constructor(
    host: ReactiveControllerHost,
    private readonly subscribe: () => () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.unsubscribe = this.subscribe();
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}

/** Listens to an event of the window (`ksc-toast`, `ksc-confirm`) while the element is connected. */
export function listenToWindow(host: ReactiveControllerHost, type: string, listener: (event: Event) => void): SubscriptionController {
  return new SubscriptionController(host, () => {
    window.addEventListener(type, listener);
    return () => window.removeEventListener(type, listener);
  });
}

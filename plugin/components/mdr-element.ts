import { LitElement } from 'lit';
import { state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { MdrApi } from '../api/mdr-api.ts';
import { apiContext, hostContext, type MdrHost } from '../context.ts';
import type { MdrEventDetail, MdrEventName } from '../events.ts';
import { LocalizeController } from '../i18n.ts';

/**
 * The base of the plug-in's elements inside `<mdr-section>`: the host contract (`host`) and the API
 * client (`api`) as the section provides them, a re-render when the language changes or its strings
 * arrive, and `emit()` for the plug-in's events (declared with their detail in `events.ts`).
 */
export class MdrElement extends LitElement {
  /** The host contract, from `<mdr-section>` (a new object whenever rights or language change). */
  @consume({ context: hostContext, subscribe: true })
  @state()
  host?: MdrHost;

  /** The plug-in's API client, from `<mdr-section>`. */
  @consume({ context: apiContext, subscribe: true })
  @state()
  api?: MdrApi;

  /** Re-renders the element in the new language. */
  protected readonly localize = new LocalizeController(this);

  /**
   * Dispatches one of the plug-in's events: it bubbles out of shadow roots (`composed`), so a tab
   * hears the events of the panels inside it. Returns false when a listener cancelled it.
   */
  protected emit<K extends MdrEventName>(name: K, ...detail: MdrEventDetail<K> extends undefined ? [] : [MdrEventDetail<K>]): boolean {
    return this.dispatchEvent(new CustomEvent(name, { detail: detail[0], bubbles: true, composed: true, cancelable: true }));
  }
}

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MdrHost } from '../context.ts';
import { t, type GroupWith } from '../i18n.ts';

/** A panel with its own words for the discard dialog. */
export type DiscardWords = GroupWith<'discardTitle'> & GroupWith<'discardMessage'> & GroupWith<'discard'> & GroupWith<'keepEditing'>;

/**
 * A tab (or form) that can hold edits not saved yet. The section asks before leaving such a tab,
 * and the browser asks before the page is closed or reloaded.
 */
export interface UnsavedChangesAware {
  readonly hasUnsavedChanges: boolean;
}

/** Whether `element` declares unsaved edits. */
export function hasUnsavedChanges(element: Element | null | undefined): boolean {
  return Boolean(element && (element as Partial<UnsavedChangesAware>).hasUnsavedChanges === true);
}

/**
 * Asks the user, in the host's dialog, whether to leave and lose the edits: in the section's words,
 * or in a panel's own (`<prefix>.discardTitle`, `.discardMessage`, `.discard`, `.keepEditing`).
 */
export function confirmDiscard(host: MdrHost | undefined, panelPrefix?: DiscardWords): Promise<boolean> {
  if (!host) return Promise.resolve(true);
  return host.confirm(
    panelPrefix
      ? {
          title: t(`${panelPrefix}.discardTitle`),
          message: t(`${panelPrefix}.discardMessage`),
          confirmLabel: t(`${panelPrefix}.discard`),
          cancelLabel: t(`${panelPrefix}.keepEditing`),
        }
      : {
          title: t('unsavedChanges.title'),
          message: t('unsavedChanges.message'),
          confirmLabel: t('unsavedChanges.leave'),
          cancelLabel: t('unsavedChanges.stay'),
          danger: true,
        },
  );
}

/** Makes the browser ask before unloading the page while its element has unsaved edits. */
export class BeforeUnloadController implements ReactiveController {
  private readonly listener = (event: BeforeUnloadEvent) => {
    if (!this.host.hasUnsavedChanges) return;
    event.preventDefault();
    // Older browsers need returnValue set; the text itself is not shown by modern ones.
    event.returnValue = '';
  };

  constructor(private readonly host: ReactiveControllerHost & UnsavedChangesAware) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('beforeunload', this.listener);
  }

  hostDisconnected(): void {
    window.removeEventListener('beforeunload', this.listener);
  }
}

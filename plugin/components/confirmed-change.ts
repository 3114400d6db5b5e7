import { toApiError, type ApiError } from '../api/errors.ts';
import type { ConfirmRequest, MdrHost } from '../context.ts';

/** A change a list makes to one of its rows after asking (delete, remove, revoke). */
export interface ConfirmedChange {
  /** What the host's dialog asks. */
  confirm: ConfirmRequest;
  /** The call that makes the change (through the plug-in's API client). */
  run: () => Promise<unknown>;
  /** The notice when it was made. */
  done: string;
  /** The notice when it was refused or failed. */
  failed: (failure: ApiError) => string;
}

/**
 * Asks in the host's dialog, makes the change and says how it went, the same way in every list.
 * Resolves `undefined` when the user cancelled (nothing happened), otherwise whether the change was
 * made; either way the list should be read again, since a refusal (409) means it has changed.
 */
export async function confirmedChange(host: MdrHost | undefined, change: ConfirmedChange): Promise<boolean | undefined> {
  if (!host || !(await host.confirm(change.confirm))) return undefined;
  try {
    await change.run();
    host.notify({ kind: 'success', text: change.done });
    return true;
  } catch (error) {
    host.notify({ kind: 'error', text: change.failed(toApiError(error)) });
    return false;
  }
}

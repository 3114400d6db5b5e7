import { html } from 'lit';
import type { Task } from '@lit/task';
import { toProblem } from './console-api.ts';
import { ct } from './console-i18n.ts';
import { requestConfirm, showToast } from './host-services.ts';
import { problemMessage } from './user-role-validation.ts';

/**
 * Asks before deleting a user or a role (`<area>.deleteTitle`, `<area>.deleteMessage`), deletes it and
 * says so (`<area>.deleted`), or shows why the console refused. Resolves true when it was deleted.
 */
export async function confirmAndDelete(area: 'users' | 'roles', name: string, remove: () => Promise<unknown>): Promise<boolean> {
  if (!(await confirmDanger({ title: ct(`${area}.deleteTitle`), message: ct(`${area}.deleteMessage`, { name }), confirmLabel: ct('common.delete') }))) return false;
  try {
    await remove();
    showToast({ kind: 'success', text: ct(`${area}.deleted`, { name }) });
    return true;
  } catch (error) {
    showToast({ kind: 'error', text: problemMessage(toProblem(error)) });
    return false;
  }
}

/** Asks before something that cannot be undone (its button in the danger colour, *Cancel* beside it). */
export function confirmDanger(request: { title: string; message: string; confirmLabel: string }): Promise<boolean> {
  return requestConfirm({ ...request, cancelLabel: ct('common.cancel'), danger: true });
}

/** The loading state of an administration page. */
export const loadingView = () => html`<p class="muted" role="status" aria-busy="true">${ct('common.loading')}</p>`;

/** A page that could not load its data: why, and *Retry*. */
export const loadFailureView = (error: unknown, retry: () => unknown) =>
  html`<div class="card" role="alert">
    <p class="error">${problemMessage(toProblem(error))}</p>
    <button @click=${() => retry()}>${ct('common.retry')}</button>
  </div>`;

/** What a page's task shows: loading, why it failed with *Retry*, or `complete` with its value. */
export function taskView<Value>(task: Task<readonly unknown[], Value>, complete: (value: Value) => unknown) {
  return task.render({ pending: loadingView, error: (error) => loadFailureView(error, () => task.run()), complete });
}

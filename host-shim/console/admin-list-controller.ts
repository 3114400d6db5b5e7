import { html, nothing, type ReactiveControllerHost } from 'lit';
import { Task } from '@lit/task';
import { toProblem } from './console-api.ts';
import { formCard } from './console-form.ts';
import { ct } from './console-i18n.ts';
import { confirmAndDelete, taskView } from './admin-actions.ts';
import { showToast } from './host-services.ts';
import { problemMessage, type FieldErrors } from './user-role-validation.ts';

/** What an administration list reads, and what its add-or-edit form does with a draft. */
export interface AdminListOptions<Value, Draft> {
  /** Reads the list (and what its form needs beside it). */
  load: () => Promise<Value>;
  /** What an edit can change, equal when nothing did: *Save* waits for a change. */
  comparable: (draft: Draft) => unknown;
  /** The browser's check of the draft against the list, with the server's problem codes. */
  validate: (draft: Draft, value: Value) => FieldErrors;
  /** Creates or updates the record; resolves to what the success toast says. */
  save: (draft: Draft) => Promise<string>;
  /** Fields of the form: the server's refusal of one of them is said next to it, any other above the buttons. */
  fields: readonly string[];
}

/** The open form of an administration list: its title (and that title's id) and its fields. */
export interface AdminFormView {
  titleId: string;
  title: string;
  body: unknown;
}

/**
 * An administration list of the console (users, roles) with its add-or-edit form: the list as a task,
 * the draft with its field problems and the refusal of the whole, *Save* enabled only for a change, a
 * save or a delete that says how it went, and after either the list read again and the console told
 * (`ksc-session-refresh`), since the signed-in user's rights may have changed. Its element re-renders
 * on every change of that state.
 */
export class AdminListController<Value, Draft extends { id?: string }> {
  readonly list: Task<[], Value>;
  /** The form's values while it is open; `id` is set when editing. */
  draft?: Draft;
  fieldErrors: FieldErrors = {};
  formError = '';
  saving = false;
  /** The record as loaded, in its comparable form. */
  private original = '';
  /** Counts the forms opened and closed: a save's answer concerns only the form it was sent from. */
  private form = 0;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: AdminListOptions<Value, Draft>,
  ) {
    this.list = new Task(host, { task: () => options.load(), args: () => [] });
  }

  /** Reads the list again and tells the console, which reads the signed-in session again. */
  changed(): void {
    void this.list.run();
    this.host.dispatchEvent(new CustomEvent('ksc-session-refresh', { bubbles: true, composed: true }));
  }

  /** Asks before deleting a user or a role, deletes it and says so (see `confirmAndDelete`). */
  async remove(area: 'users' | 'roles', name: string, remove: () => Promise<unknown>): Promise<void> {
    if (await confirmAndDelete(area, name, remove)) this.changed();
  }

  /** Opens the form on a new record or a copy of a loaded one. */
  open(draft: Draft): void {
    this.form++;
    this.draft = draft;
    this.original = draft.id ? this.comparable(draft) : '';
    this.fieldErrors = {};
    this.formError = '';
    this.host.requestUpdate();
  }

  close(): void {
    this.form++;
    this.draft = undefined;
    this.host.requestUpdate();
  }

  /** Changes the draft; `answered` names a field whose problem the change answers. */
  update(patch: Partial<Draft>, answered?: string): void {
    this.draft = { ...this.draft!, ...patch };
    if (answered && this.fieldErrors[answered]) this.fieldErrors = { ...this.fieldErrors, [answered]: undefined };
    this.host.requestUpdate();
  }

  /** An edit that changed nothing yet. */
  get unchanged(): boolean {
    return this.draft?.id !== undefined && this.comparable(this.draft) === this.original;
  }

  /** Checks the draft, saves it, says so and closes the form; or shows why it was refused. */
  async submit(): Promise<void> {
    const draft = this.draft!;
    this.fieldErrors = this.options.validate(draft, this.list.value!);
    this.formError = '';
    this.host.requestUpdate();
    if (Object.keys(this.fieldErrors).length > 0) return;
    this.saving = true;
    const form = this.form;
    try {
      showToast({ kind: 'success', text: await this.options.save(draft) });
      // Saved; the form closes unless the user has meanwhile closed it or opened another record.
      if (this.form === form) this.close();
      this.changed();
    } catch (error) {
      // The refusal belongs to the form it was sent from: another form open now does not show it.
      if (this.form !== form) return;
      const problem = toProblem(error);
      // A right the administrator does not hold is refused (403) next to the field that asked for it.
      const fieldProblem = problem.error === 'validation' || problem.rule === 'rightsNotHeld';
      if (fieldProblem && problem.field && problem.rule && this.options.fields.includes(problem.field)) this.fieldErrors = { [problem.field]: problem.rule };
      else this.formError = problemMessage(problem);
    } finally {
      this.saving = false;
      this.host.requestUpdate();
    }
  }

  /**
   * The page: its title, then while the list loads or fails the task's view; once loaded, the open
   * form (its fields from `view.form`) above the list (`view.list`).
   */
  render(title: string, view: { list: (value: Value) => unknown; form: (draft: Draft, value: Value) => AdminFormView }) {
    return html`<h1>${title}</h1>
      ${taskView(this.list, (value) => html`${this.draft ? this.renderForm(view.form(this.draft, value)) : nothing} ${view.list(value)}`)}`;
  }

  private renderForm(form: AdminFormView) {
    return formCard({
      ...form,
      novalidate: true,
      error: this.formError,
      submitLabel: ct('common.save'),
      submitDisabled: this.saving || this.unchanged,
      onSubmit: () => void this.submit(),
      onCancel: () => this.close(),
    });
  }

  private comparable(draft: Draft): string {
    return JSON.stringify(this.options.comparable(draft));
  }
}

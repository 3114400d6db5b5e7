import type { ReactiveControllerHost } from 'lit';
import { toProblem } from './console-api.ts';
import { formCard } from './console-form.ts';
import { ct } from './console-i18n.ts';
import { showToast } from './host-services.ts';
import { problemMessage, type FieldErrors } from './user-role-validation.ts';

/** What an add-or-edit form of an administration list does with its draft. */
export interface AdminFormOptions<Draft> {
  /** What an edit can change, equal when nothing did: *Save* waits for a change. */
  comparable: (draft: Draft) => unknown;
  /** The browser's check of the draft, with the server's problem codes. */
  validate: (draft: Draft) => FieldErrors;
  /** Creates or updates the record; resolves to what the success toast says. */
  save: (draft: Draft) => Promise<string>;
  /** Fields of the form: the server's refusal of one of them is said next to it, any other above the buttons. */
  fields: readonly string[];
  /** After a save, to read the list again. */
  saved: () => void;
}

/**
 * The add or edit form of an administration list (users, roles): the draft, its field problems and the
 * refusal of the whole, *Save* enabled only for a change, and a save that says how it went. Its
 * element re-renders on every change of that state.
 */
export class AdminFormController<Draft extends { id?: string }> {
  /** The form's values while it is open; `id` is set when editing. */
  draft?: Draft;
  fieldErrors: FieldErrors = {};
  formError = '';
  saving = false;
  /** The record as loaded, in its comparable form. */
  private original = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: AdminFormOptions<Draft>,
  ) {}

  /** Opens the form on a new record or a copy of a loaded one. */
  open(draft: Draft): void {
    this.draft = draft;
    this.original = draft.id ? this.comparable(draft) : '';
    this.fieldErrors = {};
    this.formError = '';
    this.host.requestUpdate();
  }

  close(): void {
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
    this.fieldErrors = this.options.validate(draft);
    this.formError = '';
    this.host.requestUpdate();
    if (Object.keys(this.fieldErrors).length > 0) return;
    this.saving = true;
    try {
      showToast({ kind: 'success', text: await this.options.save(draft) });
      this.draft = undefined;
      this.options.saved();
    } catch (error) {
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

  /** The open form in a card: `body` holds its fields. */
  render(view: { titleId: string; title: string; body: unknown }) {
    return formCard({
      ...view,
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

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { toApiError, type ApiError } from '../api/errors.ts';
import type { MdrHost } from '../context.ts';
import { confirmDiscard, type DiscardWords } from './unsaved-changes.ts';

/** What {@link FormController} needs to know about its form. */
export interface FormControllerOptions<Values extends object> {
  /** The values of the empty form (what a new item starts with). */
  blank: () => Values;
  /**
   * The message of a broken rule next to its field, already localized. Read at render time, so it
   * follows a change of language; `failure` is the service's refusal when the rule came from it.
   */
  message: (field: string, rule: string, failure?: ApiError) => string;
  /** Whether the values hold changes worth saving; by default, whether any field differs from the original. */
  isDirty?: (values: Values, original: Values) => boolean;
  /** The form's name of a field the service names (e.g. `configFile.licenseId` → `licenseId`). */
  fieldOf?: (field: string) => string;
  /** Selector of a field's control, to focus the first field in error; by default the first control marked invalid. */
  controlOf?: (field: string) => string;
  /**
   * A failure above the form stays while the user edits (a side panel keeps its *Reload*); by
   * default an edit clears it, as it answers what the failure was about.
   */
  failureOutlivesEdits?: boolean;
}

interface FieldProblem {
  rule: string;
  failure?: ApiError;
}

const same = (a: unknown, b: unknown): boolean => (Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((item, index) => item === b[index]) : a === b);

/**
 * The state every form of the plug-in keeps, held once for any element: the values and the
 * original ones they are compared with (`dirty`), the broken rules by field (from the form's own
 * checks and from the service's refusals, shown next to the field and announced), whether a save
 * runs (`busy`), the failure above the form (`failure`, `conflict` when someone else saved first
 * and the form offers *Reload*), asking before edits are thrown away, and focus on the first field
 * in error. The element re-renders whenever any of it changes. In the spirit of Shoelace's
 * `FormControlController`: the element keeps only what is its own (its fields, rules and calls).
 */
export class FormController<Values extends object> implements ReactiveController {
  #values: Values;
  #original: Values;
  #problems = new Map<string, FieldProblem>();
  #failure: ApiError | null = null;
  #busy = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment },
    private readonly options: FormControllerOptions<Values>,
  ) {
    this.#values = options.blank();
    this.#original = options.blank();
    host.addController(this);
  }

  hostConnected(): void {}

  /** The values as edited. */
  get values(): Values {
    return this.#values;
  }

  /** The values the form was loaded with (or last saved). */
  get original(): Values {
    return this.#original;
  }

  /** Whether a save (or another call of the form) runs. */
  get busy(): boolean {
    return this.#busy;
  }

  /** The failure shown above the form, if any. */
  get failure(): ApiError | null {
    return this.#failure;
  }

  /** Someone else saved since the form was loaded: the form offers *Reload*. */
  get conflict(): boolean {
    return this.#failure?.failure === 'conflict';
  }

  /** The values hold changes worth saving (or losing). */
  get dirty(): boolean {
    return this.options.isDirty ? this.options.isDirty(this.#values, this.#original) : this.changedFields().length > 0;
  }

  /** Fields whose value differs from the original. */
  changedFields(): (keyof Values)[] {
    return (Object.keys(this.#values) as (keyof Values)[]).filter((field) => !same(this.#values[field], this.#original[field]));
  }

  /** Starts over from `values` (loaded or saved): nothing changed, no message. */
  load(values: Values): void {
    this.#values = { ...values };
    this.#original = { ...values };
    this.#problems.clear();
    this.#failure = null;
    this.host.requestUpdate();
  }

  /** Starts over from the empty form. */
  clear(): void {
    this.load(this.options.blank());
  }

  /** Takes the saved `values` as the original, keeping what was typed after `sent` went out as an unsaved change. */
  adoptSaved(values: Values, sent: Values): void {
    const typed = this.#values;
    this.#original = { ...values };
    this.#values = { ...values };
    for (const field of Object.keys(typed) as (keyof Values)[]) {
      if (!same(typed[field], sent[field])) this.#values[field] = typed[field];
    }
    this.host.requestUpdate();
  }

  /** Back to the original values, without messages next to the fields (a failure above the form stays, with its *Reload*). */
  revert(): void {
    this.#values = { ...this.#original };
    this.#problems.clear();
    this.host.requestUpdate();
  }

  /** An edit: the new values, without the messages of the fields it changed. */
  set(patch: Partial<Values>): void {
    this.#values = { ...this.#values, ...patch };
    for (const field of Object.keys(patch)) this.#problems.delete(field);
    if (!this.options.failureOutlivesEdits) this.#failure = null;
    this.host.requestUpdate();
  }

  /** Whether `field` has a broken rule. */
  hasError(field: string): boolean {
    return this.#problems.has(field);
  }

  /** The broken rule of `field`, if any. */
  ruleOf(field: string): string | undefined {
    return this.#problems.get(field)?.rule;
  }

  /** The message next to `field`, localized; undefined when it has none. */
  errorText(field: string): string | undefined {
    const problem = this.#problems.get(field);
    return problem ? this.options.message(field, problem.rule, problem.failure) : undefined;
  }

  /** Whether any field has a broken rule. */
  get hasErrors(): boolean {
    return this.#problems.size > 0;
  }

  /** Sets (or, with undefined, clears) the broken rule of one field. */
  setError(field: string, rule: string | undefined, failure?: ApiError): void {
    if (rule === undefined) this.#problems.delete(field);
    else this.#problems.set(field, { rule, failure });
    this.host.requestUpdate();
  }

  /** Clears the messages of `fields` (all without any). */
  clearErrors(...fields: string[]): void {
    if (fields.length === 0) this.#problems.clear();
    for (const field of fields) this.#problems.delete(field);
    this.host.requestUpdate();
  }

  /** Clears the failure above the form. */
  clearFailure(): void {
    this.#failure = null;
    this.host.requestUpdate();
  }

  /**
   * The form's own checks before a call: shows the broken `rules` by field (in the order given)
   * and focuses the first field in error. Resolves whether the values passed.
   */
  async check(rules: Partial<Record<string, string | undefined>>, options: { focus?: boolean } = {}): Promise<boolean> {
    this.#problems.clear();
    this.#failure = null;
    for (const [field, rule] of Object.entries(rules)) if (rule !== undefined) this.#problems.set(field, { rule });
    this.host.requestUpdate();
    if (this.#problems.size === 0) return true;
    if (options.focus !== false) await this.focusFirstError();
    return false;
  }

  /** Focuses the control of the first field in error. */
  async focusFirstError(): Promise<void> {
    await this.host.updateComplete;
    const first = this.#problems.keys().next().value;
    const selector = first !== undefined && this.options.controlOf ? this.options.controlOf(first) : '[aria-invalid="true"]';
    this.host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  /**
   * Runs a call of the form (save, add, refresh) unless one runs already: `busy` meanwhile, and a
   * refusal shown where it belongs — a broken rule next to the field the service names, anything
   * else above the form. `onFailure` may take a refusal first (answering true when it did).
   * Resolves the call's answer, or undefined when it did not run or failed.
   */
  async run<T>(call: () => Promise<T>, onFailure?: (failure: ApiError) => boolean): Promise<T | undefined> {
    if (this.#busy) return undefined;
    this.#busy = true;
    this.#failure = null;
    this.host.requestUpdate();
    try {
      return await call();
    } catch (error) {
      const failure = toApiError(error);
      if (!onFailure?.(failure)) this.refuse(failure);
      return undefined;
    } finally {
      this.#busy = false;
      this.host.requestUpdate();
    }
  }

  /** Shows a refusal: a broken rule next to the field the service names, anything else above the form. */
  refuse(failure: ApiError): void {
    const field = failure.details.field;
    if (failure.failure === 'validation' && field) {
      this.setError(this.options.fieldOf ? this.options.fieldOf(field) : field, failure.details.rule ?? 'invalid', failure);
      return;
    }
    this.#failure = failure;
    this.host.requestUpdate();
  }

  /** Whether the form may be left: nothing to lose, or the user agreed to lose it (in the panel's words with `panelPrefix`). */
  async mayDiscard(host: MdrHost | undefined, panelPrefix?: DiscardWords): Promise<boolean> {
    return !this.dirty || confirmDiscard(host, panelPrefix);
  }
}

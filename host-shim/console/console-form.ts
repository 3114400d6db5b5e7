import { html, nothing } from 'lit';
import { ct } from './console-i18n.ts';

/** A form in a card: its title, its fields, why it was refused, and *submit* and *Cancel*. */
export interface FormCardOptions {
  /** Id of the `<h2>` that names the form. */
  titleId: string;
  title: string;
  /** Classes beside `card`. */
  className?: string;
  /** The page checks the fields and says what is wrong next to them, not the browser. */
  novalidate?: boolean;
  /** The fields, between the title and the buttons. */
  body: unknown;
  /** Why the last submission was refused, said above the buttons. */
  error?: string;
  submitLabel: string;
  submitDisabled: boolean;
  onSubmit: () => void;
  onCancel: () => void;
}

/** A form of an administration page, in a card, styled by `pageStyles`. */
export function formCard(options: FormCardOptions) {
  return html`<form
    class=${options.className ? `card ${options.className}` : 'card'}
    aria-labelledby=${options.titleId}
    ?novalidate=${options.novalidate ?? false}
    @submit=${(event: Event) => {
      event.preventDefault();
      options.onSubmit();
    }}
  >
    <h2 id=${options.titleId}>${options.title}</h2>
    ${options.body}
    ${options.error ? html`<p class="error" role="alert">${options.error}</p>` : nothing}
    <div class="actions">
      <button class="primary" type="submit" ?disabled=${options.submitDisabled}>${options.submitLabel}</button>
      <button type="button" @click=${options.onCancel}>${ct('common.cancel')}</button>
    </div>
  </form>`;
}

/** A labelled text input with its problem (or its hint while there is none). */
export interface TextFieldOptions {
  /** Id of the input; its problem's paragraph is `<id>-error`. */
  id: string;
  name: string;
  label: string;
  type?: 'text' | 'password';
  value: string;
  /** The problem's message, if any. */
  error?: string;
  /** Said under the input while there is no problem. */
  hint?: string;
  autocomplete?: string;
  readonly?: boolean;
  onInput: (value: string) => void;
}

/** A text field of an administration form, its problem tied to the input for assistive technology. */
export function textField(options: TextFieldOptions) {
  const { id, error } = options;
  return html`<div class="field">
    <label for=${id}>${options.label}</label>
    <input
      id=${id}
      name=${options.name}
      type=${options.type ?? 'text'}
      autocomplete=${options.autocomplete ?? nothing}
      ?readonly=${options.readonly ?? false}
      .value=${options.value}
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${error ? `${id}-error` : nothing}
      @input=${(event: Event) => options.onInput((event.target as HTMLInputElement).value)}
    />
    ${options.hint && !error ? html`<p class="muted">${options.hint}</p>` : nothing}
    ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : nothing}
  </div>`;
}

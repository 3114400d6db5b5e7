import { css, html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

/** What {@link formField} shows around a control. */
export interface FormFieldOptions {
  /** Id of the control; the label and the messages refer to it. */
  id: string;
  /** Label text, already localized. */
  label: string;
  /** Validation message, already localized; shown next to the field and announced. */
  error?: string;
  /** Help text, already localized. */
  hint?: string;
  required?: boolean;
}

/**
 * A labelled form field: label, the control, a hint and the validation message, linked with
 * `aria-describedby` / `aria-invalid` by the caller passing `describedBy(options)` to the control.
 * A template function rather than an element, so that label and control share one shadow root.
 */
export function formField(options: FormFieldOptions, control: TemplateResult): TemplateResult {
  return html`<div class="field ${options.error ? 'invalid' : ''}">
    <label for=${options.id}>${options.label}${options.required ? html`<span aria-hidden="true"> *</span>` : nothing}</label>
    ${control}
    ${options.hint ? html`<div class="hint" id="${options.id}-hint">${options.hint}</div>` : nothing}
    ${options.error ? html`<div class="error" id="${options.id}-error" role="alert">${options.error}</div>` : nothing}
  </div>`;
}

/** The `aria-describedby` value for a field's control. */
export function describedBy(options: Pick<FormFieldOptions, 'id' | 'error' | 'hint'>): string | typeof nothing {
  const ids = [options.hint ? `${options.id}-hint` : '', options.error ? `${options.id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : nothing;
}

/** The text control of a {@link textField}: its value, what typing does, and its own attributes. */
export interface TextControl {
  value: string;
  /** Called with the new text on every `input`. */
  onInput: (value: string) => void;
  /** A `<textarea>` instead of an `<input>`. */
  multiline?: boolean;
  type?: string;
  inputmode?: string;
  autocomplete?: string;
  maxlength?: number;
  placeholder?: string;
  spellcheck?: boolean;
  readonly?: boolean;
}

/**
 * A labelled text field (`formField`) with its control: the control gets the field's id and is
 * linked to its hint and message (`aria-describedby`, `aria-invalid` while there is a message).
 */
export function textField(field: FormFieldOptions, control: TextControl): TemplateResult {
  const invalid = field.error ? 'true' : 'false';
  const input = (event: Event) => control.onInput((event.target as HTMLInputElement | HTMLTextAreaElement).value);
  return formField(
    field,
    control.multiline
      ? html`<textarea
          id=${field.id}
          maxlength=${ifDefined(control.maxlength)}
          ?readonly=${control.readonly ?? false}
          .value=${control.value}
          aria-invalid=${invalid}
          aria-describedby=${describedBy(field)}
          @input=${input}
        ></textarea>`
      : html`<input
          id=${field.id}
          type=${ifDefined(control.type)}
          inputmode=${ifDefined(control.inputmode)}
          autocomplete=${ifDefined(control.autocomplete)}
          maxlength=${ifDefined(control.maxlength)}
          placeholder=${ifDefined(control.placeholder)}
          spellcheck=${ifDefined(control.spellcheck === undefined ? undefined : String(control.spellcheck))}
          ?readonly=${control.readonly ?? false}
          .value=${control.value}
          aria-invalid=${invalid}
          aria-describedby=${describedBy(field)}
          @input=${input}
        />`,
  );
}

/** Styles for {@link formField}; add to a component's `styles`. */
export const formFieldStyles = css`
  .field {
    display: grid;
    gap: 4px;
    margin-bottom: 14px;
  }
  .field label {
    font-weight: 500;
  }
  .field input:not([type='checkbox']):not([type='radio']),
  .field textarea,
  .field select {
    font: inherit;
    padding: 6px 8px;
    border: 1px solid var(--_border);
    border-radius: 4px;
    max-width: 100%;
    background: var(--_surface);
    color: var(--_text);
  }
  .field.invalid input,
  .field.invalid textarea,
  .field.invalid select {
    border-color: var(--_danger);
  }
  .field .hint {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .field .error {
    color: var(--_danger);
    font-size: 0.9em;
  }
`;

import { waitUntil } from '@open-wc/testing';
import { deepQuery, deepQueryAll, visibleText, waitForText } from './dom.ts';

/**
 * The visible button whose text (or accessible label) is `name`, anywhere below `root`; `selector`
 * narrows which buttons count (e.g. `button[slot="actions"]`).
 */
export function buttonNamed(root: Element, name: string | RegExp, selector = 'button'): HTMLButtonElement | undefined {
  const matches = (text: string) => (typeof name === 'string' ? text === name : name.test(text));
  return deepQueryAll<HTMLButtonElement>(root, selector).find(
    (button) => matches(button.textContent?.replace(/\s+/g, ' ').trim() ?? '') || matches(button.getAttribute('aria-label') ?? ''),
  );
}

/** Clicks the button named `name` once it exists and is enabled. */
export async function clickButton(root: Element, name: string | RegExp): Promise<void> {
  await waitUntil(() => {
    const button = buttonNamed(root, name);
    return button !== undefined && !button.disabled;
  }, `no enabled button "${name}"; saw: ${visibleText(root).slice(0, 300)}`);
  buttonNamed(root, name)!.click();
}

/** Types into a text field as a person would: the value changes and `input` fires. */
export function typeInto(field: HTMLInputElement | HTMLTextAreaElement, text: string): void {
  field.focus();
  field.value = text;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

/** Chooses an option of a select and fires `change`. */
export function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

/** Waits until `check` holds, then returns nothing (a readable alias for assertions on requests). */
export async function eventually(check: () => boolean, message: string): Promise<void> {
  await waitUntil(check, message, { timeout: 5000 });
}

/** Waits for the failure `message` of a list or a tab, then (after `beforeRetry`) clicks its *Retry*. */
export async function retryAfter(root: Element, message: string, beforeRetry: () => void = () => undefined): Promise<void> {
  await waitForText(root, message);
  beforeRetry();
  deepQuery<HTMLButtonElement>(deepQuery(root, 'mdr-state-view')!, 'button')!.click();
}

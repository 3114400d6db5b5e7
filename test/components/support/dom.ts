import { expect, waitUntil } from '@open-wc/testing';

/** Text a user sees in an element, shadow roots included, with white space folded. */
export function visibleText(root: Element | ShadowRoot): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
    node.childNodes.forEach(walk);
  };
  walk(root);
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

/** All elements matching `selector` anywhere below `root`, through shadow roots. */
export function deepQueryAll<T extends Element = Element>(root: Element | ShadowRoot | Document, selector: string): T[] {
  const found: T[] = [];
  const walk = (node: Element | ShadowRoot | Document) => {
    if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
    found.push(...Array.from(node.querySelectorAll<T>(selector)));
    node.querySelectorAll('*').forEach((element) => {
      if (element.shadowRoot) walk(element.shadowRoot);
    });
  };
  walk(root);
  return [...new Set(found)];
}

export function deepQuery<T extends Element = Element>(root: Element | ShadowRoot | Document, selector: string): T | undefined {
  return deepQueryAll<T>(root, selector)[0];
}

/** Waits until the visible text of `element` contains `text`. */
export async function waitForText(element: Element, text: string, timeout = 5000): Promise<void> {
  await waitUntil(() => visibleText(element).includes(text), `"${text}" did not appear; saw: ${visibleText(element).slice(0, 300)}`, { timeout });
}

/** Asserts that the visible text of `root` contains every one of `shown` and none of `hidden`. */
export function expectVisibleText(root: Element, shown: readonly string[], hidden: readonly string[] = []): void {
  const text = visibleText(root);
  for (const part of shown) expect(text).to.include(part);
  for (const part of hidden) expect(text).not.to.include(part);
}

/**
 * Installed in the page before any of its scripts: `__benchDataShown(tabId?)` resolves with
 * `performance.now()` at the first animation frame in which the open tab (or `tabId`) shows its data —
 * its element has rendered, and nothing inside it, through every shadow root, is still loading.
 * On every navigation it marks `mdr-bench:data-shown` for the tab that opens first.
 * `__visibleTexts()` lists what a user can see or hear on the page, through every shadow root.
 */
export const pageProbe = `
(() => {
  const deepFind = (root, selector) => {
    const found = root.querySelector(selector);
    if (found) return found;
    for (const element of root.querySelectorAll('*')) {
      if (element.shadowRoot) {
        const inner = deepFind(element.shadowRoot, selector);
        if (inner) return inner;
      }
    }
    return null;
  };
  const stillLoading = (root) => {
    if (root.querySelector('mdr-state-view[state="loading"], [aria-busy="true"]')) return true;
    for (const element of root.querySelectorAll('*')) {
      if (element.localName.includes('-') && !customElements.get(element.localName)) return true;
      if (element.shadowRoot && stillLoading(element.shadowRoot)) return true;
    }
    return false;
  };
  const shown = (tabId) => {
    const section = deepFind(document, 'mdr-section');
    const root = section && section.shadowRoot;
    if (!root) return false;
    const selected = root.querySelector('[role="tab"][aria-selected="true"]');
    if (!selected || (tabId && selected.id !== 'tab-' + tabId)) return false;
    const panel = root.querySelector('[role="tabpanel"]');
    const tab = panel && panel.firstElementChild;
    if (!tab || !customElements.get(tab.localName) || !tab.shadowRoot || tab.shadowRoot.childElementCount === 0) return false;
    return !stillLoading(tab.shadowRoot) && tab.shadowRoot.textContent.trim().length > 0;
  };
  window.__benchDataShown = (tabId) =>
    new Promise((resolve) => {
      const check = () => (shown(tabId) ? resolve(performance.now()) : requestAnimationFrame(check));
      requestAnimationFrame(check);
    });
  // Whether anything on the page, through every shadow root, still says it is loading: a busy
  // element, a loading state view, or a custom element whose module has not arrived yet.
  window.__stillLoading = () => stillLoading(document.body);
  window.__benchSwitchTo = async (tabId) => {
    const section = deepFind(document, 'mdr-section');
    const tab = section.shadowRoot.querySelector('#tab-' + tabId);
    const start = performance.now();
    tab.click();
    return (await window.__benchDataShown(tabId)) - start;
  };
  // Every string a user can see or hear: rendered text nodes and the labelling attributes, through
  // every shadow root (style and script contents excluded).
  window.__visibleTexts = () => {
    const texts = [];
    const visible = (element) => !element.checkVisibility || element.checkVisibility({ visibilityProperty: true });
    const walk = (root) => {
      for (const node of root.childNodes) {
        if (node.nodeType === Node.TEXT_NODE) {
          const parent = node.parentElement;
          const text = node.textContent.trim();
          if (text && parent && !['STYLE', 'SCRIPT', 'TEMPLATE'].includes(parent.tagName) && visible(parent)) texts.push(text);
        } else if (node.nodeType === Node.ELEMENT_NODE) {
          if (['STYLE', 'SCRIPT', 'TEMPLATE'].includes(node.tagName)) continue;
          for (const name of ['aria-label', 'placeholder', 'title', 'alt', 'aria-description']) {
            const value = node.getAttribute(name);
            if (value && value.trim() && visible(node)) texts.push(value.trim());
          }
          if (node.shadowRoot) walk(node.shadowRoot);
          walk(node);
        }
      }
    };
    walk(document.body);
    return texts;
  };
  window.__benchFirstData = window.__benchDataShown().then((at) => performance.mark('mdr-bench:data-shown', { startTime: at }));
})();
`;

declare global {
  interface Window {
    __benchDataShown(tabId?: string): Promise<number>;
    __benchFirstData: Promise<unknown>;
    __benchSwitchTo(tabId: string): Promise<number>;
    __visibleTexts(): string[];
    __stillLoading(): boolean;
  }
}

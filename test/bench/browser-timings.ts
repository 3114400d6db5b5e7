import type { Browser, Page } from 'playwright-core';
import { signInThroughPage } from '../support/browser.ts';
import { median } from './stats.ts';

/**
 * Installed in the page before any of its scripts: `__benchDataShown(tabId?)` resolves with
 * `performance.now()` at the first animation frame in which the open tab (or `tabId`) shows its data —
 * its element has rendered, and nothing inside it, through every shadow root, is still loading.
 * On every navigation it marks `mdr-bench:data-shown` for the tab that opens first.
 */
const pageProbe = `
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
  window.__benchSwitchTo = async (tabId) => {
    const section = deepFind(document, 'mdr-section');
    const tab = section.shadowRoot.querySelector('#tab-' + tabId);
    const start = performance.now();
    tab.click();
    return (await window.__benchDataShown(tabId)) - start;
  };
  window.__benchFirstData = window.__benchDataShown().then((at) => performance.mark('mdr-bench:data-shown', { startTime: at }));
})();
`;

declare global {
  interface Window {
    __benchDataShown(tabId?: string): Promise<number>;
    __benchFirstData: Promise<unknown>;
    __benchSwitchTo(tabId: string): Promise<number>;
  }
}

/** Clicks a tab inside the section's shadow root and measures until its data is on screen. */
async function switchTo(page: Page, tabId: string): Promise<number> {
  // A string, not a function: the page must not see helpers the TypeScript loader adds to functions.
  return page.evaluate(`window.__benchSwitchTo(${JSON.stringify(tabId)})`) as Promise<number>;
}

export interface BrowserFigures {
  sectionFirstRenderMs: number;
  tabSwitchMs: number;
  firstTab: string;
  switchedTabs: string[];
}

/**
 * Median time from navigation to `/mdr` until the first tab's data is on screen, and from a click on
 * another tab until its data is on screen, as an administrator (all tabs), after warm-up runs.
 */
export async function browserFigures(browser: Browser, consoleUrl: string, options: { runs: number; warmup: number; tabs: string[] }): Promise<BrowserFigures> {
  const context = await browser.newContext();
  await context.addInitScript(pageProbe);
  const page = await context.newPage();
  await signInThroughPage(page, consoleUrl, 'admin');

  const firstRender: number[] = [];
  let firstTab = '';
  for (let run = 0; run < options.warmup + options.runs; run++) {
    await page.goto(`${consoleUrl}/mdr`);
    await page.evaluate('window.__benchFirstData');
    const at = (await page.evaluate(`performance.getEntriesByName('mdr-bench:data-shown')[0].startTime`)) as number;
    firstTab ||= new URL(page.url()).pathname;
    if (run >= options.warmup) firstRender.push(at);
  }

  const switches: number[] = [];
  for (let run = 0; run < options.warmup + options.runs; run++) {
    for (const tab of options.tabs) {
      const ms = await switchTo(page, tab);
      if (run >= options.warmup) switches.push(ms);
    }
  }
  await context.close();
  return { sectionFirstRenderMs: median(firstRender), tabSwitchMs: median(switches), firstTab, switchedTabs: options.tabs };
}

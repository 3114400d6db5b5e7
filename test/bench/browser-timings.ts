import type { Browser, Page } from 'playwright-core';
import { signInThroughPage } from '../support/browser.ts';
import { pageProbe } from '../support/page-probe.ts';
import { median } from './stats.ts';


/** Clicks a tab inside the section's shadow root and measures until its data is on screen. */
async function switchTo(page: Page, tabId: string): Promise<number> {
  // A string, not a function: the page must not see helpers the TypeScript loader adds to functions.
  return page.evaluate(`window.__benchSwitchTo(${JSON.stringify(tabId)})`) as Promise<number>;
}

export interface BrowserFigures {
  sectionFirstRenderMs: number;
  tabSwitchMs: number;
  /** The median of each tab's switches, to tell which tab a change of {@link tabSwitchMs} comes from. */
  tabSwitchMsByTab: Record<string, number>;
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
  const byTab = new Map<string, number[]>(options.tabs.map((tab) => [tab, []]));
  for (let run = 0; run < options.warmup + options.runs; run++) {
    for (const tab of options.tabs) {
      const ms = await switchTo(page, tab);
      if (run >= options.warmup) {
        switches.push(ms);
        byTab.get(tab)!.push(ms);
      }
    }
  }
  await context.close();
  return {
    sectionFirstRenderMs: median(firstRender),
    tabSwitchMs: median(switches),
    tabSwitchMsByTab: Object.fromEntries([...byTab].map(([tab, times]) => [tab, median(times)])),
    firstTab,
    switchedTabs: options.tabs,
  };
}

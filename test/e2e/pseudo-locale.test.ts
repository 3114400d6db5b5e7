import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from '../../host-shim/common/paths.ts';
import { pseudoClose, pseudoLanguage, pseudoOpen, writePseudoLocale } from '../../scripts/pseudo-locale.ts';
import { launchBrowser, signInThroughPage } from '../support/browser.ts';
import { pageProbe } from '../support/page-probe.ts';
import { startSystem, type RunningSystem } from '../support/system.ts';

interface ManifestTab {
  id: string;
  path: string;
}

/** The console's own pages an administrator can open. */
const consolePages = ['/dashboard', '/devices', '/users', '/roles', '/console-settings/web-plugins'];

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'manifest', 'mdr-plugin.json'), 'utf8')) as { tabs: ManifestTab[] };

/** Words that `Intl` writes for dates, times and numbers, and language names in their own language. */
function intlWords(languages: string[]): Set<string> {
  const words = new Set<string>();
  const add = (text: string) => text.match(/[A-Za-z]{2,}/g)?.forEach((word) => words.add(word));
  for (let month = 0; month < 12; month++) {
    const date = new Date(Date.UTC(2026, month, 15, 15));
    for (const style of [{ month: 'long' }, { month: 'short' }, { weekday: 'long' }, { weekday: 'short' }, { dateStyle: 'medium', timeStyle: 'short' }] as Intl.DateTimeFormatOptions[]) {
      add(new Intl.DateTimeFormat(pseudoLanguage, style).format(date));
    }
  }
  for (const unit of ['UTC', 'GMT', 'AM', 'PM']) words.add(unit);
  for (const code of languages) {
    const name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
    // As the console writes it (languageName): capitalized in its own language.
    add(name);
    add(name.charAt(0).toLocaleUpperCase(code) + name.slice(1));
  }
  return words;
}

/** Collects every word of the string values in the JSON the page received from the APIs: that is data. */
function recordData(page: Page, words: Set<string>): () => Promise<void> {
  const collect = (value: unknown, key = ''): void => {
    if (typeof value === 'string') {
      // Server messages are for logs; the page must show the localized text for their code instead.
      if (key !== 'message') value.match(/[A-Za-z]{2,}/g)?.forEach((word) => words.add(word));
    } else if (Array.isArray(value)) value.forEach((item) => collect(item, key));
    else if (value && typeof value === 'object') Object.entries(value).forEach(([name, inner]) => collect(inner, name));
  };
  // Reading a body is a round trip to the browser that can finish after the page shows the data:
  // the walk waits for every pending read before it judges the page's words.
  const pending = new Set<Promise<void>>();
  page.on('response', (response) => {
    if (!new URL(response.url()).pathname.startsWith('/api/')) return;
    if (!(response.headers()['content-type'] ?? '').includes('json')) return;
    const read = response
      .json()
      .catch(() => null)
      .then((body) => collect(body));
    pending.add(read);
    void read.finally(() => pending.delete(read));
  });
  return async () => {
    while (pending.size > 0) await Promise.all([...pending]);
  };
}

/**
 * In the page: what is cut off (an element clipping content wider or taller than its box, without the
 * whole text in a title) or makes the page wider than the window. Shadow roots included.
 */
const overflowProbe = `(() => {
  const problems = [];
  const name = (element) => element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') + (typeof element.className === 'string' && element.className.trim() ? '.' + element.className.trim().split(' ').join('.') : '');
  const walk = (root) => {
    for (const element of root.querySelectorAll('*')) {
      if (element.shadowRoot) walk(element.shadowRoot);
      const style = getComputedStyle(element);
      const clips = ['hidden', 'clip'].includes(style.overflowX) || ['hidden', 'clip'].includes(style.overflowY);
      if (!clips || element.closest('[title]') || style.display === 'none' || element.clientWidth === 0) continue;
      if (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1) {
        problems.push('cut off: ' + name(element) + ' "' + (element.textContent || '').trim().slice(0, 60) + '"');
      }
    }
  };
  walk(document);
  if (document.documentElement.scrollWidth > window.innerWidth + 1) problems.push('the page is ' + (document.documentElement.scrollWidth - window.innerWidth) + ' px wider than the window');
  return problems;
})()`;

/** Text left after removing everything that came from the pseudo-locale files. */
function outsidePseudo(text: string): string {
  return text.replace(new RegExp(`${pseudoOpen}[^${pseudoClose}]*${pseudoClose}`, 'g'), ' ');
}

/**
 * Walks the console and every MDR tab in the pseudo-locale and fails on any visible English word that
 * did not come from the locale files, the data, or `Intl`.
 */
describe('pseudo-locale walk: nothing hard-coded', () => {
  let system: RunningSystem;
  let browser: Browser;
  let localesDir: string;

  before(async () => {
    localesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'locales-'));
    fs.cpSync(path.join(repoRoot, 'locales'), localesDir, { recursive: true });
    fs.rmSync(path.join(localesDir, pseudoLanguage), { recursive: true, force: true });
    writePseudoLocale(localesDir);
    system = await startSystem({ env: { KSC_LOCALES_DIR: localesDir } });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await system?.stop();
    fs.rmSync(localesDir, { recursive: true, force: true });
  });

  it('finds only localized text, data and Intl output on every tab an administrator sees', async () => {
    const context = await browser.newContext();
    await context.addInitScript(pageProbe);
    // Sign in and choose the language on one page, then walk on another: the page shown after the
    // sign-in is in the user's previous language (English) and may still be fetching its strings,
    // which must not be counted as fetches of the walk.
    const signInPage = await context.newPage();
    await signInThroughPage(signInPage, system.consoleUrl, 'admin');
    const languages = (await signInPage.evaluate(`fetch('/api/languages').then((r) => r.json())`)) as { languages: string[] };
    assert.ok(languages.languages.includes(pseudoLanguage), 'the generated language is offered');
    const changed = await signInPage.evaluate(async (language) => {
      const session = await (await fetch('/api/session')).json();
      const response = await fetch('/api/session/preferences', {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify({ language }),
      });
      return response.status;
    }, pseudoLanguage);
    assert.equal(changed, 200);
    await signInPage.close();

    const page = await context.newPage();
    const dataWords = new Set<string>();
    const dataRecorded = recordData(page, dataWords);
    // Every page load of the walk fetches the locale files of the language in use, and no other.
    const localeFetches: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      // The console's texts, and each plug-in's from its installed bundle.
      if (/^(\/plugins\/[^/]+)?\/locales\//.test(pathname)) localeFetches.push(pathname);
    });
    /** Waits until the page has shown its strings and nothing on it is loading any more. */
    const settled = (what: string) =>
      page
        .waitForFunction((open) => !window.__stillLoading() && window.__visibleTexts().some((text) => text.includes(open)), pseudoOpen, { timeout: 15_000 })
        .catch(() => assert.fail(`${what}: the page did not finish loading within 15 s`));

    const allowed = intlWords(languages.languages);
    const findings: string[] = [];
    const overflows: string[] = [];
    let walked = 0;
    /** Records every visible English word of the settled page that no locale file, data or `Intl` explains. */
    const judge = async (label: string) => {
      await settled(label);
      await dataRecorded();
      const texts = (await page.evaluate('window.__visibleTexts()')) as string[];
      for (const text of texts) {
        const stray = (outsidePseudo(text).match(/[A-Za-z]{2,}/g) ?? []).filter((word) => !allowed.has(word) && !dataWords.has(word));
        if (stray.length > 0) findings.push(`${label}: "${text}" (${stray.join(', ')})`);
      }
      // Longer words must not be cut off or push the page sideways: an element that clips its content
      // (overflow hidden or clip) holds no more than it shows, unless it offers the whole text as a
      // title, and the page is no wider than the window.
      for (const problem of (await page.evaluate(overflowProbe)) as string[]) overflows.push(`${label}: ${problem}`);
      walked++;
    };

    for (const tab of manifest.tabs) {
      await page.goto(`${system.consoleUrl}/mdr/${tab.path}`);
      const shown = page.evaluate((tabId) => window.__benchDataShown(tabId), tab.id);
      const late = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${tab.id}: the tab did not show its data within 15 s`)), 15_000).unref());
      await Promise.race([shown, late]);
      await judge(tab.id);
    }
    // The console around the plug-in: its own pages, in the same language.
    for (const consolePage of consolePages) {
      await page.goto(`${system.consoleUrl}${consolePage}`);
      await judge(consolePage);
    }
    await context.close();
    assert.equal(walked, manifest.tabs.length + consolePages.length);
    assert.ok(localeFetches.some((fetched) => fetched.startsWith('/locales/')), 'the console fetched its texts');
    assert.ok(localeFetches.some((fetched) => fetched.startsWith('/plugins/mdr/locales/')), 'the plug-in fetched its texts from its bundle');
    assert.deepEqual(localeFetches.filter((fetched) => !fetched.includes(`/locales/${pseudoLanguage}/`)), [], 'only the language in use is fetched');
    assert.deepEqual([...new Set(findings)], [], 'strings that did not come from the locale files');
    assert.deepEqual(overflows, [], 'text cut off, or a page wider than the window, in the pseudo-locale');
  });
});

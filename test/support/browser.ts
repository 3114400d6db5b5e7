import type { TestContext } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Signs in through the console's sign-in page, as a person would. */
export async function signInThroughPage(page: Page, consoleUrl: string, userName: string, password = 'demo'): Promise<void> {
  await page.goto(`${consoleUrl}/`);
  await page.getByLabel('User name').fill(userName);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation').waitFor();
}

/** A new page of `browser`, signed in as `userName` through the sign-in page and closed when the test `t` ends. */
export async function signedInPage(t: TestContext, browser: Browser, consoleUrl: string, userName: string, password?: string): Promise<Page> {
  const page = await browser.newPage();
  t.after(() => page.close());
  await signInThroughPage(page, consoleUrl, userName, password);
  return page;
}

/** Opens a tab of the MDR plug-in the way a person does: the *MDR* link of the console, then the tab. */
export async function openMdrTab(page: Page, tabName: string): Promise<void> {
  await page.getByRole('link', { name: 'MDR', exact: true }).click();
  await page.getByRole('tab', { name: tabName }).click();
}

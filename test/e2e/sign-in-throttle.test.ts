import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startSystem, type RunningSystem } from '../support/system.ts';

/**
 * Wrong passwords slow sign-in down with a wait that doubles from one second: the sign-in page says
 * how long in the unit that fits, not "1 minute" for a one-second wait.
 */
describe('sign-in page after too many wrong passwords', () => {
  let system: RunningSystem;
  let browser: Browser;

  before(async () => {
    system = await startSystem();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('says to wait a second, in seconds', async () => {
    const page = await browser.newPage();
    await page.goto(`${system.consoleUrl}/`);
    await page.getByLabel('User name').fill('senior');
    let status = 0;
    for (let attempt = 0; attempt < 10 && status !== 429; attempt++) {
      await page.getByLabel('Password').fill(`wrong-${attempt}`);
      const answered = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/session' && response.request().method() === 'POST');
      await page.getByRole('button', { name: 'Sign in' }).click();
      status = (await answered).status();
    }
    assert.equal(status, 429, 'the wrong passwords are slowed down');
    const alert = page.getByRole('alert').filter({ hasText: 'Too many' });
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    assert.match(text, /Too many failed attempts\. Try again in \d+ seconds?\./);
    assert.doesNotMatch(text, /minute/);
    await page.close();
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openMdrTab, signedInPage } from '../support/browser.ts';
import { productInBrowser } from '../support/e2e.ts';

describe('sign in and MDR Usage, end to end', () => {
  const product = productInBrowser();

  it('redirects to the sign-in page and refuses a wrong password with a message', async (t) => {
    const page = await product.browser.newPage();
    t.after(() => page.close());
    await page.goto(`${product.system.consoleUrl}/mdr/usage`);
    await page.waitForURL(/\/signin$/);
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('The user name or password is incorrect.').waitFor();
  });

  it('shows an administrator the MDR Usage tab filled from the MDR service over HTTPS', async (t) => {
    const page = await signedInPage(t, product.browser, product.system.consoleUrl, 'admin');
    await openMdrTab(page, 'MDR Usage');
    await page.waitForURL(/\/mdr\/usage$/);
    const panel = page.getByRole('tabpanel');
    await panel.getByText('Activation status').waitFor();
    await panel.getByText('Northern Europe').waitFor();
    // Locators pierce the plug-in's shadow roots, as a person's eyes do.
    await panel.getByText('Active', { exact: true }).waitFor();
    // The demo has several licenses: MDR Usage shows each with its assets and limit.
    await panel.getByText(/^[\d,]+ of [\d,]+ assets$/).first().waitFor();
    await panel.getByText('The MDR service is reached directly.').waitFor();
    await panel.getByText(/^\d+ extra CA certificates? loaded\.$/).waitFor();
    const tabs = await page.getByRole('tab').allInnerTexts();
    assert.equal(tabs.length, 10);
  });

  it('opens a deep link to a tab after sign-in and runs the connection test', async (t) => {
    const page = await signedInPage(t, product.browser, product.system.consoleUrl, 'officer');
    await page.goto(`${product.system.consoleUrl}/mdr/usage`);
    await page.getByRole('tab', { name: 'MDR Usage', selected: true }).waitFor();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('The connection works.').waitFor();
    const tabs = (await page.getByRole('tab').allInnerTexts()).map((tab) => tab.trim());
    assert.deepEqual(tabs, ['Incidents', 'Settings', 'Notifications', 'MDR Health', 'Getting Started', 'MDR Usage']);
  });

  it('shows a user without MDR rights only Getting Started', async (t) => {
    const page = await signedInPage(t, product.browser, product.system.consoleUrl, 'guest');
    await page.goto(`${product.system.consoleUrl}/mdr/usage`);
    await page.getByRole('tab', { name: 'Getting Started', selected: true }).waitFor();
    const tabs = (await page.getByRole('tab').allInnerTexts()).map((tab) => tab.trim());
    assert.deepEqual(tabs, ['Getting Started']);
  });

  // Wrong passwords slow sign-in down with a wait that doubles from one second: the page says how
  // long in the unit that fits, not "1 minute" for a one-second wait.
  it('says a short wait after too many wrong passwords in seconds', async (t) => {
    const page = await product.browser.newPage();
    t.after(() => page.close());
    await page.goto(`${product.system.consoleUrl}/`);
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
  });
});

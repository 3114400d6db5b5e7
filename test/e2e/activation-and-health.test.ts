import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { makeLicenseKey } from '../../host-shim/mdr-service/services/license-keys.ts';
import { signedInPage } from '../support/browser.ts';
import { productInBrowser } from '../support/e2e.ts';

/** Polls `read` until it gives a value (the lists load asynchronously after each change). */
async function poll<T>(read: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('the value did not change in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('activation of a non-activated organization, end to end', () => {
  const product = productInBrowser({ env: { MDR_DEMO_ACTIVATED: '0' } });

  it('goes from Getting Started through every wizard step to the tabs', async (t) => {
    const page = await signedInPage(t, product.browser, product.system.consoleUrl, 'admin');
    await page.getByRole('link', { name: 'MDR', exact: true }).click();
    await page.getByText('MDR is not active for this organization.').waitFor();
    assert.equal(await page.getByRole('tab').count(), 0);
    await page.getByRole('button', { name: 'Activate the solution' }).click();
    await page.getByText('The Web Console reaches the MDR service.').waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    // Help step 4: the background connection between the Web Console and the Administration Server,
    // off in an organization never activated, with the prompt to enable it.
    await page.getByRole('button', { name: 'Enable the background connection' }).click();
    await page.getByText('The background connection between the Web Console and the Administration Server is enabled.').waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Email address').fill('admin@example.com');
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The vendor account rejected the email address or password.').waitFor();
    await page.getByLabel('Password').fill('demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const code = makeLicenseKey({ tier: 'expert', region: 'russia', assetLimit: 250 });
    await page.getByLabel('Activation code').fill(code);
    // Help step 7: "enter the activation code …, select your region, and then click the Activate button".
    await page.getByRole('button', { name: 'Activate', exact: true }).click();
    await page.getByText('The activation code is for another region. Choose the region of your license.').waitFor();
    await page.getByLabel('Region').selectOption('russia');
    await page.getByText('Telemetry is stored in: Russia').waitFor();
    await page.getByLabel('Activation code').fill(`${code.slice(0, 19)}${code.endsWith('A') ? 'B' : 'A'}`);
    await page.getByRole('button', { name: 'Activate', exact: true }).click();
    await page.getByText('This activation code is not valid. Check it for typos.').waitFor();
    await page.getByLabel('Activation code').fill(code.replace(/(.{5})(?!$)/g, '$1-'));
    await page.getByRole('button', { name: 'Activate', exact: true }).click();
    // Help step 8: the agreements of the region, read in its service language (Russian for Russia), then *Accept*.
    await page.getByRole('region', { name: 'Terms of using the MDR solution' }).getByText('Соглашение о Kaspersky Managed Detection and Response').waitFor();
    for (const agreement of ['Terms of using the MDR solution', 'Terms of personal data processing']) {
      await page.getByLabel(`I have read and accept: ${agreement}`).check();
    }
    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    await page.getByRole('region', { name: 'KSN Statement' }).getByText('Положение о Kaspersky Security Network').waitFor();
    await page.getByLabel('I accept the KSN Statement').check();
    await page.getByRole('button', { name: 'Activate', exact: true }).click();
    await page.getByRole('tab', { name: 'MDR Usage' }).click();
    const panel = page.getByRole('tabpanel');
    await panel.getByText('Russia', { exact: true }).first().waitFor();
    await panel.getByText('Active', { exact: true }).waitFor();
    assert.equal(await page.getByRole('tab').count(), 10);
    // *MDR Usage → Terms of using the MDR solution* opens the accepted agreement whole.
    const terms = panel.getByRole('link', { name: 'Terms of using the MDR solution' });
    const accepted = await page.request.get(new URL((await terms.getAttribute('href'))!, product.system.consoleUrl).href);
    assert.equal(accepted.status(), 200);
    assert.match(await accepted.text(), /^Соглашение о Kaspersky Managed Detection and Response/);

    // Help topic *Providing a new activation code*: License usage → *Enter a new activation code* → OK →
    // start screen → *Activate the solution* → (signed in already) code and region → *Activate*. An
    // upgrade to another tier is allowed.
    await panel.getByRole('button', { name: 'Enter a new activation code' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'OK' }).click();
    await page.getByRole('button', { name: 'Activate the solution' }).click();
    await page.getByText('Signed in to the vendor account as admin@example.com.').waitFor();
    assert.equal(await page.getByRole('combobox', { name: 'Region' }).inputValue(), 'russia', "the organization's region is offered");
    await page.getByRole('textbox', { name: 'Activation code' }).fill(makeLicenseKey({ tier: 'prime', region: 'russia', assetLimit: 400 }));
    await page.getByRole('button', { name: 'Activate', exact: true }).click();
    await page.getByText('The new activation code is applied: the solution is upgraded to Prime').waitFor();
    await page.getByRole('tab', { name: 'MDR Usage', selected: true }).waitFor();
    await page.getByRole('tabpanel').getByText(/Prime/).first().waitFor();
  });

  it('lets an officer without Application Integration only read that MDR is active', async (t) => {
    const page = await signedInPage(t, product.browser, product.system.consoleUrl, 'officer');
    await page.goto(`${product.system.consoleUrl}/mdr/usage`);
    await page.getByRole('tab', { name: 'MDR Usage', selected: true }).waitFor();
    await page.getByRole('term').filter({ hasText: 'Terms of using the MDR solution' }).waitFor();
    // Reading the accepted agreement needs no more than the tab does.
    await page.getByRole('link', { name: 'Terms of using the MDR solution' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Revoke the confirmation of the terms' }).count(), 0);
  });
});

describe('MDR Health, end to end', () => {
  const product = productInBrowser({ demoAssets: 2000 });

  it('filters malfunctioning assets by a preset, opens a device and downloads the filtered CSV', async (t) => {
    const page = await signedInPage(t, product.browser, product.system.consoleUrl, 'senior');
    await page.goto(`${product.system.consoleUrl}/mdr/health`);
    const panel = page.getByRole('tabpanel');
    const count = panel.getByTestId('count');
    await count.filter({ hasText: /^[\d,]+ assets?$/ }).waitFor();
    const all = Number((await count.innerText()).replace(/\D/g, ''));
    await panel.getByLabel('Show').selectOption('licenseMissing');
    const filtered = await poll(async () => {
      const value = Number((await count.innerText()).replace(/\D/g, ''));
      return value !== all ? value : undefined;
    });
    assert.ok(filtered > 0 && filtered < all, `${filtered} of ${all}`);
    const download = page.waitForEvent('download');
    await panel.getByRole('button', { name: 'Export to CSV' }).click();
    const file = await (await download).path();
    const lines = fs.readFileSync(file!, 'utf8').split('\r\n').filter(Boolean);
    assert.equal(lines.length, 1 + filtered);
    assert.match(lines[0]!, /Asset name,EPP applications,MDR state,KSC Server,State of critical components/);
    assert.ok(lines.slice(1).every((line) => line.includes(',No license,')));
    const name = await panel.getByRole('button', { name: /^[A-Z0-9-]+$/ }).first().innerText();
    await panel.getByRole('button', { name: name, exact: true }).first().click();
    await page.waitForURL(/\/devices\//);
  });

  it('searches all assets ever seen by a part of the name, in the database', async (t) => {
    const page = await signedInPage(t, product.browser, product.system.consoleUrl, 'officer');
    await page.goto(`${product.system.consoleUrl}/mdr/health`);
    await page.getByRole('tab', { name: 'All assets ever seen' }).click();
    const panel = page.getByRole('tabpanel').last();
    const count = panel.getByTestId('count');
    await count.filter({ hasText: /^[\d,]+ assets$/ }).waitFor();
    const firstName = (await panel.getByRole('row').nth(1).getByRole('cell').first().innerText()).trim();
    const part = firstName.slice(1, 5).toLowerCase();
    const total = Number((await count.innerText()).replace(/\D/g, ''));
    await panel.getByLabel('Search by name').fill(part);
    const found = await poll(async () => {
      const value = Number((await count.innerText()).replace(/\D/g, ''));
      return value !== total ? value : undefined;
    });
    assert.ok(found >= 1 && found < total);
    await panel.getByRole('cell', { name: firstName, exact: true }).waitFor();
    const names = (await panel.locator('mdr-data-table tbody tr td:first-child').allInnerTexts()).map((n) => n.trim());
    assert.ok(names.length > 0 && names.every((n) => n.toLowerCase().includes(part)), names.join(' '));
  });
});

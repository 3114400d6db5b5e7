import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it, type TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { makeLicenseKey } from '../../host-shim/mdr-service/services/license-keys.ts';
import { httpsJson } from '../support/mdr-service.ts';
import { openMdrTab, signedInPage } from '../support/browser.ts';
import { productInBrowser } from '../support/e2e.ts';
import { readZip } from '../support/wired-console.ts';

/** 'YYYY-MM-DD' a few days from now (UTC): inside the term of every active demo license. */
function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describe('Tenants, API and Licenses tabs, end to end as an administrator', () => {
  const product = productInBrowser();

  /** A page signed in as the administrator, on the MDR tab `name`, closed when the test `t` ends. */
  async function adminOnTab(t: TestContext, name: string): Promise<Page> {
    const page = await signedInPage(t, product.browser, product.system.consoleUrl, 'admin');
    await openMdrTab(page, name);
    return page;
  }

  it('runs a tenant through its life: add, download its configuration ZIP, refuse a bad edit, delete', async (t) => {
    const page = await adminOnTab(t, 'Tenants');
    const panel = page.getByRole('tabpanel');
    await panel.getByRole('table', { name: 'Tenants' }).waitFor();
    await panel.getByRole('button', { name: 'Add', exact: true }).click();
    // The side panel's form is slotted into its dialog: locate it through the panel element.
    const sidePanel = page.locator('mdr-tenant-panel');
    await sidePanel.getByRole('heading', { name: 'Add tenant' }).waitFor();
    await sidePanel.getByLabel('Name').fill('Branch office = Lyon');
    await sidePanel.getByLabel('Description').fill('Created end to end');
    await sidePanel.getByLabel('License').selectOption({ index: 1 });
    await sidePanel.getByLabel('Expiration date').fill(daysFromNow(5));
    await sidePanel.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByText('The tenant Branch office = Lyon was added.').waitFor();
    await panel.getByRole('button', { name: 'Branch office = Lyon', exact: true }).click();

    const settings = page.locator('mdr-tenant-panel');
    await settings.getByRole('heading', { name: 'Tenant settings' }).waitFor();
    await settings.getByText('Configuration files for the tenant').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), settings.getByRole('button', { name: 'Download the configuration file (BLOB)' }).click()]);
    assert.equal(download.suggestedFilename(), 'mdr_configuration_Branch_office_Lyon_blob.zip');
    const entries = await readZip(fs.readFileSync((await download.path())!));
    assert.deepEqual([...entries.keys()].sort(), ['ksn_configuration.json', 'mdr_configuration.p7']);

    // A name with Cyrillic letters is refused next to the field, and Save stays refused.
    await settings.getByLabel('Name').fill('Филиал');
    await settings.getByText('Use only Latin letters, digits and special characters.').waitFor();
    await settings.getByRole('button', { name: 'Close' }).last().click();
    await page.getByRole('dialog', { name: 'Discard changes?' }).getByRole('button', { name: 'Discard' }).click();

    await panel.getByRole('button', { name: 'Delete tenant Branch office = Lyon' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete tenant' });
    await confirm.getByText('Delete the tenant Branch office = Lyon? It has no assets.').waitFor();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('The tenant Branch office = Lyon was deleted.').waitFor();
    await panel.getByRole('button', { name: 'Branch office = Lyon', exact: true }).waitFor({ state: 'detached' });
  });

  it('creates an API connection whose one-time token works against the REST API', async (t) => {
    const page = await adminOnTab(t, 'API');
    const panel = page.getByRole('tabpanel');
    await panel.getByRole('button', { name: 'Add', exact: true }).click();
    const sidePanel = page.locator('mdr-api-connection-panel');
    await sidePanel.getByRole('heading', { name: 'Add a new API connection' }).waitFor();
    await sidePanel.getByLabel('Connection name').fill('SOAR end to end');
    await sidePanel.getByRole('radio', { name: /^Incident access\s*As Security Officer$/ }).check();
    await sidePanel.getByLabel('Root without tenants').check();
    await sidePanel.getByRole('button', { name: 'Generate' }).click();
    await sidePanel.getByText('Copy the Client ID and the token now').waitFor();
    const clientId = await sidePanel.locator('#issued-client-id').inputValue();
    const refreshToken = await sidePanel.locator('#issued-token').inputValue();
    assert.match(clientId, /^[0-9a-f]{28}$/);

    const ca = fs.readFileSync(product.system.caPath, 'utf8');
    const session = await httpsJson<{ access_token: string }>(`${product.system.serviceUrl}/api/v1/${clientId}/session/confirm`, { ca, json: { refresh_token: refreshToken } });
    assert.equal(session.status, 200);
    const count = await httpsJson<{ count: number }>(`${product.system.serviceUrl}/api/v1/${clientId}/assets/count`, {
      ca,
      json: {},
      headers: { authorization: `Bearer ${session.body.access_token}` },
    });
    assert.equal(count.status, 200);
    assert.ok(count.body.count > 0, 'the root has assets');

    await sidePanel.getByRole('button', { name: 'Close' }).last().click();
    await page.reload();
    const row = page.getByRole('tabpanel').getByRole('row', { name: /SOAR end to end/ });
    await row.getByText('Active', { exact: true }).waitFor();
    // The token is not shown again.
    await row.getByRole('button', { name: 'SOAR end to end', exact: true }).click();
    await page.locator('mdr-api-connection-panel').getByText('The token was shown once').waitFor();
    assert.equal(await page.locator('#issued-token').count(), 0);
  });

  it('adds a license key, refuses a key of another region with the reason, removes it and adds it again', async (t) => {
    const page = await adminOnTab(t, 'Licenses');
    const panel = page.getByRole('tabpanel');
    await panel.getByRole('table', { name: 'License keys used by your organization' }).waitFor();
    const addKey = async (code: string) => {
      await panel.getByRole('button', { name: 'Add new license key' }).click();
      const sidePanel = page.locator('mdr-license-key-panel');
      await sidePanel.getByLabel('Activation code').fill(code);
      await sidePanel.getByRole('button', { name: 'Add', exact: true }).click();
      return sidePanel;
    };
    const wrongRegion = await addKey(makeLicenseKey({ tier: 'expert', region: 'russia', assetLimit: 75 }));
    await wrongRegion.getByText('This license is for another region. Your organization uses the region Europe.').waitFor();
    await wrongRegion.getByRole('button', { name: 'Cancel' }).click();

    const code = makeLicenseKey({ tier: 'expert', region: 'europe', assetLimit: 75 });
    await addKey(code);
    await page.getByText('MDR Expert, 75 assets').waitFor();
    // Rows name the license by its name and identifier (help: *Managing licenses in Kaspersky Security Center*).
    const row = panel.getByRole('row', { name: /MDR Expert, 75 assets/ });
    await row.getByRole('button', { name: /^Remove the license key / }).click();
    await page.getByRole('dialog', { name: 'Remove license key' }).getByRole('button', { name: 'Remove' }).click();
    await page.getByText(`The license key ${code} was removed.`).waitFor();
    await panel.getByRole('button', { name: 'All', exact: true }).click();
    await row.getByText('Removed').waitFor();
    await addKey(code);
    await panel.getByRole('button', { name: 'Active', exact: true }).click();
    await row.getByText('Active', { exact: true }).waitFor();
  });
});

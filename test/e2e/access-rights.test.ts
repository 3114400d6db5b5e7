import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { signInThroughPage } from '../support/browser.ts';
import { productInBrowser } from '../support/e2e.ts';

/** Tab titles by the specification's gating table (section 3), in the section's order. */
const allTabs = ['Incidents', 'Reports', 'Settings', 'Notifications', 'API', 'Tenants', 'MDR Health', 'Licenses', 'Getting Started', 'MDR Usage'];
const officerTabs = ['Incidents', 'Settings', 'Notifications', 'MDR Health', 'Getting Started', 'MDR Usage'];
const expectedTabs: Record<string, string[]> = {
  admin: allTabs,
  senior: officerTabs,
  officer: officerTabs,
  guest: ['Getting Started'],
};

async function visibleTabs(page: Page, consoleUrl: string): Promise<string[]> {
  await page.goto(`${consoleUrl}/mdr/getting-started`);
  await page.getByRole('tab', { name: 'Getting Started' }).waitFor();
  return (await page.getByRole('tab').allInnerTexts()).map((tab) => tab.trim());
}

describe('access rights in the console, end to end', () => {
  const product = productInBrowser();

  for (const [account, tabs] of Object.entries(expectedTabs)) {
    it(`shows ${account} exactly the tabs of the specification`, async () => {
      const context = await product.browser.newContext();
      const page = await context.newPage();
      await signInThroughPage(page, product.system.consoleUrl, account);
      assert.deepEqual(await visibleTabs(page, product.system.consoleUrl), tabs);
      const usersLink = page.getByRole('link', { name: 'Users', exact: true });
      assert.equal(await usersLink.count(), account === 'admin' ? 1 : 0);
      const hint = page.getByText("Why can't I see this?");
      if (account === 'admin') {
        assert.equal(await hint.count(), 0);
      } else {
        await hint.click();
        if (account === 'guest') {
          await page.getByText('API needs: Incident access and REST API access.').waitFor();
          await page.getByText('MDR Usage needs: Incident access.').waitFor();
        } else {
          await page.getByText('API needs: REST API access.').waitFor();
        }
        await page.getByText('Ask your console administrator to assign you a role that allows these functional areas.').waitFor();
      }
      await context.close();
    });
  }

  it('lets an administrator create a role and a user in the UI; the user sees exactly what the role allows, and follows role changes', async () => {
    const adminContext = await product.browser.newContext();
    const admin = await adminContext.newPage();
    await signInThroughPage(admin, product.system.consoleUrl, 'admin');
    await admin.getByRole('link', { name: 'Roles', exact: true }).click();
    await admin.getByRole('button', { name: 'Create role' }).click();
    const roleForm = admin.getByRole('form', { name: 'New role' });
    await roleForm.getByLabel('Role name').fill('x'.repeat(101));
    await roleForm.getByRole('button', { name: 'Save' }).click();
    await roleForm.getByText('Use at most 100 characters.').waitFor();
    await roleForm.getByLabel('Role name').fill('Reporting desk');
    await roleForm.getByRole('group', { name: 'Incident access' }).getByLabel('Allow').check();
    await roleForm.getByRole('group', { name: 'Incident summary scheduling' }).getByLabel('Allow').check();
    await roleForm.getByRole('button', { name: 'Save' }).click();
    await admin.locator('tr[data-role="Reporting desk"]').getByText('Incident access, Incident summary scheduling').waitFor();

    await admin.getByRole('link', { name: 'Users', exact: true }).click();
    await admin.getByRole('button', { name: 'Add user' }).click();
    const userForm = admin.getByRole('form', { name: 'New user' });
    await userForm.getByLabel('User name').fill('desk');
    await userForm.getByLabel('Display name').fill('Dana Desk');
    await userForm.getByLabel('Password').fill('password');
    await userForm.getByLabel('Reporting desk').check();
    await userForm.getByRole('button', { name: 'Save' }).click();
    await userForm.getByText(/The password is too weak/).waitFor();
    await userForm.getByLabel('Password').fill('Desk-Pass-2026');
    await userForm.getByRole('button', { name: 'Save' }).click();
    await userForm.getByText('The password must not contain the user name.').waitFor();
    await userForm.getByLabel('Password').fill('Reports-Pass-2026');
    await userForm.getByRole('button', { name: 'Save' }).click();
    await admin.locator('tr[data-user="desk"]').getByText('Reporting desk').waitFor();

    const deskContext = await product.browser.newContext();
    const desk = await deskContext.newPage();
    await signInThroughPage(desk, product.system.consoleUrl, 'desk', 'Reports-Pass-2026');
    assert.deepEqual(await visibleTabs(desk, product.system.consoleUrl), ['Incidents', 'Reports', 'Settings', 'Notifications', 'MDR Health', 'Getting Started', 'MDR Usage']);

    // The administrator takes Incident access away; the open session follows at its next step.
    await admin.getByRole('link', { name: 'Roles', exact: true }).click();
    await admin.getByRole('button', { name: 'Edit Reporting desk' }).click();
    const editForm = admin.getByRole('form', { name: 'Role Reporting desk' });
    await editForm.getByRole('group', { name: 'Incident access' }).getByLabel('Deny').check();
    await editForm.getByRole('button', { name: 'Save' }).click();
    await admin.locator('tr[data-role="Reporting desk"]').getByText('Incident summary scheduling', { exact: true }).waitFor();

    await desk.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await desk.getByRole('link', { name: 'MDR', exact: true }).click();
    await desk.getByRole('tab', { name: 'Getting Started', selected: true }).waitFor();
    assert.deepEqual((await desk.getByRole('tab').allInnerTexts()).map((tab) => tab.trim()), ['Getting Started']);

    // A role in use cannot be deleted; the message says why.
    await admin.getByRole('button', { name: 'Delete Reporting desk' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await admin.getByText('The role is assigned to users. Remove it from them first.').waitFor();
    await deskContext.close();
    await adminContext.close();
  });

  it('shows the MDR assets widget on the dashboard, and hides MDR for one user only when Show MDR features is off', async () => {
    const seniorContext = await product.browser.newContext();
    const senior = await seniorContext.newPage();
    await signInThroughPage(senior, product.system.consoleUrl, 'senior');
    const widget = senior.locator('mdr-assets-widget');
    await widget.getByRole('heading', { name: 'MDR assets by status' }).waitFor();
    await widget.getByText(/^[\d,]+ assets in total$/).waitFor();
    for (const status of ['OK', 'Warning', 'Critical', 'Absent']) await widget.getByText(status, { exact: true }).waitFor();

    await senior.getByRole('button', { name: /Sam Rivera/ }).click();
    await senior.getByLabel('Show MDR features').uncheck();
    await senior.getByRole('heading', { name: 'MDR assets by status' }).waitFor({ state: 'detached' });
    assert.equal(await senior.getByRole('link', { name: 'MDR', exact: true }).count(), 0);

    // Saved for that user: still off after signing in again, while another user still sees MDR.
    const again = await (await product.browser.newContext()).newPage();
    await signInThroughPage(again, product.system.consoleUrl, 'senior');
    assert.equal(await again.getByRole('link', { name: 'MDR', exact: true }).count(), 0);
    const officer = await (await product.browser.newContext()).newPage();
    await signInThroughPage(officer, product.system.consoleUrl, 'officer');
    await officer.getByRole('heading', { name: 'MDR assets by status' }).waitFor();
    await officer.getByRole('link', { name: 'MDR', exact: true }).waitFor();

    await senior.getByLabel('Show MDR features').check();
    await senior.getByRole('link', { name: 'MDR', exact: true }).waitFor();

    const guest = await (await product.browser.newContext()).newPage();
    await signInThroughPage(guest, product.system.consoleUrl, 'guest');
    await guest.getByRole('heading', { name: 'Dashboard' }).waitFor();
    assert.equal(await guest.locator('mdr-assets-widget').count(), 0);
    await seniorContext.close();
    for (const page of [again, officer, guest]) await page.context().close();
  });

  it('lists managed devices and opens a device page with its components', async () => {
    const page = await (await product.browser.newContext()).newPage();
    await signInThroughPage(page, product.system.consoleUrl, 'officer');
    await page.getByRole('link', { name: 'Managed devices', exact: true }).click();
    await page.getByRole('columnheader', { name: 'Administration Server' }).waitFor();
    const first = page.getByRole('table').getByRole('link').first();
    const name = (await first.innerText()).trim();
    await first.click();
    await page.getByRole('heading', { name }).waitFor();
    await page.getByText('MDR state').waitFor();
    await page.getByRole('columnheader', { name: 'Component' }).first().waitFor();
    await page.getByRole('link', { name: /Managed devices/ }).first().waitFor();
    await page.context().close();
  });

  it('switches the console and the plug-in to another language from the user menu', async () => {
    const page = await (await product.browser.newContext()).newPage();
    await signInThroughPage(page, product.system.consoleUrl, 'officer');
    await page.goto(`${product.system.consoleUrl}/mdr/getting-started`);
    await page.getByRole('tab', { name: 'Getting Started' }).waitFor();
    await page.getByRole('button', { name: /Olga Petrova/ }).click();
    await page.getByLabel('Language').selectOption('de');
    await page.getByRole('link', { name: 'Verwaltete Geräte' }).waitFor();
    await page.getByText('Warum sehe ich das nicht?').waitFor();
    await page.getByLabel('Sprache').selectOption('en');
    await page.getByRole('link', { name: 'Managed devices' }).waitFor();
    await page.context().close();
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openMdrTab, signedInPage } from '../support/browser.ts';
import { productInBrowser } from '../support/e2e.ts';

/**
 * Help topic *Periodic update of KSN configuration files* (on-premises Security Center with MDR Plug-in):
 * "When you log in, MDR Plug-in tries to install the new KSN configuration file on the Kaspersky Security
 * Center server. If MDR Plug-in successfully updates the file, you will get a notification about the change
 * of the KSN configuration file. If MDR Plug-in fails …, you will get a notification about the cause of the
 * problem: Your account does not have sufficient access rights to update the file. … Ask the administrator
 * to connect to the Kaspersky Security Center server. When the administrator connects, the KSN configuration
 * file will be updated." The demo organization runs on an older file than the newest published one.
 */
describe('the KSN configuration file at sign-in, end to end', () => {
  const product = productInBrowser({ demoAssets: 50 });

  it('tells an officer their account may not update it, and updates it when an administrator signs in', async (t) => {
    const officer = await signedInPage(t, product.browser, product.system.consoleUrl, 'officer');
    await officer.getByRole('status').getByText('your account does not have sufficient access rights to update the file').waitFor();
    await officer.goto(`${product.system.consoleUrl}/mdr/usage`);
    const kpsn = officer.getByTestId('kpsn');
    await kpsn.getByText('A new version of the KSN configuration file is available: 1.0.0.171.').waitFor();
    await kpsn.getByText('the KPSN configuration file with version 1.0.0.163 is used').waitFor();

    const admin = await signedInPage(t, product.browser, product.system.consoleUrl, 'admin');
    await admin.getByRole('status').getByText('The KSN configuration file was updated to version 1.0.0.171.').waitFor();
    await admin.goto(`${product.system.consoleUrl}/mdr/usage`);
    await admin.getByTestId('kpsn').getByText('To send telemetry data to the Kaspersky MDR infrastructure, the KPSN configuration file with version 1.0.0.171 is used.').waitFor();
    assert.equal(await admin.getByRole('button', { name: 'Update the KSN configuration file' }).count(), 0, 'nothing newer to install');

    // Once it is the newest, signing in says nothing ("If no notifications are displayed, it is likely
    // that the KSN configuration file was successfully updated when another specialist connected").
    const again = await signedInPage(t, product.browser, product.system.consoleUrl, 'officer');
    // Within the page (a reload would drop any notification): MDR → MDR Usage.
    await openMdrTab(again, 'MDR Usage');
    await again.getByTestId('kpsn').getByText('with version 1.0.0.171 is used').waitFor();
    assert.equal(await again.getByRole('status').getByText('KSN configuration file').count(), 0);
  });
});

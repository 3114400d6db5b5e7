/**
 * *Console settings → Web plug-ins* in Chromium, against the product as `npm start` runs it (the MDR
 * plug-in installed from its signed bundle): the administrator sees the installed plug-in, a changed
 * archive is refused with its reason, a newer bundle of the available-plug-ins folder is offered and
 * installed, and removing the plug-in takes its section away at once while another user is signed in;
 * adding it again from a file brings it back.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { repoRoot } from '../../host-shim/common/paths.ts';
import { loadManifest } from '../../host-shim/server/manifest.ts';
import { packagePlugin, writeBundle } from '../../host-shim/server/plugins/bundle-packager.ts';
import { localPublisherKeyPath } from '../../host-shim/server/plugins/publisher-keys.ts';
import { signInThroughPage } from '../support/browser.ts';
import { productInBrowser } from '../support/e2e.ts';

describe('Console settings → Web plug-ins, end to end', () => {
  const product = productInBrowser();
  let files: string;

  /** The built plug-in as version `version`, signed with the console's local publisher key; its archive and signature files. */
  async function bundleOf(version: string): Promise<{ archivePath: string; signaturePath: string; fileName: string }> {
    const manifest = { ...loadManifest(), version };
    const key = crypto.createPrivateKey(fs.readFileSync(localPublisherKeyPath(product.system.dataDir, manifest.publisher.id), 'utf8'));
    const bundle = await packagePlugin({ manifest, codeDir: path.join(repoRoot, 'dist', 'plugin'), localesDir: path.join(repoRoot, 'locales') }, key);
    return { ...writeBundle(bundle, path.join(files, version)), fileName: bundle.fileName };
  }

  async function openWebPlugins(page: Page): Promise<void> {
    await page.getByRole('link', { name: 'Web plug-ins' }).click();
    await page.getByRole('heading', { name: 'Web plug-ins', level: 1 }).waitFor();
  }

  before(() => {
    files = fs.mkdtempSync(path.join(os.tmpdir(), 'web-plugins-e2e-'));
  });
  after(() => fs.rmSync(files, { recursive: true, force: true }));

  it('is not offered to a user who is not the console’s main administrator, and says so at its address', async (t) => {
    const page = await product.browser.newPage();
    t.after(() => page.close());
    await signInThroughPage(page, product.system.consoleUrl, 'senior');
    assert.equal(await page.getByRole('link', { name: 'Web plug-ins' }).count(), 0);
    await page.goto(`${product.system.consoleUrl}/console-settings/web-plugins`);
    await page.getByText('You do not have the rights to open this page.').waitFor();
  });

  it('lists the installed MDR plug-in with its version, publisher, languages and state', async (t) => {
    const page = await product.browser.newPage();
    t.after(() => page.close());
    await signInThroughPage(page, product.system.consoleUrl, 'admin');
    await openWebPlugins(page);
    const row = page.getByRole('table', { name: 'Installed plug-ins' }).getByRole('row', { name: /Managed Detection and Response/ });
    await row.waitFor();
    const cells = (await row.getByRole('cell').allInnerTexts()).map((text) => text.trim());
    assert.match(cells[0]!, /example-security\.mdr · Proprietary/);
    assert.deepEqual([cells[1], cells[2], cells[4]], [loadManifest().version, 'Example Security', 'Installed']);
    // Every language of the bundle, by its own name.
    for (const language of ['English', 'Deutsch', 'Español', 'Français', 'Italiano', 'Русский']) assert.ok(cells[3]!.split(', ').includes(language), `${language} in ${cells[3]}`);
  });

  it('refuses an archive changed after it was signed, with the reason, and keeps the installed version', async (t) => {
    const page = await product.browser.newPage();
    t.after(() => page.close());
    const bundle = await bundleOf('0.9.0');
    const archive = fs.readFileSync(bundle.archivePath);
    archive[archive.length >> 1] ^= 0x01;
    const tampered = path.join(files, 'tampered.zip');
    fs.writeFileSync(tampered, archive);
    await signInThroughPage(page, product.system.consoleUrl, 'admin');
    await openWebPlugins(page);
    await page.getByRole('button', { name: 'Add from file' }).click();
    await page.getByLabel('Archive (.zip)').setInputFiles(tampered);
    await page.getByLabel('Signature (.sig)').setInputFiles(bundle.signaturePath);
    await page.getByRole('button', { name: 'Install', exact: true }).click();
    await page.getByRole('alert').getByText('The signature does not match the archive: the archive was changed, or the signature belongs to another file.').waitFor();
    await page.getByRole('row', { name: /Managed Detection and Response/ }).getByRole('cell', { name: loadManifest().version, exact: true }).waitFor();
  });

  it('says updates are available for a newer bundle in the available-plug-ins folder and installs it', async (t) => {
    const page = await product.browser.newPage();
    t.after(() => page.close());
    const newer = await bundleOf('0.2.0');
    const available = path.join(product.system.dataDir, 'available-plugins');
    fs.mkdirSync(available, { recursive: true });
    fs.copyFileSync(newer.archivePath, path.join(available, newer.fileName));
    fs.copyFileSync(newer.signaturePath, path.join(available, `${newer.fileName}.sig`));
    await signInThroughPage(page, product.system.consoleUrl, 'admin');
    await openWebPlugins(page);
    await page.getByRole('status').getByText('Updates are available for utilized plug-ins.').waitFor();
    await page.getByRole('button', { name: 'Update Managed Detection and Response to 0.2.0' }).click();
    await page.getByText(`Managed Detection and Response is updated from ${loadManifest().version} to 0.2.0.`).waitFor();
    await page.getByRole('row', { name: /Managed Detection and Response/ }).getByRole('cell', { name: '0.2.0', exact: true }).waitFor();
    assert.equal(await page.getByText('Updates are available for utilized plug-ins.').count(), 0);
    // The updated plug-in works: its section opens.
    await page.getByRole('link', { name: 'MDR', exact: true }).click();
    await page.getByRole('tab', { name: 'Incidents' }).waitFor();
  });

  it('removes the plug-in after confirmation: its section goes, for another signed-in user too; added again from a file, it comes back', async (t) => {
    const officerPage = await product.browser.newPage();
    const page = await product.browser.newPage();
    t.after(async () => {
      await page.close();
      await officerPage.close();
    });
    await signInThroughPage(officerPage, product.system.consoleUrl, 'officer');
    await officerPage.getByRole('link', { name: 'MDR', exact: true }).waitFor();

    await signInThroughPage(page, product.system.consoleUrl, 'admin');
    await openWebPlugins(page);
    await page.getByRole('button', { name: 'Remove Managed Detection and Response' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/Its section, widgets and routes disappear for every user at once/).waitFor();
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await page.getByText('No plug-in is installed.').waitFor();
    await page.getByRole('link', { name: 'MDR', exact: true }).waitFor({ state: 'detached' });

    // The other user's console drops the section at once, without a page change.
    await officerPage.getByRole('link', { name: 'MDR', exact: true }).waitFor({ state: 'detached', timeout: 5000 });
    const call = await officerPage.evaluate(async () => (await fetch('/api/plugins/mdr/connection')).status);
    assert.equal(call, 404);

    const again = await bundleOf('0.1.0');
    await page.getByRole('button', { name: 'Add from file' }).click();
    await page.getByLabel('Archive (.zip)').setInputFiles(again.archivePath);
    await page.getByLabel('Signature (.sig)').setInputFiles(again.signaturePath);
    await page.getByRole('button', { name: 'Install', exact: true }).click();
    await page.getByText('Managed Detection and Response 0.1.0 is installed.').waitFor();
    await page.getByRole('link', { name: 'MDR', exact: true }).waitFor();
    await officerPage.getByRole('link', { name: 'Dashboard' }).click();
    await officerPage.getByRole('link', { name: 'MDR', exact: true }).waitFor();
  });
});

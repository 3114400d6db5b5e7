/**
 * A second plug-in proves the console is a host for any plug-in that honours the contract: the
 * sample plug-in of `test/fixtures/sample-plugin/` — plain custom elements without Lit (a section and
 * a dashboard widget), its own English and German texts, its own right and one declared route — is
 * packaged and signed with a
 * test publisher's key the console trusts (`KSC_TRUSTED_PUBLISHERS_DIR`), installed from a file in
 * *Console settings → Web plug-ins*, granted in *Roles* under its own functional areas, shown in the
 * navigation and on the dashboard in the user's language, gated by its right on the server, and
 * removed while another user has its section and the dashboard open: both leave at once, and the
 * route is 404.
 * Its route is answered by a small HTTP server this test starts, the service `KSC_PLUGIN_SERVICES`
 * names for the plug-in.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { repoRoot } from '../../host-shim/common/paths.ts';
import { loadManifest } from '../../host-shim/server/manifest.ts';
import { packagePlugin, writeBundle } from '../../host-shim/server/plugins/bundle-packager.ts';
import { legalNoticesText } from '../../host-shim/server/plugins/legal-notices.ts';
import { trustPublicKey } from '../../host-shim/server/plugins/publisher-keys.ts';
import { signInThroughPage } from '../support/browser.ts';
import { productInBrowser } from '../support/e2e.ts';
import { freePort } from '../support/system.ts';

const fixtureDir = path.join(repoRoot, 'test', 'fixtures', 'sample-plugin');

/** What the test's stand-in for the sample plug-in's service was asked, and by whom. */
interface ServiceCall {
  path: string;
  user: string | undefined;
  rights: string | undefined;
  authorization: string | undefined;
}

describe('A second plug-in, written without Lit, end to end', () => {
  const env: Record<string, string> = {};
  let files: string;
  let service: http.Server;
  const serviceCalls: ServiceCall[] = [];

  // Before the product starts: the publisher's key it trusts and the service behind the plug-in.
  before(async () => {
    files = fs.mkdtempSync(path.join(os.tmpdir(), 'sample-plugin-e2e-'));
    service = http.createServer((request, response) => {
      serviceCalls.push({
        path: request.url ?? '',
        user: request.headers['x-mdr-user-name'] as string | undefined,
        rights: request.headers['x-mdr-rights'] as string | undefined,
        authorization: request.headers.authorization,
      });
      if (request.method !== 'GET' || request.url !== '/console/v1/greeting') {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"notFound"}');
        return;
      }
      const language = String(request.headers['accept-language'] ?? 'en');
      const name = decodeURIComponent(String(request.headers['x-mdr-user-name'] ?? ''));
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name, language: language === 'de' ? 'Deutsch' : 'English' }));
    });
    const port = await freePort();
    await new Promise<void>((resolve) => service.listen(port, '127.0.0.1', resolve));
    env.KSC_PLUGIN_SERVICES = `sample=http://127.0.0.1:${port}`;
    env.KSC_TRUSTED_PUBLISHERS_DIR = path.join(files, 'trusted-publishers');
  });
  after(async () => {
    await new Promise((resolve) => service?.close(resolve));
    fs.rmSync(files, { recursive: true, force: true });
  });

  const product = productInBrowser({ env });

  /** The sample plug-in packaged with the console's packager and signed with a new key of its publisher, which the console is told to trust. */
  async function sampleBundle(): Promise<{ archivePath: string; signaturePath: string; size: number }> {
    const manifest = loadManifest(path.join(fixtureDir, 'manifest.json'));
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
    trustPublicKey(env.KSC_TRUSTED_PUBLISHERS_DIR!, manifest.publisher.id, publicKey, 'sample-test');
    const bundle = await packagePlugin(
      {
        manifest,
        codeDir: path.join(fixtureDir, 'code'),
        localesDir: path.join(fixtureDir, 'locales'),
        // A plain element without third-party code (and so without source maps to find it in).
        legalNotices: legalNoticesText(manifest, []),
      },
      privateKey,
    );
    return { ...writeBundle(bundle, path.join(files, 'bundle')), size: bundle.archive.length };
  }

  /** A call of the console's API from the page, as its scripts make it (session cookie, CSRF token). */
  function apiCall(page: Page, method: string, url: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    return page.evaluate(
      async ({ method, url, body }) => {
        const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
        const response = await fetch(url, {
          method,
          headers: { 'x-csrf-token': session.csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        try {
          return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
        } catch {
          return { status: response.status, body: text };
        }
      },
      { method, url, body },
    );
  }

  it('is installed from a file, granted in Roles, shown and gated by its own right, and removed from every open console at once', async (t) => {
    const started = Date.now();
    const admin = await product.browser.newPage();
    const reader = await product.browser.newPage();
    const readerDashboard = await product.browser.newPage();
    const officer = await product.browser.newPage();
    t.after(async () => {
      for (const page of [admin, reader, readerDashboard, officer]) await page.close();
    });
    const bundle = await sampleBundle();
    t.diagnostic(`sample bundle: ${bundle.size} bytes`);

    // 1. The administrator installs it from its archive and signature.
    await signInThroughPage(admin, product.system.consoleUrl, 'admin');
    await admin.getByRole('link', { name: 'Web plug-ins' }).click();
    await admin.getByRole('button', { name: 'Add from file' }).click();
    await admin.getByLabel('Archive (.zip)').setInputFiles(bundle.archivePath);
    await admin.getByLabel('Signature (.sig)').setInputFiles(bundle.signaturePath);
    // The console reads its plug-ins again once one is installed, with the texts of each.
    const listReadAgain = admin.waitForResponse((response) => new URL(response.url()).pathname === '/api/plugins');
    const textsRead = admin.waitForResponse((response) => /\/sample\.json$/.test(new URL(response.url()).pathname));
    await admin.getByRole('button', { name: 'Install', exact: true }).click();
    await admin.getByText('Sample greetings 1.0.0 is installed.').waitFor();
    await Promise.all([listReadAgain, textsRead]);
    await admin.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const row = admin.getByRole('table', { name: 'Installed plug-ins' }).getByRole('row', { name: /Sample greetings/ });
    assert.match(await row.innerText(), /Test Publisher/);
    // Nobody holds its right yet: not even the administrator sees its section.
    assert.equal(await admin.getByRole('link', { name: 'Greetings', exact: true }).count(), 0);

    // 2. Roles lists its functional area under its own name; a new role allows it.
    await admin.getByRole('link', { name: 'Roles' }).click();
    await admin.getByRole('button', { name: 'Create role' }).click();
    await admin.getByLabel('Role name').fill('Greeting readers');
    const area = admin.getByRole('group', { name: 'Read greetings' });
    await area.waitFor();
    assert.equal(await admin.getByRole('heading', { name: 'Functional areas of Greetings' }).count(), 1);
    await area.getByLabel('Allow').check();
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('Role Greeting readers created.').waitFor();
    // The role goes to Sam Rivera (senior) beside the role he has.
    const roles = (await apiCall(admin, 'GET', '/api/roles')).body as { roles: { id: string; name: string; rights: string[] }[] };
    const readers = roles.roles.find((role) => role.name === 'Greeting readers')!;
    assert.deepEqual(readers.rights, ['sampleGreetings']);
    const users = (await apiCall(admin, 'GET', '/api/users')).body as { users: { id: string; userName: string; displayName: string; roleIds: string[]; disabled: boolean; version: number }[] };
    const senior = users.users.find((user) => user.userName === 'senior')!;
    const assigned = await apiCall(admin, 'PUT', `/api/users/${senior.id}`, { displayName: senior.displayName, roleIds: [...senior.roleIds, readers.id], disabled: false, expectedVersion: senior.version });
    assert.equal(assigned.status, 200, JSON.stringify(assigned.body));

    // 3. Sam, in German, sees the section under its German name; the element shows its own German
    //    text with what its route answered through the console.
    await signInThroughPage(reader, product.system.consoleUrl, 'senior');
    await reader.getByRole('button', { name: /Sam Rivera/ }).click();
    await reader.getByRole('menu').getByRole('menuitem').first().selectOption('de');
    await reader.getByRole('link', { name: 'Grüße', exact: true }).click();
    await reader.getByRole('heading', { name: 'Grüße vom Beispiel-Plug-in' }).waitFor();
    await reader.getByText('Hallo, Sam Rivera! Der Beispieldienst hat auf Deutsch geantwortet.').waitFor();
    const forwarded = serviceCalls.filter((call) => call.path === '/console/v1/greeting');
    assert.equal(forwarded.length, 1);
    assert.equal(forwarded[0]!.authorization, undefined, 'the MDR service credential is not sent to another plug-in’s service');
    assert.ok(forwarded[0]!.rights!.split(',').includes('sampleGreetings'));
    // In another browser, Sam's dashboard has the plug-in's widget, in German too.
    await signInThroughPage(readerDashboard, product.system.consoleUrl, 'senior');
    await readerDashboard.getByRole('heading', { name: 'Gruß des Tages' }).waitFor();
    await readerDashboard.getByText('Schön, Sie zu sehen.').waitFor();

    // 4. A user whose roles lack its right: no section, no widget, and the server refuses its route.
    await signInThroughPage(officer, product.system.consoleUrl, 'officer');
    // The navigation shows the sections once every plug-in's texts are in; the dashboard has its
    // widgets once the plug-ins' modules are loaded: MDR's widget is there, the sample's is not.
    await officer.getByRole('link', { name: 'MDR', exact: true }).waitFor();
    assert.equal(await officer.getByRole('link', { name: 'Greetings', exact: true }).count(), 0);
    await officer.getByRole('heading', { name: 'MDR assets by status' }).waitFor();
    assert.equal(await officer.getByRole('heading', { name: 'Greeting of the day' }).count(), 0);
    const refused = await apiCall(officer, 'GET', '/api/plugins/sample/greeting');
    assert.equal(refused.status, 403);
    assert.deepEqual((refused.body as { missingRights: string[] }).missingRights, ['sampleGreetings']);
    assert.equal(serviceCalls.length, 1, 'a refused call never reaches the service');

    // 5. The administrator removes it while Sam has its section open in one browser and the
    //    dashboard in another: both drop it at once, without a reload or a page change, and its
    //    route is 404.
    await admin.getByRole('link', { name: 'Web plug-ins' }).click();
    await admin.getByRole('button', { name: 'Remove Sample greetings' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await admin.getByRole('row', { name: /Sample greetings/ }).waitFor({ state: 'detached' });
    const removedAt = Date.now();
    await reader.getByRole('link', { name: 'Grüße', exact: true }).waitFor({ state: 'detached', timeout: 5000 });
    await readerDashboard.getByRole('heading', { name: 'Gruß des Tages' }).waitFor({ state: 'detached', timeout: 5000 });
    await readerDashboard.getByRole('link', { name: 'Grüße', exact: true }).waitFor({ state: 'detached', timeout: 5000 });
    t.diagnostic(`section and widget gone from the open consoles ${Date.now() - removedAt} ms after the removal`);
    await reader.getByText('Dieses Plug-in ist nicht installiert: Möglicherweise hat ein Administrator es entfernt.').waitFor();
    assert.equal((await apiCall(reader, 'GET', '/api/plugins/sample/greeting')).status, 404);
    assert.equal((await apiCall(reader, 'GET', '/plugins/sample/sample-plugin.js')).status, 404);
    // Its grant stays in the role, for a later installation; the MDR plug-in is untouched.
    const after = (await apiCall(admin, 'GET', '/api/roles')).body as { roles: { name: string; rights: string[] }[] };
    assert.deepEqual(after.roles.find((role) => role.name === 'Greeting readers')!.rights, ['sampleGreetings']);
    await reader.getByRole('link', { name: 'MDR', exact: true }).waitFor();
    t.diagnostic(`the whole walk: ${Date.now() - started} ms`);
  });
});

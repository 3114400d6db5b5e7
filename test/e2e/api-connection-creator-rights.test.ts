/**
 * An API connection never acts beyond its creator's current rights, across the real console server
 * and MDR service processes: a role edit, disabling the user and a deletion made while the console
 * was down each stop the creator's token at the REST API; the API tab shows why.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { httpsJson } from '../support/mdr-service.ts';
import { ConsoleDatabase } from '../../host-shim/server/console-db.ts';
import { openMdrTab, signedInPage } from '../support/browser.ts';
import { productInBrowser } from '../support/e2e.ts';
import { waitFor } from '../support/system.ts';

interface Session {
  cookie: string;
  csrfToken: string;
}

const seniorRights = ['incidentAccess', 'autoAcceptSettings', 'responseManagement', 'restApiAccess'];

describe("API connections follow their creator's rights (console server and MDR service)", () => {
  const product = productInBrowser({ discardLogs: true });
  let ca: string;

  before(() => {
    ca = fs.readFileSync(product.system.caPath, 'utf8');
  });

  async function signIn(userName: string, password: string): Promise<Session> {
    const response = await fetch(`${product.system.consoleUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: product.system.consoleUrl },
      body: JSON.stringify({ userName, password }),
    });
    assert.equal(response.status, 200, `sign-in as ${userName}`);
    return { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0]!, csrfToken: ((await response.json()) as { csrfToken: string }).csrfToken };
  }

  async function consoleCall<T = Record<string, unknown>>(session: Session, method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${product.system.consoleUrl}${url}`, {
      method,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, origin: product.system.consoleUrl, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  const rest = <T = Record<string, unknown>>(clientId: string, call: string, json: unknown, accessToken?: string) =>
    httpsJson<T>(`${product.system.serviceUrl}/api/v1/${clientId}/${call}`, { ca, json, headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {} });

  it('a role edit, disabling the user and a deletion while the console was down each stop the token; restored rights bring it back', async (t) => {
    const admin = await signIn('admin', 'demo');
    const role = await consoleCall<{ id: string; name: string; version: number }>(admin, 'POST', '/api/roles', { name: 'SOAR operators', rights: seniorRights });
    assert.equal(role.status, 201);
    const user = await consoleCall<{ id: string; version: number }>(admin, 'POST', '/api/users', {
      userName: 'soar-owner',
      displayName: 'SOAR Owner',
      password: 'Keeps-Tokens-77',
      roleIds: [role.body.id],
    });
    assert.equal(user.status, 201, JSON.stringify(user.body));

    // The owner grants at most what they hold, through the console as the plug-in does.
    const owner = await signIn('soar-owner', 'Keeps-Tokens-77');
    const tooStrong = await consoleCall<{ field: string; rule: string }>(owner, 'POST', '/api/plugins/mdr/api-connections', { name: 'SOAR full', accessLevel: 'full', tenantIds: ['root'] });
    assert.deepEqual([tooStrong.status, tooStrong.body.field, tooStrong.body.rule], [400, 'accessLevel', 'levelAboveOwnRights']);
    const created = await consoleCall<{ connection: { id: string }; clientId: string; refreshToken: string }>(owner, 'POST', '/api/plugins/mdr/api-connections', {
      name: 'SOAR owned',
      accessLevel: 'senior',
      tenantIds: ['root'],
    });
    assert.equal(created.status, 201);
    const { clientId } = created.body;
    const tokens = await rest<{ access_token: string; refresh_token: string }>(clientId, 'session/confirm', { refresh_token: created.body.refreshToken });
    assert.equal(tokens.status, 200);
    const count = () => rest<{ error?: string }>(clientId, 'assets/count', {}, tokens.body.access_token);
    assert.equal((await count()).status, 200);
    const flagged = async () => {
      const list = await consoleCall<{ items: { id: string; creatorRightsInsufficient: boolean }[] }>(admin, 'GET', '/api/plugins/mdr/api-connections?pageSize=100');
      return list.body.items.find((item) => item.id === created.body.connection.id)!.creatorRightsInsufficient;
    };

    // The role loses Response management: once the administrator sees it saved, the token is refused.
    const narrowed = await consoleCall<{ version: number }>(admin, 'PUT', `/api/roles/${role.body.id}`, {
      name: role.body.name,
      rights: seniorRights.filter((right) => right !== 'responseManagement'),
      expectedVersion: role.body.version,
    });
    assert.equal(narrowed.status, 200);
    const refused = await count();
    assert.deepEqual([refused.status, refused.body.error], [403, 'creatorRightsInsufficient']);
    assert.equal(await flagged(), true);

    // The API tab tells the administrator why.
    const page = await signedInPage(t, product.browser, product.system.consoleUrl, 'admin');
    await openMdrTab(page, 'API');
    const row = page.getByRole('tabpanel').getByRole('row', { name: /SOAR owned/ });
    await row.getByText('Suspended', { exact: true }).waitFor();
    await row.getByText('Its creator no longer has these rights.').waitFor();

    // Rights back: the same token works again.
    const restored = await consoleCall<{ version: number }>(admin, 'PUT', `/api/roles/${role.body.id}`, { name: role.body.name, rights: seniorRights, expectedVersion: narrowed.body.version });
    assert.equal(restored.status, 200);
    assert.equal((await count()).status, 200);
    assert.equal(await flagged(), false);

    // A disabled user holds no rights.
    const saveUser = (disabled: boolean, expectedVersion: number) =>
      consoleCall<{ version: number }>(admin, 'PUT', `/api/users/${user.body.id}`, { displayName: 'SOAR Owner', roleIds: [role.body.id], disabled, expectedVersion });
    const disabled = await saveUser(true, user.body.version);
    assert.equal(disabled.status, 200);
    assert.deepEqual((await count()).body.error, 'creatorRightsInsufficient');
    const enabled = await saveUser(false, disabled.body.version);
    assert.equal(enabled.status, 200);
    assert.equal((await count()).status, 200);

    // Deleted while the console was down (so nobody could tell the service): the console's
    // complete list at start-up takes the rights away.
    await product.system.stopConsole();
    const database = new ConsoleDatabase(path.join(product.system.dataDir, 'console.db'));
    database.users.delete(user.body.id);
    database.close();
    assert.equal((await count()).status, 200, 'the service has not heard of it yet');
    await product.system.startConsole();
    await waitFor(async () => (await count()).status === 403, 'the token refused after the console restarted');
    assert.equal((await count()).body.error, 'creatorRightsInsufficient');
    const exchange = await rest<{ error: string }>(clientId, 'session/confirm', { refresh_token: tokens.body.refresh_token });
    assert.deepEqual([exchange.status, exchange.body.error], [403, 'creatorRightsInsufficient']);
  });
});

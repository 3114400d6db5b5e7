/**
 * The answers of *Settings*, *Notifications*, *Reports*, *MDR Health → All assets ever seen*,
 * *Tenants*, *Licenses* and *API* are serialized with the schemas of `contract/schemas/` (settings.ts,
 * notifications.ts, report-schedules.ts, health.ts, tenants.ts, licenses.ts, api-connections.ts), which
 * drop every property they do not list: each answer must reach the client with everything the route
 * computed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mdrAdministratorRights } from '../../contract/rights.ts';
import { answerChecker, computedAnswers } from '../support/computed-answers.ts';
import { makeLicenseKey } from '../../host-shim/mdr-service/services/license-keys.ts';
import { serviceForSuite } from '../support/mdr-service.ts';

const RIGHTS = [...new Set([...mdrAdministratorRights, 'applicationIntegration'])];

let clock = Date.UTC(2026, 5, 10, 12);

const { onRoute, computed } = computedAnswers();

describe('the answers of the settings, notifications, reports, asset health, tenants, licenses and API tabs carry everything the service computed', () => {
  const service = serviceForSuite({ demo: { seed: 4, assets: 40 }, now: () => clock, onRoute });

  const answer = answerChecker(service, computed, { rights: RIGHTS, user: 'answers-user' });

  test('Settings: reading them, the general settings, the auto-acceptance mode and the per-tenant switches', async () => {
    const settings = await answer('GET', 'settings');
    assert.ok(settings.autoAccept && settings.autoAccept.tenants.length > 0);
    const general = await answer('PUT', 'settings/general', {
      extendedNotifications: true,
      termsAccepted: true,
      language: 'en',
      expectedVersion: settings.general.version,
    });
    assert.notEqual(general.termsAcceptedOn, null);
    const mode = await answer('PUT', 'settings/auto-accept/mode', { mode: 'perTenant', expectedVersion: settings.autoAccept.version });
    const [tenant] = settings.autoAccept.tenants;
    const saved = await answer('PUT', 'settings/auto-accept/tenants', {
      tenants: [{ id: tenant.id, autoAccept: !tenant.autoAccept, expectedVersion: tenant.version }],
      newTenants: true,
      root: true,
      expectedVersion: mode.version,
    });
    assert.equal(saved.newTenants, true);
    assert.equal(saved.root, true);
    const again = await answer('GET', 'settings');
    assert.equal(again.autoAccept.newTenants, true);
  });

  test('Notifications: saving, resending the code and the Telegram link', async () => {
    const empty = await answer('GET', 'notifications');
    const saved = await answer('PUT', 'notifications', {
      email: { enabled: true, address: 'answers@example.com', categories: ['incidents', 'comments'] },
      telegram: { enabled: true, categories: ['responses'] },
      expectedVersion: empty.version,
    });
    assert.equal(saved.email.verification.pending, true);
    assert.notEqual(saved.email.verification.expiresAt, null);
    clock += 5 * 60_000;
    await answer('POST', 'notifications/email/resend', {});
    await answer('POST', 'notifications/telegram/link', {});
    const linked = await answer('GET', 'notifications');
    assert.equal(linked.telegram.linkGenerated, true);
  });

  test('Reports: creating, listing, editing and sending a schedule', async () => {
    const tenants = (await answer('GET', 'report-schedules')).tenants as { id: string }[];
    const input = {
      enabled: true,
      unencryptedAcknowledged: true,
      name: 'Weekly answers',
      tenantId: tenants[0]!.id,
      emails: ['reports@example.com'],
      day: 'monday',
      time: '08:30',
    };
    const created = await answer('POST', 'report-schedules', input, 201);
    assert.notEqual(created.nextPeriod, null);
    await answer('POST', 'report-schedules', { ...input, tenantId: null, enabled: false, name: 'Disabled answers' }, 201);
    const list = await answer('GET', 'report-schedules?sort=tenant&direction=desc&page=1&pageSize=10');
    assert.ok(list.items.length >= 2);
    await answer('PUT', `report-schedules/${created.id}`, { ...input, day: 'everyDay', expectedVersion: created.version });
    const sent = await answer('POST', `report-schedules/${created.id}/send`, {});
    assert.equal(typeof sent.incidents, 'number');
    const after = await answer('GET', 'report-schedules');
    assert.notEqual(after.items.find((item: { id: string }) => item.id === created.id).lastRun, null);
  });

  test('MDR Health: a page of all assets ever seen, with their problems', async () => {
    const page = await answer('GET', 'health/assets?pageSize=40');
    assert.ok(page.items.length > 0);
    await answer('GET', 'health/assets?statuses=warning,critical&sort=status&direction=desc&page=1&pageSize=5');
    assert.ok(page.items.some((asset: { problems: unknown[] }) => asset.problems.length > 0), 'the demo has assets with problems');
  });

  test('Licenses: the list, the assets by tenant, adding a code and removing it', async () => {
    const list = await answer('GET', 'licenses?view=all&sort=expirationDate&direction=desc&page=1&pageSize=25');
    assert.ok(list.items.length > 0 && 'overLimit' in list.items[0]);
    await answer('GET', 'licenses/assets-by-tenant');
    const organization = service.app.mdr.db.organization.get()!;
    const activationCode = makeLicenseKey({ tier: organization.tier!, region: organization.regionCode!, assetLimit: 250 });
    const added = await answer('POST', 'licenses', { activationCode }, 201);
    await answer('DELETE', `licenses/${added.id}?expectedVersion=${added.version}`);
  });

  test('Tenants: the list, the licenses to choose from, creating, reading, changing, a second configuration file and deleting', async () => {
    await answer('GET', 'tenants?page=1&pageSize=25&sort=expiration&direction=desc');
    const licenses = await answer<{ items: { id: string }[] }>('GET', 'tenant-licenses');
    const licenseId = licenses.items[0]!.id;
    const created = await answer('POST', 'tenants', { name: 'Answers branch', description: 'Whole answers', configFile: { licenseId, expirationDate: '2026-09-30' } }, 201);
    assert.ok(created.configFiles.length === 1 && 'licenseTier' in created.configFiles[0] && 'licenseAssetLimit' in created.configFiles[0]);
    const read = await answer('GET', `tenants/${created.id}`);
    const changed = await answer('PATCH', `tenants/${created.id}`, { description: 'Changed', expectedVersion: read.version });
    const withFile = await answer('POST', `tenants/${created.id}/config-files`, { licenseId, expirationDate: '2026-10-31' }, 201);
    assert.ok(withFile.configFiles.length === 2 || withFile.licenseId, JSON.stringify(withFile));
    const again = await answer('GET', `tenants/${created.id}`);
    await answer('DELETE', `tenants/${created.id}?expectedVersion=${again.version ?? changed.version}`);
  });

  test('API: the tenants to choose from, creating, a new token, listing, changing and deleting a connection', async () => {
    await answer('GET', 'api-connection-tenants');
    const created = await answer('POST', 'api-connections', { name: 'Answers SIEM', accessLevel: 'incident', tenantIds: ['root'] }, 201);
    const id = created.connection.id as string;
    await answer('POST', `api-connections/${id}/refresh`, {});
    const list = await answer<{ items: { id: string; version: number }[] }>('GET', 'api-connections?sort=name&direction=asc&page=1&pageSize=10');
    const current = list.items.find((item) => item.id === id)!;
    const changed = await answer('PATCH', `api-connections/${id}`, { name: 'Answers SIEM 2', expectedVersion: current.version });
    await answer('DELETE', `api-connections/${id}?expectedVersion=${changed.version}`);
  });
});

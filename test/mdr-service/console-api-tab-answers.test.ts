/**
 * The answers of *Settings*, *Notifications*, *Reports* and *MDR Health → All assets ever seen* are
 * serialized with the schemas of `contract/schemas/` (settings.ts, notifications.ts,
 * report-schedules.ts, health.ts), which drop every property they do not list: each answer must reach
 * the client with everything the route computed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mdrAdministratorRights } from '../../contract/rights.ts';
import { computedAnswers } from '../support/computed-answers.ts';
import { serviceForSuite } from '../support/mdr-service.ts';

const RIGHTS = [...new Set([...mdrAdministratorRights, 'incidentAccess', 'applicationIntegration', 'autoAcceptSettings', 'responseManagement', 'incidentSummaryScheduling'])];

let clock = Date.UTC(2026, 5, 10, 12);

const { onRoute, computed } = computedAnswers();

describe('the answers of the settings, notifications, reports and asset health tabs carry everything the service computed', () => {
  const service = serviceForSuite({ demo: { seed: 4, assets: 40 }, now: () => clock, onRoute });

  /** Calls a route, expects `status`, and compares the answer received with the one computed; returns it. */
  async function answer<T = Record<string, any>>(method: string, path: string, json?: unknown, status = 200): Promise<T> {
    const response = await service.consoleCall<T>(method, path, { json, rights: RIGHTS, user: 'answers-user' });
    assert.equal(response.status, status, `${method} ${path}: ${JSON.stringify(response.body)}`);
    const key = `${method} /console/v1/${path}`;
    assert.ok(computed.has(key), `${key} computed an answer`);
    assert.deepEqual(response.body, computed.get(key), `${key} reaches the client whole`);
    return response.body;
  }

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
});

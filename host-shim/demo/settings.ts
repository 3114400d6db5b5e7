/** Demo settings, notification subscriptions, report schedules and API connections. */
import { type MdrDatabase } from '../mdr-service/db.ts';
import { type DemoTenantIdentity } from './identities.ts';
import { Prng } from './prng.ts';
import { DAY } from './common.ts';

export function writeSettingsAndIntegrations(db: MdrDatabase, prng: Prng, tenants: DemoTenantIdentity[], now: number): void {
  db.settings.set('language', 'en', 0, now);
  // An activated organization went through activation, which enabled the background connection.
  db.settings.set('backgroundConnection', { enabled: true, enabledOn: now - 212 * DAY }, 0, now);
  db.settings.set('autoAccept', { mode: 'perTenant' }, 0, now);
  for (const tenant of tenants.slice(0, 2)) {
    const current = db.tenants.require(tenant.id);
    db.tenants.update(tenant.id, { autoAccept: true }, current.version);
  }
  db.reportSchedules.insert({
    id: prng.uuid(),
    enabled: true,
    name: 'Weekly summary for the SOC team',
    tenantId: null,
    emails: ['soc-team@example.com', 'ciso@example.com'],
    day: 'monday',
    time: '07:30',
    unencryptedAcknowledged: true,
    created: now - 90 * DAY,
  });
  db.reportSchedules.insert({
    id: prng.uuid(),
    enabled: false,
    name: `Daily report - ${tenants[0]!.name}`,
    tenantId: tenants[0]!.id,
    emails: ['it-ops@example.com'],
    day: 'everyDay',
    time: '18:00',
    unencryptedAcknowledged: true,
    created: now - 30 * DAY,
  });
  // A connection that was once used and later revoked, so the API tab is not empty. Its tokens
  // are gone: working tokens are only ever issued through the console.
  const connection = db.apiConnections.insert({
    id: prng.uuid(),
    clientId: prng.hex(14),
    name: 'SIEM integration (old)',
    accessLevel: 'incident',
    tenantIds: [tenants[0]!.id],
    created: now - 120 * DAY,
    createdBy: 'admin',
  });
  db.apiConnections.revoke(connection.id);
}

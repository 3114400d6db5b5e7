import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { httpsJson, serviceForSuite } from '../support/mdr-service.ts';

const allRights = ['applicationIntegration', 'incidentAccess', 'autoAcceptSettings', 'responseManagement', 'tenantManagement', 'incidentSummaryScheduling', 'restApiAccess'];

/**
 * The organization's limits hold when the last free place is contested: 20 concurrent creates over
 * HTTPS (each its own connection, as separate browsers would send them) when one place is left.
 */
describe('limits under concurrent creates', () => {
  const service = serviceForSuite({ demo: { seed: 4, assets: 40 } });
  const call = <T = Record<string, unknown>>(method: string, path: string, json?: unknown) =>
    httpsJson<T>(`${service.url}/console/v1${path}`, { method, ca: service.ca, headers: service.consoleHeaders(allRights), json });

  /** Fires `count` creates at once and returns the statuses. */
  async function race(count: number, create: (index: number) => Promise<{ status: number }>): Promise<number[]> {
    const answers = await Promise.all(Array.from({ length: count }, (_, index) => create(index)));
    return answers.map((answer) => answer.status).sort();
  }

  it('never makes a 101st tenant', async () => {
    const licenses = await call<{ items: { id: string; lastAllowedDate: string }[]; today: string }>('GET', '/tenant-licenses');
    assert.equal(licenses.status, 200);
    const license = licenses.body.items.sort((a, b) => b.lastAllowedDate.localeCompare(a.lastAllowedDate))[0]!;
    const configFile = { licenseId: license.id, expirationDate: license.lastAllowedDate };
    const { total } = (await call<{ total: number }>('GET', '/tenants')).body;
    for (let i = total; i < 99; i++) assert.equal((await call('POST', '/tenants', { name: `Filler ${i}`, configFile })).status, 201);

    const statuses = await race(20, (index) => call('POST', '/tenants', { name: `Contender ${index}`, configFile }));
    assert.equal(statuses.filter((status) => status === 201).length, 1, `exactly one create wins: ${statuses.join(', ')}`);
    assert.deepEqual([...new Set(statuses.filter((status) => status !== 201))], [409]);
    assert.equal((await call<{ total: number }>('GET', '/tenants')).body.total, 100);
  });

  it('never makes a 51st report schedule, nor an 11th for one tenant', async () => {
    const schedule = (name: string, tenantId: string | null) => ({
      enabled: true,
      unencryptedAcknowledged: true,
      name,
      tenantId,
      emails: ['soc@example.com'],
      day: 'monday',
      time: '06:30',
    });
    const tenantId = (await call<{ items: { id: string }[] }>('GET', '/tenants?pageSize=1')).body.items[0]!.id;
    const existing = (await call<{ items: { id: string; tenantId: string | null }[]; total: number }>('GET', '/report-schedules?pageSize=100')).body;
    const forTenant = existing.items.filter((item) => item.tenantId === tenantId).length;
    for (let i = forTenant; i < 9; i++) assert.equal((await call('POST', '/report-schedules', schedule(`Tenant filler ${i}`, tenantId))).status, 201);

    const tenantRace = await race(20, (index) => call('POST', '/report-schedules', schedule(`Tenant contender ${index}`, tenantId)));
    assert.equal(tenantRace.filter((status) => status === 201).length, 1, `one wins the tenant's last place: ${tenantRace.join(', ')}`);

    const { total } = (await call<{ total: number }>('GET', '/report-schedules')).body;
    for (let i = total; i < 49; i++) assert.equal((await call('POST', '/report-schedules', schedule(`Filler ${i}`, null))).status, 201);
    const organizationRace = await race(20, (index) => call('POST', '/report-schedules', schedule(`Contender ${index}`, null)));
    assert.equal(organizationRace.filter((status) => status === 201).length, 1, `one wins the last place: ${organizationRace.join(', ')}`);
    assert.ok(organizationRace.every((status) => status === 201 || status === 409), organizationRace.join(', '));
    assert.equal((await call<{ total: number }>('GET', '/report-schedules')).body.total, 50);
  });
});

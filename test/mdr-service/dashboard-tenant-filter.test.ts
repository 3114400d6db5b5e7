/**
 * The *MDR assets by status* widget with *Filter by tenant* (help, *Dashboards*: "To switch dashboards
 * to tenant-specific statistics … click Filter by tenant … select one or multiple tenants"; *Assets by
 * status* is among those widgets), always within the console's tenant scope.
 */
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { describe, test } from 'node:test';
import { httpsJson, serviceForSuite } from '../support/mdr-service.ts';
import type { AssetsSummary as Summary } from '../../plugin/api/dashboard.ts';

describe('assets by status, filtered by tenant', () => {
  const service = serviceForSuite({ demo: { seed: 5, assets: 300 } });
  const get = <T = Summary>(query = '') =>
    httpsJson<T>(`${service.url}/console/v1/assets/summary${query}`, { method: 'GET', ca: service.ca, headers: service.consoleHeaders(['incidentAccess']) });

  /** Counts read straight from the database file, independent of the repository under test. */
  function expected(tenantIds: (string | null)[] | null): Omit<Summary, 'tenantOptions'> {
    const raw = new Database(service.app.mdr.db.file, { readonly: true });
    try {
      const rows = raw.prepare('SELECT tenant_id AS tenant, status, count(*) AS n FROM assets GROUP BY tenant_id, status').all() as { tenant: string | null; status: keyof Summary; n: number }[];
      const counts = { ok: 0, warning: 0, critical: 0, absent: 0, total: 0 };
      for (const row of rows) {
        if (tenantIds !== null && !tenantIds.includes(row.tenant)) continue;
        (counts as Record<string, number>)[row.status] += row.n;
        counts.total += row.n;
      }
      return counts;
    } finally {
      raw.close();
    }
  }

  const counts = ({ tenantOptions: _options, ...rest }: Summary) => rest;

  test('without a choice, all tenants and the root; the tenants to choose from by name', async () => {
    const all = await get();
    assert.equal(all.status, 200);
    assert.deepEqual(counts(all.body), expected(null));
    assert.equal(all.body.tenantOptions.root, true);
    const names = all.body.tenantOptions.tenants.map((tenant) => tenant.name);
    assert.ok(names.length >= 2);
    assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
  });

  test('one tenant, the root, or several: exactly their assets', async () => {
    const [first, second] = (await get()).body.tenantOptions.tenants;
    const one = await get(`?tenantIds=${first!.id}`);
    assert.deepEqual(counts(one.body), expected([first!.id]));
    assert.ok(one.body.total > 0 && one.body.total < expected(null).total);
    assert.deepEqual(counts((await get('?tenantIds=root')).body), expected([null]));
    assert.deepEqual(counts((await get(`?tenantIds=${first!.id},root,${second!.id}`)).body), expected([first!.id, null, second!.id]));
    assert.deepEqual(counts((await get(`?tenantIds=${first!.id},${first!.id}`)).body), expected([first!.id]), 'a repeated id counts once');
  });

  test('an unknown tenant or a malformed list is refused next to the field', async () => {
    for (const query of ['?tenantIds=no-such-tenant', '?tenantIds=', '?tenantIds=a,,b', "?tenantIds=a'%20OR%201=1", '?tenantIds=a&other=1']) {
      const refused = await get<{ error: string; field?: string }>(query);
      assert.equal(refused.status, 400, query);
    }
    const unknown = await get<{ error: string; field: string; rule: string }>('?tenantIds=no-such-tenant');
    assert.deepEqual([unknown.body.error, unknown.body.field, unknown.body.rule], ['validation', 'tenantIds', 'unknownTenant']);
  });

  test("never beyond the console's tenant scope", async () => {
    const db = service.app.mdr.db;
    const [inside, outside] = (await get()).body.tenantOptions.tenants;
    db.organization.update({ consoleTenantScope: [inside!.id] });
    try {
      const scoped = await get();
      assert.deepEqual(scoped.body.tenantOptions, { root: false, tenants: [{ id: inside!.id, name: inside!.name }] });
      assert.deepEqual(counts(scoped.body), expected([inside!.id]));
      for (const id of [outside!.id, 'root']) {
        const refused = await get<{ field: string }>(`?tenantIds=${id}`);
        assert.deepEqual([refused.status, refused.body.field], [400, 'tenantIds'], id);
      }
    } finally {
      db.organization.update({ consoleTenantScope: null });
    }
  });
});

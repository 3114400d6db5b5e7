/**
 * Tenant scope in the MDR service's queries, at unit level: the scope helpers of db/sql.ts on their
 * own, and the SQL condition they build run on a small temporary database through the repositories.
 *
 * A scope is null (every tenant and the root) or a list of tenant ids in which the literal 'root'
 * stands for data assigned to no tenant. The help (Multitenancy): "All tenants are independent and
 * isolated, which means no data from one tenant can be accessed by other tenants."
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { TenantScope } from '../../host-shim/mdr-service/db.ts';
import { addScope, inScope, intersectScopes, paging } from '../../host-shim/mdr-service/db/sql.ts';
import { temporaryDatabase, testAsset } from '../support/mdr-records.ts';

const NOW = Date.UTC(2026, 5, 10, 12);

describe('inScope: is one tenant id (null = root) inside a scope', () => {
  test('a null scope reaches every tenant and the root', () => {
    assert.equal(inScope('tenant-a', null), true);
    assert.equal(inScope(null, null), true);
  });

  test("the root's data is inside a scope only when the scope lists 'root'", () => {
    assert.equal(inScope(null, ['root']), true);
    assert.equal(inScope(null, ['tenant-a', 'root']), true);
    assert.equal(inScope(null, ['tenant-a']), false, "a tenant's scope does not see the root's data");
    assert.equal(inScope(null, []), false);
  });

  test('a tenant is inside a scope only when the scope lists it', () => {
    assert.equal(inScope('tenant-a', ['tenant-a']), true);
    assert.equal(inScope('tenant-a', ['tenant-b', 'tenant-a']), true);
    assert.equal(inScope('tenant-a', ['tenant-b']), false);
    assert.equal(inScope('tenant-a', ['root']), false, "'root' does not stand for every tenant");
    assert.equal(inScope('tenant-a', []), false, 'an empty scope reaches nothing');
  });
});

describe('intersectScopes: what two scopes both reach (e.g. the console and an API connection)', () => {
  test('null is the neutral element on either side', () => {
    assert.deepEqual(intersectScopes(null, ['tenant-a', 'root']), ['tenant-a', 'root']);
    assert.deepEqual(intersectScopes(['tenant-b'], null), ['tenant-b']);
    assert.equal(intersectScopes(null, null), null);
  });

  test('two lists keep only what both name, in the order of the first', () => {
    assert.deepEqual(intersectScopes(['tenant-a', 'root', 'tenant-b'], ['tenant-b', 'tenant-c', 'root']), ['root', 'tenant-b']);
    assert.deepEqual(intersectScopes(['tenant-a'], ['tenant-b']), [], 'disjoint scopes reach nothing, not everything');
    assert.deepEqual(intersectScopes([], ['tenant-a']), []);
    assert.deepEqual(intersectScopes(['tenant-a'], []), []);
  });
});

describe('paging: page and page size clamped to sane numbers', () => {
  test('defaults: first page of the default size', () => {
    assert.deepEqual(paging(undefined, undefined), { page: 1, pageSize: 50, offset: 0 });
    assert.deepEqual(paging(undefined, undefined, 20, 100), { page: 1, pageSize: 20, offset: 0 });
  });

  test('the offset of page p is (p - 1) page sizes', () => {
    assert.deepEqual(paging(3, 20), { page: 3, pageSize: 20, offset: 40 });
    assert.deepEqual(paging(2, undefined, 25, 100), { page: 2, pageSize: 25, offset: 25 });
    assert.deepEqual(paging(1, 7), { page: 1, pageSize: 7, offset: 0 });
  });

  test('a page below 1 is page 1; a size below 1 is 1 (0 is not "use the default")', () => {
    assert.deepEqual(paging(0, 0), { page: 1, pageSize: 1, offset: 0 });
    assert.deepEqual(paging(-4, -10), { page: 1, pageSize: 1, offset: 0 });
  });

  test('a size above the maximum is the maximum', () => {
    assert.deepEqual(paging(2, 5000), { page: 2, pageSize: 1000, offset: 1000 });
    assert.deepEqual(paging(1, 101, 50, 100), { page: 1, pageSize: 100, offset: 0 });
    assert.deepEqual(paging(1, 100, 50, 100), { page: 1, pageSize: 100, offset: 0 });
  });

  test('fractions are cut to whole numbers', () => {
    assert.deepEqual(paging(2.9, 10.7), { page: 2, pageSize: 10, offset: 10 });
  });
});

describe('addScope: the SQL condition of a scope', () => {
  test('a null scope adds no condition and no bindings', () => {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    addScope(where, params, 'tenant_id', null);
    assert.deepEqual(where, []);
    assert.deepEqual(params, {});
  });

  test('a list scope adds one condition; its bindings are named after the prefix', () => {
    const where: string[] = ['existing = 1'];
    const params: Record<string, unknown> = { existing: 1 };
    addScope(where, params, 'a.tenant_id', ['tenant-a', 'root'], 'tenants');
    assert.equal(where.length, 2);
    assert.equal(where[0], 'existing = 1');
    assert.deepEqual(params, { existing: 1, tenantsTenants: '["tenant-a"]', tenantsRoot: 1 });
  });
});

describe('Tenant scope in repository queries (temporary database)', () => {
  const db = temporaryDatabase({ prefix: 'mdr-scope-' });
  // Assets: two of the root (no tenant), three of tenant A, one of B, none of C.
  const owners: Record<string, string | null> = { r1: null, r2: null, a1: 'tenant-a', a2: 'tenant-a', a3: 'tenant-a', b1: 'tenant-b' };

  before(() => {
    db().transaction(() => {
      for (const id of ['tenant-a', 'tenant-b', 'tenant-c']) db().tenants.insert({ id, name: `Name ${id}`, description: '', active: true, createdOn: NOW });
      for (const [id, tenantId] of Object.entries(owners)) db().assets.insert(testAsset(id, { tenantId, firstSeen: NOW, lastSeen: NOW }));
    });
  });

  const assetIds = (scope: TenantScope, tenantIds?: string[]): string[] =>
    db().assets
      .listItems(scope, { tenantIds, pageSize: 100 })
      .map((a) => a.id)
      .sort();

  test('null scope: every asset, the root and every tenant', () => {
    assert.deepEqual(assetIds(null), ['a1', 'a2', 'a3', 'b1', 'r1', 'r2']);
    assert.equal(db().assets.count(null), 6);
  });

  test("one tenant: exactly its assets, none of the root's or another tenant's", () => {
    assert.deepEqual(assetIds(['tenant-a']), ['a1', 'a2', 'a3']);
    assert.deepEqual(assetIds(['tenant-b']), ['b1']);
    assert.deepEqual(assetIds(['tenant-c']), [], 'a tenant without assets sees none');
    assert.equal(db().assets.count(['tenant-a']), 3);
  });

  test("'root' only: exactly the assets of no tenant", () => {
    assert.deepEqual(assetIds(['root']), ['r1', 'r2']);
    assert.equal(db().assets.count(['root']), 2);
  });

  test("several tenants and 'root': the union, nothing else", () => {
    assert.deepEqual(assetIds(['tenant-b', 'root']), ['b1', 'r1', 'r2']);
    assert.deepEqual(assetIds(['tenant-a', 'tenant-b']), ['a1', 'a2', 'a3', 'b1']);
  });

  test('an empty scope matches nothing (not everything)', () => {
    assert.deepEqual(assetIds([]), []);
    assert.equal(db().assets.count([]), 0);
    assert.equal(db().tenants.count([]), 0);
    assert.deepEqual(db().tenants.list([]), []);
  });

  test('a tenant filter within a scope: both conditions apply, each with its own bindings', () => {
    assert.deepEqual(assetIds(null, ['tenant-b']), ['b1']);
    assert.deepEqual(assetIds(['tenant-a', 'root'], ['tenant-a']), ['a1', 'a2', 'a3']);
    assert.deepEqual(assetIds(['tenant-a', 'root'], ['root']), ['r1', 'r2']);
    assert.deepEqual(assetIds(['tenant-a'], ['tenant-b']), [], 'a filter cannot widen the scope');
    assert.deepEqual(assetIds(['root'], ['tenant-a', 'root']), ['r1', 'r2']);
  });

  test('tenants in scope: the list and count hold exactly the listed tenants', () => {
    assert.deepEqual(db().tenants.list(['tenant-c', 'root']).map((t) => t.id), ['tenant-c']);
    assert.equal(db().tenants.count(['tenant-a', 'tenant-c']), 2);
    assert.equal(db().tenants.count(['root']), 0, 'the root is not a tenant');
    assert.equal(db().tenants.count(null), 3);
    assert.equal(db().tenants.get('tenant-b', ['tenant-a']), null);
    assert.equal(db().tenants.get('tenant-a', ['tenant-a'])?.id, 'tenant-a');
  });

  test('paging in a list: the requested page of the scope, total of the whole scope', () => {
    const second = db().assets.list(null, { page: 2, pageSize: 4, sort: { field: 'hostName', direction: 'asc' } });
    assert.deepEqual({ ...second, items: second.items.map((a) => a.id) }, { items: ['r1', 'r2'], total: 6, page: 2, pageSize: 4 });
    const clamped = db().assets.list(['tenant-a'], { page: 0, pageSize: 0, sort: { field: 'hostName', direction: 'asc' } });
    assert.deepEqual({ ...clamped, items: clamped.items.map((a) => a.id) }, { items: ['a1'], total: 3, page: 1, pageSize: 1 });
  });
});

/**
 * The row mapping the repositories of both stores declare their columns with: the SELECT list names
 * each column after its field, a row read with it becomes the wire object (0/1 to boolean, JSON text
 * to its value, NULL JSON to null), and writing turns fields back into what is stored.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { bitColumn, jsonColumn, RowMapping, type StoredRow } from '../../host-shim/common/row-mapping.ts';
import { SqlContext } from '../../host-shim/common/sqlite.ts';

interface Gadget {
  id: string;
  displayName: string;
  enabled: boolean;
  tags: string[];
  scope: string[] | null;
  group: string;
  weight: number | null;
}

const GADGETS = new RowMapping<Gadget>('gadgets', {
  id: 'id',
  displayName: 'display_name',
  enabled: bitColumn('enabled'),
  tags: jsonColumn('tags'),
  scope: jsonColumn('scope'),
  group: 'group_name',
  weight: 'weight',
});

function database(): Database.Database {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE gadgets (id TEXT PRIMARY KEY, display_name TEXT, enabled INTEGER, tags TEXT, scope TEXT, group_name TEXT,
    weight REAL, hidden TEXT DEFAULT 'not a field')`);
  return db;
}

const gadget: Gadget = { id: 'g1', displayName: 'First', enabled: true, tags: ['a', 'b'], scope: null, group: 'Lab', weight: 2.5 };

describe('RowMapping', () => {
  test('the SELECT list names each column after its field, quoted, and prefixes a table alias', () => {
    assert.equal(GADGETS.select(), 'id, display_name AS "displayName", enabled, tags, scope, group_name AS "group", weight');
    assert.equal(GADGETS.select('g'), 'g.id, g.display_name AS "displayName", g.enabled, g.tags, g.scope, g.group_name AS "group", g.weight');
    assert.deepEqual(GADGETS.fields, ['id', 'displayName', 'enabled', 'tags', 'scope', 'group', 'weight']);
    assert.equal(GADGETS.column('group'), 'group_name');
  });

  test('written with params and read back with select and read, a value is what it was, its keys in the declared order', () => {
    const db = database();
    const insert = `INSERT INTO gadgets (id, display_name, enabled, tags, scope, group_name, weight)
      VALUES (@id, @displayName, @enabled, @tags, @scope, @group, @weight)`;
    assert.deepEqual(GADGETS.params(gadget), { id: 'g1', displayName: 'First', enabled: 1, tags: '["a","b"]', scope: null, group: 'Lab', weight: 2.5 });
    db.prepare(insert).run(GADGETS.params(gadget));
    db.prepare(insert).run(GADGETS.params({ ...gadget, id: 'g2', enabled: false, tags: [], scope: ['root'], weight: null }));
    const rows = db.prepare(`SELECT ${GADGETS.select()} FROM gadgets ORDER BY id`).all() as StoredRow<Gadget>[];
    assert.deepEqual(rows[0], { id: 'g1', displayName: 'First', enabled: 1, tags: '["a","b"]', scope: null, group: 'Lab', weight: 2.5 });
    const read = rows.map(GADGETS.read);
    assert.deepEqual(read, [gadget, { ...gadget, id: 'g2', enabled: false, tags: [], scope: ['root'], weight: null }]);
    assert.deepEqual(Object.keys(read[0]!), GADGETS.fields);
    db.close();
  });

  test('one and all read the rows of the table that the clauses pick, through the cached statements', () => {
    // Every statement asked for, and how many were prepared: a statement asked for again comes from the cache.
    const asked: string[] = [];
    const sql = new (class extends SqlContext {
      override stmt<P extends unknown[] | object = unknown[], R = unknown>(text: string): Database.Statement<P, R> {
        asked.push(text);
        return super.stmt<P, R>(text);
      }
    })(database());
    const prepare = sql.db.prepare.bind(sql.db);
    let prepared = 0;
    sql.db.prepare = ((text: string) => {
      prepared++;
      return prepare(text);
    }) as typeof sql.db.prepare;
    const insert = sql.stmt('INSERT INTO gadgets (id, display_name, enabled, tags, scope, group_name, weight) VALUES (@id, @displayName, @enabled, @tags, @scope, @group, @weight)');
    for (const id of ['g1', 'g2', 'g3']) insert.run(GADGETS.params({ ...gadget, id, enabled: id !== 'g2' }));
    assert.deepEqual(GADGETS.one(sql, 'WHERE id = ?', 'g2'), { ...gadget, id: 'g2', enabled: false });
    assert.equal(GADGETS.one(sql, 'WHERE id = ?', 'none'), null);
    assert.deepEqual(
      GADGETS.all(sql, 'WHERE enabled = @enabled ORDER BY id DESC', { enabled: 1 }).map((row) => row.id),
      ['g3', 'g1'],
    );
    assert.deepEqual(GADGETS.all(sql, 'WHERE id = ?', 'none'), []);
    // one() and all() went through the statement cache: the lookup by id was prepared once for three reads.
    const byId = `SELECT ${GADGETS.select()} FROM gadgets WHERE id = ?`;
    assert.equal(asked.filter((text) => text === byId).length, 3);
    assert.equal(prepared, 3, 'the insert, the lookup by id and the read of the enabled ones');
    sql.db.close();
  });

  test('insert writes the given fields and the extra columns; orIgnore skips a duplicate; fields narrows what is written', () => {
    const sql = new SqlContext(database());
    const first = GADGETS.insert(sql, { ...gadget, weight: undefined }, { extra: { hidden: 'kept' } });
    assert.equal(first.changes, 1);
    assert.deepEqual(sql.db.prepare('SELECT * FROM gadgets').get(), {
      id: 'g1',
      display_name: 'First',
      enabled: 1,
      tags: '["a","b"]',
      scope: null,
      group_name: 'Lab',
      weight: null,
      hidden: 'kept',
    });
    assert.throws(() => GADGETS.insert(sql, gadget), /UNIQUE/);
    assert.equal(GADGETS.insert(sql, gadget, { orIgnore: true }).changes, 0);
    GADGETS.insert(sql, { ...gadget, id: 'g2' }, { fields: ['id', 'group'] });
    assert.deepEqual(sql.db.prepare("SELECT display_name, group_name, hidden FROM gadgets WHERE id = 'g2'").get(), {
      display_name: null,
      group_name: 'Lab',
      hidden: 'not a field',
    });
    sql.db.close();
  });

  test('read keeps only the declared fields of a row that has more', () => {
    const row = { ...GADGETS.params(gadget), extra: 'joined column' } as unknown as StoredRow<Gadget>;
    assert.deepEqual(GADGETS.read(row), gadget);
  });

  test('readOptional: null for a missing row', () => {
    assert.equal(GADGETS.readOptional(undefined), null);
    assert.deepEqual(GADGETS.readOptional(GADGETS.params(gadget) as unknown as StoredRow<Gadget>), gadget);
  });

  test('a stored bit other than 1 reads as false', () => {
    const row = { ...GADGETS.params(gadget), enabled: 0 } as unknown as StoredRow<Gadget>;
    assert.equal(GADGETS.read(row).enabled, false);
  });

  test('a JSON column revives what it reads', () => {
    const strings = new RowMapping<{ names: string[] }>('names', {
      names: jsonColumn('names', (parsed) => (Array.isArray(parsed) ? parsed.filter((name): name is string => typeof name === 'string') : [])),
    });
    assert.deepEqual(strings.read({ names: '["a",1,"b"]' }), { names: ['a', 'b'] });
    assert.deepEqual(strings.read({ names: null }), { names: [] });
  });

  test('params: only the named fields that are given; undefined means not given', () => {
    assert.deepEqual(GADGETS.params({ enabled: false, displayName: undefined, tags: ['x'] }), { enabled: 0, tags: '["x"]' });
    assert.deepEqual(GADGETS.params(gadget, ['id', 'scope']), { id: 'g1', scope: null });
  });

  test('assignments: the allowed fields the patch changes, as stored, and nothing else it carries', () => {
    const patch = { displayName: 'Renamed', enabled: false, weight: undefined, id: 'not allowed', notStored: 1 } as Partial<Gadget>;
    assert.deepEqual(GADGETS.assignments(patch, ['displayName', 'enabled', 'weight', 'group']), {
      set: ['display_name = @displayName', 'enabled = @enabled'],
      params: { displayName: 'Renamed', enabled: 0 },
    });
    assert.deepEqual(GADGETS.assignments({}, ['displayName']), { set: [], params: {} });
  });

  test('an UPDATE built from assignments changes the row', () => {
    const db = database();
    db.prepare('INSERT INTO gadgets (id, display_name, enabled, tags, scope, group_name, weight) VALUES (@id, @displayName, @enabled, @tags, @scope, @group, @weight)').run(
      GADGETS.params(gadget),
    );
    const { set, params } = GADGETS.assignments({ group: 'Field', scope: ['t1'] }, ['group', 'scope']);
    db.prepare(`UPDATE gadgets SET ${set.join(', ')} WHERE id = @rowId`).run({ ...params, rowId: 'g1' });
    const row = db.prepare(`SELECT ${GADGETS.select()} FROM gadgets WHERE id = ?`).get('g1') as StoredRow<Gadget>;
    assert.deepEqual(GADGETS.read(row), { ...gadget, group: 'Field', scope: ['t1'] });
    db.close();
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import Database from 'better-sqlite3';
import { after, before, describe, test } from 'node:test';
import { repoRoot } from '../../host-shim/common/paths.ts';
import { generateDemoData } from '../../host-shim/demo/generate.ts';
import { ConflictError, LimitError, NotFoundError, ValidationError } from '../../host-shim/mdr-service/errors.ts';
import { MAX_TENANTS, openMdrDatabase, type Asset, type AssetSortField, type MdrDatabase } from '../../host-shim/mdr-service/db.ts';
import { tempDataDir } from '../support/mdr-service.ts';
import { migrations } from '../../host-shim/mdr-service/db/schema.ts';

const latestMigration = Math.max(...migrations.map((migration) => migration.version));

const NOW = Date.UTC(2026, 5, 10, 12);

describe('MDR database: schema and durability settings', () => {
  test('WAL, synchronous NORMAL, foreign keys, numbered migrations applied once', () => {
    const dir = tempDataDir('mdr-db-');
    try {
      const db = openMdrDatabase({ dir });
      assert.deepEqual(db.pragmas(), { journalMode: 'wal', synchronous: 'normal', foreignKeys: true });
      assert.equal(db.schemaVersion(), latestMigration);
      db.close();
      const raw = new Database(path.join(dir, 'mdr.db'));
      assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal', 'WAL is persistent in the file');
      assert.deepEqual(raw.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all(), migrations.map(({ version, name }) => ({ version, name })));
      raw.close();
      // Reopening does not re-apply (CREATE TABLE would fail) and keeps the version.
      const again = openMdrDatabase({ dir });
      assert.equal(again.schemaVersion(), latestMigration);
      again.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('connection pragmas: synchronous NORMAL and foreign keys ON (orphans refused)', () => {
    const dir = tempDataDir('mdr-db-');
    const db = openMdrDatabase({ dir });
    try {
      generateDemoData(db, { seed: 2, assets: 50, now: NOW });
      // A config file for a tenant that does not exist violates the foreign key.
      assert.throws(
        () => db.tenants.addConfigFile({ id: 'x', tenantId: 'no-such-tenant', licenseId: db.licenses.list()[0]!.id, expirationDate: NOW, createdOn: NOW }),
        /FOREIGN KEY/,
      );
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('MDR database: repositories', () => {
  let dir: string;
  let db: MdrDatabase;

  before(() => {
    dir = tempDataDir('mdr-db-');
    db = openMdrDatabase({ dir });
    generateDemoData(db, { seed: 11, assets: 800, now: NOW });
  });
  after(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('optimistic concurrency: a stale version is refused, the stored data stays as it was', () => {
    const tenant = db.tenants.list(null)[0]!;
    const updated = db.tenants.update(tenant.id, { description: 'first save' }, tenant.version);
    assert.equal(updated.version, tenant.version + 1);
    assert.throws(() => db.tenants.update(tenant.id, { description: 'lost race' }, tenant.version), ConflictError);
    assert.equal(db.tenants.require(tenant.id).description, 'first save');
    assert.throws(() => db.tenants.update('missing', { description: 'x' }, 1), NotFoundError);

    const language = db.settings.get('language');
    assert.equal(language.version, 1);
    db.settings.set('language', 'ru', language.version);
    assert.throws(() => db.settings.set('language', 'en', language.version), ConflictError);
    assert.equal(db.settings.get('language').value, 'ru');
    assert.throws(() => db.settings.set('language', 'en', 0), ConflictError, 'creating an existing setting is a conflict');
    const notifications = db.settings.get('extendedNotifications');
    assert.equal(notifications.version, 0, 'never saved: default with version 0');
    assert.deepEqual(notifications.value, { enabled: false, termsAcceptedOn: null });
  });

  test('a failed transaction leaves stored data as it was', () => {
    const before = db.tenants.list(null).map((t) => [t.id, t.name, t.version]);
    assert.throws(() =>
      db.transaction(() => {
        const tenant = db.tenants.list(null)[0]!;
        db.tenants.update(tenant.id, { name: 'renamed in a failing transaction' }, tenant.version);
        throw new Error('boom');
      }),
    );
    assert.deepEqual(db.tenants.list(null).map((t) => [t.id, t.name, t.version]), before);
  });

  test('tenant expiration follows its configuration files; the last file cannot be deleted', () => {
    const license = db.licenses.current(NOW)!;
    const tenant = db.tenants.insert({ id: 'tenant-exp', name: 'Expiry Test', description: '', active: true, createdOn: NOW });
    assert.equal(tenant.expiration, null);
    db.tenants.addConfigFile({ id: 'f1', tenantId: tenant.id, licenseId: license.id, expirationDate: NOW + 1000, createdOn: NOW });
    db.tenants.addConfigFile({ id: 'f2', tenantId: tenant.id, licenseId: license.id, expirationDate: NOW + 5000, createdOn: NOW });
    assert.equal(db.tenants.require(tenant.id).expiration, NOW + 5000);
    db.tenants.deleteConfigFile(tenant.id, 'f2');
    assert.equal(db.tenants.require(tenant.id).expiration, NOW + 1000);
    assert.throws(() => db.tenants.deleteConfigFile(tenant.id, 'f1'), LimitError);
    db.tenants.delete(tenant.id);
    assert.equal(db.tenants.get(tenant.id), null);
  });

  test('at most 100 tenants', () => {
    const start = db.tenants.count(null);
    db.transaction(() => {
      for (let i = start; i < MAX_TENANTS; i++) db.tenants.insert({ id: `bulk-${i}`, name: `Bulk ${i}`, description: '', active: true, createdOn: NOW });
    });
    assert.equal(db.tenants.count(null), MAX_TENANTS);
    assert.throws(() => db.tenants.insert({ id: 'one-too-many', name: 'One too many', description: '', active: true, createdOn: NOW }), LimitError);
    db.transaction(() => {
      for (let i = start; i < MAX_TENANTS; i++) db.tenants.delete(`bulk-${i}`);
    });
  });

  test('report schedules: at most 10 per tenant', () => {
    const tenant = db.tenants.list(null)[2]!;
    const existing = db.reportSchedules.list(null).filter((s) => s.tenantId === tenant.id).length;
    const make = (i: number) =>
      db.reportSchedules.insert({ id: `s-${i}`, enabled: true, name: `S ${i}`, tenantId: tenant.id, emails: ['a@example.com'], day: 'monday', time: '08:00', unencryptedAcknowledged: true, created: NOW });
    for (let i = existing; i < 10; i++) make(i);
    assert.throws(() => make(10), (error: LimitError) => error.code === 'tenantScheduleLimit');
  });

  test('substring search by host name finds names anywhere, any case, with and without the trigram index', () => {
    const all = db.assets.list(null, { pageSize: 1000 }).items;
    assert.equal(all.length, 800);
    const brute = (needle: string) => all.filter((a) => a.hostName.toLowerCase().includes(needle.toLowerCase())).map((a) => a.id).sort();
    const search = (needle: string) => db.assets.list(null, { nameContains: needle, pageSize: 1000 }).items.map((a) => a.id).sort();
    const sample = all[17]!.hostName;
    const middle = sample.slice(2, 7).toLowerCase();
    for (const needle of [middle, middle.toUpperCase(), sample.slice(-3), 'srv', 'Q-', 'x', '%', '_']) {
      assert.deepEqual(search(needle), brute(needle), `search "${needle}"`);
    }
    assert.ok(search(middle).includes(all[17]!.id));

    // Renaming keeps the index in step; deleting (by tenant cascade) removes the entry.
    const target = all.find((a) => a.tenantId !== null)!;
    // Host names change only with telemetry (no repository call yet); the update trigger covers it.
    const raw = new Database(path.join(dir, 'mdr.db'));
    raw.prepare('UPDATE assets SET host_name = ? WHERE id = ?').run('ZZ-UNIQUE-HOST-4711', target.id);
    raw.close();
    assert.deepEqual(search('unique-host'), [target.id]);
    assert.deepEqual(search(target.hostName.slice(1)), brute(target.hostName.slice(1)).filter((id) => id !== target.id));
    // Deleting the tenant removes its assets (cascade) and their search entries.
    const tenantAssets = all.filter((a) => a.tenantId === target.tenantId).length;
    db.tenants.delete(target.tenantId!);
    assert.equal(db.assets.count(null), 800 - tenantAssets);
    assert.deepEqual(search('unique-host'), []);
    const rawAfter = new Database(path.join(dir, 'mdr.db'), { readonly: true });
    const searchRows = (rawAfter.prepare("SELECT count(*) AS n FROM assets_search WHERE assets_search MATCH 'host_name : \"unique-host\"'").get() as { n: number }).n;
    rawAfter.close();
    assert.equal(searchRows, 0, 'the index entry itself is gone, not only filtered out');
  });

  test('REST search phrase matches host name, domain, OS, products and IP addresses', () => {
    const asset = db.assets.list(null, { pageSize: 1 }).items[0]!;
    const ip = asset.networkInterfaces[0]!.ip;
    assert.ok(db.assets.list(null, { searchPhrase: ip, pageSize: 1000 }).items.some((a) => a.id === asset.id));
    const linux = db.assets.count(null, { searchPhrase: 'for Linux' });
    assert.equal(linux, db.assets.count(null, { productContains: 'Kaspersky Endpoint Security for Linux' }));
    assert.ok(linux > 0);
    assert.ok(db.assets.count(null, { searchPhrase: 'Windows 11' }) > 0);
  });

  test('sorting by every column matches a reference sort; paging is stable and complete', () => {
    const all = db.assets.list(null, { pageSize: 1000 }).items;
    const tenants = new Map(db.tenants.list(null).map((t) => [t.id, t.name]));
    const rank = { ok: 0, warning: 1, critical: 2, absent: 3 };
    const key: Record<AssetSortField, (a: Asset) => string | number> = {
      hostName: (a) => a.hostName.toLowerCase(),
      domain: (a) => a.domain.toLowerCase(),
      osVersion: (a) => a.osVersion.toLowerCase(),
      products: (a) => `${a.installedProducts[0]?.name ?? ''} ${a.installedProducts[0]?.version ?? ''}`.toLowerCase(),
      firstSeen: (a) => a.firstSeen,
      lastSeen: (a) => a.lastSeen,
      status: (a) => rank[a.status],
      telemetryLoss: (a) => Number(a.telemetryLoss),
      isolated: (a) => Number(a.isolated),
      tenantName: (a) => (a.tenantId ? tenants.get(a.tenantId)! : '').toLowerCase(),
    };
    for (const field of Object.keys(key) as AssetSortField[]) {
      for (const direction of ['asc', 'desc'] as const) {
        const pageNumbers = Array.from({ length: Math.ceil(all.length / 150) }, (_, i) => i + 1);
        const pages = pageNumbers.flatMap((page) => db.assets.list(null, { sort: { field, direction }, page, pageSize: 150 }).items);
        assert.equal(pages.length, all.length);
        assert.equal(new Set(pages.map((a) => a.id)).size, all.length, `${field} ${direction}: every asset exactly once`);
        const values = pages.map(key[field]);
        for (let i = 1; i < values.length; i++) {
          const ordered = direction === 'asc' ? values[i - 1]! <= values[i]! : values[i - 1]! >= values[i]!;
          assert.ok(ordered, `${field} ${direction} out of order at ${i}: ${values[i - 1]} / ${values[i]}`);
        }
      }
    }
  });

  test('filters by status and last-seen period', () => {
    const all = db.assets.list(null, { pageSize: 1000 }).items;
    const since = NOW - 2 * 60 * 60 * 1000;
    const expected = all.filter((a) => (a.status === 'warning' || a.status === 'critical') && a.lastSeen >= since).length;
    assert.equal(db.assets.count(null, { statuses: ['warning', 'critical'], minLastSeen: since }), expected);
    assert.ok(expected > 0);
  });

  test('responses: only a waiting response can be decided, all or nothing, within scope', () => {
    const raw = new Database(path.join(dir, 'mdr.db'), { readonly: true });
    const waiting = raw
      .prepare("SELECT r.id, i.tenant_id FROM responses r JOIN incidents i ON i.id = r.incident_id WHERE r.status = 'waiting' LIMIT 3")
      .all() as { id: string; tenant_id: string | null }[];
    raw.close();
    assert.ok(waiting.length >= 2, 'demo has waiting responses');
    const [first, second] = waiting as [{ id: string; tenant_id: string | null }, { id: string; tenant_id: string | null }];
    const decided = db.responses.decide([first.id], 'confirmed', 'ok', 'tester', null, NOW);
    assert.equal(decided[0]!.status, 'confirmed');
    assert.equal(decided[0]!.changedBy, 'tester');
    assert.throws(() => db.responses.decide([first.id], 'declined', 'no', 'tester', null, NOW), ConflictError);
    // A batch with one already decided response changes nothing.
    assert.throws(() => db.responses.decide([second.id, first.id], 'declined', 'no', 'tester', null, NOW), ConflictError);
    assert.equal(db.responses.get(second.id)!.status, 'waiting');
    // Outside the scope it does not exist.
    const otherScope = ['some-other-tenant'];
    assert.throws(() => db.responses.decide([second.id], 'confirmed', null, 'tester', otherScope, NOW), NotFoundError);
    const history = db.history.listByIncident(decided[0]!.incidentId, 'response');
    assert.ok(history.some((h) => h.what === 'responseConfirmed' && h.actor === 'tester' && (h.details as { responseId?: string }).responseId === first.id));
  });
});

describe('MDR database: a killed process loses no acknowledged write', () => {
  test('SIGKILL in the middle of writing; every acknowledged row is there after reopening', async () => {
    const dir = tempDataDir('mdr-kill-');
    try {
      const setup = openMdrDatabase({ dir });
      generateDemoData(setup, { seed: 5, assets: 30, now: NOW });
      const incidentId = setup.incidents.list(null, { pageSize: 1 }).items[0]!.id;
      const tenantId = setup.tenants.list(null)[0]!.id;
      setup.close();

      // The child writes in a loop: each iteration one transaction (a comment + a versioned tenant
      // update), and only after commit prints the id on stdout.
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          '--input-type=module',
          '-e',
          `
          const { openMdrDatabase } = await import(${JSON.stringify(path.join(repoRoot, 'host-shim/mdr-service/db.ts'))});
          const db = openMdrDatabase({ dir: ${JSON.stringify(dir)} });
          for (let i = 0; ; i++) {
            // Never outlives the test: a test process killed before it kills the writer leaves it orphaned.
            if (process.ppid !== ${process.pid}) process.exit(1);
            const id = 'kill-' + i;
            db.transaction(() => {
              db.comments.insert({ id, incidentId: ${JSON.stringify(incidentId)}, authorName: 'writer', text: 'comment ' + i, created: Date.now() });
              const tenant = db.tenants.require(${JSON.stringify(tenantId)});
              db.tenants.update(tenant.id, { description: 'write ' + i }, tenant.version);
            });
            process.stdout.write(id + '\\n');
          }
          `,
        ],
        { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const acknowledged: string[] = [];
      const lines = readline.createInterface({ input: child.stdout });
      await new Promise<void>((resolve, reject) => {
        child.on('exit', (code) => (acknowledged.length < 300 ? reject(new Error(`writer exited early (${code}): ${stderr}`)) : resolve()));
        lines.on('line', (line) => {
          acknowledged.push(line);
          if (acknowledged.length === 300) {
            child.kill('SIGKILL');
          }
        });
      });
      assert.equal(child.signalCode, 'SIGKILL');
      assert.ok(acknowledged.length >= 300);

      const db = openMdrDatabase({ dir });
      try {
        const stored = new Set(db.comments.listByIncident(incidentId).map((c) => c.id));
        const lost = acknowledged.filter((id) => !stored.has(id));
        assert.deepEqual(lost, [], `${lost.length} acknowledged writes lost`);
        const last = Number(acknowledged.at(-1)!.slice('kill-'.length));
        const tenant = db.tenants.require(tenantId);
        const written = Number(tenant.description.slice('write '.length));
        assert.ok(written >= last, `tenant update ${written} is at least the last acknowledged ${last}`);
      } finally {
        db.close();
      }
      const raw = new Database(path.join(dir, 'mdr.db'), { readonly: true });
      assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
      raw.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('MDR database: Isolate response parameters', () => {
  test('a derived key that does not match, an old password version or a term over 2,678,400 s is refused', () => {
    const dir = tempDataDir('mdr-isolate-');
    const db = openMdrDatabase({ dir });
    try {
      generateDemoData(db, { seed: 3, assets: 200, now: NOW });
      const incident = db.incidents.list(null, { pageSize: 1 }).items[0]!;
      const password = 'Kd8sP2mQ7xW4nR6t';
      const salt = '00112233445566778899aabbccddeeff';
      const derivedKey = crypto.pbkdf2Sync(password, Buffer.from(salt, 'hex'), 10_000, 32, 'sha256').toString('hex');
      const isolate = (parameters: Record<string, unknown>, id: string) =>
        db.responses.insert({
          id,
          incidentId: incident.id,
          assetId: incident.affectedAssetIds[0]!,
          type: 'isolate',
          parameters: { password: { version: 1, password, salt, derivedKey }, taskId: 'task-1', termSeconds: 2_678_400, exclusionRules: [], ...parameters } as never,
          status: 'waiting',
          comment: null,
          changedBy: null,
          created: NOW,
          updated: NOW,
        });
      isolate({}, 'isolate-ok');
      assert.equal(db.responses.get('isolate-ok')!.type, 'isolate');
      const refused = (parameters: Record<string, unknown>, field: string) =>
        assert.throws(() => isolate(parameters, `isolate-${field}-${Math.random()}`), (error: ValidationError) => error instanceof ValidationError && error.field === field);
      refused({ termSeconds: 2_678_401 }, 'parameters.term_seconds');
      refused({ termSeconds: 0 }, 'parameters.term_seconds');
      refused({ password: { version: 1, password: 'another password', salt, derivedKey } }, 'parameters.password');
      refused({ password: { version: 1, password, salt, derivedKey: derivedKey.replace(/^./, (c) => (c === '0' ? '1' : '0')) } }, 'parameters.password');
      refused({ password: { version: 2, password, salt, derivedKey } }, 'parameters.password');
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { makePrivate } from '../../common/file-modes.ts';
import { migrations } from './schema.ts';

export { SqlContext } from '../../common/sqlite.ts';

/**
 * Opens (creating if needed) the SQLite database at `file` with the durability settings the
 * service relies on, and applies pending migrations.
 *
 * WAL + synchronous=NORMAL: a committed transaction is in the WAL file before `run()` returns, so
 * a killed process loses nothing it acknowledged (only a power loss could drop the last commits).
 */
export function openConnection(file: string): Database.Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    // SQLite creates the WAL and shared-memory files with the mode of the database file, so a
    // private database keeps them private too, whenever they are recreated.
    for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(`${file}${suffix}`)) makePrivate(`${file}${suffix}`);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Another process (a test, a CLI) may hold the write lock briefly: wait rather than fail.
    db.pragma('busy_timeout = 5000');
    // 64 MiB page cache: at 100,000 assets the table and its sort indexes are ~100 MB, and the
    // default 2 MB cache turns every bulk insert or deep page into disk reads.
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    migrate(db);
    // Table statistics let the planner tell a narrow filter from a broad one (e.g. walk the name
    // index for "OK assets seen this week" instead of sorting 80,000 rows); this refreshes them
    // only when missing or stale, as SQLite recommends for long-lived connections.
    db.pragma('optimize = 0x10002');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Applies every migration newer than the database, each in its own transaction. */
function migrate(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version     INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    applied_on  INTEGER NOT NULL
  )`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((row) => row.version),
  );
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_on) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        Date.now(),
      );
    }).immediate();
  }
}

/** Version of the newest applied migration (0 for an empty database). */
export function schemaVersion(db: Database.Database): number {
  const row = db.prepare('SELECT max(version) AS version FROM schema_migrations').get() as { version: number | null };
  return row.version ?? 0;
}

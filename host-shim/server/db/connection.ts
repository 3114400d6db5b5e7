import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrations } from './schema.ts';

export { SqlContext } from '../../common/sqlite.ts';

/**
 * Opens (creating if needed) the console database at `file` and applies pending migrations.
 *
 * WAL + synchronous=NORMAL: a committed transaction is in the WAL file before `run()` returns, so a
 * killed console loses no sign-in or change it acknowledged (only a power loss could drop the last
 * commits); readers never wait for the writer.
 */
export function openConnection(file: string): Database.Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Role links, sessions and users hang together: deleting a user takes its sessions and links along.
    db.pragma('foreign_keys = ON');
    // Another process (a test, a tool) may hold the write lock briefly: wait rather than fail.
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Applies every migration newer than the database, each in its own transaction. */
function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((row) => row.version));
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(migration.version, new Date().toISOString());
    }).immediate();
  }
}

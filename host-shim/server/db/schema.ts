/**
 * Numbered schema migrations of the console database. A migration is never edited once released:
 * later changes append a new entry. `schema_migrations` records each by its version and the time
 * (ISO 8601) it was applied.
 *
 * - Sessions are stored by the hash of their id, so a copy of the database gives away no live session.
 * - `devices` is the managed-device inventory; `mdr_asset_id` is set once MDR reports the device's asset.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'users, roles, sessions, devices',
    sql: `CREATE TABLE users (
     id TEXT PRIMARY KEY,
     user_name TEXT NOT NULL UNIQUE COLLATE NOCASE,
     display_name TEXT NOT NULL,
     password_hash TEXT NOT NULL,
     disabled INTEGER NOT NULL DEFAULT 0,
     language TEXT,
     show_mdr_features INTEGER NOT NULL DEFAULT 1,
     created_at TEXT NOT NULL,
     version INTEGER NOT NULL DEFAULT 1
   );
   CREATE TABLE roles (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL UNIQUE COLLATE NOCASE,
     rights TEXT NOT NULL,
     administration INTEGER NOT NULL DEFAULT 0,
     predefined TEXT UNIQUE,
     created_at TEXT NOT NULL,
     version INTEGER NOT NULL DEFAULT 1
   );
   CREATE TABLE user_roles (
     user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     role_id TEXT NOT NULL REFERENCES roles(id) ON DELETE RESTRICT,
     PRIMARY KEY (user_id, role_id)
   );
   CREATE TABLE sessions (
     id_hash TEXT PRIMARY KEY,
     user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     csrf_token TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     last_seen_at INTEGER NOT NULL
   );
   CREATE INDEX sessions_user ON sessions(user_id);
   CREATE TABLE devices (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     group_name TEXT NOT NULL,
     administration_server TEXT NOT NULL,
     mdr_asset_id TEXT,
     mdr_state TEXT NOT NULL,
     self_defense INTEGER NOT NULL,
     applications TEXT NOT NULL
   );
   CREATE INDEX devices_name ON devices(name);
   CREATE INDEX devices_mdr_asset ON devices(mdr_asset_id);
   CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  },
  {
    // MDR Health → Malfunctioning assets lists the devices no MDR asset is linked to, a page at a time
    // in the order of one of its columns (db/devices.ts MALFUNCTIONING_SORTS). Without an index in
    // that order, every page sorts all of them: at a million devices, 25,000 rows for each page.
    version: 2,
    name: 'malfunctioning assets in the order of each sortable column',
    sql: `CREATE INDEX devices_unlinked_by_name ON devices(name COLLATE NOCASE, id) WHERE mdr_asset_id IS NULL;
   CREATE INDEX devices_unlinked_by_state ON devices(mdr_state, id) WHERE mdr_asset_id IS NULL;
   CREATE INDEX devices_unlinked_by_server ON devices(administration_server COLLATE NOCASE, id) WHERE mdr_asset_id IS NULL;`,
  },
];

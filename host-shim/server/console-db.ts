import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { isRightId, type RightId } from './rights.ts';

/** A console user as the rest of the server sees it (no password hash). */
export interface ConsoleUser {
  id: string;
  userName: string;
  displayName: string;
  disabled: boolean;
  language: string | null;
  showMdrFeatures: boolean;
}

export interface ConsoleRole {
  id: string;
  name: string;
  /** Functional areas this role allows. */
  rights: RightId[];
  /** May manage the console's users and roles (the console's main administrator role). */
  administration: boolean;
  /** Which predefined role this is, if any. */
  predefined: string | null;
  version: number;
}

const migrations: string[] = [
  `CREATE TABLE users (
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
];

/** The console's own database: users, roles, sessions, the managed-device inventory. */
export class ConsoleDatabase {
  readonly db: Database.Database;

  constructor(file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const applied = new Set(
      (this.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((row) => row.version),
    );
    migrations.forEach((sql, index) => {
      const version = index + 1;
      if (applied.has(version)) return;
      this.db.transaction(() => {
        this.db.exec(sql);
        this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, new Date().toISOString());
      })();
    });
  }

  close(): void {
    this.db.close();
  }

  getMeta(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  // --- users ---

  findUserByName(userName: string): (ConsoleUser & { passwordHash: string }) | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE user_name = ?').get(userName) as UserRow | undefined;
    return row ? { ...toUser(row), passwordHash: row.password_hash } : undefined;
  }

  getUser(id: string): ConsoleUser | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row ? toUser(row) : undefined;
  }

  listUsers(): (ConsoleUser & { roleIds: string[] })[] {
    const rows = this.db.prepare('SELECT * FROM users ORDER BY user_name').all() as UserRow[];
    const links = this.db.prepare('SELECT user_id, role_id FROM user_roles').all() as { user_id: string; role_id: string }[];
    return rows.map((row) => ({ ...toUser(row), roleIds: links.filter((l) => l.user_id === row.id).map((l) => l.role_id) }));
  }

  insertUser(user: { id: string; userName: string; displayName: string; passwordHash: string; roleIds: string[] }): void {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO users (id, user_name, display_name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(user.id, user.userName, user.displayName, user.passwordHash, new Date().toISOString());
      const link = this.db.prepare('INSERT INTO user_roles (user_id, role_id) VALUES (?, ?)');
      for (const roleId of user.roleIds) link.run(user.id, roleId);
    })();
  }

  updatePreferences(userId: string, preferences: { language?: string; showMdrFeatures?: boolean }): void {
    if (preferences.language !== undefined) {
      this.db.prepare('UPDATE users SET language = ? WHERE id = ?').run(preferences.language, userId);
    }
    if (preferences.showMdrFeatures !== undefined) {
      this.db.prepare('UPDATE users SET show_mdr_features = ? WHERE id = ?').run(preferences.showMdrFeatures ? 1 : 0, userId);
    }
  }

  // --- roles ---

  listRoles(): ConsoleRole[] {
    return (this.db.prepare('SELECT * FROM roles ORDER BY name').all() as RoleRow[]).map(toRole);
  }

  insertRole(role: { id: string; name: string; rights: RightId[]; administration?: boolean; predefined?: string | null }): void {
    this.db
      .prepare('INSERT INTO roles (id, name, rights, administration, predefined, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(role.id, role.name, JSON.stringify(role.rights), role.administration ? 1 : 0, role.predefined ?? null, new Date().toISOString());
  }

  /** Roles held by a user; read on every request so that role changes apply to open sessions at once. */
  rolesOfUser(userId: string): ConsoleRole[] {
    return (
      this.db
        .prepare('SELECT roles.* FROM roles JOIN user_roles ON user_roles.role_id = roles.id WHERE user_roles.user_id = ?')
        .all(userId) as RoleRow[]
    ).map(toRole);
  }

  // --- sessions ---

  insertSession(session: { idHash: string; userId: string; csrfToken: string; now: number }): void {
    this.db
      .prepare('INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)')
      .run(session.idHash, session.userId, session.csrfToken, session.now, session.now);
  }

  getSession(idHash: string): { userId: string; csrfToken: string; createdAt: number; lastSeenAt: number } | undefined {
    const row = this.db.prepare('SELECT * FROM sessions WHERE id_hash = ?').get(idHash) as
      | { user_id: string; csrf_token: string; created_at: number; last_seen_at: number }
      | undefined;
    return row ? { userId: row.user_id, csrfToken: row.csrf_token, createdAt: row.created_at, lastSeenAt: row.last_seen_at } : undefined;
  }

  touchSession(idHash: string, now: number): void {
    this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?').run(now, idHash);
  }

  deleteSession(idHash: string): void {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
  }

  deleteSessionsIdleSince(cutoff: number): void {
    this.db.prepare('DELETE FROM sessions WHERE last_seen_at < ?').run(cutoff);
  }

  // --- devices ---

  countDevices(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM devices').get() as { n: number }).n;
  }

  insertDevices(devices: DeviceRecord[]): void {
    const insert = this.db.prepare(
      `INSERT INTO devices (id, name, group_name, administration_server, mdr_asset_id, mdr_state, self_defense, applications)
       VALUES (@id, @name, @group, @administrationServer, @mdrAssetId, @mdrState, @selfDefense, @applications)`,
    );
    this.db.transaction((items: DeviceRecord[]) => {
      for (const device of items) {
        insert.run({ ...device, selfDefense: device.selfDefense ? 1 : 0, applications: JSON.stringify(device.applications) });
      }
    })(devices);
  }
}

/** A managed device of the console's inventory. */
export interface DeviceRecord {
  id: string;
  name: string;
  group: string;
  administrationServer: string;
  mdrAssetId: string | null;
  mdrState: string;
  selfDefense: boolean;
  applications: { name: string; version: string; components: { name: string; state: string }[] }[];
}

interface UserRow {
  id: string;
  user_name: string;
  display_name: string;
  password_hash: string;
  disabled: number;
  language: string | null;
  show_mdr_features: number;
}

interface RoleRow {
  id: string;
  name: string;
  rights: string;
  administration: number;
  predefined: string | null;
  version: number;
}

function toUser(row: UserRow): ConsoleUser {
  return {
    id: row.id,
    userName: row.user_name,
    displayName: row.display_name,
    disabled: row.disabled === 1,
    language: row.language,
    showMdrFeatures: row.show_mdr_features === 1,
  };
}

function toRole(row: RoleRow): ConsoleRole {
  const rights = (JSON.parse(row.rights) as unknown[]).filter(isRightId);
  return { id: row.id, name: row.name, rights, administration: row.administration === 1, predefined: row.predefined, version: row.version };
}

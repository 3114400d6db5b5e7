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

  listUsers(): (ConsoleUser & { roleIds: string[]; version: number })[] {
    const rows = this.db.prepare('SELECT * FROM users ORDER BY user_name').all() as UserRow[];
    const links = this.db.prepare('SELECT user_id, role_id FROM user_roles').all() as { user_id: string; role_id: string }[];
    return rows.map((row) => ({ ...toUser(row), version: row.version, roleIds: links.filter((l) => l.user_id === row.id).map((l) => l.role_id) }));
  }

  /** Changes a user's display name, roles and disabled flag in one transaction, if still at `expectedVersion`. */
  updateUser(id: string, expectedVersion: number, changes: { displayName: string; roleIds: string[]; disabled: boolean }): 'updated' | 'conflict' | 'notFound' {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT version FROM users WHERE id = ?').get(id) as { version: number } | undefined;
      if (!row) return 'notFound' as const;
      if (row.version !== expectedVersion) return 'conflict' as const;
      this.db
        .prepare('UPDATE users SET display_name = ?, disabled = ?, version = version + 1 WHERE id = ?')
        .run(changes.displayName, changes.disabled ? 1 : 0, id);
      this.db.prepare('DELETE FROM user_roles WHERE user_id = ?').run(id);
      const link = this.db.prepare('INSERT INTO user_roles (user_id, role_id) VALUES (?, ?)');
      for (const roleId of changes.roleIds) link.run(id, roleId);
      // A disabled user's sessions end now, not at their next request.
      if (changes.disabled) this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(id);
      return 'updated' as const;
    })();
  }

  /** Deletes a user (sessions and role links go with it). */
  deleteUser(id: string): boolean {
    return this.db.prepare('DELETE FROM users WHERE id = ?').run(id).changes > 0;
  }

  /** Enabled users holding at least one role that may manage users and roles. */
  activeAdministratorIds(): string[] {
    return (
      this.db
        .prepare(
          `SELECT DISTINCT users.id FROM users JOIN user_roles ON user_roles.user_id = users.id
           JOIN roles ON roles.id = user_roles.role_id WHERE roles.administration = 1 AND users.disabled = 0`,
        )
        .all() as { id: string }[]
    ).map((row) => row.id);
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

  getRole(id: string): ConsoleRole | undefined {
    const row = this.db.prepare('SELECT * FROM roles WHERE id = ?').get(id) as RoleRow | undefined;
    return row ? toRole(row) : undefined;
  }

  findRoleByName(name: string): ConsoleRole | undefined {
    const row = this.db.prepare('SELECT * FROM roles WHERE name = ?').get(name) as RoleRow | undefined;
    return row ? toRole(row) : undefined;
  }

  /** How many users hold each role, by role id. */
  roleUsage(): Map<string, number> {
    const rows = this.db.prepare('SELECT role_id, COUNT(*) AS n FROM user_roles GROUP BY role_id').all() as { role_id: string; n: number }[];
    return new Map(rows.map((row) => [row.role_id, row.n]));
  }

  /** Renames a role and sets its rights, if still at `expectedVersion`. */
  updateRole(id: string, expectedVersion: number, changes: { name: string; rights: RightId[] }): 'updated' | 'conflict' | 'notFound' {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT version FROM roles WHERE id = ?').get(id) as { version: number } | undefined;
      if (!row) return 'notFound' as const;
      if (row.version !== expectedVersion) return 'conflict' as const;
      this.db.prepare('UPDATE roles SET name = ?, rights = ?, version = version + 1 WHERE id = ?').run(changes.name, JSON.stringify(changes.rights), id);
      return 'updated' as const;
    })();
  }

  /** Deletes a role nobody holds; 'inUse' when a user still holds it. */
  deleteRole(id: string): 'deleted' | 'inUse' | 'notFound' {
    return this.db.transaction(() => {
      const used = (this.db.prepare('SELECT COUNT(*) AS n FROM user_roles WHERE role_id = ?').get(id) as { n: number }).n;
      if (used > 0) return 'inUse' as const;
      return this.db.prepare('DELETE FROM roles WHERE id = ?').run(id).changes > 0 ? ('deleted' as const) : ('notFound' as const);
    })();
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

  /** One page of the inventory, optionally filtered by a name substring, sorted by name. */
  listDevices(options: { search?: string; offset: number; limit: number }): { items: DeviceRecord[]; total: number } {
    const where = options.search ? "WHERE name LIKE ? ESCAPE '\\'" : '';
    const args = options.search ? [`%${options.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`] : [];
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM devices ${where}`).get(...args) as { n: number }).n;
    const rows = this.db.prepare(`SELECT * FROM devices ${where} ORDER BY name, id LIMIT ? OFFSET ?`).all(...args, options.limit, options.offset) as DeviceRow[];
    return { items: rows.map(toDevice), total };
  }

  /** A device by its console id, or by the MDR asset id it reports as (links from the plug-in use either). */
  getDevice(id: string): DeviceRecord | undefined {
    const row = (this.db.prepare('SELECT * FROM devices WHERE id = ?').get(id) ??
      this.db.prepare('SELECT * FROM devices WHERE mdr_asset_id = ? LIMIT 1').get(id)) as DeviceRow | undefined;
    return row ? toDevice(row) : undefined;
  }

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

interface DeviceRow {
  id: string;
  name: string;
  group_name: string;
  administration_server: string;
  mdr_asset_id: string | null;
  mdr_state: string;
  self_defense: number;
  applications: string;
}

function toDevice(row: DeviceRow): DeviceRecord {
  return {
    id: row.id,
    name: row.name,
    group: row.group_name,
    administrationServer: row.administration_server,
    mdrAssetId: row.mdr_asset_id,
    mdrState: row.mdr_state,
    selfDefense: row.self_defense === 1,
    applications: JSON.parse(row.applications) as DeviceRecord['applications'],
  };
}

interface UserRow {
  id: string;
  user_name: string;
  display_name: string;
  password_hash: string;
  disabled: number;
  language: string | null;
  show_mdr_features: number;
  version: number;
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

import { bitColumn, RowMapping, type StoredRow } from '../../common/row-mapping.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { SqlContext } from './connection.ts';

/** A console user as the rest of the server sees it (no password hash). */
export interface ConsoleUser {
  id: string;
  userName: string;
  displayName: string;
  disabled: boolean;
  language: string | null;
  showMdrFeatures: boolean;
}

/** A user with the ids of the roles they hold and the version a change must name. */
export interface ListedUser extends ConsoleUser {
  version: number;
  roleIds: string[];
}

export interface NewUser {
  id: string;
  userName: string;
  displayName: string;
  passwordHash: string;
  roleIds: string[];
}

const USERS = new RowMapping<ConsoleUser>('users', {
  id: 'id',
  userName: 'user_name',
  displayName: 'display_name',
  disabled: bitColumn('disabled'),
  language: 'language',
  showMdrFeatures: bitColumn('show_mdr_features'),
});

/** Users and the roles they hold (`user_roles`). */
export class UserRepository {
  constructor(private readonly sql: SqlContext) {}

  /** A user by name (any letter case), with the password hash sign-in checks. */
  findByName(userName: string): (ConsoleUser & { passwordHash: string }) | undefined {
    const row = this.sql
      .stmt<[string], StoredRow<ConsoleUser> & { passwordHash: string }>(`SELECT ${USERS.select()}, password_hash AS passwordHash FROM users WHERE user_name = ?`)
      .get(userName);
    return row ? { ...USERS.read(row), passwordHash: row.passwordHash } : undefined;
  }

  get(id: string): ConsoleUser | undefined {
    return USERS.one(this.sql, 'WHERE id = ?', id) ?? undefined;
  }

  /** Every user by name, with their roles. */
  list(): ListedUser[] {
    const rows = this.sql.stmt<[], StoredRow<ConsoleUser> & { version: number }>(`SELECT ${USERS.select()}, version FROM users ORDER BY user_name`).all();
    const links = this.sql.stmt<[], { user_id: string; role_id: string }>('SELECT user_id, role_id FROM user_roles').all();
    return rows.map((row) => ({ ...USERS.read(row), version: row.version, roleIds: links.filter((link) => link.user_id === row.id).map((link) => link.role_id) }));
  }

  count(): number {
    return this.sql.stmt<[], { n: number }>('SELECT COUNT(*) AS n FROM users').get()!.n;
  }

  /** Stores a user and their roles in one transaction. */
  insert(user: NewUser): void {
    this.sql.db.transaction(() => {
      USERS.insert(this.sql, user, { extra: { password_hash: user.passwordHash, created_at: new Date().toISOString() } });
      this.#link(user.id, user.roleIds);
    })();
  }

  /**
   * Changes a user's display name, roles and disabled flag in one transaction, if still at
   * `expectedVersion`; NotFoundError when the user is gone, ConflictError when it changed meanwhile.
   */
  update(id: string, expectedVersion: number, changes: { displayName: string; roleIds: string[]; disabled: boolean }): void {
    this.sql.db.transaction(() => {
      const row = this.sql.stmt<[string], { version: number }>('SELECT version FROM users WHERE id = ?').get(id);
      if (!row) throw new NotFoundError('user');
      if (row.version !== expectedVersion) throw new ConflictError();
      this.sql.stmt('UPDATE users SET display_name = ?, disabled = ?, version = version + 1 WHERE id = ?').run(changes.displayName, changes.disabled ? 1 : 0, id);
      this.sql.stmt('DELETE FROM user_roles WHERE user_id = ?').run(id);
      this.#link(id, changes.roleIds);
    })();
  }

  /** Deletes a user (sessions and role links go with it); false when there was none. */
  delete(id: string): boolean {
    return this.sql.stmt('DELETE FROM users WHERE id = ?').run(id).changes > 0;
  }

  /** Enabled users holding at least one role that may manage users and roles. */
  activeAdministratorIds(): string[] {
    return this.sql
      .stmt<[], { id: string }>(
        `SELECT DISTINCT users.id FROM users JOIN user_roles ON user_roles.user_id = users.id
         JOIN roles ON roles.id = user_roles.role_id WHERE roles.administration = 1 AND users.disabled = 0`,
      )
      .all()
      .map((row) => row.id);
  }

  /** Saves the language and *Show MDR features* a user chose; what is not given stays. */
  updatePreferences(userId: string, preferences: { language?: string; showMdrFeatures?: boolean }): void {
    if (preferences.language !== undefined) this.sql.stmt('UPDATE users SET language = ? WHERE id = ?').run(preferences.language, userId);
    if (preferences.showMdrFeatures !== undefined) this.sql.stmt('UPDATE users SET show_mdr_features = ? WHERE id = ?').run(preferences.showMdrFeatures ? 1 : 0, userId);
  }

  #link(userId: string, roleIds: string[]): void {
    const link = this.sql.stmt('INSERT INTO user_roles (user_id, role_id) VALUES (?, ?)');
    for (const roleId of roleIds) link.run(userId, roleId);
  }
}

import { isGrantedRightShape, type GrantedRight } from '../rights.ts';
import { ConflictError, NotFoundError, RoleInUseError } from '../errors.ts';
import type { SqlContext } from './connection.ts';

export interface ConsoleRole {
  id: string;
  name: string;
  /** Functional areas this role allows (of installed plug-ins, and of removed ones for their reinstallation). */
  rights: GrantedRight[];
  /** May manage the console's users and roles (the console's main administrator role). */
  administration: boolean;
  /** Which predefined role this is, if any. */
  predefined: string | null;
  version: number;
}

export interface NewRole {
  id: string;
  name: string;
  rights: GrantedRight[];
  administration?: boolean;
  predefined?: string | null;
}

interface RoleRow {
  id: string;
  name: string;
  rights: string;
  administration: number;
  predefined: string | null;
  version: number;
}

function toRole(row: RoleRow): ConsoleRole {
  // A right no installed plug-in declares is kept (its plug-in may be installed again) and opens nothing.
  const rights = (JSON.parse(row.rights) as unknown[]).filter(isGrantedRightShape);
  return { id: row.id, name: row.name, rights, administration: row.administration === 1, predefined: row.predefined, version: row.version };
}

/** Roles: named sets of rights, held by users through `user_roles`. */
export class RoleRepository {
  constructor(private readonly sql: SqlContext) {}

  /** Every role by name. */
  list(): ConsoleRole[] {
    return this.sql.stmt<[], RoleRow>('SELECT * FROM roles ORDER BY name').all().map(toRole);
  }

  get(id: string): ConsoleRole | undefined {
    const row = this.sql.stmt<[string], RoleRow>('SELECT * FROM roles WHERE id = ?').get(id);
    return row ? toRole(row) : undefined;
  }

  /** A role by name, in any letter case. */
  findByName(name: string): ConsoleRole | undefined {
    const row = this.sql.stmt<[string], RoleRow>('SELECT * FROM roles WHERE name = ?').get(name);
    return row ? toRole(row) : undefined;
  }

  insert(role: NewRole): void {
    this.sql
      .stmt('INSERT INTO roles (id, name, rights, administration, predefined, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(role.id, role.name, JSON.stringify(role.rights), role.administration ? 1 : 0, role.predefined ?? null, new Date().toISOString());
  }

  /** How many users hold each role, by role id. */
  usage(): Map<string, number> {
    const rows = this.sql.stmt<[], { role_id: string; n: number }>('SELECT role_id, COUNT(*) AS n FROM user_roles GROUP BY role_id').all();
    return new Map(rows.map((row) => [row.role_id, row.n]));
  }

  /** Roles held by a user; read on every request so that role changes apply to open sessions at once. */
  heldBy(userId: string): ConsoleRole[] {
    return this.sql
      .stmt<[string], RoleRow>('SELECT roles.* FROM roles JOIN user_roles ON user_roles.role_id = roles.id WHERE user_roles.user_id = ?')
      .all(userId)
      .map(toRole);
  }

  /**
   * Renames a role and sets its rights, if still at `expectedVersion`; NotFoundError when the role
   * is gone, ConflictError when it changed meanwhile.
   */
  update(id: string, expectedVersion: number, changes: { name: string; rights: GrantedRight[] }): void {
    this.sql.db.transaction(() => {
      const row = this.sql.stmt<[string], { version: number }>('SELECT version FROM roles WHERE id = ?').get(id);
      if (!row) throw new NotFoundError('role');
      if (row.version !== expectedVersion) throw new ConflictError();
      this.sql.stmt('UPDATE roles SET name = ?, rights = ?, version = version + 1 WHERE id = ?').run(changes.name, JSON.stringify(changes.rights), id);
    })();
  }

  /** Deletes a role nobody holds: RoleInUseError while a user holds it, NotFoundError when there is none. */
  delete(id: string): void {
    this.sql.db.transaction(() => {
      const holders = this.sql.stmt<[string], { n: number }>('SELECT COUNT(*) AS n FROM user_roles WHERE role_id = ?').get(id)!.n;
      if (holders > 0) throw new RoleInUseError(holders);
      if (this.sql.stmt('DELETE FROM roles WHERE id = ?').run(id).changes === 0) throw new NotFoundError('role');
    })();
  }
}

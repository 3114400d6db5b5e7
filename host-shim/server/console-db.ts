/**
 * The console's own database: the one module that owns `console.db`. Everything else in the
 * console server goes through the typed repositories exposed by {@link ConsoleDatabase}; no SQL
 * lives outside `db/`.
 */
import { SqliteStore } from '../common/sqlite.ts';
import { openConnection } from './db/connection.ts';
import { DeviceRepository } from './db/devices.ts';
import { RoleRepository } from './db/roles.ts';
import { SessionRepository } from './db/sessions.ts';
import { UserRepository } from './db/users.ts';

export type { DeviceApplication, DeviceRecord, MalfunctioningSortField } from './db/devices.ts';
export type { ConsoleRole, NewRole } from './db/roles.ts';
export type { StoredSession } from './db/sessions.ts';
export type { ConsoleUser, ListedUser, NewUser } from './db/users.ts';

/** An open console database with one repository per area: users, roles, sessions, the managed-device inventory. */
export class ConsoleDatabase extends SqliteStore {
  readonly users = new UserRepository(this.sql);
  readonly roles = new RoleRepository(this.sql);
  readonly sessions = new SessionRepository(this.sql);
  readonly devices = new DeviceRepository(this.sql);

  constructor(file: string) {
    super(file, openConnection);
  }
}

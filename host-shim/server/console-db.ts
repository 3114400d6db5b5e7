/**
 * The console's own database: the one module that owns `console.db`. Everything else in the
 * console server goes through the typed repositories exposed by {@link ConsoleDatabase}; no SQL
 * lives outside `db/`.
 */
import type Database from 'better-sqlite3';
import { openConnection, SqlContext } from './db/connection.ts';
import { DeviceRepository } from './db/devices.ts';
import { RoleRepository } from './db/roles.ts';
import { SessionRepository } from './db/sessions.ts';
import { UserRepository } from './db/users.ts';

export type { DeviceApplication, DeviceRecord, MalfunctioningSortField } from './db/devices.ts';
export type { ConsoleRole, NewRole } from './db/roles.ts';
export type { StoredSession } from './db/sessions.ts';
export type { ConsoleUser, ListedUser, NewUser } from './db/users.ts';

/** An open console database with one repository per area: users, roles, sessions, the managed-device inventory. */
export class ConsoleDatabase {
  /** Path of the database file. */
  readonly file: string;
  readonly users: UserRepository;
  readonly roles: RoleRepository;
  readonly sessions: SessionRepository;
  readonly devices: DeviceRepository;
  readonly #db: Database.Database;

  constructor(file: string) {
    this.file = file;
    this.#db = openConnection(file);
    const sql = new SqlContext(this.#db);
    this.users = new UserRepository(sql);
    this.roles = new RoleRepository(sql);
    this.sessions = new SessionRepository(sql);
    this.devices = new DeviceRepository(sql);
  }

  /**
   * Runs `fn` in one write transaction: all of its writes commit together or, if it throws, none
   * do. Nested calls become savepoints.
   */
  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn).immediate();
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }

}

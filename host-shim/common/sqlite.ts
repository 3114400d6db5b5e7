import type Database from 'better-sqlite3';

/**
 * A connection plus a cache of prepared statements (preparing is the expensive part of a query): the
 * one SQLite idiom of both stores, the MDR service's and the console's. Their repositories take it.
 */
export class SqlContext {
  readonly db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();

  constructor(db: Database.Database) {
    this.db = db;
  }

  /** The prepared statement for `sql`, prepared once per connection. */
  stmt<P extends unknown[] | object = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement as unknown as Database.Statement<P, R>;
  }
}

/**
 * An open SQLite store: its connection, the statement cache its repositories share, and write
 * transactions. Each store opens its file its own way (pragmas, migrations) and declares its
 * repositories as fields over {@link sql}.
 */
export abstract class SqliteStore {
  /** Path of the database file. */
  readonly file: string;
  protected readonly connection: Database.Database;
  protected readonly sql: SqlContext;

  constructor(file: string, openConnection: (file: string) => Database.Database) {
    this.file = file;
    this.connection = openConnection(file);
    this.sql = new SqlContext(this.connection);
  }

  /**
   * Runs `fn` in one write transaction (BEGIN IMMEDIATE): all of its writes commit together or, if
   * it throws, none do. Nested calls become savepoints.
   */
  transaction<T>(fn: () => T): T {
    return this.connection.transaction(fn).immediate();
  }

  /** Whether the connection is open. */
  get open(): boolean {
    return this.connection.open;
  }

  /** Closes the connection (again: nothing). */
  close(): void {
    if (this.connection.open) this.connection.close();
  }
}

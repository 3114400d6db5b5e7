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
  stmt<P extends unknown[] | {} = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement as unknown as Database.Statement<P, R>;
  }
}

import type { SqlContext } from './connection.ts';
import { parseJson } from './sql.ts';

interface PrincipalRow {
  user_id: string;
  rights: string;
  updated: number;
}

/** A console user's rights as the console last said, for one user. */
export interface PrincipalRights {
  userId: string;
  rights: string[];
}

/**
 * The last known rights of each console user (what binds the API connections they created). The
 * console's push is authoritative; creating a connection only introduces a creator not known yet.
 */
export class ConsolePrincipalRepository {
  constructor(private readonly sql: SqlContext) {}

  /** The user's rights as last known, or null for a user the console never named. */
  rightsOf(userId: string): string[] | null {
    const row = this.sql.stmt<[string], PrincipalRow>('SELECT * FROM console_principals WHERE user_id = ?').get(userId);
    return row ? parseJson<string[]>(row.rights) : null;
  }

  /**
   * Records the rights of a user seen for the first time; a known user is left as the console last
   * pushed it, so that a request still under way from before a change cannot undo that change.
   */
  introduce(userId: string, rights: readonly string[], now: number): void {
    if (this.sql.stmt<[string], { found: 1 }>('SELECT 1 AS found FROM console_principals WHERE user_id = ?').get(userId)) return;
    this.sql.stmt('INSERT OR IGNORE INTO console_principals (user_id, rights, updated) VALUES (?, ?, ?)').run(userId, JSON.stringify(rights), now);
  }

  /**
   * Stores the rights the console pushed. `complete`: the list names every user the console has, so
   * every other known user loses all rights (deleted while the service could not be told).
   */
  replace(principals: readonly PrincipalRights[], complete: boolean, now: number): void {
    const upsert = this.sql.stmt(
      `INSERT INTO console_principals (user_id, rights, updated) VALUES (@userId, @rights, @now)
       ON CONFLICT (user_id) DO UPDATE SET rights = excluded.rights, updated = excluded.updated`,
    );
    this.sql.db.transaction(() => {
      if (complete) {
        this.sql
          .stmt("UPDATE console_principals SET rights = '[]', updated = @now WHERE user_id NOT IN (SELECT value FROM json_each(@userIds))")
          .run({ now, userIds: JSON.stringify(principals.map((principal) => principal.userId)) });
      }
      for (const principal of principals) upsert.run({ userId: principal.userId, rights: JSON.stringify(principal.rights), now });
    })();
  }
}

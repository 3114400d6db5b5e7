import type { SqlContext } from './connection.ts';

/** A stored session, found by the hash of its id. */
export interface StoredSession {
  userId: string;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
}

interface SessionRow {
  user_id: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
}

/** Sessions by the hash of their id (times in milliseconds since the epoch). */
export class SessionRepository {
  constructor(private readonly sql: SqlContext) {}

  insert(session: { idHash: string; userId: string; csrfToken: string; now: number }): void {
    this.sql
      .stmt('INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)')
      .run(session.idHash, session.userId, session.csrfToken, session.now, session.now);
  }

  get(idHash: string): StoredSession | undefined {
    const row = this.sql.stmt<[string], SessionRow>('SELECT * FROM sessions WHERE id_hash = ?').get(idHash);
    return row ? { userId: row.user_id, csrfToken: row.csrf_token, createdAt: row.created_at, lastSeenAt: row.last_seen_at } : undefined;
  }

  /** Records a use of the session. */
  touch(idHash: string, now: number): void {
    this.sql.stmt('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?').run(now, idHash);
  }

  delete(idHash: string): void {
    this.sql.stmt('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
  }

  /** Ends every session of a user (a disabled user's sessions end now, not at their next request). */
  deleteOfUser(userId: string): void {
    this.sql.stmt('DELETE FROM sessions WHERE user_id = ?').run(userId);
  }

  /** Deletes the sessions last used before `cutoff`. */
  deleteIdleSince(cutoff: number): void {
    this.sql.stmt('DELETE FROM sessions WHERE last_seen_at < ?').run(cutoff);
  }
}

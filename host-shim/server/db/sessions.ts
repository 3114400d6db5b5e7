import { RowMapping } from '../../common/row-mapping.ts';
import type { SqlContext } from './connection.ts';

/** A stored session, found by the hash of its id. */
export interface StoredSession {
  userId: string;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
}

const SESSIONS = new RowMapping<StoredSession>('sessions', {
  userId: 'user_id',
  csrfToken: 'csrf_token',
  createdAt: 'created_at',
  lastSeenAt: 'last_seen_at',
});

/** Sessions by the hash of their id (times in milliseconds since the epoch). */
export class SessionRepository {
  constructor(private readonly sql: SqlContext) {}

  insert(session: { idHash: string; userId: string; csrfToken: string; now: number }): void {
    const { idHash, userId, csrfToken, now } = session;
    SESSIONS.insert(this.sql, { userId, csrfToken, createdAt: now, lastSeenAt: now }, { extra: { id_hash: idHash } });
  }

  get(idHash: string): StoredSession | undefined {
    return SESSIONS.one(this.sql, 'WHERE id_hash = ?', idHash) ?? undefined;
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

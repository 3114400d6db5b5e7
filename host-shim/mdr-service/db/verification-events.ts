import type { SqlContext } from './connection.ts';

/** What is counted for the throttles of address verification. */
export type VerificationEventKind = 'codeMailed' | 'wrongCode';

/**
 * Verification codes mailed and wrong codes entered, per console user and per address, kept for
 * the hour the throttles look back on (`services/email-verification.ts`). Rows older than that are
 * dropped as new ones come in.
 */
export class VerificationEventRepository {
  constructor(private readonly sql: SqlContext) {}

  /** Records an event; returns its id (to take a mail back that could not be sent). */
  record(kind: VerificationEventKind, userId: string, address: string, at: number, keepSince: number): number {
    this.sql.stmt<[number]>('DELETE FROM verification_events WHERE at < ?').run(keepSince);
    const result = this.sql
      .stmt<[VerificationEventKind, string, string, number]>('INSERT INTO verification_events (kind, user_id, address, at) VALUES (?, ?, ?, ?)')
      .run(kind, userId, address.toLowerCase(), at);
    return Number(result.lastInsertRowid);
  }

  /** Removes one event (a code mail the relay refused never reached anyone). */
  remove(id: number): void {
    this.sql.stmt<[number]>('DELETE FROM verification_events WHERE id = ?').run(id);
  }

  /** Times of a user's events since `since`, oldest first. */
  timesByUser(kind: VerificationEventKind, userId: string, since: number): number[] {
    return this.sql
      .stmt<[VerificationEventKind, string, number], { at: number }>('SELECT at FROM verification_events WHERE kind = ? AND user_id = ? AND at >= ? ORDER BY at, id')
      .all(kind, userId, since)
      .map((row) => row.at);
  }

  /** Times of the events about an address (any user, any letter case) since `since`, oldest first. */
  timesByAddress(kind: VerificationEventKind, address: string, since: number): number[] {
    return this.sql
      .stmt<[VerificationEventKind, string, number], { at: number }>('SELECT at FROM verification_events WHERE kind = ? AND address = ? AND at >= ? ORDER BY at, id')
      .all(kind, address.toLowerCase(), since)
      .map((row) => row.at);
  }
}

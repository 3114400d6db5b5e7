import type { SqlContext } from './connection.ts';
import { parseJson } from './sql.ts';
import type { Comment, HistoryCategory, HistoryEntry } from './types.ts';

interface CommentRow {
  id: string;
  incident_id: string;
  author_name: string;
  text: string;
  created: number;
}

const toComment = (row: CommentRow): Comment => ({
  id: row.id,
  incidentId: row.incident_id,
  authorName: row.author_name,
  text: row.text,
  created: row.created,
});

/** Comments on incidents (the Communication tab). The caller checks the incident is in scope. */
export class CommentRepository {
  constructor(private readonly sql: SqlContext) {}

  insert(comment: Comment): Comment {
    this.sql
      .stmt('INSERT INTO comments (id, incident_id, author_name, text, created) VALUES (@id, @incidentId, @authorName, @text, @created)')
      .run(comment);
    return comment;
  }

  /** Changes a comment's text; false when it does not exist. */
  updateText(id: string, text: string): boolean {
    return this.sql.stmt('UPDATE comments SET text = ? WHERE id = ?').run(text, id).changes > 0;
  }

  /** Removes a comment; false when it did not exist. */
  delete(id: string): boolean {
    return this.sql.stmt('DELETE FROM comments WHERE id = ?').run(id).changes > 0;
  }

  /** Comments of one incident, oldest first. */
  listByIncident(incidentId: string): Comment[] {
    return this.sql
      .stmt<[string], CommentRow>('SELECT * FROM comments WHERE incident_id = ? ORDER BY created, id')
      .all(incidentId)
      .map(toComment);
  }
}

interface HistoryRow {
  id: number;
  incident_id: string;
  category: HistoryCategory;
  what: string;
  details: string;
  actor: string | null;
  created: number;
}

export type HistoryInput = Omit<HistoryEntry, 'id'>;

/** The change history of incidents (the History tab). */
export class HistoryRepository {
  constructor(private readonly sql: SqlContext) {}

  insert(entry: HistoryInput): void {
    this.sql
      .stmt('INSERT INTO incident_history (incident_id, category, what, details, actor, created) VALUES (?, ?, ?, ?, ?, ?)')
      .run(entry.incidentId, entry.category, entry.what, JSON.stringify(entry.details), entry.actor, entry.created);
  }

  /** History of one incident, oldest first, optionally of one category. */
  listByIncident(incidentId: string, category?: HistoryCategory): HistoryEntry[] {
    const rows = category
      ? this.sql.stmt<[string, string], HistoryRow>('SELECT * FROM incident_history WHERE incident_id = ? AND category = ? ORDER BY created, id').all(incidentId, category)
      : this.sql.stmt<[string], HistoryRow>('SELECT * FROM incident_history WHERE incident_id = ? ORDER BY created, id').all(incidentId);
    return rows.map((row) => ({
      id: row.id,
      incidentId: row.incident_id,
      category: row.category,
      what: row.what,
      details: parseJson(row.details),
      actor: row.actor,
      created: row.created,
    }));
  }
}

import { jsonColumn, RowMapping } from '../../common/row-mapping.ts';
import type { SqlContext } from './connection.ts';
import type { Comment, HistoryCategory, HistoryEntry } from './types.ts';

const COMMENTS = new RowMapping<Comment>('comments', {
  id: 'id',
  incidentId: 'incident_id',
  authorName: 'author_name',
  text: 'text',
  created: 'created',
});

/** Comments on incidents (the Communication tab). The caller checks the incident is in scope. */
export class CommentRepository {
  constructor(private readonly sql: SqlContext) {}

  insert(comment: Comment): Comment {
    COMMENTS.insert(this.sql, comment);
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
    return COMMENTS.all(this.sql, 'WHERE incident_id = ? ORDER BY created, id', incidentId);
  }
}

const HISTORY = new RowMapping<HistoryEntry>('incident_history', {
  id: 'id',
  incidentId: 'incident_id',
  category: 'category',
  what: 'what',
  details: jsonColumn('details'),
  actor: 'actor',
  created: 'created',
});

export type HistoryInput = Omit<HistoryEntry, 'id'>;

/** The change history of incidents (the History tab). */
export class HistoryRepository {
  constructor(private readonly sql: SqlContext) {}

  insert(entry: HistoryInput): void {
    HISTORY.insert(this.sql, entry);
  }

  /** History of one incident, oldest first, optionally of one category. */
  listByIncident(incidentId: string, category?: HistoryCategory): HistoryEntry[] {
    return category
      ? HISTORY.all(this.sql, 'WHERE incident_id = ? AND category = ? ORDER BY created, id', incidentId, category)
      : HISTORY.all(this.sql, 'WHERE incident_id = ? ORDER BY created, id', incidentId);
  }
}

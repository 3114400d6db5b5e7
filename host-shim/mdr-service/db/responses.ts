import { ConflictError, NotFoundError } from '../errors.ts';
import type { SqlContext } from './connection.ts';
import { addScope, inScope, paging, parseJson } from './sql.ts';
import type { Page, ResponseRecord, ResponseStatus, ResponseType, TenantScope } from './types.ts';

interface ResponseRow {
  id: string;
  incident_id: string;
  asset_id: string;
  type: ResponseType;
  parameters: string;
  status: ResponseStatus;
  comment: string | null;
  changed_by: string | null;
  created: number;
  updated: number;
  version: number;
}

function toResponse(row: ResponseRow): ResponseRecord {
  return {
    id: row.id,
    incidentId: row.incident_id,
    assetId: row.asset_id,
    type: row.type,
    parameters: parseJson(row.parameters),
    status: row.status,
    comment: row.comment,
    changedBy: row.changed_by,
    created: row.created,
    updated: row.updated,
    version: row.version,
  };
}

export type ResponseInput = Omit<ResponseRecord, 'version'>;

/** The client's decision on a response awaiting it. */
export type ResponseDecision = 'confirmed' | 'declined';

/** SOC responses to incidents and the client's decisions on them. */
export class ResponseRepository {
  constructor(private readonly sql: SqlContext) {}

  insert(response: ResponseInput): void {
    this.sql
      .stmt(
        `INSERT INTO responses (id, incident_id, asset_id, type, parameters, status, comment, changed_by, created, updated)
         VALUES (@id, @incidentId, @assetId, @type, @parameters, @status, @comment, @changedBy, @created, @updated)`,
      )
      .run({ ...response, parameters: JSON.stringify(response.parameters) });
  }

  /** One response, or null when missing or its incident is outside `scope`. */
  get(id: string, scope: TenantScope = null): ResponseRecord | null {
    const row = this.sql
      .stmt<[string], ResponseRow & { tenant_id: string | null }>(
        'SELECT r.*, i.tenant_id FROM responses r JOIN incidents i ON i.id = r.incident_id WHERE r.id = ?',
      )
      .get(id);
    if (!row || !inScope(row.tenant_id, scope)) return null;
    return toResponse(row);
  }

  /** Responses of one incident, oldest first. The caller checks the incident is in scope. */
  listByIncident(incidentId: string, pageInput: { page?: number; pageSize?: number } = {}): Page<ResponseRecord> {
    const { page, pageSize, offset } = paging(pageInput.page, pageInput.pageSize, 50, 1000);
    const rows = this.sql
      .stmt<[string, number, number], ResponseRow>('SELECT * FROM responses WHERE incident_id = ? ORDER BY created, id LIMIT ? OFFSET ?')
      .all(incidentId, pageSize, offset);
    const total = this.sql.stmt<[string], { n: number }>('SELECT count(*) AS n FROM responses WHERE incident_id = ?').get(incidentId)!.n;
    return { items: rows.map(toResponse), total, page, pageSize };
  }

  /** Responses in scope awaiting the client's decision. */
  countAwaitingDecision(scope: TenantScope): number {
    const where: string[] = ["r.status = 'waiting'"];
    const params: Record<string, unknown> = {};
    addScope(where, params, 'i.tenant_id', scope);
    return this.sql
      .stmt<[Record<string, unknown>], { n: number }>(
        `SELECT count(*) AS n FROM responses r JOIN incidents i ON i.id = r.incident_id WHERE ${where.join(' AND ')}`,
      )
      .get(params)!.n;
  }

  /**
   * Confirms or declines responses awaiting a decision, all or nothing: every id must exist in
   * `scope` (NotFound otherwise) and be 'waiting' or already carry this very decision (Conflict
   * otherwise). Repeating a decision is a no-op, so a client that retries a batch after a lost
   * answer, or confirms a list that overlaps one it confirmed before, does not fail. Writes a
   * history entry per changed response and touches the incidents. Returns the responses.
   */
  decide(ids: readonly string[], decision: ResponseDecision, comment: string | null, actor: string, scope: TenantScope, now = Date.now()): ResponseRecord[] {
    return this.sql.db.transaction(() => {
      const unique = [...new Set(ids)];
      const current = unique.map((id) => this.get(id, scope));
      current.forEach((response) => {
        if (!response) throw new NotFoundError('response');
        if (response.status !== 'waiting' && response.status !== decision) throw new ConflictError('response', 'responseNotWaiting');
      });
      const update = this.sql.stmt(
        `UPDATE responses SET status = ?, comment = ?, changed_by = ?, updated = max(?, created), version = version + 1
         WHERE id = ? AND status = 'waiting'`,
      );
      const history = this.sql.stmt(
        `INSERT INTO incident_history (incident_id, category, what, details, actor, created) VALUES (?, 'response', ?, ?, ?, ?)`,
      );
      const touch = this.sql.stmt('UPDATE incidents SET updated = max(?, created, updated) WHERE id = ?');
      for (const response of current as ResponseRecord[]) {
        if (response.status === decision) continue;
        update.run(decision, comment, actor, now, response.id);
        history.run(
          response.incidentId,
          decision === 'confirmed' ? 'responseConfirmed' : 'responseDeclined',
          JSON.stringify({ responseId: response.id, type: response.type, comment }),
          actor,
          now,
        );
        touch.run(now, response.incidentId);
      }
      return unique.map((id) => this.get(id)!);
    })();
  }
}

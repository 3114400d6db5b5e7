import { ConflictError, NotFoundError } from '../errors.ts';
import { jsonColumn, RowMapping, type StoredRow } from '../../common/row-mapping.ts';
import type { SqlContext } from './connection.ts';
import { normalizeResponseParameters } from './response-parameters.ts';
import { addScope, inScope, pageOf, paging } from './sql.ts';
import type { Page, ResponseParameterInputByType, ResponseRecord, ResponseStatus, ResponseType, TenantScope } from './types.ts';

export { checkIsolateParameters, normalizeResponseParameters } from './response-parameters.ts';

const RESPONSES = new RowMapping<ResponseRecord>('responses', {
  id: 'id',
  incidentId: 'incident_id',
  assetId: 'asset_id',
  type: 'type',
  parameters: jsonColumn('parameters'),
  status: 'status',
  comment: 'comment',
  changedBy: 'changed_by',
  created: 'created',
  updated: 'updated',
  version: 'version',
});

type ResponseRow = StoredRow<ResponseRecord>;

/** A response to store: its parameters as offered (the help's defaults are filled in on insert). */
export type ResponseInput = Omit<ResponseRecord, 'version' | 'parameters'> & { parameters: ResponseParameterInputByType[ResponseType] };

/** The client's decision on a response awaiting it. */
export type ResponseDecision = 'confirmed' | 'declined';

/**
 * The decision a response carries: an accepted response stays accepted while it is performed and
 * after it completed or failed; null while it awaits one.
 */
export function decisionOf(status: ResponseStatus): ResponseDecision | null {
  if (status === 'waiting') return null;
  return status === 'declined' ? 'declined' : 'confirmed';
}

/** Where an accepted response is on its way: performed after `confirmed`, then `completed` or `failed`. */
export type ResponseProgress = 'inProgress' | 'completed' | 'failed';

/** SOC responses to incidents and the client's decisions on them. */
export class ResponseRepository {
  constructor(private readonly sql: SqlContext) {}

  /**
   * Inserts a response; its parameters are checked against the help's response types and completed
   * with the help's defaults first (see {@link normalizeResponseParameters}).
   */
  insert(response: ResponseInput): void {
    const parameters = normalizeResponseParameters(response.type, response.parameters);
    RESPONSES.insert(this.sql, { ...response, parameters });
  }

  /** One response, or null when missing or its incident is outside `scope`. */
  get(id: string, scope: TenantScope = null): ResponseRecord | null {
    const row = this.sql
      .stmt<[string], ResponseRow & { incidentTenantId: string | null }>(
        `SELECT ${RESPONSES.select('r')}, i.tenant_id AS incidentTenantId FROM responses r JOIN incidents i ON i.id = r.incident_id WHERE r.id = ?`,
      )
      .get(id);
    if (!row || !inScope(row.incidentTenantId, scope)) return null;
    return RESPONSES.read(row);
  }

  /** Responses of one incident, oldest first. The caller checks the incident is in scope. */
  listByIncident(incidentId: string, pageInput: { page?: number; pageSize?: number } = {}): Page<ResponseRecord> {
    const { pageSize, offset } = paging(pageInput.page, pageInput.pageSize);
    const items = RESPONSES.all(this.sql, 'WHERE incident_id = ? ORDER BY created, id LIMIT ? OFFSET ?', incidentId, pageSize, offset);
    const total = this.sql.stmt<[string], { n: number }>('SELECT count(*) AS n FROM responses WHERE incident_id = ?').get(incidentId)!.n;
    return pageOf(pageInput, items, total);
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

  /** Responses in `status`, the longest unchanged first (at most `limit`). */
  listByStatus(status: ResponseStatus, limit = 1000): ResponseRecord[] {
    return RESPONSES.all(this.sql, 'WHERE status = ? ORDER BY updated, id LIMIT ?', status, limit);
  }

  /**
   * Moves an accepted response on (`confirmed` → `inProgress` → `completed` or `failed`), only from
   * the status `from`; false when it was no longer there. The decision's comment and author stay.
   */
  progress(id: string, from: ResponseStatus, to: ResponseProgress, now: number): boolean {
    return (
      this.sql
        .stmt(`UPDATE responses SET status = ?, updated = max(?, updated), version = version + 1 WHERE id = ? AND status = ?`)
        .run(to, now, id, from).changes > 0
    );
  }

  /**
   * Completed Isolate responses whose term has run out while their asset is still isolated and no
   * later isolation or lifting of it completed: isolation is lifted automatically then (help,
   * *Response types*, Isolate → Asset isolation term).
   */
  isolationsDue(now: number): ResponseRecord[] {
    return this.sql
      .stmt<[number], ResponseRow>(
        `SELECT ${RESPONSES.select('r')} FROM responses r JOIN assets a ON a.id = r.asset_id
         WHERE r.type = 'isolate' AND r.status = 'completed' AND a.isolated = 1
           AND r.updated + json_extract(r.parameters, '$.termSeconds') * 1000 <= ?
           AND NOT EXISTS (
             SELECT 1 FROM responses later
             WHERE later.asset_id = r.asset_id AND later.status = 'completed' AND later.type IN ('isolate', 'disable_isolation')
               AND (later.updated > r.updated OR (later.updated = r.updated AND later.rowid > r.rowid)))
         ORDER BY r.updated, r.id`,
      )
      .all(now)
      .map(RESPONSES.read);
  }

  /**
   * Confirms or declines responses awaiting a decision, all or nothing: every id must exist in
   * `scope` (NotFound otherwise) and be 'waiting' or already carry this very decision (Conflict
   * otherwise) — a response accepted earlier carries it while in progress, completed or failed. Repeating a decision is a no-op, so a client that retries a batch after a lost
   * answer, or confirms a list that overlaps one it confirmed before, does not fail. Writes a
   * history entry per changed response and touches the incidents. Returns the responses.
   */
  decide(ids: readonly string[], decision: ResponseDecision, comment: string | null, actor: string, scope: TenantScope, now = Date.now()): ResponseRecord[] {
    return this.sql.db.transaction(() => {
      const unique = [...new Set(ids)];
      const current = unique.map((id) => this.get(id, scope));
      current.forEach((response) => {
        if (!response) throw new NotFoundError('response');
        const made = decisionOf(response.status);
        if (made !== null && made !== decision) throw new ConflictError('response', 'responseNotWaiting');
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
        if (response.status !== 'waiting') continue;
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

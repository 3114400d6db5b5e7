import crypto from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import type { SqlContext } from './connection.ts';
import { addScope, inScope, paging, parseJson } from './sql.ts';
import { MAX_ISOLATION_TERM_SECONDS, type Page, type ResponseParametersByType, type ResponseRecord, type ResponseStatus, type ResponseType, type TenantScope } from './types.ts';

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

/**
 * The Isolate parameters the client relies on: a version-1 password whose derived key really is
 * PBKDF2-HMAC-SHA256 (10,000 iterations, 32 bytes) of it with the salt — support checks the password
 * against it to lift isolation — and a term of at most 2,678,400 seconds.
 */
export function checkIsolateParameters(parameters: ResponseParametersByType['isolate']): void {
  const { password, termSeconds } = parameters;
  if (!Number.isInteger(termSeconds) || termSeconds < 1 || termSeconds > MAX_ISOLATION_TERM_SECONDS) {
    throw new ValidationError('parameters.term_seconds', `The isolation term must be 1 to ${MAX_ISOLATION_TERM_SECONDS} seconds`);
  }
  if (password?.version !== 1 || !/^(?:[0-9a-f]{2})+$/.test(password.salt) || !/^[0-9a-f]{64}$/.test(password.derivedKey)) {
    throw new ValidationError('parameters.password', 'Version 1 password details with a hex salt and a 32-byte hex derived key are required');
  }
  const key = `${password.password}\u0000${password.salt}\u0000${password.derivedKey}`;
  if (verifiedPasswords.has(key)) return;
  const derived = crypto.pbkdf2Sync(password.password, Buffer.from(password.salt, 'hex'), 10_000, 32, 'sha256').toString('hex');
  if (derived !== password.derivedKey) throw new ValidationError('parameters.password', 'The derived key does not match the password');
  if (verifiedPasswords.size >= 1000) verifiedPasswords.clear();
  verifiedPasswords.add(key);
}

/** PBKDF2 is slow on purpose (~3 ms); bulk loads reuse a few passwords, so each is checked once. */
const verifiedPasswords = new Set<string>();

/** SOC responses to incidents and the client's decisions on them. */
export class ResponseRepository {
  constructor(private readonly sql: SqlContext) {}

  /** Inserts a response; Isolate parameters are checked first (see {@link checkIsolateParameters}). */
  insert(response: ResponseInput): void {
    if (response.type === 'isolate') checkIsolateParameters(response.parameters as ResponseParametersByType['isolate']);
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

import { LimitError, NotFoundError } from '../errors.ts';
import type { SqlContext } from './connection.ts';
import { addScope, bit, inScope, parseJson, runVersionedUpdate } from './sql.ts';
import type { ReportDay, ReportSchedule, TenantScope } from './types.ts';

/** At most 50 schedules per organization and 10 per tenant (product limits). */
export const MAX_SCHEDULES = 50;
export const MAX_SCHEDULES_PER_TENANT = 10;

interface ScheduleRow {
  id: string;
  enabled: number;
  name: string;
  tenant_id: string | null;
  emails: string;
  day: ReportDay;
  time: string;
  unencrypted_acknowledged: number;
  edited_by: string | null;
  created: number;
  updated: number;
  version: number;
}

function toSchedule(row: ScheduleRow): ReportSchedule {
  return {
    id: row.id,
    enabled: row.enabled === 1,
    name: row.name,
    tenantId: row.tenant_id,
    emails: parseJson(row.emails),
    day: row.day,
    time: row.time,
    unencryptedAcknowledged: row.unencrypted_acknowledged === 1,
    editedBy: row.edited_by,
    created: row.created,
    updated: row.updated,
    version: row.version,
  };
}

export type ReportScheduleInput = Omit<ReportSchedule, 'version' | 'updated' | 'editedBy'> & { editedBy?: string | null };
export type ReportSchedulePatch = Partial<Pick<ReportSchedule, 'enabled' | 'name' | 'tenantId' | 'emails' | 'day' | 'time' | 'unencryptedAcknowledged' | 'editedBy'>>;

/** Report delivery schedules. A schedule for all tenants (tenantId null) is visible in every scope. */
export class ReportScheduleRepository {
  constructor(private readonly sql: SqlContext) {}

  /** Creates a schedule, enforcing the per-organization and per-tenant limits. */
  insert(input: ReportScheduleInput): ReportSchedule {
    return this.sql.db.transaction(() => {
      this.#checkLimits(input.tenantId, null);
      this.sql
        .stmt(
          `INSERT INTO report_schedules (id, enabled, name, tenant_id, emails, day, time, unencrypted_acknowledged, edited_by, created, updated)
           VALUES (@id, @enabled, @name, @tenantId, @emails, @day, @time, @ack, @editedBy, @created, @created)`,
        )
        .run({
          id: input.id,
          enabled: bit(input.enabled),
          name: input.name,
          tenantId: input.tenantId,
          emails: JSON.stringify(input.emails),
          day: input.day,
          time: input.time,
          ack: bit(input.unencryptedAcknowledged),
          editedBy: input.editedBy ?? null,
          created: input.created,
        });
      return this.require(input.id);
    }).immediate();
  }

  get(id: string, scope: TenantScope = null): ReportSchedule | null {
    const row = this.sql.stmt<[string], ScheduleRow>('SELECT * FROM report_schedules WHERE id = ?').get(id);
    if (!row || (row.tenant_id !== null && !inScope(row.tenant_id, scope))) return null;
    return toSchedule(row);
  }

  require(id: string, scope: TenantScope = null): ReportSchedule {
    const schedule = this.get(id, scope);
    if (!schedule) throw new NotFoundError('report schedule');
    return schedule;
  }

  /** Schedules visible in `scope` (those for one tenant in scope, and those for all tenants), oldest first. */
  list(scope: TenantScope): ReportSchedule[] {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    addScope(where, params, 's.tenant_id', scope);
    const condition = where.length ? `WHERE s.tenant_id IS NULL OR ${where.join(' AND ')}` : '';
    return this.sql
      .stmt<[Record<string, unknown>], ScheduleRow>(`SELECT s.* FROM report_schedules s ${condition} ORDER BY s.created, s.id`)
      .all(params)
      .map(toSchedule);
  }

  count(): number {
    return this.sql.stmt<[], { n: number }>('SELECT count(*) AS n FROM report_schedules').get()!.n;
  }

  /** Edits a schedule with optimistic concurrency; moving it to another tenant re-checks the limit. */
  update(id: string, patch: ReportSchedulePatch, expectedVersion: number, now = Date.now()): ReportSchedule {
    return this.sql.db.transaction(() => {
      if (patch.tenantId !== undefined) {
        const current = this.require(id);
        // Stryker disable next-line ConditionalExpression: a schedule that stays in its tenant is left out of that tenant's count, so re-checking it never refuses
        if (current.tenantId !== patch.tenantId) this.#checkLimits(patch.tenantId, id);
      }
      const assignments: string[] = ['version = version + 1', 'updated = @now'];
      const params: Record<string, unknown> = { id, expectedVersion, now };
      const set = (column: string, name: string, value: unknown): void => {
        assignments.push(`${column} = @${name}`);
        params[name] = value;
      };
      if (patch.enabled !== undefined) set('enabled', 'enabled', bit(patch.enabled));
      if (patch.name !== undefined) set('name', 'name', patch.name);
      if (patch.tenantId !== undefined) set('tenant_id', 'tenantId', patch.tenantId);
      if (patch.emails !== undefined) set('emails', 'emails', JSON.stringify(patch.emails));
      if (patch.day !== undefined) set('day', 'day', patch.day);
      if (patch.time !== undefined) set('time', 'time', patch.time);
      if (patch.unencryptedAcknowledged !== undefined) set('unencrypted_acknowledged', 'ack', bit(patch.unencryptedAcknowledged));
      if (patch.editedBy !== undefined) set('edited_by', 'editedBy', patch.editedBy);
      runVersionedUpdate(
        this.sql,
        `UPDATE report_schedules SET ${assignments.join(', ')} WHERE id = @id AND version = @expectedVersion`,
        params,
        'SELECT 1 FROM report_schedules WHERE id = ?',
        [id],
        'report schedule',
      );
      return this.require(id);
    }).immediate();
  }

  delete(id: string, expectedVersion?: number): void {
    runVersionedUpdate(
      this.sql,
      'DELETE FROM report_schedules WHERE id = @id AND (@expectedVersion IS NULL OR version = @expectedVersion)',
      { id, expectedVersion: expectedVersion ?? null },
      'SELECT 1 FROM report_schedules WHERE id = ?',
      [id],
      'report schedule',
    );
  }

  #checkLimits(tenantId: string | null, excludeId: string | null): void {
    if (excludeId === null && this.count() >= MAX_SCHEDULES) {
      throw new LimitError('scheduleLimit', `At most ${MAX_SCHEDULES} schedules per organization`);
    }
    if (tenantId !== null) {
      const n = this.sql
        .stmt<[string, string | null], { n: number }>('SELECT count(*) AS n FROM report_schedules WHERE tenant_id = ? AND id IS NOT ?')
        .get(tenantId, excludeId)!.n;
      if (n >= MAX_SCHEDULES_PER_TENANT) {
        throw new LimitError('tenantScheduleLimit', `At most ${MAX_SCHEDULES_PER_TENANT} schedules per tenant`, 'tenantId');
      }
    }
  }
}

/** One run of a schedule (scheduled or *Send now*). */
export interface ReportRun {
  id: number;
  scheduleId: string;
  runAt: number;
  periodFrom: number;
  periodTo: number;
  manual: boolean;
  status: 'running' | 'sent' | 'failed';
  error: string | null;
  finished: number | null;
}

interface ReportRunRow {
  id: number;
  schedule_id: string;
  run_at: number;
  period_from: number;
  period_to: number;
  manual: number;
  status: ReportRun['status'];
  error: string | null;
  finished: number | null;
}

function toRun(row: ReportRunRow): ReportRun {
  return {
    id: row.id,
    scheduleId: row.schedule_id,
    runAt: row.run_at,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    manual: row.manual === 1,
    status: row.status,
    error: row.error,
    finished: row.finished,
  };
}

/** Runs of report schedules: claimed before the report is generated, so each scheduled time sends once. */
export class ReportRunRepository {
  constructor(private readonly sql: SqlContext) {}

  /**
   * Claims a run; null when a scheduled run for this schedule and time already exists (another
   * tick, or before a restart, got there first). Manual runs are always claimed.
   */
  claim(input: { scheduleId: string; runAt: number; periodFrom: number; periodTo: number; manual: boolean }): ReportRun | null {
    const result = this.sql
      .stmt(
        `INSERT OR IGNORE INTO report_runs (schedule_id, run_at, period_from, period_to, manual, status)
         VALUES (@scheduleId, @runAt, @periodFrom, @periodTo, @manual, 'running')`,
      )
      .run({ ...input, manual: bit(input.manual) });
    if (result.changes === 0) return null;
    return toRun(this.sql.stmt<[number], ReportRunRow>('SELECT * FROM report_runs WHERE id = ?').get(Number(result.lastInsertRowid))!);
  }

  /** Records how a run ended. */
  finish(id: number, status: 'sent' | 'failed', error: string | null, now: number): void {
    this.sql.stmt('UPDATE report_runs SET status = ?, error = ?, finished = ? WHERE id = ?').run(status, error, now, id);
  }

  /** The latest run of a schedule, or null. */
  latest(scheduleId: string): ReportRun | null {
    const row = this.sql
      .stmt<[string], ReportRunRow>('SELECT * FROM report_runs WHERE schedule_id = ? ORDER BY run_at DESC, id DESC LIMIT 1')
      .get(scheduleId);
    return row ? toRun(row) : null;
  }
}

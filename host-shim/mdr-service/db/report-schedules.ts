import { bitColumn, jsonColumn, RowMapping, type StoredRow } from '../../common/row-mapping.ts';
import { LimitError } from '../errors.ts';
import type { SqlContext } from './connection.ts';
import { addScope, deleteVersioned, found, inScope, updateVersioned } from './sql.ts';
import type { ReportSchedule, TenantScope } from './types.ts';

/** At most 50 schedules per organization and 10 per tenant (product limits). */
export const MAX_SCHEDULES = 50;
export const MAX_SCHEDULES_PER_TENANT = 10;

const SCHEDULES = new RowMapping<ReportSchedule>('report_schedules', {
  id: 'id',
  enabled: bitColumn('enabled'),
  name: 'name',
  tenantId: 'tenant_id',
  emails: jsonColumn('emails'),
  day: 'day',
  time: 'time',
  unencryptedAcknowledged: bitColumn('unencrypted_acknowledged'),
  editedBy: 'edited_by',
  created: 'created',
  updated: 'updated',
  version: 'version',
});

/** The row a versioned statement about a schedule changes. */
const scheduleRow = (id: string) => ({ table: SCHEDULES.table, id, what: 'report schedule' });

export type ReportScheduleInput = Omit<ReportSchedule, 'version' | 'updated' | 'editedBy'> & { editedBy?: string | null };
export type ReportSchedulePatch = Partial<Pick<ReportSchedule, 'enabled' | 'name' | 'tenantId' | 'emails' | 'day' | 'time' | 'unencryptedAcknowledged' | 'editedBy'>>;

/** Report delivery schedules. A schedule for all tenants (tenantId null) is visible in every scope. */
export class ReportScheduleRepository {
  constructor(private readonly sql: SqlContext) {}

  /** Creates a schedule, enforcing the per-organization and per-tenant limits. */
  insert(input: ReportScheduleInput): ReportSchedule {
    return this.sql.db.transaction(() => {
      this.#checkLimits(input.tenantId, null);
      SCHEDULES.insert(this.sql, { ...input, editedBy: input.editedBy ?? null, updated: input.created });
      return this.require(input.id);
    }).immediate();
  }

  get(id: string, scope: TenantScope = null): ReportSchedule | null {
    const schedule = SCHEDULES.one(this.sql, 'WHERE id = ?', id);
    if (!schedule || (schedule.tenantId !== null && !inScope(schedule.tenantId, scope))) return null;
    return schedule;
  }

  require(id: string, scope: TenantScope = null): ReportSchedule {
    return found(this.get(id, scope), 'report schedule');
  }

  /** Schedules visible in `scope` (those for one tenant in scope, and those for all tenants), oldest first. */
  list(scope: TenantScope): ReportSchedule[] {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    addScope(where, params, 's.tenant_id', scope);
    const condition = where.length ? `WHERE s.tenant_id IS NULL OR ${where.join(' AND ')}` : '';
    return this.sql
      .stmt<[Record<string, unknown>], StoredRow<ReportSchedule>>(`SELECT ${SCHEDULES.select('s')} FROM report_schedules s ${condition} ORDER BY s.created, s.id`)
      .all(params)
      .map(SCHEDULES.read);
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
      const { set, params } = SCHEDULES.assignments(patch, ['enabled', 'name', 'tenantId', 'emails', 'day', 'time', 'unencryptedAcknowledged', 'editedBy']);
      updateVersioned(this.sql, scheduleRow(id), [...set, 'updated = @now'], { ...params, now }, expectedVersion);
      return this.require(id);
    }).immediate();
  }

  delete(id: string, expectedVersion?: number): void {
    deleteVersioned(this.sql, scheduleRow(id), expectedVersion);
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

const RUNS = new RowMapping<ReportRun>('report_runs', {
  id: 'id',
  scheduleId: 'schedule_id',
  runAt: 'run_at',
  periodFrom: 'period_from',
  periodTo: 'period_to',
  manual: bitColumn('manual'),
  status: 'status',
  error: 'error',
  finished: 'finished',
});

/** Runs of report schedules: claimed before the report is generated, so each scheduled time sends once. */
export class ReportRunRepository {
  constructor(private readonly sql: SqlContext) {}

  /**
   * Claims a run; null when a scheduled run for this schedule and time already exists (another
   * tick, or before a restart, got there first). Manual runs are always claimed.
   */
  claim(input: { scheduleId: string; runAt: number; periodFrom: number; periodTo: number; manual: boolean }): ReportRun | null {
    const result = RUNS.insert(this.sql, { ...input, status: 'running' }, { orIgnore: true });
    if (result.changes === 0) return null;
    return RUNS.one(this.sql, 'WHERE id = ?', Number(result.lastInsertRowid));
  }

  /** Records how a run ended. */
  finish(id: number, status: 'sent' | 'failed', error: string | null, now: number): void {
    this.sql.stmt('UPDATE report_runs SET status = ?, error = ?, finished = ? WHERE id = ?').run(status, error, now, id);
  }

  /** The latest run of a schedule, or null. */
  latest(scheduleId: string): ReportRun | null {
    return RUNS.one(this.sql, 'WHERE schedule_id = ? ORDER BY run_at DESC, id DESC LIMIT 1', scheduleId);
  }
}

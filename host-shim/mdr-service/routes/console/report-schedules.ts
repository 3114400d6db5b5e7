import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MAX_SCHEDULES, MAX_SCHEDULES_PER_TENANT, validateReportSchedule } from '../../../../contract/report-schedules.ts';
import {
  ReportScheduleDeleteQuerySchema,
  ReportScheduleInputSchema,
  ReportScheduleListQuerySchema,
  ReportScheduleListSchema,
  ReportScheduleParamsSchema,
  ReportScheduleSchema,
  ReportScheduleUpdateSchema,
  ReportSentSchema,
  type ReportScheduleInput,
  type ReportScheduleListQuery,
  type ReportScheduleUpdate,
} from '../../../../contract/schemas/report-schedules.ts';
import { consoleCaller } from '../../http/console-auth.ts';
import { requireVersion } from './common.ts';
import { FieldValidationError } from '../../errors.ts';
import type { MdrDatabase, ReportSchedule, TenantScope } from '../../db.ts';
import { nextRunAfter, reportPeriod } from '../../services/reports.ts';

const rights = ['incidentAccess', 'incidentSummaryScheduling'] as const;

const iso = (time: number) => new Date(time).toISOString();

/** A schedule with its next run and the period that run covers. */
function present(db: MdrDatabase, schedule: ReportSchedule, now: number) {
  const next = schedule.enabled ? nextRunAfter(schedule, now) : null;
  const period = next === null ? null : reportPeriod(next);
  const last = db.reportRuns.latest(schedule.id);
  return {
    id: schedule.id,
    enabled: schedule.enabled,
    name: schedule.name,
    tenantId: schedule.tenantId,
    tenantName: schedule.tenantId ? (db.tenants.get(schedule.tenantId)?.name ?? null) : null,
    emails: schedule.emails,
    day: schedule.day,
    time: schedule.time,
    unencryptedAcknowledged: schedule.unencryptedAcknowledged,
    nextRun: next === null ? null : iso(next),
    nextPeriod: period === null ? null : { from: iso(period.from), to: iso(period.to) },
    lastRun: last ? { at: iso(last.runAt), status: last.status } : null,
    version: schedule.version,
  };
}

/** Applies the form's rules and checks the tenant is one the caller may reach. */
function checkInput(db: MdrDatabase, input: ReportScheduleInput, scope: TenantScope): ReportScheduleInput {
  const normalized = { ...input, name: input.name, emails: input.emails.map((email) => email.trim()) };
  const [problem] = validateReportSchedule(normalized);
  if (problem) throw new FieldValidationError(problem.field, problem.rule);
  if (normalized.tenantId !== null && !db.tenants.get(normalized.tenantId, scope)) throw new FieldValidationError('tenantId', 'unknownTenant');
  return normalized;
}

/**
 * The *Reports* tab: `GET /report-schedules` (with the tenants for the form and the limits),
 * `POST /report-schedules`, `PUT /report-schedules/:id`, `DELETE /report-schedules/:id?expectedVersion=`,
 * and `POST /report-schedules/:id/send` (*Send now*). All need *Incident access* and *Incident
 * summary scheduling*; schedules of tenants outside the console's scope do not exist for the caller.
 */
export async function reportScheduleRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.mdr;

  app.get<{ Querystring: ReportScheduleListQuery }>(
    '/report-schedules',
    { schema: { querystring: ReportScheduleListQuerySchema, response: { 200: ReportScheduleListSchema } }, config: { rights: [...rights] } },
    async (request) => {
      const { scope } = consoleCaller(request);
      const now = app.mdr.now();
      const { sort = 'name', direction = 'asc', page = 1, pageSize = 25 } = request.query;
      // At most 50 schedules exist, so they are sorted in memory; the page is cut here, not in the browser.
      const all = db.reportSchedules.list(scope).map((schedule) => present(db, schedule, now));
      const key = (item: (typeof all)[number]) => (sort === 'tenant' ? (item.tenantName ?? '') : sort === 'nextRun' ? (item.nextRun ?? '\uffff') : item.name);
      all.sort((a, b) => key(a).localeCompare(key(b), 'en', { sensitivity: 'base', numeric: true }) || a.id.localeCompare(b.id));
      if (direction === 'desc') all.reverse();
      const items = all.slice((page - 1) * pageSize, page * pageSize);
      return {
        items,
        total: all.length,
        tenants: db.tenants.list(scope, { field: 'name', direction: 'asc' }).map((tenant) => ({ id: tenant.id, name: tenant.name })),
        limits: { organization: MAX_SCHEDULES, perTenant: MAX_SCHEDULES_PER_TENANT },
      };
    },
  );

  app.post<{ Body: ReportScheduleInput }>('/report-schedules', { schema: { body: ReportScheduleInputSchema, response: { 201: ReportScheduleSchema } }, config: { rights: [...rights] } }, async (request, reply) => {
    const caller = consoleCaller(request);
    const input = checkInput(db, request.body, caller.scope);
    const now = app.mdr.now();
    // The editor is who may read the schedule's reports in the demo mailbox (mail/mailbox-access.ts).
    const schedule = db.reportSchedules.insert({ id: crypto.randomUUID(), ...input, editedBy: caller.userId, created: now });
    return reply.code(201).send(present(db, schedule, now));
  });

  app.put<{ Params: { id: string }; Body: ReportScheduleUpdate }>(
    '/report-schedules/:id',
    { schema: { params: ReportScheduleParamsSchema, body: ReportScheduleUpdateSchema, response: { 200: ReportScheduleSchema } }, config: { rights: [...rights] } },
    async (request) => {
      const { scope, userId } = consoleCaller(request);
      db.reportSchedules.require(request.params.id, scope);
      const { expectedVersion, ...rest } = request.body;
      const input = checkInput(db, rest, scope);
      const now = app.mdr.now();
      return present(db, db.reportSchedules.update(request.params.id, { ...input, editedBy: userId }, expectedVersion, now), now);
    },
  );

  app.delete<{ Params: { id: string }; Querystring: { expectedVersion?: number } }>(
    '/report-schedules/:id',
    {
      schema: { params: ReportScheduleParamsSchema, querystring: ReportScheduleDeleteQuerySchema },
      config: { rights: [...rights] },
    },
    async (request: FastifyRequest<{ Params: { id: string }; Querystring: { expectedVersion?: number } }>, reply) => {
      // Like every change of the console: on the version the user saw (a console delete without one
      // is refused, as for tenants and API connections; only the service itself deletes regardless).
      const expectedVersion = requireVersion(request.query.expectedVersion);
      db.reportSchedules.require(request.params.id, consoleCaller(request).scope);
      db.reportSchedules.delete(request.params.id, expectedVersion);
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { id: string } }>('/report-schedules/:id/send', { schema: { params: ReportScheduleParamsSchema, response: { 200: ReportSentSchema } }, config: { rights: [...rights] } }, async (request) => {
    const schedule = db.reportSchedules.require(request.params.id, consoleCaller(request).scope);
    const result = await app.mdr.reports.sendNow(schedule);
    return { sentTo: result.sentTo, period: { from: iso(result.period.from), to: iso(result.period.to) }, incidents: result.incidents };
  });
}

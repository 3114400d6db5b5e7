import { REPORT_DAYS, type ReportDay, type ReportScheduleSort } from '../report-days.ts';
import { CheckedString, IsoDateTime, Nullable, OneOf, Type, Version, type Static } from './common.ts';
import { DIRECTIONS } from './list.ts';

const SORTS: readonly ReportScheduleSort[] = ['name', 'tenant', 'nextRun'];

/** A period of a report: the seven days before its run day (`to` exclusive). */
const PeriodSchema = Type.Object({ from: IsoDateTime, to: IsoDateTime });

/** A report delivery schedule as the list shows it (and as a change answers it). */
export const ReportScheduleSchema = Type.Object({
  id: Type.String(),
  enabled: Type.Boolean(),
  name: Type.String(),
  /** null = *All tenants*. */
  tenantId: Nullable(Type.String()),
  tenantName: Nullable(Type.String()),
  emails: Type.Array(Type.String()),
  day: OneOf(REPORT_DAYS),
  time: Type.String(),
  unencryptedAcknowledged: Type.Boolean(),
  /** Next scheduled sending, null when disabled. */
  nextRun: Nullable(IsoDateTime),
  /** The period the next report covers. */
  nextPeriod: Nullable(PeriodSchema),
  lastRun: Nullable(Type.Object({ at: IsoDateTime, status: OneOf(['running', 'sent', 'failed']) })),
  version: Version,
});
export type ReportSchedule = Static<typeof ReportScheduleSchema>;

/** Body of `GET /report-schedules`: one page of the schedules, with what the form needs. */
export const ReportScheduleListSchema = Type.Object({
  items: Type.Array(ReportScheduleSchema),
  total: Type.Integer(),
  tenants: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  limits: Type.Object({ organization: Type.Integer(), perTenant: Type.Integer() }),
});
export type ReportScheduleList = Static<typeof ReportScheduleListSchema>;

/** Query of `GET /report-schedules`: sorting and paging (the service's defaults: by name, ascending, page 1 of 25). */
export const ReportScheduleListQuerySchema = Type.Object(
  {
    sort: Type.Optional(OneOf(SORTS)),
    direction: Type.Optional(OneOf(DIRECTIONS)),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type ReportScheduleListQuery = Static<typeof ReportScheduleListQuerySchema>;

/** The form's fields; `validateReportSchedule` checks their values (the schema bounds only their size). */
const inputFields = {
  enabled: Type.Boolean(),
  unencryptedAcknowledged: Type.Boolean(),
  name: Type.String({ maxLength: 5000 }),
  /** null = *All tenants*. */
  tenantId: Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength: 100 }),
  emails: Type.Array(Type.String({ maxLength: 400 }), { maxItems: 200 }),
  day: CheckedString<ReportDay>({ maxLength: 20 }),
  time: Type.String({ maxLength: 10 }),
};

/** What the form sends to create a schedule (`POST /report-schedules`). */
export const ReportScheduleInputSchema = Type.Object(inputFields, { additionalProperties: false });
export type ReportScheduleInput = Static<typeof ReportScheduleInputSchema>;

/** What the form sends to change one (`PUT /report-schedules/:id`): the fields and the `version` it was loaded with. */
export const ReportScheduleUpdateSchema = Type.Object({ ...inputFields, expectedVersion: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export type ReportScheduleUpdate = Static<typeof ReportScheduleUpdateSchema>;

/** Path of the routes of one schedule. */
export const ReportScheduleParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

/** Query of `DELETE /report-schedules/:id` (a console delete without the version is refused by the route). */
export const ReportScheduleDeleteQuerySchema = Type.Object({ expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })) });

/** Answer of `POST /report-schedules/:id/send` (*Send now*): who got the report, the period it covers and its number of incidents. */
export const ReportSentSchema = Type.Object({ sentTo: Type.Array(Type.String()), period: PeriodSchema, incidents: Type.Integer() });
export type ReportSent = Static<typeof ReportSentSchema>;

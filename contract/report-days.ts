/**
 * The sending days of a report schedule, and the columns its list sorts by, as values and types. Kept
 * apart from `report-schedules.ts` so that the wire schemas can read them
 * (`contract/schemas/report-schedules.ts`) while `report-schedules.ts` re-exports the schemas' types.
 */

/** *Sending day*: one weekday or every day. */
export type ReportDay = 'everyDay' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';
export const REPORT_DAYS: readonly ReportDay[] = ['everyDay', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** Columns the server sorts the list by. */
export type ReportScheduleSort = 'name' | 'tenant' | 'nextRun';

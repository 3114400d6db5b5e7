import { REPORT_DAYS } from './report-days.ts';
import { isValidEmail } from './notifications.ts';
import type { ReportScheduleInput } from './schemas/report-schedules.ts';
import type { FieldProblem } from './settings.ts';

export { REPORT_DAYS, type ReportDay, type ReportScheduleSort } from './report-days.ts';

/** Product limits. */
export const MAX_SCHEDULES = 50;
export const MAX_SCHEDULES_PER_TENANT = 10;
export const MAX_SCHEDULE_NAME = 1000;

/** Latin letters, digits, spaces and the printable ASCII special characters. */
export const SCHEDULE_NAME_PATTERN = /^[\x20-\x7E]+$/;
/** HH:MM, 24 h. */
export const TIME_PATTERN = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/** The wire shapes of the *Reports* tab, declared once as schemas (`contract/schemas/report-schedules.ts`); their types, for both sides. */
export type {
  ReportSchedule,
  ReportScheduleInput,
  ReportScheduleList,
  ReportScheduleListQuery,
  ReportScheduleUpdate,
  ReportSent,
} from './schemas/report-schedules.ts';

/** Splits the *To emails* field into addresses (commas; spaces around them do not matter). */
export function splitEmails(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** The rules of a schedule (the browser and the MDR service apply the same). */
export function validateReportSchedule(input: ReportScheduleInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.unencryptedAcknowledged !== true) problems.push({ field: 'unencryptedAcknowledged', rule: 'acknowledgementRequired' });
  const name = typeof input.name === 'string' ? input.name : '';
  if (name.trim() === '') problems.push({ field: 'name', rule: 'required' });
  else if (name.length > MAX_SCHEDULE_NAME) problems.push({ field: 'name', rule: 'nameTooLong' });
  else if (!SCHEDULE_NAME_PATTERN.test(name)) problems.push({ field: 'name', rule: 'nameCharacters' });
  if (!Array.isArray(input.emails) || input.emails.length === 0) problems.push({ field: 'emails', rule: 'required' });
  else if (input.emails.length > 50) problems.push({ field: 'emails', rule: 'tooManyEmails' });
  else if (!input.emails.every((email) => typeof email === 'string' && isValidEmail(email))) problems.push({ field: 'emails', rule: 'invalidEmail' });
  if (!REPORT_DAYS.includes(input.day)) problems.push({ field: 'day', rule: 'required' });
  if (typeof input.time !== 'string' || !TIME_PATTERN.test(input.time)) problems.push({ field: 'time', rule: 'invalidTime' });
  return problems;
}

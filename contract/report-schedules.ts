import { isValidEmail } from './notifications.ts';
import type { FieldProblem } from './settings.ts';

/** *Sending day*: one weekday or every day. */
export type ReportDay = 'everyDay' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';
export const REPORT_DAYS: readonly ReportDay[] = ['everyDay', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** Product limits. */
export const MAX_SCHEDULES = 50;
export const MAX_SCHEDULES_PER_TENANT = 10;
export const MAX_SCHEDULE_NAME = 1000;

/** Latin letters, digits, spaces and the printable ASCII special characters. */
export const SCHEDULE_NAME_PATTERN = /^[\x20-\x7E]+$/;
/** HH:MM, 24 h. */
export const TIME_PATTERN = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/** A report delivery schedule as the list shows it. */
export interface ReportSchedule {
  id: string;
  enabled: boolean;
  name: string;
  /** null = *All tenants*. */
  tenantId: string | null;
  tenantName: string | null;
  emails: string[];
  day: ReportDay;
  time: string;
  unencryptedAcknowledged: boolean;
  /** Next scheduled sending (ISO), null when disabled. */
  nextRun: string | null;
  /** The period the next report covers: the seven days before the run day (`to` exclusive). */
  nextPeriod: { from: string; to: string } | null;
  lastRun: { at: string; status: 'running' | 'sent' | 'failed' } | null;
  version: number;
}

/** The list with what the form needs. */
export interface ReportScheduleList {
  items: ReportSchedule[];
  total: number;
  tenants: { id: string; name: string }[];
  limits: { organization: number; perTenant: number };
}

/** What the form sends. */
export interface ReportScheduleInput {
  enabled: boolean;
  unencryptedAcknowledged: boolean;
  name: string;
  tenantId: string | null;
  emails: string[];
  day: ReportDay;
  time: string;
}

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

/** Columns the server sorts the list by. */
export type ReportScheduleSort = 'name' | 'tenant' | 'nextRun';

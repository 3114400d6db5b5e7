/**
 * Pieces the console-facing list and form routes share: paging, record ids in the path, the
 * text rules of the product's forms, expected versions, and calendar dates.
 */
import { effectiveLicenseStatus, ROOT_TENANT, type License, type MdrDatabase, type TenantScope } from '../../db.ts';
import { ValidationError } from '../../errors.ts';
import { LATIN_MULTILINE, LATIN_TEXT } from '../../../../contract/text-rules.ts';
import { Type } from '../../../../contract/schemas/common.ts';
import type { ListQuery } from '../../../../contract/schemas/list.ts';

/** Path of one record: its id. */
export const IdParamsSchema = Type.Object({ id: Type.String({ maxLength: 100 }) });

/** One page of `items` (already sorted) and the paging numbers the table shows. */
export function pageOf<T>(items: readonly T[], query: ListQuery, defaultSize = 25): { items: T[]; total: number; page: number; pageSize: number } {
  const pageSize = query.pageSize ?? defaultSize;
  const pages = Math.max(1, Math.ceil(items.length / pageSize));
  const page = Math.min(query.page ?? 1, pages);
  return { items: items.slice((page - 1) * pageSize, page * pageSize), total: items.length, page, pageSize };
}

/** Sorts a copy of `items` by `key` (strings case-insensitively, nulls last), ties by `tieBreak`. */
export function sortBy<T>(items: readonly T[], key: (item: T) => string | number | null, direction: 'asc' | 'desc', tieBreak: (item: T) => string): T[] {
  const sign = direction === 'asc' ? 1 : -1;
  const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
  return [...items].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    let order = 0;
    if (x === null || y === null) order = x === y ? 0 : x === null ? 1 : -1;
    else if (typeof x === 'string' && typeof y === 'string') order = sign * collator.compare(x, y);
    else order = sign * ((x as number) - (y as number));
    return order !== 0 ? order : collator.compare(tieBreak(a), tieBreak(b));
  });
}

/**
 * A required single-line name: trimmed, 1..max characters, Latin letters, digits and special
 * characters only. Throws a ValidationError naming the broken rule.
 */
export function requireLatinName(field: string, value: unknown, max: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') throw new ValidationError(field, `${field} is required`, 'validation', 'required');
  if (text.length > max) throw new ValidationError(field, `${field} is longer than ${max} characters`, 'validation', 'maxLength');
  if (!LATIN_TEXT.test(text)) throw new ValidationError(field, `${field} may contain only Latin letters, digits and special characters`, 'validation', 'characters');
  return text;
}

/** An optional multi-line text of at most `max` Latin letters, digits and special characters. */
export function optionalLatinText(field: string, value: unknown, max: number): string {
  const text = typeof value === 'string' ? value : '';
  if (text.length > max) throw new ValidationError(field, `${field} is longer than ${max} characters`, 'validation', 'maxLength');
  if (!LATIN_MULTILINE.test(text)) throw new ValidationError(field, `${field} may contain only Latin letters, digits and special characters`, 'validation', 'characters');
  return text;
}

/** The expected version of an optimistic-concurrency change (body field or `?expectedVersion=`). */
export function requireVersion(value: unknown): number {
  const version = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ValidationError('expectedVersion', 'expectedVersion is required', 'validation', 'required');
  }
  return version;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** 'YYYY-MM-DD' → ms of that day's start (UTC), or null when it is not a real calendar date. */
export function parseCalendarDate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  return back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day ? ms : null;
}

/** Start (UTC) of the day that contains `ms`. */
export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** 'YYYY-MM-DD' (UTC) of a time. */
export function calendarDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Licenses an asset configuration can be made for: not removed, blocked or expired; latest expiration first. */
export function activeLicenses(db: MdrDatabase, now: number): License[] {
  return db.licenses.list().filter((license) => effectiveLicenseStatus(license, now) === 'active');
}

/** What a tenant choice offers in this console: its tenants by name, and 'root' when it reaches the root. */
export function tenantChoices(db: MdrDatabase, scope: TenantScope): { root: boolean; tenants: { id: string; name: string }[] } {
  const tenants = db.tenants.list(scope, { field: 'name', direction: 'asc' }).map((tenant) => ({ id: tenant.id, name: tenant.name }));
  return { root: scope === null || scope.includes(ROOT_TENANT), tenants };
}

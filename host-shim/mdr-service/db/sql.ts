import { ConflictError, NotFoundError } from '../errors.ts';
import type { SqlContext } from './connection.ts';
import { ROOT_TENANT, type Page, type SortDirection, type TenantScope } from './types.ts';

/** SQLite has no boolean: store 0/1. */
export function bit(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}

/** Parses a JSON column written by this module (validated by CHECK json_valid on write). */
export function parseJson<T>(text: string | null): T {
  return JSON.parse(text ?? 'null') as T;
}

/** `%`, `_` and the escape character itself are literal in user search text. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A trigram FTS5 phrase that matches `text` as a substring (quotes doubled per FTS5 syntax). */
export function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** Trigram search needs at least three characters; shorter strings fall back to LIKE. */
export const MIN_TRIGRAM_LENGTH = 3;

/**
 * Appends to `where` the condition that `column` (a tenant id, NULL = root) is inside `scope`, and
 * to `params` its bindings. A null scope adds nothing. An empty list matches nothing.
 */
// Stryker disable next-line StringLiteral: the default only prefixes the bind-parameter names, which no caller reads
export function addScope(where: string[], params: Record<string, unknown>, column: string, scope: TenantScope, name = 'scope'): void {
  if (scope === null) return;
  // Stryker disable next-line MethodExpression: tenant ids are random UUIDs, so a 'root' left in the id list matches no row
  const tenants = scope.filter((id) => id !== ROOT_TENANT);
  params[`${name}Tenants`] = JSON.stringify(tenants);
  params[`${name}Root`] = bit(scope.includes(ROOT_TENANT));
  where.push(`(${column} IN (SELECT value FROM json_each(@${name}Tenants)) OR (${column} IS NULL AND @${name}Root = 1))`);
}

/** True when a tenant id (null = root) is inside `scope`. */
export function inScope(tenantId: string | null, scope: TenantScope): boolean {
  if (scope === null) return true;
  return tenantId === null ? scope.includes(ROOT_TENANT) : scope.includes(tenantId);
}

/** Intersects two scopes (e.g. the console's scope and a connection's tenants). */
export function intersectScopes(a: TenantScope, b: TenantScope): TenantScope {
  if (a === null) return b;
  if (b === null) return a;
  return a.filter((id) => b.includes(id));
}

/** Clamps paging input to sane numbers: page ≥ 1, 1 ≤ pageSize ≤ max. */
export function paging(page: number | undefined, pageSize: number | undefined, defaultSize = 50, maxSize = 1000): { page: number; pageSize: number; offset: number } {
  const size = Math.min(Math.max(Math.trunc(pageSize ?? defaultSize), 1), maxSize);
  const p = Math.max(Math.trunc(page ?? 1), 1);
  return { page: p, pageSize: size, offset: (p - 1) * size };
}

/** What a paged list is asked for (clamped by {@link paging}). */
export interface PageQuery {
  page?: number;
  pageSize?: number;
}

/** What a sorted, paged list is asked for. */
export interface ListQuery<F extends string> extends PageQuery {
  sort?: { field: F; direction: SortDirection };
}

/** The sort of `query` (`fallback` when it names none) with its SQL direction, and the page's size and offset. */
export function listWindow<F extends string>(
  query: ListQuery<F>,
  fallback: { field: F; direction: SortDirection },
): { field: F; direction: 'ASC' | 'DESC'; pageSize: number; offset: number } {
  const sort = query.sort ?? fallback;
  const { pageSize, offset } = paging(query.page, query.pageSize);
  return { field: sort.field, direction: sort.direction === 'desc' ? 'DESC' : 'ASC', pageSize, offset };
}

/** A page of a paged list: its items and the total count of the same query, with the page and size as clamped. */
export function pageOf<T>(query: PageQuery, items: T[], total: number): Page<T> {
  const { page, pageSize } = paging(query.page, query.pageSize);
  return { items, total, page, pageSize };
}

/**
 * Runs an optimistic-concurrency UPDATE (its WHERE must include `version = @expectedVersion`) and
 * turns "no row changed" into the right error: NotFound when the row is gone, Conflict otherwise.
 */
export function runVersionedUpdate(
  sql: SqlContext,
  updateSql: string,
  params: Record<string, unknown>,
  existsSql: string,
  existsParams: unknown[],
  what: string,
): void {
  const result = sql.stmt(updateSql).run(params);
  if (result.changes > 0) return;
  if (!sql.stmt(existsSql).get(...existsParams)) throw new NotFoundError(what);
  throw new ConflictError(what);
}

/** A row that a versioned statement changes: its table, the value of its key column (default `id`), and what the errors call it. */
export interface VersionedRow {
  table: string;
  key?: string;
  id: string | number;
  what: string;
}

/**
 * Sets `set` (assignments naming `params`) on a row and bumps its version, if the stored version is
 * `expectedVersion` (undefined: any version, for service-internal updates); NotFound or Conflict as
 * {@link runVersionedUpdate} tells.
 */
export function updateVersioned(sql: SqlContext, row: VersionedRow, set: readonly string[], params: Record<string, unknown>, expectedVersion: number | undefined): void {
  runOnVersion(sql, row, `UPDATE ${row.table} SET ${[...set, 'version = version + 1'].join(', ')}`, params, expectedVersion);
}

/** Deletes a row if the stored version is `expectedVersion` (undefined: any version); NotFound or Conflict as {@link runVersionedUpdate} tells. */
export function deleteVersioned(sql: SqlContext, row: VersionedRow, expectedVersion: number | undefined): void {
  runOnVersion(sql, row, `DELETE FROM ${row.table}`, {}, expectedVersion);
}

function runOnVersion(sql: SqlContext, row: VersionedRow, statement: string, params: Record<string, unknown>, expectedVersion: number | undefined): void {
  const key = row.key ?? 'id';
  runVersionedUpdate(
    sql,
    `${statement} WHERE ${key} = @rowKey AND (@expectedVersion IS NULL OR version = @expectedVersion)`,
    { ...params, rowKey: row.id, expectedVersion: expectedVersion ?? null },
    `SELECT 1 FROM ${row.table} WHERE ${key} = ?`,
    [row.id],
    row.what,
  );
}

/** `value`, or NotFound about `what` when there is none. */
export function found<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new NotFoundError(what);
  return value;
}

/** Adds a condition of a WHERE list with its one bind parameter (`@name`). */
export function addCondition(where: string[], params: Record<string, unknown>, condition: string, name: string, value: unknown): void {
  where.push(condition);
  params[name] = value;
}

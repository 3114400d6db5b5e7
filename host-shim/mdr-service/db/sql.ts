import { ConflictError, NotFoundError } from '../errors.ts';
import type { SqlContext } from './connection.ts';
import { ROOT_TENANT, type TenantScope } from './types.ts';

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

/**
 * A table's columns, declared once per field of the wire type they store: the SELECT list (each
 * column named after its field), the mapping of a row read with it into the wire object, and the
 * bind parameters and assignments that write fields, all come from that one declaration. The
 * repositories of both stores, the MDR service's and the console's, declare theirs beside their SQL.
 */

import type Database from 'better-sqlite3';
import type { SqlContext } from './sqlite.ts';

/** A boolean stored as 0/1: SQLite has no boolean. */
export interface BitColumn {
  readonly name: string;
  readonly stored: 'bit';
}

/** A value stored as JSON text (null as SQL NULL), optionally checked as it is read back. */
export interface JsonColumn<V = unknown> {
  readonly name: string;
  readonly stored: 'json';
  readonly revive?: (parsed: unknown) => V;
}

/** How a field of type `V` is stored: a boolean as a bit, a string or number as itself (the column's name alone), anything else as JSON. */
export type ColumnOf<V> = [V] extends [boolean] ? BitColumn : [V] extends [string | number | null] ? string : JsonColumn<V>;

/** The column of every field of `T`. */
export type ColumnMap<T> = { readonly [K in keyof T]-?: ColumnOf<T[K]> };

/** What a field of type `V` is as SQLite returns it. */
export type Stored<V> = [V] extends [boolean] ? number : [V] extends [string | number | null] ? V : string | null;

/** A row read with {@link RowMapping.select}: the fields of `T`, as stored. */
export type StoredRow<T> = { [K in keyof T]: Stored<T[K]> };

/** A column storing a boolean as 0/1. */
export function bitColumn(name: string): BitColumn {
  return { name, stored: 'bit' };
}

/** A column storing a value as JSON text; `revive` checks or narrows what is read back. */
export function jsonColumn<V>(name: string, revive?: (parsed: unknown) => V): JsonColumn<V> {
  return { name, stored: 'json', revive };
}

type Field<T> = keyof T & string;

interface ResolvedColumn {
  /** The column's name in the table. */
  name: string;
  /** The stored value of a field's value (undefined: stored as it is). */
  write?: (value: unknown) => unknown;
  /** The field's value of a stored value (undefined: read as it is). */
  read?: (stored: unknown) => unknown;
}

const toBit = (value: unknown): number => (value ? 1 : 0);
const fromBit = (stored: unknown): boolean => stored === 1;
const toJson = (value: unknown): string | null => (value === null ? null : JSON.stringify(value));

function resolve(column: string | BitColumn | JsonColumn): ResolvedColumn {
  if (typeof column === 'string') return { name: column };
  if (column.stored === 'bit') return { name: column.name, write: toBit, read: fromBit };
  const revive = column.revive;
  return {
    name: column.name,
    write: toJson,
    read: (stored) => {
      const parsed: unknown = stored === null ? null : JSON.parse(stored as string);
      return revive ? revive(parsed) : parsed;
    },
  };
}

/** The columns of one table for the wire type `T` (see the module comment). */
export class RowMapping<T extends object> {
  /** The table's name. */
  readonly table: string;
  /** The fields, in the order of the declaration (the order of the wire object's keys). */
  readonly fields: readonly Field<T>[];
  readonly #columns: ReadonlyMap<Field<T>, ResolvedColumn>;
  readonly #readers: readonly (readonly [Field<T>, ((stored: unknown) => unknown) | undefined])[];
  readonly #selects = new Map<string, string>();

  constructor(table: string, columns: ColumnMap<T>) {
    this.table = table;
    this.fields = Object.keys(columns) as Field<T>[];
    const declared = columns as unknown as Record<Field<T>, string | BitColumn | JsonColumn>;
    this.#columns = new Map(this.fields.map((field) => [field, resolve(declared[field])]));
    this.#readers = this.fields.map((field) => [field, this.#columns.get(field)!.read] as const);
  }

  /** The column that stores `field`. */
  column(field: Field<T>): string {
    return this.#columns.get(field)!.name;
  }

  /**
   * The SELECT list of every field, each column named after its field (`client_id AS "clientId"`),
   * prefixed with the table alias `from` when given. The same text each time, so statements stay cached.
   */
  select(from = ''): string {
    let list = this.#selects.get(from);
    if (list === undefined) {
      const prefix = from ? `${from}.` : '';
      list = this.fields
        .map((field) => {
          const name = this.column(field);
          return name === field ? `${prefix}${name}` : `${prefix}${name} AS "${field}"`;
        })
        .join(', ');
      this.#selects.set(from, list);
    }
    return list;
  }

  /** The wire object of a row read with {@link select}: its fields only, in their declared order, converted. Bound, so `rows.map(mapping.read)` works. */
  readonly read = (row: StoredRow<T>): T => {
    const stored = row as Record<Field<T>, unknown>;
    const value: Partial<Record<Field<T>, unknown>> = {};
    for (const [field, read] of this.#readers) value[field] = read ? read(stored[field]) : stored[field];
    return value as T;
  };

  /** {@link read} of a row that may be missing (null then). */
  readOptional(row: StoredRow<T> | undefined): T | null {
    return row ? this.read(row) : null;
  }

  /**
   * The first row of `SELECT <every field> FROM <table> <clauses>` with `params` bound, read; null
   * when there is none. `clauses` (WHERE, ORDER BY, LIMIT) are the repository's own.
   */
  one(sql: SqlContext, clauses: string, ...params: unknown[]): T | null {
    return this.readOptional(sql.stmt<unknown[], StoredRow<T>>(`SELECT ${this.select()} FROM ${this.table} ${clauses}`).get(...params));
  }

  /** Every row of `SELECT <every field> FROM <table> <clauses>` with `params` bound, read. */
  all(sql: SqlContext, clauses: string, ...params: unknown[]): T[] {
    return sql.stmt<unknown[], StoredRow<T>>(`SELECT ${this.select()} FROM ${this.table} ${clauses}`).all(...params).map(this.read);
  }

  /**
   * Inserts a row of the fields that `value` gives (not undefined; of `fields` only when named) and
   * of `extra` columns the mapping does not declare (column → value as stored). `orIgnore`: a row
   * that breaks a uniqueness constraint is skipped (the result then counts no change).
   */
  insert(
    sql: SqlContext,
    value: Partial<T>,
    options: { fields?: readonly Field<T>[]; extra?: Record<string, unknown>; orIgnore?: boolean } = {},
  ): Database.RunResult {
    const params = this.params(value, options.fields);
    const fields = (options.fields ?? this.fields).filter((field) => field in params);
    const extra = options.extra ?? {};
    const columns = [...fields.map((field) => this.column(field)), ...Object.keys(extra)];
    const values = [...fields.map((field) => `@${field}`), ...Object.keys(extra).map((column) => `@${column}`)];
    return sql
      .stmt(`INSERT ${options.orIgnore ? 'OR IGNORE ' : ''}INTO ${this.table} (${columns.join(', ')}) VALUES (${values.join(', ')})`)
      .run({ ...params, ...extra });
  }

  /**
   * Bind parameters named after the fields for the `fields` (default: all) that `value` has (not
   * undefined), as stored: 0/1 for a boolean, JSON text for a value stored as JSON.
   */
  params(value: Partial<T>, fields: readonly Field<T>[] = this.fields): Record<string, unknown> {
    const params: Record<string, unknown> = {};
    for (const field of fields) {
      const fieldValue: unknown = value[field];
      if (fieldValue === undefined) continue;
      const write = this.#columns.get(field)!.write;
      params[field] = write ? write(fieldValue) : fieldValue;
    }
    return params;
  }

  /**
   * The assignments (`column = @field`) and their bind parameters for the `fields` that `patch`
   * changes (not undefined); any other property of `patch` is left out.
   */
  assignments(patch: Partial<T>, fields: readonly Field<T>[]): { set: string[]; params: Record<string, unknown> } {
    const params = this.params(patch, fields);
    const set = fields.filter((field) => field in params).map((field) => `${this.column(field)} = @${field}`);
    return { set, params };
  }
}

/**
 * The building blocks of the wire schemas (`contract/schemas/`): each answer and request body of the
 * MDR service's console API is declared once, as a JSON Schema built with TypeBox. The service uses
 * the same object as its route's body or response schema (validation in, serialization out); the
 * TypeScript type both sides read is derived from it (`Static<typeof Schema>`), and the rest of the
 * contract re-exports those types. The browser code imports this folder only as types, so the schema
 * builder never reaches a bundle (test/project/import-boundaries.test.ts).
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

export { Type, type Static, type TSchema };

/** One of the given strings (`{ type: 'string', enum: [...] }`), typed as their union. */
export function OneOf<const Value extends string>(values: readonly Value[], options: { description?: string } = {}) {
  return Type.Unsafe<Value>({ type: 'string', enum: [...values], ...options });
}

/**
 * A string the route's own rules check (refusing it with their own `rule`, such as `invalidLanguage`),
 * typed as the values those rules let through: the schema bounds only its length, so that a wrong
 * value reaches the rule instead of failing as `enum`.
 */
export function CheckedString<Value extends string>(options: { maxLength: number; description?: string }) {
  return Type.Unsafe<Value>({ type: 'string', ...options });
}

/** `schema` or null. */
export function Nullable<Schema extends TSchema>(schema: Schema) {
  return Type.Union([schema, Type.Null()]);
}

/** An ISO 8601 date and time (`2026-05-09T10:00:00.000Z`) as the wire carries it. */
export const IsoDateTime = Type.String({ description: 'ISO 8601 date and time' });

/** A calendar day (`2026-05-09`). */
export const CalendarDate = Type.String({ description: 'YYYY-MM-DD' });

/** The optimistic-locking version of a record: every change sends back the one it read as `expectedVersion`. */
export const Version = Type.Integer({ minimum: 0 });

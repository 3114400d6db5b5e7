import { Ajv, type ErrorObject } from 'ajv';
import type { FastifyInstance } from 'fastify';
import { ConsoleError, FieldRefusedError, ValidationError } from '../errors.ts';

/**
 * How a request field a schema refuses is answered: `{ error: 'validation', field, rule }`, or for
 * the session routes `{ error, field }`. Written next to the property as `refusal`; a property
 * without one is answered `validation` with the JSON-Schema keyword it broke as the rule.
 */
export interface Refusal {
  error: string;
  rule?: string;
}

/** A request part (body, query string, path parameters) as its schema describes it, or the refusal of the first field it breaks. */
export type RequestPartValidator = (data: unknown) => { value: unknown } | { error: ConsoleError };

interface ObjectSchema {
  properties?: Record<string, unknown>;
}

// Every problem is collected, so that the answer names the field the route's order puts first.
const ajv = new Ajv({ allErrors: true, coerceTypes: false, useDefaults: false, removeAdditional: false, strict: true });
ajv.addVocabulary(['refusal']);

/** The property of the request part an issue is about (`/roleIds/0` → `roleIds`), or undefined for the part itself. */
function fieldOf(issue: ErrorObject): string | undefined {
  if (issue.keyword === 'required') return String(issue.params.missingProperty);
  const first = issue.instancePath.split('/')[1];
  return first === undefined ? undefined : first.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The `refusal` nearest to the failing keyword, walking the schema along the issue's path. */
function refusalOf(schema: unknown, issue: ErrorObject): Refusal | undefined {
  let node: unknown = schema;
  let found: Refusal | undefined;
  const steps = issue.schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (issue.keyword === 'required') steps.splice(-1, 1, 'properties', String(issue.params.missingProperty));
  for (const step of steps) {
    if (node === null || typeof node !== 'object') break;
    const refusal = (node as { refusal?: Refusal }).refusal;
    if (refusal) found = refusal;
    node = (node as Record<string, unknown>)[step.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  const last = node !== null && typeof node === 'object' ? (node as { refusal?: Refusal }).refusal : undefined;
  return last ?? found;
}

/** The typed error for the issues of one request part: the field its schema lists first wins, as a form is checked top down. */
function refusalError(schema: ObjectSchema, issues: ErrorObject[], part: string): ConsoleError {
  const order = Object.keys(schema.properties ?? {});
  const rank = (issue: ErrorObject) => {
    const field = fieldOf(issue);
    return field === undefined ? -1 : order.includes(field) ? order.indexOf(field) : order.length;
  };
  const issue = issues.reduce((first, candidate) => (rank(candidate) < rank(first) ? candidate : first));
  const field = fieldOf(issue) ?? part;
  const refusal = refusalOf(schema, issue) ?? { error: 'validation', rule: issue.keyword };
  return refusal.error === 'validation' ? new ValidationError(field, refusal.rule ?? issue.keyword) : new FieldRefusedError(refusal.error, field);
}

/**
 * Compiles the schema of one request part. Values are never converted (`"5"` is not 5): a query
 * string's values stay text, a parameter given twice is a list. A body that is not a JSON object —
 * none, an array, a string — is read as an object without fields, so its required fields are
 * refused by name.
 */
export function compileRequestPart(schema: unknown, part: string): RequestPartValidator {
  const validate = ajv.compile(schema as object);
  return (data) => {
    const value = part === 'body' && (data === null || typeof data !== 'object' || Array.isArray(data)) ? {} : data;
    if (validate(value)) return { value };
    return { error: refusalError(schema as ObjectSchema, validate.errors ?? [], part) };
  };
}

/**
 * Schema validation of the console's routes: what a schema refuses is answered with the refused
 * field's `refusal` (see {@link Refusal}), through the one error handler.
 */
export function installValidation(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }) => compileRequestPart(schema, httpPart ?? 'body'));
}

/** Validates a request part against a validator of {@link compileRequestPart}; throws its refusal. */
export function validated<T>(validator: RequestPartValidator, data: unknown): T {
  const result = validator(data);
  if ('error' in result) throw result.error;
  return result.value as T;
}

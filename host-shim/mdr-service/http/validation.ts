import { Ajv, type Options } from 'ajv';
import type { FastifyInstance } from 'fastify';

const common: Options = { removeAdditional: false, useDefaults: true, allErrors: false, strict: false };

/** Bodies are JSON: a value of the wrong type is refused, never converted (`"5"` is not 5, `false` is not 0). */
const bodyValidator = new Ajv({ ...common, coerceTypes: false });
/** Query strings and path parameters arrive as text: numbers and booleans are read from it. */
const textValidator = new Ajv({ ...common, coerceTypes: 'array' });

/**
 * Schema validation of the service: strict for bodies, converting only where HTTP gives text, and
 * unknown properties refused (not silently dropped) wherever a schema says `additionalProperties: false`.
 */
export function installValidation(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyValidator : textValidator).compile(schema));
}

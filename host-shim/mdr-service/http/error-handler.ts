import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from '../../../contract/errors.ts';
import { FieldValidationError, ForbiddenError, MdrError, TooManyRequestsError, ValidationError } from '../errors.ts';

export type { ErrorBody };

interface SchemaValidationIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Turns the first ajv issue into the offending field's name (`/page_size` → `page_size`). */
function fieldOf(issue: SchemaValidationIssue): string | undefined {
  const missing = issue.params.missingProperty ?? issue.params.additionalProperty;
  const pathParts = issue.instancePath.split('/').filter(Boolean);
  if (typeof missing === 'string') pathParts.push(missing);
  return pathParts.length ? pathParts.join('.') : undefined;
}

/** Fastify's own client errors (bad JSON, wrong content type, body too large) by status. */
const FRAMEWORK_CODES: Record<number, string> = {
  400: 'badRequest',
  404: 'notFound',
  405: 'methodNotAllowed',
  406: 'notAcceptable',
  413: 'payloadTooLarge',
  415: 'unsupportedMediaType',
};

/** Maps any thrown error to the status code and body the client gets. Pure, so it can be tested alone. */
export function toErrorResponse(error: unknown): { statusCode: number; body: ErrorBody } {
  if (error instanceof MdrError) {
    const body: ErrorBody = { error: error.code, message: error.message };
    if (error.field) body.field = error.field;
    if (error instanceof ForbiddenError && error.missingRights) body.missingRights = error.missingRights;
    if (error instanceof ValidationError && error.rule) body.rule = error.rule;
    if (error instanceof FieldValidationError) body.rule = error.rule;
    if (error instanceof TooManyRequestsError) body.retryAfter = error.retryAfterSeconds;
    return { statusCode: error.statusCode, body };
  }
  const fastifyError = error as FastifyError & { validation?: SchemaValidationIssue[] };
  if (Array.isArray(fastifyError.validation) && fastifyError.validation.length > 0) {
    const issue = fastifyError.validation[0]!;
    const body: ErrorBody = { error: 'validation', message: fastifyError.message, rule: issue.keyword };
    const field = fieldOf(issue);
    if (field) body.field = field;
    return { statusCode: 400, body };
  }
  const status = typeof fastifyError.statusCode === 'number' ? fastifyError.statusCode : 500;
  if (status >= 400 && status < 500) {
    return { statusCode: status, body: { error: FRAMEWORK_CODES[status] ?? 'badRequest', message: fastifyError.message } };
  }
  // Never leak internals (SQL, paths) to the client; the log has the details.
  return { statusCode: 500, body: { error: 'internal', message: 'Internal error' } };
}

/** Installs the one place where errors become HTTP answers, plus the JSON 404 for unknown routes. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { statusCode, body } = toErrorResponse(error);
    if (statusCode >= 500) request.log.error({ err: error }, 'request failed');
    if (body.retryAfter !== undefined) void reply.header('retry-after', String(body.retryAfter));
    void reply.code(statusCode).type('application/json; charset=utf-8').send(body);
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    void reply.code(404).send({ error: 'notFound', message: `No route ${request.method} ${request.url.split('?')[0]}` } satisfies ErrorBody);
  });
}

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleErrorBody } from '../../../contract/errors.ts';
import {
  BundleRefusedError,
  ConsoleError,
  FieldRefusedError,
  ForbiddenError,
  MethodNotAllowedError,
  PermissionRequiredError,
  RightsNotHeldError,
  RoleInUseError,
  TooManyAttemptsError,
  ValidationError,
} from '../errors.ts';
import { UpstreamError } from '../outbound.ts';

export type { ConsoleErrorBody };

/** An answer to a refused or failed request: status, body and the headers that go with it. */
export interface ErrorResponse {
  statusCode: number;
  body: ConsoleErrorBody;
  headers: Record<string, string>;
}

/** Fastify's own refusals of a body, by their code. */
const FRAMEWORK_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'bodyTooLarge',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupportedMediaType',
};

/** The body of a typed error, its fields in the order the console has always sent them. */
function bodyOf(error: ConsoleError): ConsoleErrorBody {
  if (error instanceof ValidationError) return { error: error.code, field: error.field, rule: error.rule };
  if (error instanceof BundleRefusedError) return { error: error.code, rule: error.rule, ...(error.field === undefined ? {} : { field: error.field }) };
  if (error instanceof FieldRefusedError) return { error: error.code, field: error.field };
  if (error instanceof RightsNotHeldError) return { error: error.code, field: error.field, rule: 'rightsNotHeld', missingRights: error.missingRights };
  if (error instanceof PermissionRequiredError) return { error: error.code, missingRights: [], missingPermission: error.permission };
  if (error instanceof ForbiddenError && error.missingRights) return { error: error.code, missingRights: error.missingRights };
  if (error instanceof RoleInUseError) return { error: error.code, users: error.users };
  if (error instanceof TooManyAttemptsError) return { error: error.code, retryAfterSeconds: error.retryAfterSeconds };
  return { error: error.code };
}

/** Maps any thrown error to the status, body and headers the client gets. Pure, so it can be tested alone. */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (error instanceof ConsoleError) {
    const headers: Record<string, string> = {};
    if (error instanceof MethodNotAllowedError) headers.allow = error.allowed.join(', ');
    if (error instanceof TooManyAttemptsError) headers['retry-after'] = String(error.retryAfterSeconds);
    return { statusCode: error.statusCode, body: bodyOf(error), headers };
  }
  // The MDR service could not be reached or answered nonsense: the failure names the step (contract/errors.ts).
  if (error instanceof UpstreamError) return { statusCode: error.status, body: { error: error.failure, message: error.message }, headers: {} };
  const framework = error as Partial<FastifyError>;
  const statusCode = typeof framework.statusCode === 'number' ? framework.statusCode : 500;
  const code = (framework.code && FRAMEWORK_CODES[framework.code]) ?? (statusCode >= 500 ? 'internalError' : 'badRequest');
  // Never anything of the error itself: internals (SQL, paths) stay in the log.
  return { statusCode, body: { error: code }, headers: {} };
}

/** Installs the one place where errors become HTTP answers. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { statusCode, body, headers } = toErrorResponse(error);
    // An unreachable MDR service is no fault of the console: the forwarder has logged it as a warning.
    if (statusCode >= 500 && !(error instanceof UpstreamError)) request.log.error(error);
    void reply.code(statusCode).headers(headers).send(body);
  });
}

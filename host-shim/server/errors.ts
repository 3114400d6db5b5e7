/**
 * Typed errors of the console server. Hooks, handlers and repositories throw them; the error
 * handler (http/error-handler.ts) turns each into its HTTP status and the one error body of
 * contract/errors.ts, in one place. `code` is the body's `error`, the stable code the console pages
 * and the plug-in read; `message` is for logs only and never sent.
 */
import type { RightId } from '../../contract/rights.ts';
import type { GrantedRight } from './rights.ts';
import type { BundleRefusal } from '../../contract/web-plugins.ts';

export type { BundleRefusal };

export class ConsoleError extends Error {
  /** HTTP status the error maps to. */
  readonly statusCode: number;
  /** The body's `error`. */
  readonly code: string;

  constructor(statusCode: number, code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.statusCode = statusCode;
    this.code = code;
  }
}

/** 400 `{ error: 'validation', field, rule }`: a request field broke `rule`. */
export class ValidationError extends ConsoleError {
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(400, 'validation', `${field}: ${rule}`);
  }
}

/**
 * 400 `{ error: code, field }`: the shape of the session routes, older than `validation` (the sign-in
 * page and the language menu read `required`, `unknownLanguage` and `invalidValue` as the code).
 */
export class FieldRefusedError extends ConsoleError {
  constructor(
    code: string,
    readonly field: string,
  ) {
    super(400, code, `${field}: ${code}`);
  }
}

/** 400 `{ error: 'invalidJson' }`: the body is not JSON. */
export class InvalidJsonError extends ConsoleError {
  constructor() {
    super(400, 'invalidJson', 'The body is not JSON');
  }
}

/** 401 `{ error: 'unauthenticated' }`: no session, an unknown or ended one. */
export class UnauthenticatedError extends ConsoleError {
  constructor() {
    super(401, 'unauthenticated', 'A session is required');
  }
}

/** 401 `{ error: 'invalidCredentials' }`: a wrong user name or password (which one is not said). */
export class InvalidCredentialsError extends ConsoleError {
  constructor() {
    super(401, 'invalidCredentials', 'Wrong user name or password');
  }
}

/**
 * 403: the caller may not do this. `forbidden` with the MDR rights the user lacks (in the order the
 * manifest declares them), or a reason of its own: `crossOrigin`, `csrfTokenInvalid`, `ownRights`.
 */
export class ForbiddenError extends ConsoleError {
  constructor(
    code = 'forbidden',
    readonly missingRights?: GrantedRight[],
  ) {
    super(403, code, missingRights ? `Missing rights: ${missingRights.join(', ')}` : code);
  }
}

/** 403 `{ error: 'forbidden', missingRights: [], missingPermission }`: a console permission, not an MDR right, is missing. */
export class PermissionRequiredError extends ConsoleError {
  constructor(readonly permission: 'manageUsersAndRoles') {
    super(403, 'forbidden', `Missing permission ${permission}`);
  }
}

/**
 * 403 `{ error: 'forbidden', field, rule: 'rightsNotHeld', missingRights }`: a user manager gave
 * rights they do not hold themselves, through `field` (roles given to a user, rights added to a role).
 */
export class RightsNotHeldError extends ConsoleError {
  constructor(
    readonly field: 'roleIds' | 'rights',
    readonly missingRights: RightId[],
  ) {
    super(403, 'forbidden', `${field}: rights not held`);
  }
}

/** 404 `{ error: 'notFound' }`: no such route or record. */
export class NotFoundError extends ConsoleError {
  constructor(what = 'object') {
    super(404, 'notFound', `${what} not found`);
  }
}

/** 405 `{ error: 'methodNotAllowed' }` with `Allow` naming the declared methods. */
export class MethodNotAllowedError extends ConsoleError {
  constructor(readonly allowed: string[]) {
    super(405, 'methodNotAllowed', `Allowed: ${allowed.join(', ')}`);
  }
}

/** 409: the change would break a rule of the stored data — `conflict` (a stale `expectedVersion`), `lastAdministrator`, `ownAccount`. */
export class ConflictError extends ConsoleError {
  constructor(code = 'conflict', message = 'The record was changed by someone else') {
    super(409, code, message);
  }
}

/** 409 `{ error: 'roleInUse', users }`: only a role nobody holds can be deleted. */
export class RoleInUseError extends ConsoleError {
  constructor(readonly users: number) {
    super(409, 'roleInUse', `The role is held by ${users} users`);
  }
}

/**
 * 422 `{ error: 'bundleRefused', rule, field }`: a plug-in bundle failed verification; `rule` says
 * which check, `field` the file of the bundle or the manifest field at fault (or `signature`).
 */
export class BundleRefusedError extends ConsoleError {
  constructor(
    readonly rule: BundleRefusal,
    readonly field?: string,
  ) {
    super(422, 'bundleRefused', field ? `${rule}: ${field}` : rule);
  }
}

/** 421 `{ error: 'hostNotAllowed' }`: the request names a host this console is not known by. */
export class HostNotAllowedError extends ConsoleError {
  constructor() {
    super(421, 'hostNotAllowed', 'Host not allowed');
  }
}

/** 429 `{ error: 'tooManyAttempts', retryAfterSeconds }` with `Retry-After`: sign-in must wait. */
export class TooManyAttemptsError extends ConsoleError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'tooManyAttempts', `Retry after ${retryAfterSeconds} s`);
  }
}

/**
 * Typed errors of the MDR service. Every failure a caller can act on is one of these; the app's
 * error handler maps them once to an HTTP status and the `{ error, message, field }` body. The
 * `error` code is what the plug-in localizes; `message` is a developer-facing hint only (the body is
 * contract/errors.ts's `ErrorBody`).
 */
export class MdrError extends Error {
  /** HTTP status the error maps to. */
  readonly statusCode: number;
  /** Stable machine-readable code, e.g. `validation`, `conflict`, `notFound`. */
  readonly code: string;
  /** Name of the offending request field, when there is one. */
  readonly field: string | undefined;

  constructor(statusCode: number, code: string, message: string, field?: string) {
    super(message);
    this.name = new.target.name;
    this.statusCode = statusCode;
    this.code = code;
    this.field = field;
  }
}

/** 400: a request field is missing or invalid. */
export class ValidationError extends MdrError {
  /** Which rule the value broke (e.g. 'maxLength', 'characters'), for a specific message. */
  readonly rule: string | undefined;

  constructor(field: string, message = `Invalid value of ${field}`, code = 'validation', rule?: string) {
    super(400, code, message, field);
    this.rule = rule;
  }
}

/**
 * 400 `validation` for a form rule the plug-in checks too: `field` and the `rule` (e.g.
 * `invalidEmail`) that the plug-in shows as the localized message next to that field.
 */
export class FieldValidationError extends MdrError {
  constructor(
    field: string,
    readonly rule: string,
    message = `Invalid value of ${field} (${rule})`,
  ) {
    super(400, 'validation', message, field);
  }
}

/** 401: no or an invalid credential/token. */
export class UnauthorizedError extends MdrError {
  constructor(code = 'unauthorized', message = 'Authentication required') {
    super(401, code, message);
  }
}

/** 403: authenticated, but the caller's rights or tenant scope do not allow this. */
export class ForbiddenError extends MdrError {
  /** The rights the caller lacks, when a rights check failed. */
  readonly missingRights: string[] | undefined;

  constructor(code = 'forbidden', message = 'Not allowed', missingRights?: string[]) {
    super(403, code, message);
    this.missingRights = missingRights;
  }
}

/** 404: the object does not exist or is outside the caller's scope (not distinguished on purpose). */
export class NotFoundError extends MdrError {
  constructor(what = 'object', code = 'notFound') {
    super(404, code, `${what} not found`);
  }
}

/** 409: an optimistic-concurrency check failed: somebody else saved first. */
export class ConflictError extends MdrError {
  constructor(what = 'object', code = 'conflict') {
    super(409, code, `${what} was changed by someone else`);
  }
}

/** 409: a business limit (e.g. 100 tenants, 50 schedules) or a uniqueness rule would be broken. */
export class LimitError extends MdrError {
  constructor(code: string, message: string, field?: string) {
    super(409, code, message, field);
  }
}

/** 429: the caller must wait before trying this again (`Retry-After`, and `retryAfter` in the body). */
export class TooManyRequestsError extends MdrError {
  /** Whole seconds until a new attempt can succeed. */
  readonly retryAfterSeconds: number;

  constructor(code: string, retryAfterMs: number, message: string, field?: string) {
    super(429, code, message, field);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  }
}

/** 409: the organization is not activated, so the requested operation has nothing to act on. */
export class NotActivatedError extends MdrError {
  constructor() {
    super(409, 'notActivated', 'MDR is not activated for this organization');
  }
}

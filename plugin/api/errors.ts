import type { AxiosError } from 'axios';
import { UPSTREAM_FAILURES, type UpstreamFailure } from '../../contract/errors.ts';

/** Failure kinds the console server names (contract/errors.ts), plus what the browser itself can tell. */
export type ApiFailure =
  | UpstreamFailure
  | 'unauthenticated'
  | 'forbidden'
  | 'notFound'
  | 'conflict'
  | 'validation'
  | 'tooManyRequests'
  | 'network'
  | 'unknown';

/** An error of a plug-in call, with a key into the `errors.*` messages. */
export class ApiError extends Error {
  constructor(
    readonly failure: ApiFailure,
    readonly status: number | undefined,
    /** From the error body: `code` is its `error`, `rule` the rule `field` broke. */
    readonly details: { field?: string; code?: string; rule?: string; missingRights?: string[]; retryAfterSeconds?: number } = {},
  ) {
    super(failure);
    this.name = 'ApiError';
  }

  /** Locale key of the message to show. */
  get messageKey(): `errors.${ApiFailure}` {
    return `errors.${this.failure}`;
  }

  /** Whether trying again can help (as opposed to a missing right or bad input). */
  get retryable(): boolean {
    return !['forbidden', 'validation', 'notFound', 'conflict'].includes(this.failure);
  }
}

const upstreamFailures = new Set<string>(UPSTREAM_FAILURES);

/** Axios marks its errors; checked by shape so that the plug-in does not bundle axios (the host hands it over). */
function isAxiosError(error: unknown): error is AxiosError {
  return typeof error === 'object' && error !== null && (error as { isAxiosError?: unknown }).isAxiosError === true;
}

/** Seconds to wait from a 429 (`retryAfter` in the body, or the `Retry-After` header in seconds). */
function retryAfterOf(value: unknown): number | undefined {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

/** Turns whatever a call threw into an ApiError. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (!isAxiosError(error)) return new ApiError('unknown', undefined);
  const response = error.response;
  if (!response) return new ApiError(error.code === 'ECONNABORTED' ? 'serviceTimeout' : 'network', undefined);
  const body = (typeof response.data === 'object' && response.data !== null ? response.data : {}) as Record<string, unknown>;
  // The one error body (contract/errors.ts): what went wrong in `error`, the field at fault and the rule it broke.
  const code = typeof body.error === 'string' ? body.error : undefined;
  const field = typeof body.field === 'string' ? body.field : undefined;
  const rule = typeof body.rule === 'string' ? body.rule : undefined;
  const missing = Array.isArray(body.missingRights) ? body.missingRights.map(String) : undefined;
  if (code && upstreamFailures.has(code)) return new ApiError(code as ApiFailure, response.status, { code });
  switch (response.status) {
    case 400:
    case 422:
      return new ApiError('validation', response.status, { field, code, rule });
    case 401:
      return new ApiError('unauthenticated', 401, { code });
    case 403:
      return new ApiError('forbidden', 403, { code, missingRights: missing });
    case 404:
      return new ApiError('notFound', 404, { code });
    case 409:
    case 412:
      return new ApiError('conflict', response.status, { code });
    case 429:
      return new ApiError('tooManyRequests', 429, { field, code, retryAfterSeconds: retryAfterOf(body.retryAfter ?? response.headers?.['retry-after']) });
    case 502:
      return new ApiError('serviceUnreachable', 502, { code });
    case 504:
      return new ApiError('serviceTimeout', 504, { code });
    default:
      return new ApiError(response.status >= 500 ? 'serviceError' : 'unknown', response.status, { code });
  }
}

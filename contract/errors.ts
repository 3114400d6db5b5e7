/**
 * The one error body of every refusal on the wire — the MDR service, the console server and its
 * gateway answer with it, and the plug-in and the console pages read it:
 *
 *   { "error": "validation", "message": "Invalid value of name (nameTooLong)", "field": "name", "rule": "nameTooLong" }
 *
 * - `error`: what went wrong, a stable code the browser localizes (`validation`, `forbidden`,
 *   `conflict`, `notFound`, `tenantScheduleLimit`, an upstream failure such as `proxyTimeout`, …).
 * - `message`: a hint for developers and logs, never shown to users (it is English).
 * - `field`: the request field at fault, when there is one (`email.address`, `configFile.licenseId`).
 * - `rule`: which rule that field broke — a form rule the browser checks too (`invalidEmail`,
 *   `nameTooLong`), or the JSON-Schema keyword (`maxLength`, `required`) when the route's schema
 *   refused it before any product rule ran.
 * - `missingRights`: for a refusal by rights, the right ids the caller lacks.
 * - `retryAfter`: for 429, seconds to wait (also sent as `Retry-After`).
 *
 * Optimistic locking has one name too: every answer carries the record's `version`, and every change
 * sends back the version it was based on as `expectedVersion` (in the body, or the query of a
 * DELETE); a stale one gets 409 `{ "error": "conflict" }` and changes nothing.
 */
export interface ErrorBody {
  error: string;
  message?: string;
  field?: string;
  rule?: string;
  missingRights?: string[];
  retryAfter?: number;
}

/**
 * The console server's own refusals add a few fields to the same body:
 *
 * - `missingPermission`: for a refusal by a console permission rather than an MDR right (403
 *   `forbidden` with an empty `missingRights`); the only one is `manageUsersAndRoles`.
 * - `retryAfterSeconds`: for 429 `tooManyAttempts` at sign-in, seconds to wait (also `Retry-After`).
 * - `users`: for 409 `roleInUse`, how many users hold the role.
 */
export interface ConsoleErrorBody extends ErrorBody {
  missingPermission?: 'manageUsersAndRoles';
  retryAfterSeconds?: number;
  users?: number;
}

/**
 * Why the console could not get an answer from the MDR service (the console answers 502 or 504
 * with one of these as `error`); the plug-in shows a specific message and *Retry* for each.
 */
export const UPSTREAM_FAILURES = [
  'proxyAuthenticationFailed',
  'proxyUnreachable',
  'proxyTimeout',
  'certificateUntrusted',
  'serviceUnreachable',
  'serviceTimeout',
  'serviceError',
  'invalidResponse',
] as const;

export type UpstreamFailure = (typeof UPSTREAM_FAILURES)[number];

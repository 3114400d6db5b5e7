import type { FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthorizedError } from '../../errors.ts';
import type { MdrDatabase } from '../../db.ts';
import type { ApiCaller } from '../../tokens.ts';

/** The caller of a REST request behind the access-token hook. */
export function apiCaller(request: FastifyRequest): ApiCaller {
  if (!request.apiCaller) throw new UnauthorizedError();
  return request.apiCaller;
}

/**
 * Confirming or declining responses needs the rights of a Senior Security Officer or more: a
 * connection with *Incident access* only (Security Officer) may read but not decide.
 */
export function requireResponseManagement(caller: ApiCaller): void {
  if (caller.connection.accessLevel === 'incident') {
    throw new ForbiddenError('forbidden', 'The connection has incident access only', ['responseManagement']);
  }
}

/** Client ids are generated hex strings; anything else cannot name a connection. */
export const clientIdParams = {
  type: 'object',
  required: ['clientId'],
  properties: { clientId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,100}$' } },
} as const;

/** Tenant id → name, for the `tenant_name` fields (at most 100 tenants). */
export function tenantNames(db: MdrDatabase): Map<string, string> {
  return new Map(db.tenants.list(null).map((t) => [t.id, t.name]));
}

import type { FastifyInstance } from 'fastify';
import type { PrincipalsUpdate } from '../../../../contract/service.ts';
import { PrincipalsUpdateSchema } from '../../../../contract/schemas/service.ts';
import { CONSOLE_RIGHTS } from '../../http/console-auth.ts';

const known = new Set<string>(CONSOLE_RIGHTS);

/**
 * `PUT /console/v1/principals`: the console server tells the service the current rights of its
 * users, after every change of users or roles (a deleted or disabled user comes with no rights) and,
 * with `complete: true`, the whole list at start-up. The API connections a user created work only
 * while these rights cover their access level. Called by the console server itself with its
 * credential, never on behalf of a user (no manifest route leads here), so it needs no user right.
 */
export async function principalRoutes(app: FastifyInstance): Promise<void> {
  app.put<{ Body: PrincipalsUpdate }>('/principals', { schema: { body: PrincipalsUpdateSchema }, config: { rights: [] } }, async (request, reply) => {
    // Unknown right ids are dropped, never granted (as in X-MDR-Rights).
    const principals = request.body.principals.map((principal) => ({ userId: principal.userId, rights: [...new Set(principal.rights.filter((right) => known.has(right)))] }));
    app.mdr.db.consolePrincipals.replace(principals, request.body.complete === true, app.mdr.now());
    return reply.code(204).send();
  });
}

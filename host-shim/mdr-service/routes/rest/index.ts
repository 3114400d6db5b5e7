import type { FastifyInstance } from 'fastify';
import { UnauthorizedError } from '../../errors.ts';
import { requireTierFeature } from '../../services/tier-features.ts';
import { assetRoutes } from './assets.ts';
import { commentRoutes } from './comments.ts';
import { incidentRoutes } from './incidents.ts';
import { responseRoutes } from './responses.ts';
import { sessionRoutes } from './session.ts';

/**
 * The public REST API v1 under `/api/v1/:clientId/` (all POST, JSON), as in the vendor's examples.
 * Every route but `session/confirm` needs `Authorization: Bearer <access token>` of that client;
 * none is open to an organization whose license tier does not include the REST API (403
 * `notInLicenseTier`).
 */
export async function restApi(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.public) {
      // Before a refresh token is used up: the organization's tier may not include the REST API.
      requireTierFeature(app.mdr.db, 'restApi');
      return;
    }
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw new UnauthorizedError('unauthorized', 'An access token is required (Authorization: Bearer <access_token>)');
    const { clientId } = request.params as { clientId?: string };
    request.apiCaller = await app.mdr.tokens.authenticate(clientId ?? '', match[1]!);
    // Help, *Managing the solution through the REST API*: "available in MDR Expert, MDR Advanced … and
    // MDR Prime"; tokens issued before a change of tier stop working with it.
    requireTierFeature(app.mdr.db, 'restApi');
  });
  await app.register(sessionRoutes);
  await app.register(assetRoutes);
  await app.register(incidentRoutes);
  await app.register(responseRoutes);
  await app.register(commentRoutes);
}

import type { FastifyInstance } from 'fastify';
import { UnauthorizedError } from '../../errors.ts';
import { assetRoutes } from './assets.ts';
import { commentRoutes } from './comments.ts';
import { incidentRoutes } from './incidents.ts';
import { responseRoutes } from './responses.ts';
import { sessionRoutes } from './session.ts';

/**
 * The public REST API v1 under `/api/v1/:clientId/` (all POST, JSON), as in the vendor's examples.
 * Every route but `session/confirm` needs `Authorization: Bearer <access token>` of that client.
 */
export async function restApi(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.public) return;
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw new UnauthorizedError('unauthorized', 'An access token is required (Authorization: Bearer <access_token>)');
    const { clientId } = request.params as { clientId?: string };
    request.apiCaller = await app.mdr.tokens.authenticate(clientId ?? '', match[1]!);
  });
  await app.register(sessionRoutes);
  await app.register(assetRoutes);
  await app.register(incidentRoutes);
  await app.register(responseRoutes);
  await app.register(commentRoutes);
}

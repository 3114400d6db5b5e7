import type { FastifyInstance } from 'fastify';
import { UsageSchema } from '../../../../contract/schemas/usage.ts';
import { buildUsage } from '../../services/usage.ts';

const schema = { response: { 200: UsageSchema } };

/** `GET /console/v1/usage`: the *MDR Usage* tab (activation, license, region, KSN, terms, custom incidents). */
export async function usageRoutes(app: FastifyInstance): Promise<void> {
  app.get('/usage', { schema, config: { rights: ['incidentAccess'] } }, async () => buildUsage(app.mdr.db, app.mdr.now()));
}

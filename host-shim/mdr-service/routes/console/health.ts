import type { FastifyInstance } from 'fastify';
import { ServiceHealthSchema } from '../../../../contract/schemas/service.ts';

const schema = { response: { 200: ServiceHealthSchema } };

/** `GET /console/v1/health`: liveness for connection checks; no credential needed. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/health', { schema, config: { public: true } }, async () => ({ status: 'ok' as const, version: app.mdr.version }));
}

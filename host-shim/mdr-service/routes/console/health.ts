import type { FastifyInstance } from 'fastify';

const schema = {
  response: {
    200: {
      type: 'object',
      required: ['status', 'version'],
      properties: { status: { type: 'string', enum: ['ok'] }, version: { type: 'string' } },
    },
  },
} as const;

/** `GET /console/v1/health`: liveness for connection checks; no credential needed. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/health', { schema, config: { public: true } }, async () => ({ status: 'ok' as const, version: app.mdr.version }));
}

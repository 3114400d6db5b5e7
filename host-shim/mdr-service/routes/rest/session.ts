import type { FastifyInstance } from 'fastify';
import { clientIdParams } from './common.ts';

const schema = {
  params: clientIdParams,
  body: {
    type: 'object',
    required: ['refresh_token'],
    properties: { refresh_token: { type: 'string', minLength: 1, maxLength: 4096 } },
  },
  response: {
    200: {
      type: 'object',
      required: ['access_token', 'refresh_token'],
      properties: { access_token: { type: 'string' }, refresh_token: { type: 'string' } },
    },
  },
} as const;

/** `session/confirm`: a refresh token in, an access token and the next refresh token out. */
export async function sessionRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Params: { clientId: string }; Body: { refresh_token: string } }>(
    '/session/confirm',
    { schema, config: { public: true } },
    async (request) => app.mdr.tokens.exchange(request.params.clientId, request.body.refresh_token),
  );
}

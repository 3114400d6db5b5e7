import type { FastifyInstance } from 'fastify';
import { UNAUTHENTICATED_BODY_LIMIT } from '../../http/json-body.ts';
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
    // Read before anyone is authenticated: a refresh token fits, nothing much bigger does.
    { schema, config: { public: true }, bodyLimit: UNAUTHENTICATED_BODY_LIMIT },
    async (request) => app.mdr.tokens.exchange(request.params.clientId, request.body.refresh_token),
  );
}

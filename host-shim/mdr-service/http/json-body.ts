import type { FastifyInstance } from 'fastify';
import { jsonNestedDeeperThan } from '../../common/json-depth.ts';
import { ValidationError } from '../errors.ts';

/**
 * Body limit where nobody is authenticated yet: public routes (`session/confirm`: a refresh token
 * of at most 4 KiB) and unknown routes. A stranger cannot make the service read more than this.
 */
export const UNAUTHENTICATED_BODY_LIMIT = 8 * 1024;
/** Body limit of routes behind a console credential or an access token (checked before the body is read). */
export const AUTHENTICATED_BODY_LIMIT = 1024 * 1024;
/** Deepest nesting of a JSON body; the service's own bodies nest a few levels (`responses/update`: 3). */
export const MAX_JSON_DEPTH = 16;

/**
 * Keeps reading and parsing request bodies cheap for anyone not yet authenticated:
 * - the instance's `bodyLimit` must be {@link UNAUTHENTICATED_BODY_LIMIT} (it also applies to
 *   unknown routes); routes that need a credential get {@link AUTHENTICATED_BODY_LIMIT} unless
 *   they set their own. Their credential is checked in `onRequest`, before the body is read.
 * - JSON nested deeper than {@link MAX_JSON_DEPTH} is refused (400 `validation`, `rule: 'maxDepth'`)
 *   before it is parsed, on every route.
 * Install before the routes are registered.
 */
export function installJsonBodyLimits(app: FastifyInstance): void {
  // Fastify's own parser (prototype-poisoning checks included) does the parsing after the depth check.
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string; // parseAs: 'string'
    if (jsonNestedDeeperThan(text, MAX_JSON_DEPTH)) {
      done(new ValidationError('body', `The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`, 'validation', 'maxDepth'), undefined);
      return;
    }
    parse(request, text, done);
  });
  app.addHook('onRoute', (route) => {
    if (route.bodyLimit === undefined && !route.config?.public) route.bodyLimit = AUTHENTICATED_BODY_LIMIT;
  });
}

import type { FastifyInstance } from 'fastify';
import { jsonNestedDeeperThan } from '../../common/json-depth.ts';
import { InvalidJsonError, ValidationError } from '../errors.ts';

/** Body limit of every route that sets none (the sign-in sets a smaller one). */
export const JSON_BODY_LIMIT = 256 * 1024;
/** Deepest JSON body nesting; the MDR service refuses deeper bodies too. */
export const MAX_JSON_DEPTH = 16;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Deepest JSON nesting the route's body may have (default {@link MAX_JSON_DEPTH}). */
    jsonMaxDepth?: number;
  }
}

/**
 * Bodies are JSON only (anything else is 415). A body nested deeper than the route allows is refused
 * before it is parsed (400 `validation`, `field: 'body'`, `rule: 'maxDepth'`): deep nesting then
 * costs nothing more than its bytes; one that is not JSON is 400 `invalidJson`. A blank body is no body.
 *
 * `keep`: `'parsed'` hands the route the parsed value; `'text'` the text as it came, checked the same
 * way (the plug-in gateway forwards bodies byte for byte). The parser belongs to the scope it is
 * installed in and its children.
 */
export function installJsonBodies(app: FastifyInstance, keep: 'parsed' | 'text'): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(/^application\/json(;.*)?$/, { parseAs: 'string', bodyLimit: JSON_BODY_LIMIT }, (request, body, done) => {
    const text = body as string; // parseAs: 'string'
    if (text.trim() === '') return done(null, undefined);
    if (jsonNestedDeeperThan(text, request.routeOptions.config.jsonMaxDepth ?? MAX_JSON_DEPTH)) return done(new ValidationError('body', 'maxDepth'), undefined);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return done(new InvalidJsonError(), undefined);
    }
    done(null, keep === 'parsed' ? value : text);
  });
}

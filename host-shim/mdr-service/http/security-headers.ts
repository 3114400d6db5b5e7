import type { FastifyInstance } from 'fastify';

/** One year: the service is only ever reached over HTTPS. */
const HSTS = 'max-age=31536000';

/**
 * Headers every answer of the service carries, the framework's own error answers included (404,
 * bad JSON, 413, refused credentials): an `onSend` hook at the root runs for all of them.
 *
 * - `Strict-Transport-Security`: clients never fall back to plain HTTP.
 * - `X-Content-Type-Options: nosniff`: a JSON or CSV answer is never run as a script or page.
 * - `Cache-Control: no-store`: answers carry refresh and access tokens, console credentials'
 *   results and tenant data, which no cache on the way (a TLS-inspecting proxy) may keep. A route
 *   that sets its own `Cache-Control` keeps it.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('strict-transport-security', HSTS);
    reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}

import type { FastifyInstance } from 'fastify';

/** The console's pages load only its own scripts, styles and images, and nothing frames them. */
const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/**
 * Headers every answer of the console carries — pages, files, the API and the framework's own
 * error answers alike: an `onSend` hook at the root runs for all of them.
 *
 * - `Content-Security-Policy`: no inline script, nothing from elsewhere, no framing.
 * - `X-Content-Type-Options: nosniff`: a JSON or CSV answer is never run as a script or page.
 * - `X-Frame-Options: DENY`: no framing by browsers that ignore `frame-ancestors`.
 * - `Referrer-Policy: same-origin`: links to the outside do not carry the console's addresses.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', contentSecurityPolicy);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    return payload;
  });
}

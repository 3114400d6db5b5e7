import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ActiveSession } from '../sessions.ts';
import { recordStep, serverTiming } from '../http/server-timing.ts';
import { UpstreamError, type MdrServiceClient } from '../outbound.ts';

/** Request headers passed on to the MDR service as they are. */
const passedRequestHeaders = ['content-type', 'if-match', 'if-none-match', 'accept'];
/** Response headers passed back to the browser as they are. */
const passedResponseHeaders = ['content-type', 'content-disposition', 'etag', 'cache-control', 'last-modified', 'retry-after'];

/**
 * The headers of a call to the MDR service on a user's behalf: the console's own credential (none to
 * another plug-in's service) and the user's identity, MDR rights, console permissions that matter to the service, and language.
 */
export function onBehalfOf(credential: string | undefined, session: ActiveSession): Record<string, string> {
  return {
    ...(credential === undefined ? {} : { authorization: `Bearer ${credential}` }),
    'x-mdr-user': session.user.id,
    'x-mdr-user-name': encodeURIComponent(session.user.displayName),
    'x-mdr-rights': [...session.rights].join(','),
    // The demo mailbox shows the main administrator every message.
    ...(session.administration ? { 'x-mdr-host-rights': 'manageUsersAndRoles' } : {}),
    'accept-language': session.user.language ?? 'en',
  };
}

/**
 * The query string as the browser sent it, with the characters a request target may not carry
 * percent-encoded (a fragment mark included: it has no meaning on the wire).
 */
function safeQuery(rawUrl: string): string {
  const start = rawUrl.indexOf('?');
  if (start < 0) return '';
  // Node hands the request target over byte for byte (latin1), so each character is one byte.
  return rawUrl.slice(start).replace(/[^\x21-\x7e]|["#<>\\^`{|}]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * Forwards a plug-in call, already authorized, to the service behind it: `/api/plugins/<id>/<rest>`
 * becomes `/console/v1/<rest>`, with the console's own credential (to the MDR service) and the user's
 * identity, rights and language.
 * `authorizedPath` is the path the gate matched, forwarded as it is: parsing it again as a URL would
 * resolve dot segments into a route the gate never checked.
 */
export async function forwardToService(
  client: MdrServiceClient,
  credential: string | undefined,
  session: ActiveSession,
  request: FastifyRequest,
  reply: FastifyReply,
  prefix: string,
  authorizedPath: string,
  withServerTiming = false,
): Promise<void> {
  if (!authorizedPath.startsWith(`${prefix}/`)) throw new Error(`${authorizedPath} is not a plug-in path`);
  const servicePath = `/console/v1${authorizedPath.slice(prefix.length)}${safeQuery(request.url)}`;
  const headers: Record<string, string> = { ...onBehalfOf(credential, session), 'x-request-id': String(request.id) };
  for (const name of passedRequestHeaders) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const body = typeof request.body === 'string' ? request.body : undefined;
  try {
    const forwardStarted = performance.now();
    const response = await client.request({ method: request.method as 'GET', path: servicePath, headers, body });
    recordStep(request, 'forward', forwardStarted);
    const contentType = String(response.headers['content-type'] ?? '');
    // JSON answers are small and checked before they reach the plug-in; files (CSV, ZIP, PDF) stream.
    let payload: unknown = response.body;
    if (contentType.includes('text/html')) {
      // A captive portal or an error page of something in between: the MDR service never sends HTML.
      await response.body.dump();
      throw new UpstreamError('invalidResponse', 502, `The MDR service address answered ${response.statusCode} with an HTML page`);
    }
    if (contentType.includes('json')) {
      const text = await response.body.text();
      if (text !== '' && !isJson(text)) throw new UpstreamError('invalidResponse', 502, `The MDR service answered ${response.statusCode} with a body that is not JSON`);
      payload = text;
    }
    reply.code(response.statusCode);
    if (withServerTiming) reply.header('server-timing', serverTiming(request));
    for (const name of passedResponseHeaders) {
      const value = response.headers[name];
      if (typeof value === 'string') reply.header(name, value);
    }
    await reply.send(payload);
  } catch (error) {
    // Answered by the error handler (502 or 504 naming the failure); logged here, where the path is known.
    if (error instanceof UpstreamError) request.log.warn({ failure: error.failure, path: servicePath }, error.message);
    throw error;
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

// request.cookies and reply.setCookie are declared by the cookie plugin (registered in app.ts).
import type {} from '@fastify/cookie';
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ForbiddenError, PermissionRequiredError, UnauthenticatedError } from '../errors.ts';
import { sessionCookieName, type ActiveSession, type SessionStore } from '../sessions.ts';
import { recordStep } from './server-timing.ts';

/**
 * Who may call a route of the console's API. Every route says it in `config.access`:
 *
 * - `public`: anyone (sign-in, the languages, the not-found answer).
 * - `signedIn`: a session (401 `unauthenticated` otherwise); a change — any method but GET and HEAD —
 *   must also come from the console's own origin (403 `crossOrigin`) with the session's CSRF token
 *   (403 `csrfTokenInvalid`).
 * - `administrator`: as `signedIn`, and the console permission to manage users and roles (403
 *   `forbidden` with `missingPermission`).
 * - `pluginGateway`: a session; the plug-in gateway checks a change itself, once the manifest says
 *   the route exists (an undeclared route is 404 before anything else).
 */
export type RouteAccess = 'public' | 'signedIn' | 'administrator' | 'pluginGateway';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** The caller's session, once a route's access check found it. */
    session: ActiveSession | null;
  }
}

/** Whether a request changes something (safe methods only read). */
export function isChange(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

/** A request that names an origin must name this console's own (sign-in and every change). */
export function requireSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${request.headers.host}`) throw new ForbiddenError('crossOrigin');
}

/** A change must come from this console and carry the session's CSRF token (compared in constant time). */
export function requireChangeToken(request: FastifyRequest, session: ActiveSession): void {
  requireSameOrigin(request);
  const token = request.headers['x-csrf-token'];
  const expected = Buffer.from(session.csrfToken);
  const given = typeof token === 'string' ? Buffer.from(token) : undefined;
  if (given === undefined || given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) throw new ForbiddenError('csrfTokenInvalid');
}

/**
 * Guards the routes of the scope it is installed in (see {@link RouteAccess}). A route that
 * declares no access fails at start-up, so nothing is reachable by accident; the checks run before
 * the route's schema, so a stranger learns nothing about what a route accepts.
 */
export function installRouteAccess(app: FastifyInstance, sessions: SessionStore): void {
  app.addHook('onRoute', (route) => {
    if (!route.config?.access) throw new Error(`Console route ${String(route.method)} ${route.url} declares no access (config.access) — refusing to register it`);
  });
  app.addHook('preValidation', async (request) => {
    const { access } = request.routeOptions.config;
    if (access === 'public') return;
    // A route registered in this scope before this hook escaped the start-up check: closed, not open.
    if (!access) throw new Error(`Console route ${request.routeOptions.method} ${request.routeOptions.url} declares no access`);
    const lookupStarted = performance.now();
    const session = sessions.resolve(request.cookies[sessionCookieName]);
    recordStep(request, 'session', lookupStarted);
    if (!session) throw new UnauthenticatedError();
    request.session = session;
    if (access === 'pluginGateway') return;
    if (isChange(request.method)) requireChangeToken(request, session);
    if (access === 'administrator' && !session.administration) throw new PermissionRequiredError('manageUsersAndRoles');
  });
}

/** The session of a request behind a route that needs one (throws if used elsewhere). */
export function sessionOf(request: FastifyRequest): ActiveSession {
  if (!request.session) throw new UnauthenticatedError();
  return request.session;
}

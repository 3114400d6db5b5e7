import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { isChange, requireChangeToken, sessionOf } from '../http/access.ts';
import { installJsonBodies } from '../http/json-body.ts';
import { recordStep } from '../http/server-timing.ts';
import { compileRequestPart, validated, type RequestPartValidator } from '../http/validation.ts';
import { ForbiddenError, MethodNotAllowedError, NotFoundError, PermissionRequiredError, ValidationError } from '../errors.ts';
import type { ManifestRoute, RouteTable } from '../manifest.ts';
import type { PluginStore } from '../plugins/plugin-store.ts';
import { missingRights } from '../rights.ts';
import type { ActiveSession } from '../sessions.ts';
import { ownedRoutes, type OwnedRoute, type OwnedRouteContext } from './console-owned-routes.ts';
import { forwardToService } from './forward.ts';
import type { MdrServiceClient } from '../outbound.ts';

export interface PluginGatewayOptions extends OwnedRouteContext {
  /** The installed plug-ins: only an active one's declared routes get through, as its manifest declares them now. */
  plugins: PluginStore;
  /** The console's credential to the MDR service. */
  consoleCredential: string;
  /** Answer forwarded calls with a `Server-Timing` header (http/server-timing.ts). */
  serverTiming?: boolean;
  /** The services behind other plug-ins, by plug-in id (plugin-services.ts). */
  pluginServices?: ReadonlyMap<string, MdrServiceClient>;
}

interface CompiledOwnedRoute extends OwnedRoute {
  query?: RequestPartValidator;
  params?: RequestPartValidator;
}

/** The plug-in the console has a service behind: the MDR service answers its calls, the console some of them (console-owned-routes.ts). */
export const MDR_PLUGIN_ID = 'mdr';

/**
 * The path as the browser sent it, without the query: the gate matches the manifest on the path
 * still percent-encoded, so that no decoding on the way can turn it into a route it did not check.
 */
function requestPath(request: FastifyRequest): string {
  return request.url.split('?')[0]!;
}

/**
 * The gate of a plug-in call, in this order: the manifest declares the route (404, 405 with `Allow`,
 * 400 for a refused path parameter); a change comes from this console with the CSRF token (403);
 * the user holds the route's rights (403 naming the missing ones) and its console permission.
 */
function authorize(routeTable: RouteTable, request: FastifyRequest, session: ActiveSession, path: string): { route: ManifestRoute; params: Record<string, string> } {
  const match = routeTable.match(request.method, path);
  // Stryker disable next-line StringLiteral: the text names the missing thing in the log only; the answer is the same 404
  if (match.kind === 'notDeclared') throw new NotFoundError('route');
  if (match.kind === 'methodNotAllowed') throw new MethodNotAllowedError(match.allowed);
  if (match.kind === 'invalidParameter') throw new ValidationError(match.field, match.rule);
  if (isChange(request.method)) requireChangeToken(request, session);
  const missing = missingRights(match.route.rights, session.rights);
  if (missing.length > 0) throw new ForbiddenError('forbidden', missing);
  if (match.route.hostRights?.includes('manageUsersAndRoles') && !session.administration) throw new PermissionRequiredError('manageUsersAndRoles');
  return match;
}

/**
 * The installed plug-ins' routes, `/api/plugins/<id>/…`: only what the manifest of the plug-in
 * installed now declares, with the rights it names (deny by default), for a signed-in user; a plug-in
 * not installed (or removed a moment ago) has no routes (404). For the MDR plug-in, a route the
 * console owns is answered here (console-owned-routes.ts) and every other is forwarded to the MDR
 * service; another plug-in's calls go to the service the console's configuration names for it
 * (plugin-services.ts), and without one its routes are 404 once the gate let them through.
 */
export const pluginGateway: FastifyPluginAsync<PluginGatewayOptions> = async (app, options) => {
  const { plugins, mdrClient, consoleCredential } = options;
  const prefix = `/api/plugins/${MDR_PLUGIN_ID}`;
  const owned = new Map<string, CompiledOwnedRoute>(
    Object.entries(ownedRoutes(options)).map(([key, route]) => {
      const [method, path] = key.split(' ') as [string, string];
      const compiled: CompiledOwnedRoute = {
        ...route,
        query: route.schema?.querystring && compileRequestPart(route.schema.querystring, 'querystring'),
        params: route.schema?.params && compileRequestPart(route.schema.params, 'params'),
      };
      return [`${method} ${prefix}${path}`, compiled];
    }),
  );

  // Bodies stay text: a forwarded call reaches the MDR service byte for byte.
  installJsonBodies(app, 'text');

  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/plugins/*',
    config: { access: 'pluginGateway' },
    handler: async (request, reply) => {
      const session = sessionOf(request);
      const path = requestPath(request);
      const gateStarted = performance.now();
      const plugin = plugins.active(/^\/api\/plugins\/([^/]+)\//.exec(path)?.[1] ?? '');
      if (!plugin) throw new NotFoundError('route');
      const { route, params } = authorize(plugin.routes, request, session, path);
      recordStep(request, 'gate', gateStarted);
      if (plugin.id !== MDR_PLUGIN_ID) {
        const service = options.pluginServices?.get(plugin.id);
        if (!service) throw new NotFoundError('route');
        return forwardToService(service, undefined, session, request, reply, `/api/plugins/${plugin.id}`, path, options.serverTiming === true);
      }
      const own = owned.get(`${route.method} ${route.path}`);
      if (!own) return forwardToService(mdrClient, consoleCredential, session, request, reply, prefix, path, options.serverTiming === true);
      return own.handler({
        session,
        params: own.params ? validated(own.params, params) : params,
        query: own.query ? validated(own.query, request.query) : request.query,
        reply,
      });
    },
  });
};

/**
 * Plug-in routes the console server answers itself, from its own data, instead of forwarding them
 * to the MDR service. They pass the same gate as every plug-in route (session, manifest, rights).
 */
import type { FastifyReply } from 'fastify';
import type { ConsoleDatabase } from '../console-db.ts';
import { envFileChangedSince, type ConsoleEnvironment } from '../environment.ts';
import { NotFoundError } from '../errors.ts';
import {
  attachment,
  deviceDetails,
  exportMalfunctioning,
  listMalfunctioning,
  malfunctioningExportName,
  malfunctioningQuerySchema,
  parseMalfunctioningQuery,
  type MalfunctioningQueryString,
} from '../malfunctioning-devices.ts';
import type { MdrServiceClient } from '../outbound.ts';
import { checkConnection } from '../services/connection-check.ts';
import { createPredefinedMdrRoles, predefinedMdrRoleStates } from '../services/predefined-roles.ts';
import type { ActiveSession } from '../sessions.ts';

/** The routes, as the manifest declares them relative to the plug-in prefix. */
export const consoleOwnedRoutes = [
  'GET /connection',
  'POST /connection/test',
  'GET /roles/predefined',
  'POST /roles/predefined',
  // Malfunctioning assets: from the console's own device inventory.
  'GET /health/devices',
  'GET /health/devices/export',
  'GET /health/devices/:deviceId',
] as const;

export type ConsoleOwnedRouteKey = (typeof consoleOwnedRoutes)[number];

/** One call of an owned route, once the gate let it through and its schemas accepted it. */
export interface OwnedRouteCall {
  session: ActiveSession;
  query: unknown;
  /** Path parameters as the gate matched them (still percent-encoded). */
  params: Record<string, string>;
  reply: FastifyReply;
}

/** An owned route: JSON Schemas of its query string and path parameters, and its handler. */
export interface OwnedRoute {
  schema?: { querystring?: object; params?: object };
  handler(call: OwnedRouteCall): Promise<unknown>;
}

export interface OwnedRouteContext {
  database: ConsoleDatabase;
  mdrClient: MdrServiceClient;
  environment: ConsoleEnvironment;
  /** When this console started (ISO 8601), for the connection status. */
  startedAt: string;
}

const deviceParams = { type: 'object', properties: { deviceId: { type: 'string' } } } as const;

/** The handlers of {@link consoleOwnedRoutes}. */
export function ownedRoutes({ database, mdrClient, environment, startedAt }: OwnedRouteContext): Record<ConsoleOwnedRouteKey, OwnedRoute> {
  return {
    'GET /connection': {
      handler: async () => ({ ...mdrClient.route, restartNeeded: envFileChangedSince(environment), startedAt }),
    },
    'POST /connection/test': {
      handler: async () => checkConnection(mdrClient),
    },
    // The roles live in the console, so the console answers for them (Getting Started, step 1).
    'GET /roles/predefined': {
      handler: async ({ session }) => ({ roles: predefinedMdrRoleStates(database), canManageRoles: session.administration }),
    },
    'POST /roles/predefined': {
      handler: async ({ reply }) => {
        const result = createPredefinedMdrRoles(database);
        return reply.code(result.created.length > 0 ? 201 : 200).send(result);
      },
    },
    'GET /health/devices': {
      schema: { querystring: malfunctioningQuerySchema },
      handler: async ({ query }) => listMalfunctioning(database.devices, parseMalfunctioningQuery(query as MalfunctioningQueryString)),
    },
    'GET /health/devices/export': {
      schema: { querystring: malfunctioningQuerySchema },
      handler: async ({ query, session, reply }) => {
        const parsed = parseMalfunctioningQuery(query as MalfunctioningQueryString);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', attachment(malfunctioningExportName()))
          .header('cache-control', 'no-store')
          .send(exportMalfunctioning(database.devices, parsed, session.user.language ?? 'en'));
      },
    },
    'GET /health/devices/:deviceId': {
      schema: { params: deviceParams },
      handler: async ({ params }) => {
        const details = deviceDetails(database.devices, decodeURIComponent(params.deviceId!));
        if (!details) throw new NotFoundError('device');
        return details;
      },
    },
  };
}

import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ROOT_TENANT, type ApiAccessLevel, type ApiConnection, type MdrDatabase, type TenantScope } from '../../db.ts';
import { ForbiddenError, LimitError, NotFoundError, ValidationError } from '../../errors.ts';
import { consoleCaller } from '../../http/console-auth.ts';
import { creatorRightsCover } from '../../services/creator-rights.ts';
import { requireTierFeature } from '../../services/tier-features.ts';
import { iso } from '../../services/usage.ts';
import { IdParamsSchema, pageOf, requireLatinName, requireVersion, sortBy, tenantChoices } from './common.ts';
import { ACCESS_LEVELS, CONNECTION_NAME_MAX, rightsMissingForLevel } from '../../../../contract/api-connections.ts';
import type { Static } from '../../../../contract/schemas/common.ts';
import {
  ApiConnectionDeletionSchema,
  ApiConnectionInputSchema,
  ApiConnectionListQuerySchema,
  ApiConnectionPageSchema,
  ApiConnectionPatchBodySchema,
  ApiConnectionSchema,
  ConnectionTenantOptionsSchema,
  IssuedTokenSchema,
  type ApiConnection as ApiConnectionView,
  type ApiConnectionSortField as SortField,
} from '../../../../contract/schemas/api-connections.ts';

const rights = ['incidentAccess', 'restApiAccess'] as const;

/** An active connection whose tokens have not been used for this long shows as *Idle*. */
export const IDLE_AFTER_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** An API connection as the API tab shows it (never any token or hash). */
function tenantNames(db: MdrDatabase): Map<string, string> {
  return new Map(db.tenants.list(null).map((tenant) => [tenant.id, tenant.name]));
}

/** The status people see: an active connection nobody used for {@link IDLE_AFTER_DAYS} days is idle. */
function displayStatus(connection: ApiConnection, now: number): ApiConnection['status'] {
  const lastActivity = connection.lastUsed ?? connection.created;
  return connection.status === 'active' && now - lastActivity >= IDLE_AFTER_DAYS * DAY_MS ? 'idle' : connection.status;
}

function view(db: MdrDatabase, connection: ApiConnection, names: Map<string, string>, now: number): ApiConnectionView {
  return {
    id: connection.id,
    clientId: connection.clientId,
    name: connection.name,
    accessLevel: connection.accessLevel,
    tenants: connection.tenantIds.map((id) => ({ id, name: id === ROOT_TENANT ? null : (names.get(id) ?? null) })),
    status: displayStatus(connection, now),
    created: iso(connection.created)!,
    lastUsed: iso(connection.lastUsed),
    version: connection.version,
    creatorRightsInsufficient: connection.status !== 'revoked' && !creatorRightsCover(db, connection),
  };
}

/**
 * A connection is visible from this console when all its tenants are inside the console's scope; one
 * without tenants reaches everything, so only a console that reaches everything sees it.
 */
function visible(connection: ApiConnection, scope: TenantScope): boolean {
  return scope === null || (connection.tenantIds.length > 0 && connection.tenantIds.every((id) => scope.includes(id)));
}

function requireConnection(db: MdrDatabase, id: string, scope: TenantScope): ApiConnection {
  const connection = db.apiConnections.get(id);
  if (!connection || !visible(connection, scope)) throw new NotFoundError('API connection');
  return connection;
}

/**
 * Tenants (and 'root') a connection may be given: those of the console's scope that exist. None is
 * allowed (help: *Creating an API connection in Kaspersky Security Center* — "If necessary, select
 * the value (or values) in the Tenant drop-down list"): the connection then reaches every tenant and
 * the root. When this console reaches only some tenants, "none" means exactly those, stored as such,
 * so that the connection never reaches further than the console that made it.
 */
function validTenantIds(db: MdrDatabase, value: unknown, scope: TenantScope): string[] {
  const ids = Array.isArray(value) ? [...new Set(value.filter((id): id is string => typeof id === 'string'))] : [];
  if (ids.length === 0) return scope === null ? [] : [...scope];
  const known = tenantNames(db);
  for (const id of ids) {
    const exists = id === ROOT_TENANT || known.has(id);
    if (!exists || (scope !== null && !scope.includes(id))) throw new ValidationError('tenantIds', `Unknown tenant ${id}`, 'validation', 'unknownTenant');
  }
  return ids;
}

/** A known level the caller may grant: at most the caller's own rights (help: *Creating an API connection in Kaspersky Security Center*). */
function validAccessLevel(value: unknown, rights: ReadonlySet<string>): ApiAccessLevel {
  if (!ACCESS_LEVELS.includes(value as ApiAccessLevel)) throw new ValidationError('accessLevel', 'Choose the access rights', 'validation', 'required');
  const missing = rightsMissingForLevel(value as ApiAccessLevel, rights);
  if (missing.length > 0) {
    throw new ValidationError('accessLevel', `This access level needs rights the caller lacks: ${missing.join(', ')}`, 'validation', 'levelAboveOwnRights');
  }
  return value as ApiAccessLevel;
}

/**
 * Changing a connection, or issuing it a new token, is for callers who could have created it: a
 * stronger connection may only be revoked or deleted (safety actions, open to anyone with the tab).
 */
function requireWithinOwnRights(connection: ApiConnection, rights: ReadonlySet<string>): void {
  const missing = rightsMissingForLevel(connection.accessLevel, rights);
  if (missing.length > 0) throw new ForbiddenError('connectionAboveOwnRights', 'The connection has rights the caller lacks', missing);
}

/**
 * The *API* tab (`/console/v1/api-connections…`): connections of the REST API, their one-time
 * tokens (issued by the token service, so they work against `/api/v1`), refresh, revoke and delete.
 * Rights: Incident access + REST API access; the access level of a connection at most the caller's
 * own rights, and its tokens bound to the creator's current rights (services/creator-rights.ts).
 */
export async function apiConnectionRoutes(app: FastifyInstance): Promise<void> {
  const { db, tokens } = app.mdr;
  // After the console's credential and the caller's rights (the parent scope's hook): a tier without
  // the REST API has no API connections to list or make (help, *Managing the solution through the REST API*).
  app.addHook('onRequest', async () => requireTierFeature(db, 'restApi'));

  const listSchema = { querystring: ApiConnectionListQuerySchema, response: { 200: ApiConnectionPageSchema } };
  app.get<{ Querystring: Static<typeof ApiConnectionListQuerySchema> }>('/api-connections', { schema: listSchema, config: { rights } }, async (request) => {
    const { scope } = consoleCaller(request);
    const names = tenantNames(db);
    const sort = (request.query.sort ?? 'created') as SortField;
    const direction = request.query.direction ?? (request.query.sort ? 'asc' : 'desc');
    const views = db.apiConnections
      .list()
      .filter((connection) => visible(connection, scope))
      .map((connection) => view(db, connection, names, app.mdr.now()));
    const key: Record<SortField, (connection: ApiConnectionView) => string | number | null> = {
      name: (connection) => connection.name,
      accessLevel: (connection) => ACCESS_LEVELS.indexOf(connection.accessLevel),
      status: (connection) => connection.status,
      created: (connection) => connection.created,
      lastUsed: (connection) => connection.lastUsed,
    };
    return { ...pageOf(sortBy(views, key[sort], direction, (connection) => connection.id), request.query), sort, direction };
  });

  app.get('/api-connection-tenants', { schema: { response: { 200: ConnectionTenantOptionsSchema } }, config: { rights } }, async (request) => {
    return tenantChoices(db, consoleCaller(request).scope);
  });

  app.post<{ Body: Static<typeof ApiConnectionInputSchema> }>(
    '/api-connections',
    { schema: { body: ApiConnectionInputSchema, response: { 201: IssuedTokenSchema } }, config: { rights } },
    async (request, reply) => {
      const caller = consoleCaller(request);
      const name = requireLatinName('name', request.body.name, CONNECTION_NAME_MAX);
      const accessLevel = validAccessLevel(request.body.accessLevel, caller.rights);
      const tenantIds = validTenantIds(db, request.body.tenantIds, caller.scope);
      const id = crypto.randomUUID();
      db.transaction(() => {
        if (db.apiConnections.list().some((connection) => connection.name.toLowerCase() === name.toLowerCase())) {
          throw new ValidationError('name', 'A connection with this name exists', 'validation', 'nameTaken');
        }
        // Its tokens are bound to the creator's rights: a creator the console has not named yet is
        // known from this request on (a later push of the console replaces it).
        if (caller.userId !== null) db.consolePrincipals.introduce(caller.userId, [...caller.rights], app.mdr.now());
        db.apiConnections.insert({
          id,
          clientId: crypto.randomBytes(14).toString('hex'),
          name,
          accessLevel,
          tenantIds,
          created: app.mdr.now(),
          createdBy: caller.userId,
          limitedByCreator: true,
        });
      });
      const issued = await tokens.issueConsoleRefreshToken(id);
      const connection = view(db, db.apiConnections.require(id), tenantNames(db), app.mdr.now());
      return reply.code(201).send({ connection, clientId: issued.clientId, refreshToken: issued.refreshToken, expiresAt: iso(issued.expiresAt) });
    },
  );

  app.patch<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof ApiConnectionPatchBodySchema> }>(
    '/api-connections/:id',
    { schema: { params: IdParamsSchema, body: ApiConnectionPatchBodySchema, response: { 200: ApiConnectionSchema } }, config: { rights } },
    async (request) => {
      const { scope, rights } = consoleCaller(request);
      const { id } = request.params;
      const current = requireConnection(db, id, scope);
      if (current.status === 'revoked') throw new LimitError('connectionRevoked', 'A revoked connection cannot be changed');
      requireWithinOwnRights(current, rights);
      const expectedVersion = requireVersion(request.body.expectedVersion);
      const patch: { name?: string; accessLevel?: ApiAccessLevel; tenantIds?: string[] } = {};
      if (request.body.name !== undefined) patch.name = requireLatinName('name', request.body.name, CONNECTION_NAME_MAX);
      if (request.body.accessLevel !== undefined) patch.accessLevel = validAccessLevel(request.body.accessLevel, rights);
      // Its tokens stay bound to the creator: a level the creator does not hold would only suspend them.
      if (patch.accessLevel !== undefined && patch.accessLevel !== current.accessLevel && !creatorRightsCover(db, { ...current, accessLevel: patch.accessLevel })) {
        throw new ValidationError('accessLevel', "The connection's creator does not hold this access level", 'validation', 'levelAboveCreatorRights');
      }
      if (request.body.tenantIds !== undefined) patch.tenantIds = validTenantIds(db, request.body.tenantIds, scope);
      db.transaction(() => {
        if (patch.name !== undefined && db.apiConnections.list().some((other) => other.id !== id && other.name.toLowerCase() === patch.name!.toLowerCase())) {
          throw new ValidationError('name', 'A connection with this name exists', 'validation', 'nameTaken');
        }
        db.apiConnections.update(id, patch, expectedVersion);
      });
      return view(db, db.apiConnections.require(id), tenantNames(db), app.mdr.now());
    },
  );

  const issueSchema = { params: IdParamsSchema, response: { 200: IssuedTokenSchema } };
  app.post<{ Params: Static<typeof IdParamsSchema> }>('/api-connections/:id/refresh', { schema: issueSchema, config: { rights } }, async (request) => {
    const caller = consoleCaller(request);
    const connection = requireConnection(db, request.params.id, caller.scope);
    requireWithinOwnRights(connection, caller.rights);
    // A connection whose token was exchanged already has a working chain: a new console token would
    // silently cut off the client that uses it. Only pending connections get a new one.
    if (connection.status !== 'pendingActivation') throw new LimitError('notPending', 'Only a connection pending activation gets a new token');
    const issued = await tokens.issueConsoleRefreshToken(connection.id);
    return {
      connection: view(db, db.apiConnections.require(connection.id), tenantNames(db), app.mdr.now()),
      clientId: issued.clientId,
      refreshToken: issued.refreshToken,
      expiresAt: iso(issued.expiresAt),
    };
  });

  const revokeSchema = { params: IdParamsSchema, response: { 200: ApiConnectionSchema } };
  app.post<{ Params: Static<typeof IdParamsSchema> }>('/api-connections/:id/revoke', { schema: revokeSchema, config: { rights } }, async (request) => {
    // Revoking (and deleting) is allowed whatever the connection's level: it only ever takes access away.
    const connection = requireConnection(db, request.params.id, consoleCaller(request).scope);
    if (connection.status !== 'active' && connection.status !== 'idle') throw new LimitError('notRevocable', 'Only an active or idle connection can be revoked');
    return view(db, db.apiConnections.revoke(connection.id), tenantNames(db), app.mdr.now());
  });

  app.delete<{ Params: Static<typeof IdParamsSchema>; Querystring: { expectedVersion?: string } }>(
    '/api-connections/:id',
    { schema: { params: IdParamsSchema, response: { 200: ApiConnectionDeletionSchema } }, config: { rights } },
    async (request) => {
      const connection = requireConnection(db, request.params.id, consoleCaller(request).scope);
      db.apiConnections.delete(connection.id, requireVersion(request.query.expectedVersion));
      return { deleted: connection.id };
    },
  );
}

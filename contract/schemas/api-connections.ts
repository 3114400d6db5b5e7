import { ACCESS_LEVELS, type ApiAccessLevel } from '../api-access-levels.ts';
import { IsoDateTime, Nullable, OneOf, Type, Version, type Static } from './common.ts';
import { ListPageOf, ListQueryOf } from './list.ts';

const API_CONNECTION_STATUSES = ['pendingActivation', 'active', 'idle', 'revoked'] as const;
export type ApiConnectionStatus = (typeof API_CONNECTION_STATUSES)[number];

const API_CONNECTION_SORT_FIELDS = ['name', 'accessLevel', 'status', 'created', 'lastUsed'] as const;
export type ApiConnectionSortField = (typeof API_CONNECTION_SORT_FIELDS)[number];

/** Query string of `GET /console/v1/api-connections`. */
export const ApiConnectionListQuerySchema = ListQueryOf(API_CONNECTION_SORT_FIELDS);

/** An API connection as the *API* tab shows it (never any token or hash). */
export const ApiConnectionSchema = Type.Object({
  id: Type.String(),
  clientId: Type.String(),
  name: Type.String(),
  accessLevel: OneOf(ACCESS_LEVELS),
  /** `name` is null for the root ('root'). */
  tenants: Type.Array(Type.Object({ id: Type.String(), name: Nullable(Type.String()) })),
  status: OneOf(API_CONNECTION_STATUSES),
  created: IsoDateTime,
  lastUsed: Nullable(IsoDateTime),
  version: Version,
  /**
   * The user who created the connection no longer holds the rights of its access level (or was
   * deleted or disabled): the REST API refuses its tokens until the rights are back.
   */
  creatorRightsInsufficient: Type.Boolean(),
});
export type ApiConnection = Static<typeof ApiConnectionSchema>;

/** Answer of `GET /console/v1/api-connections`. */
export const ApiConnectionPageSchema = ListPageOf(ApiConnectionSchema);

/** What *Generate* and *Refresh* answer: shown once, never again. */
export const IssuedTokenSchema = Type.Object({ connection: ApiConnectionSchema, clientId: Type.String(), refreshToken: Type.String(), expiresAt: IsoDateTime });
export type IssuedToken = Static<typeof IssuedTokenSchema>;

/** Tenants a connection may be limited to. */
export const ConnectionTenantOptionsSchema = Type.Object({
  /** Whether *Root without tenants* may be chosen. */
  root: Type.Boolean(),
  tenants: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
});
export type ConnectionTenantOptions = Static<typeof ConnectionTenantOptionsSchema>;

/**
 * The access level a body names: typed as a level, but the schema asks only for a string, so that
 * the route refuses any other value with its own rule.
 */
const AccessLevelInput = Type.Unsafe<ApiAccessLevel>(Type.String());

/** Body of `POST /console/v1/api-connections` (*Generate*); the route checks the name, level and tenants itself. */
export const ApiConnectionInputSchema = Type.Object({
  name: Type.String(),
  accessLevel: AccessLevelInput,
  tenantIds: Type.Array(Type.String(), { maxItems: 101 }),
});
export type ApiConnectionInput = Static<typeof ApiConnectionInputSchema>;

/** Body of `PATCH /console/v1/api-connections/:id`: the changes and the version they were made on. */
export const ApiConnectionPatchBodySchema = Type.Object({
  expectedVersion: Type.Integer(),
  name: Type.Optional(Type.String()),
  accessLevel: Type.Optional(AccessLevelInput),
  tenantIds: Type.Optional(Type.Array(Type.String())),
});

/** Answer of `DELETE /console/v1/api-connections/:id`. */
export const ApiConnectionDeletionSchema = Type.Object({ deleted: Type.String() });

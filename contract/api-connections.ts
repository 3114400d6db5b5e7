import { mdrAdministratorRights, type RightId } from './rights.ts';

/** Connection name: at most 100 characters. */
export const CONNECTION_NAME_MAX = 100;
/** The tenant list's value for assets and incidents without a tenant. */
export const ROOT_TENANT = 'root';

/** *Full access + API and tenants*, *Incident access, response management, and auto-accept settings*, *Incident access*. */
export type ApiAccessLevel = 'full' | 'senior' | 'incident';
export const ACCESS_LEVELS: readonly ApiAccessLevel[] = ['full', 'senior', 'incident'];

/**
 * The rights a user needs to grant each access level: the role tables of the help topic *Creating an
 * API connection in Kaspersky Security Center* (MDR Administrator, Senior Security Officer, Security
 * Officer), plus *REST API access*, without which nobody reaches the *API* tab. The one table the
 * plug-in and the MDR service both read.
 */
export const ACCESS_LEVEL_RIGHTS: Readonly<Record<ApiAccessLevel, readonly RightId[]>> = {
  full: mdrAdministratorRights,
  senior: ['incidentAccess', 'autoAcceptSettings', 'responseManagement', 'restApiAccess'],
  incident: ['incidentAccess', 'restApiAccess'],
};

/** Rights of `level` that `held` lacks (none: the holder may grant the level). */
export function rightsMissingForLevel(level: ApiAccessLevel, held: Iterable<string>): RightId[] {
  const have = new Set(held);
  return ACCESS_LEVEL_RIGHTS[level].filter((right) => !have.has(right));
}

/** The access levels a holder of `held` may grant, strongest first. */
export function grantableAccessLevels(held: Iterable<string>): ApiAccessLevel[] {
  const have = [...held];
  return ACCESS_LEVELS.filter((level) => rightsMissingForLevel(level, have).length === 0);
}
export type ApiConnectionStatus = 'pendingActivation' | 'active' | 'idle' | 'revoked';
export type ApiConnectionSortField = 'name' | 'accessLevel' | 'status' | 'created' | 'lastUsed';

export interface ApiConnection {
  id: string;
  clientId: string;
  name: string;
  accessLevel: ApiAccessLevel;
  /** `name` is null for the root ('root'). */
  tenants: { id: string; name: string | null }[];
  status: ApiConnectionStatus;
  created: string;
  lastUsed: string | null;
  version: number;
  /**
   * The user who created the connection no longer holds the rights of its access level (or was
   * deleted or disabled): the REST API refuses its tokens until the rights are back.
   */
  creatorRightsInsufficient: boolean;
}

/** What *Generate* and *Refresh* answer: shown once, never again. */
export interface IssuedToken {
  connection: ApiConnection;
  clientId: string;
  refreshToken: string;
  expiresAt: string;
}

/** Tenants a connection may be limited to. */
export interface ConnectionTenantOptions {
  /** Whether *Root without tenants* may be chosen. */
  root: boolean;
  tenants: { id: string; name: string }[];
}

export interface ApiConnectionInput {
  name: string;
  accessLevel: ApiAccessLevel;
  tenantIds: string[];
}

import { ACCESS_LEVELS, type ApiAccessLevel } from './api-access-levels.ts';
import { mdrAdministratorRights, type RightId } from './rights.ts';

export { ACCESS_LEVELS, type ApiAccessLevel };

/** Connection name: at most 100 characters. */
export const CONNECTION_NAME_MAX = 100;
/** The tenant list's value for assets and incidents without a tenant. */
export const ROOT_TENANT = 'root';

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
/** The *API* requests and answers, declared once as schemas (`contract/schemas/api-connections.ts`); their types, for both sides. */
export type {
  ApiConnection,
  ApiConnectionInput,
  ApiConnectionSortField,
  ApiConnectionStatus,
  ConnectionTenantOptions,
  IssuedToken,
} from './schemas/api-connections.ts';

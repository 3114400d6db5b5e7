/**
 * An API connection never carries more than its creator: the access level needs the rights of its
 * role table (help topic *Creating an API connection in Kaspersky Security Center*), checked when a
 * connection is created or changed and again on every REST API call against the creator's current
 * rights, which the console keeps up to date (`PUT /console/v1/principals`).
 */
import type { ApiConnection, MdrDatabase } from '../db.ts';
import { rightsMissingForLevel } from '../../../contract/api-connections.ts';

/**
 * Whether the connection may act now: always for one made by the service's operator; for one made
 * in the console, only while its creator still holds every right of its level. A creator the
 * console never named, or deleted or disabled since, holds none.
 */
export function creatorRightsCover(db: MdrDatabase, connection: Pick<ApiConnection, 'accessLevel' | 'createdBy' | 'limitedByCreator'>): boolean {
  if (!connection.limitedByCreator) return true;
  const rights = connection.createdBy === null ? null : db.consolePrincipals.rightsOf(connection.createdBy);
  return rights !== null && rightsMissingForLevel(connection.accessLevel, rights).length === 0;
}

import { rightIds, type RightId } from '../../contract/rights.ts';

export { rightIds, type RightId };

export function isRightId(value: unknown): value is RightId {
  return (rightIds as readonly unknown[]).includes(value);
}

/**
 * A right a role may hold: one of the functional areas an installed plug-in declares in its manifest
 * (the MDR plug-in's are {@link RightId}s). A role keeps the rights of a plug-in that was removed, for
 * its reinstallation; they open nothing while no installed plug-in declares them.
 */
export type GrantedRight = string;

/** The shape of a right id (the manifest schema's `rightId`). */
export function isGrantedRightShape(value: unknown): value is GrantedRight {
  return typeof value === 'string' && value.length <= 64 && /^[a-z][A-Za-z0-9]*$/.test(value);
}

/** The predefined MDR roles of the specification, by the rights each allows. */
export const predefinedMdrRoles: { key: 'mdrAdministrator' | 'seniorSecurityOfficer' | 'securityOfficer'; rights: RightId[] }[] = [
  {
    key: 'mdrAdministrator',
    rights: ['incidentAccess', 'autoAcceptSettings', 'responseManagement', 'tenantManagement', 'incidentSummaryScheduling', 'restApiAccess'],
  },
  { key: 'seniorSecurityOfficer', rights: ['incidentAccess', 'autoAcceptSettings', 'responseManagement'] },
  { key: 'securityOfficer', rights: ['incidentAccess'] },
];

/** Rights in `required` that `held` lacks, in declaration order. */
export function missingRights<Right extends GrantedRight>(required: readonly Right[], held: ReadonlySet<GrantedRight>): Right[] {
  return required.filter((right) => !held.has(right));
}

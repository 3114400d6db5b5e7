import { rightIds, type RightId } from '../../contract/rights.ts';

export { rightIds, type RightId };

export function isRightId(value: unknown): value is RightId {
  return (rightIds as readonly unknown[]).includes(value);
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
export function missingRights(required: readonly RightId[], held: ReadonlySet<RightId>): RightId[] {
  return required.filter((right) => !held.has(right));
}

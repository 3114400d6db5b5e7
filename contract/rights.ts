/**
 * The seven functional areas of the MDR plug-in (spec section 3) as right ids, in the order
 * consoles show them. The plug-in's contract: hosts grant these, the manifest names them.
 */
export const rightIds = [
  'applicationIntegration',
  'incidentAccess',
  'autoAcceptSettings',
  'responseManagement',
  'tenantManagement',
  'incidentSummaryScheduling',
  'restApiAccess',
] as const;

export type RightId = (typeof rightIds)[number];

/** The MDR Administrator role of the spec: every functional area but *Application Integration*. */
export const mdrAdministratorRights: readonly RightId[] = rightIds.filter((right) => right !== 'applicationIntegration');

import { AreaApi } from './request.ts';

/** Keys of the three predefined MDR roles of the spec's rights table. */
export type PredefinedRoleKey = 'mdrAdministrator' | 'seniorSecurityOfficer' | 'securityOfficer';

/** Whether the predefined MDR roles exist in the console, and whether this user may create them. */
export interface PredefinedRolesState {
  roles: { key: PredefinedRoleKey; exists: boolean }[];
  /** The signed-in user may manage the console's roles. */
  canManageRoles: boolean;
}

/** What *Create roles* did: roles created now and roles that already existed (left as they were). */
export interface PredefinedRolesResult {
  created: PredefinedRoleKey[];
  existing: PredefinedRoleKey[];
}

/** The predefined MDR roles of the console (step 1 of *Getting Started*). */
export class RolesApi extends AreaApi {
  /** Reads which predefined MDR roles exist (console route, answered by the console server itself). */
  predefined(signal?: AbortSignal): Promise<PredefinedRolesState> {
    return this.http.get<PredefinedRolesState>('/roles/predefined', { signal });
  }

  /** Creates the predefined MDR roles that do not exist yet. */
  createPredefined(): Promise<PredefinedRolesResult> {
    return this.http.post<PredefinedRolesResult>('/roles/predefined', {});
  }
}

import type { AxiosInstance } from 'axios';
import { dataOf } from './request.ts';

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

/** Reads which predefined MDR roles exist (console route, answered by the console server itself). */
export async function getPredefinedRoles(http: AxiosInstance, signal?: AbortSignal): Promise<PredefinedRolesState> {
  return dataOf(http.get<PredefinedRolesState>('/roles/predefined', { signal }));
}

/** Creates the predefined MDR roles that do not exist yet (step 1 of *Getting Started*). */
export async function createPredefinedRoles(http: AxiosInstance): Promise<PredefinedRolesResult> {
  return dataOf(http.post<PredefinedRolesResult>('/roles/predefined', {}));
}

/**
 * The predefined MDR roles of the specification (*Getting Started*, step 1): which exist, and
 * creating the missing ones. The roles live in the console, so the console answers for them.
 */
import crypto from 'node:crypto';
import type { ConsoleDatabase } from '../console-db.ts';
import { predefinedMdrRoles } from '../rights.ts';

/** Names of the predefined roles as the console stores them (role names are data, like user names). */
export const predefinedRoleNames: Record<string, string> = {
  mainAdministrator: 'Main Administrator',
  mdrAdministrator: 'MDR Administrator',
  seniorSecurityOfficer: 'Senior Security Officer',
  securityOfficer: 'Security Officer',
};

export type PredefinedMdrRoleKey = (typeof predefinedMdrRoles)[number]['key'];

/**
 * Whether each predefined MDR role exists: by its key, or by its name when an administrator already
 * made a role of that name by hand (that role is left as it is).
 */
export function predefinedMdrRoleStates(database: ConsoleDatabase): { key: PredefinedMdrRoleKey; exists: boolean }[] {
  const roles = database.roles.list();
  return predefinedMdrRoles.map((role) => ({
    key: role.key,
    exists: roles.some((stored) => stored.predefined === role.key || stored.name.toLowerCase() === predefinedRoleNames[role.key]!.toLowerCase()),
  }));
}

/** Creates the predefined MDR roles that do not exist yet, in one transaction. */
export function createPredefinedMdrRoles(database: ConsoleDatabase): { created: PredefinedMdrRoleKey[]; existing: PredefinedMdrRoleKey[] } {
  return database.transaction(() => {
    const created: PredefinedMdrRoleKey[] = [];
    const existing: PredefinedMdrRoleKey[] = [];
    for (const state of predefinedMdrRoleStates(database)) {
      if (state.exists) {
        existing.push(state.key);
        continue;
      }
      const rights = predefinedMdrRoles.find((role) => role.key === state.key)!.rights;
      database.roles.insert({ id: crypto.randomUUID(), name: predefinedRoleNames[state.key]!, rights, predefined: state.key });
      created.push(state.key);
    }
    return { created, existing };
  });
}

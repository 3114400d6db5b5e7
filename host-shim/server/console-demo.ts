import crypto from 'node:crypto';
import type { ConsoleDatabase, DeviceRecord } from './console-db.ts';
import { hashPassword } from './passwords.ts';
import { predefinedMdrRoles } from './rights.ts';

/** Names of the predefined roles as the console stores them (role names are data, like user names). */
export const predefinedRoleNames: Record<string, string> = {
  mainAdministrator: 'Main Administrator',
  mdrAdministrator: 'MDR Administrator',
  seniorSecurityOfficer: 'Senior Security Officer',
  securityOfficer: 'Security Officer',
};

type PredefinedMdrRoleKey = (typeof predefinedMdrRoles)[number]['key'];

/**
 * Whether each predefined MDR role exists: by its key, or by its name when an administrator already
 * made a role of that name by hand (that role is left as it is).
 */
export function predefinedMdrRoleStates(database: ConsoleDatabase): { key: PredefinedMdrRoleKey; exists: boolean }[] {
  const roles = database.listRoles();
  return predefinedMdrRoles.map((role) => ({
    key: role.key,
    exists: roles.some((stored) => stored.predefined === role.key || stored.name.toLowerCase() === predefinedRoleNames[role.key]!.toLowerCase()),
  }));
}

/** Creates the predefined MDR roles that do not exist yet, in one transaction. */
export function createPredefinedMdrRoles(database: ConsoleDatabase): { created: PredefinedMdrRoleKey[]; existing: PredefinedMdrRoleKey[] } {
  return database.db.transaction(() => {
    const created: PredefinedMdrRoleKey[] = [];
    const existing: PredefinedMdrRoleKey[] = [];
    for (const state of predefinedMdrRoleStates(database)) {
      if (state.exists) {
        existing.push(state.key);
        continue;
      }
      const rights = predefinedMdrRoles.find((role) => role.key === state.key)!.rights;
      database.insertRole({ id: crypto.randomUUID(), name: predefinedRoleNames[state.key]!, rights, predefined: state.key });
      created.push(state.key);
    }
    return { created, existing };
  })();
}

/**
 * On first start: the console's main administrator role, the MDR roles, the four demo accounts and
 * the managed-device inventory. Does nothing when users already exist.
 */
export async function seedConsoleDemo(database: ConsoleDatabase, options: { password: string; devices: () => DeviceRecord[] }): Promise<boolean> {
  if (database.listUsers().length > 0) return false;
  const mainAdministratorRoleId = crypto.randomUUID();
  database.insertRole({
    id: mainAdministratorRoleId,
    name: predefinedRoleNames.mainAdministrator!,
    rights: ['applicationIntegration'],
    administration: true,
    predefined: 'mainAdministrator',
  });
  createPredefinedMdrRoles(database);
  const roleId = (key: string) => database.listRoles().find((role) => role.predefined === key)!.id;
  const accounts = [
    { userName: 'admin', displayName: 'Alex Morgan', roleIds: [mainAdministratorRoleId, roleId('mdrAdministrator')] },
    { userName: 'senior', displayName: 'Sam Rivera', roleIds: [roleId('seniorSecurityOfficer')] },
    { userName: 'officer', displayName: 'Olga Petrova', roleIds: [roleId('securityOfficer')] },
    { userName: 'guest', displayName: 'Guest User', roleIds: [] },
  ];
  for (const account of accounts) await createUser(database, { ...account, password: options.password });
  // Made only here: a million devices take seconds and gigabytes to generate, on every start otherwise.
  if (database.countDevices() === 0) database.insertDevices(options.devices());
  return true;
}

/** Creates a user with a hashed password (demo data and administration). */
export async function createUser(
  database: ConsoleDatabase,
  user: { userName: string; displayName: string; password: string; roleIds: string[] },
): Promise<string> {
  const id = crypto.randomUUID();
  database.insertUser({ id, userName: user.userName, displayName: user.displayName, passwordHash: await hashPassword(user.password), roleIds: user.roleIds });
  return id;
}

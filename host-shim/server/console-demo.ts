import crypto from 'node:crypto';
import type { ConsoleDatabase, DeviceRecord } from './console-db.ts';
import { hashPassword } from './passwords.ts';
import { createPredefinedMdrRoles, predefinedRoleNames } from './services/predefined-roles.ts';

/**
 * On first start: the console's main administrator role, the MDR roles, the four demo accounts and
 * the managed-device inventory. Does nothing when users already exist.
 */
export async function seedConsoleDemo(database: ConsoleDatabase, options: { password: string; devices: () => DeviceRecord[] }): Promise<boolean> {
  if (database.users.count() > 0) return false;
  const mainAdministratorRoleId = crypto.randomUUID();
  database.roles.insert({
    id: mainAdministratorRoleId,
    name: predefinedRoleNames.mainAdministrator!,
    rights: ['applicationIntegration'],
    administration: true,
    predefined: 'mainAdministrator',
  });
  createPredefinedMdrRoles(database);
  const roleId = (key: string) => database.roles.list().find((role) => role.predefined === key)!.id;
  const accounts = [
    { userName: 'admin', displayName: 'Alex Morgan', roleIds: [mainAdministratorRoleId, roleId('mdrAdministrator')] },
    { userName: 'senior', displayName: 'Sam Rivera', roleIds: [roleId('seniorSecurityOfficer')] },
    { userName: 'officer', displayName: 'Olga Petrova', roleIds: [roleId('securityOfficer')] },
    { userName: 'guest', displayName: 'Guest User', roleIds: [] },
  ];
  for (const account of accounts) await createUser(database, { ...account, password: options.password });
  // Made only here: a million devices take seconds and gigabytes to generate, on every start otherwise.
  if (database.devices.count() === 0) database.devices.insertMany(options.devices());
  return true;
}

/** Creates a user with a hashed password (demo data and administration). */
export async function createUser(
  database: ConsoleDatabase,
  user: { userName: string; displayName: string; password: string; roleIds: string[] },
): Promise<string> {
  const id = crypto.randomUUID();
  database.users.insert({ id, userName: user.userName, displayName: user.displayName, passwordHash: await hashPassword(user.password), roleIds: user.roleIds });
  return id;
}

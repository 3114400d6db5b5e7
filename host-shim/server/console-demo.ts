import crypto from 'node:crypto';
import type { ConsoleDatabase, DeviceRecord } from './console-db.ts';
import { createUser } from './app.ts';
import { predefinedMdrRoles } from './rights.ts';

/** Names of the predefined roles as the console stores them (role names are data, like user names). */
export const predefinedRoleNames: Record<string, string> = {
  mainAdministrator: 'Main Administrator',
  mdrAdministrator: 'MDR Administrator',
  seniorSecurityOfficer: 'Senior Security Officer',
  securityOfficer: 'Security Officer',
};

/** Creates the three predefined MDR roles that do not exist yet; returns how many were created. */
export function createPredefinedMdrRoles(database: ConsoleDatabase): number {
  const existing = new Set(database.listRoles().map((role) => role.predefined));
  let created = 0;
  for (const role of predefinedMdrRoles) {
    if (existing.has(role.key)) continue;
    database.insertRole({ id: crypto.randomUUID(), name: predefinedRoleNames[role.key]!, rights: role.rights, predefined: role.key });
    created++;
  }
  return created;
}

/**
 * On first start: the console's main administrator role, the MDR roles, the four demo accounts and
 * the managed-device inventory. Does nothing when users already exist.
 */
export async function seedConsoleDemo(database: ConsoleDatabase, options: { password: string; devices: DeviceRecord[] }): Promise<boolean> {
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
  if (database.countDevices() === 0) database.insertDevices(options.devices);
  return true;
}

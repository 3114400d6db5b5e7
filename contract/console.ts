/**
 * Wire shapes of the console's own API (`/api/session`, `/api/users`, `/api/roles`, `/api/devices`,
 * `/api/languages`, `/api/plugins`): what the console server answers and its pages read, declared once
 * as schemas (`contract/schemas/console.ts`). The plug-in's shapes are in the other files of `contract/`.
 */
export type {
  ConsoleLanguages,
  ConsoleRoleChanges,
  ConsoleRoleList,
  ConsoleRoleRecord,
  ConsoleSession,
  ConsoleUserChanges,
  ConsoleUserList,
  ConsoleUserRecord,
  DeviceApplication,
  DeviceList,
  DeviceListQuery,
  LoadedPlugin,
  LoadedPluginList,
  ManagedDeviceRecord,
  NewConsoleRole,
  NewConsoleUser,
  SessionPreferences,
  SignIn,
} from './schemas/console.ts';

/**
 * Wire shapes of the console's own API (`/api/users`, `/api/roles`, `/api/devices`): what the console
 * server answers and its pages read. The plug-in's shapes are in the other files of `contract/`.
 */

/** A user as *Users & roles → Users* lists it. */
export interface ConsoleUserRecord {
  id: string;
  userName: string;
  displayName: string;
  disabled: boolean;
  roleIds: string[];
  /** Holds a role that may manage users and roles, and is enabled. */
  administrator: boolean;
  version: number;
}

/** A role as *Users & roles → Roles* lists it. */
export interface ConsoleRoleRecord {
  id: string;
  name: string;
  /** The functional areas it allows: right ids the installed plug-ins declare (the MDR plug-in's are those of rights.ts). */
  rights: string[];
  administration: boolean;
  predefined: string | null;
  /** How many users hold the role. */
  users: number;
  version: number;
}

/** An application of a managed device, with the state of each of its components. */
export interface DeviceApplication {
  name: string;
  version: string;
  components: { name: string; state: string }[];
}

/** A device of the console's managed-device inventory. */
export interface ManagedDeviceRecord {
  id: string;
  name: string;
  group: string;
  administrationServer: string;
  /** The MDR asset the device reports as; null while it never sent telemetry. */
  mdrAssetId: string | null;
  mdrState: string;
  selfDefense: boolean;
  applications: DeviceApplication[];
}

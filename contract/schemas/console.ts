/**
 * The console's own API (`/api/session`, `/api/users`, `/api/roles`, `/api/devices`, `/api/languages`,
 * `/api/plugins`), declared once: the console server validates request bodies and serializes answers
 * with these schemas, and its pages read the types derived from them (contract/console.ts).
 *
 * A request property names its refusal (`refusal`, read by the console server's validation): the
 * `{ error, field, rule }` a request gets when the property breaks its schema. A property without
 * one is refused as `validation` with the JSON-Schema keyword it broke as the rule.
 */
import { Nullable, Type, type Static } from './common.ts';
import { PageOf } from './list.ts';

/** How a refused request property is answered: `{ error: 'validation', field, rule }`, or for the session routes `{ error, field }`. */
interface Refusal {
  error: string;
  rule?: string;
}

const required: Refusal = { error: 'validation', rule: 'required' };
const invalidValue: Refusal = { error: 'validation', rule: 'invalidValue' };
const outOfRange: Refusal = { error: 'validation', rule: 'outOfRange' };

// ——— Users & roles ———

/** A user as *Users & roles → Users* lists it. */
export const ConsoleUserRecordSchema = Type.Object({
  id: Type.String(),
  userName: Type.String(),
  displayName: Type.String(),
  disabled: Type.Boolean(),
  roleIds: Type.Array(Type.String()),
  /** Holds a role that may manage users and roles, and is enabled. */
  administrator: Type.Boolean(),
  version: Type.Integer(),
});
export type ConsoleUserRecord = Static<typeof ConsoleUserRecordSchema>;

/** `GET /api/users`. */
export const ConsoleUserListSchema = Type.Object({ users: Type.Array(ConsoleUserRecordSchema) });
export type ConsoleUserList = Static<typeof ConsoleUserListSchema>;

/** A role as *Users & roles → Roles* lists it. */
export const ConsoleRoleRecordSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  /** The functional areas it allows: right ids the installed plug-ins declare (the MDR plug-in's are those of rights.ts). */
  rights: Type.Array(Type.String()),
  administration: Type.Boolean(),
  predefined: Nullable(Type.String()),
  /** How many users hold the role. */
  users: Type.Integer(),
  version: Type.Integer(),
});
export type ConsoleRoleRecord = Static<typeof ConsoleRoleRecordSchema>;

/** `GET /api/roles`: the roles, the rights a role may be given (in the order the page shows them), and the name limit. */
export const ConsoleRoleListSchema = Type.Object({
  roles: Type.Array(ConsoleRoleRecordSchema),
  rights: Type.Array(Type.String()),
  limits: Type.Object({ roleNameMaxLength: Type.Integer() }),
});
export type ConsoleRoleList = Static<typeof ConsoleRoleListSchema>;

/** Role ids: a list of texts (`invalidValue` otherwise); each must name a role (checked by the server). */
const RoleIds = Type.Array(Type.String(), { refusal: invalidValue });
/** Rights: a list (`invalidValue` otherwise) of right ids (`unknownRight` otherwise; whether an installed plug-in declares each, the server checks). */
const Rights = Type.Array(Type.String({ pattern: '^[a-z][A-Za-z0-9]*$', maxLength: 64, refusal: { error: 'validation', rule: 'unknownRight' } }), {
  maxItems: 1000,
  refusal: invalidValue,
});
/** The version the change is based on (contract/errors.ts): a stale one is 409 `conflict`. */
const ExpectedVersion = Type.Integer({ minimum: 1, refusal: required });
/** Texts are trimmed, and their length and characters checked, by the server (contract/administration-limits.ts). */
const Text = Type.String({ refusal: required });

// Properties in the order a form is checked: the first refused one is answered.

/** Body of `POST /api/users`. */
export const NewConsoleUserSchema = Type.Object({ userName: Text, displayName: Text, password: Text, roleIds: Type.Optional(RoleIds) });
export type NewConsoleUser = Static<typeof NewConsoleUserSchema>;

/** Body of `PUT /api/users/:userId`. */
export const ConsoleUserChangesSchema = Type.Object({
  expectedVersion: ExpectedVersion,
  displayName: Text,
  roleIds: Type.Optional(RoleIds),
  disabled: Type.Boolean({ refusal: invalidValue }),
});
export type ConsoleUserChanges = Static<typeof ConsoleUserChangesSchema>;

/** Body of `POST /api/roles`. */
export const NewConsoleRoleSchema = Type.Object({ name: Text, rights: Rights });
export type NewConsoleRole = Static<typeof NewConsoleRoleSchema>;

/** Body of `PUT /api/roles/:roleId`. */
export const ConsoleRoleChangesSchema = Type.Object({ expectedVersion: ExpectedVersion, name: Text, rights: Rights });
export type ConsoleRoleChanges = Static<typeof ConsoleRoleChangesSchema>;

export const UserParamsSchema = Type.Object({ userId: Type.String() });
export const RoleParamsSchema = Type.Object({ roleId: Type.String() });

// ——— Managed devices ———

/** An application of a managed device, with the state of each of its components. */
export const DeviceApplicationSchema = Type.Object({
  name: Type.String(),
  version: Type.String(),
  components: Type.Array(Type.Object({ name: Type.String(), state: Type.String() })),
});
export type DeviceApplication = Static<typeof DeviceApplicationSchema>;

/** A device of the console's managed-device inventory (`GET /api/devices/:deviceId`). */
export const ManagedDeviceRecordSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  group: Type.String(),
  administrationServer: Type.String(),
  /** The MDR asset the device reports as; null while it never sent telemetry. */
  mdrAssetId: Nullable(Type.String()),
  mdrState: Type.String(),
  selfDefense: Type.Boolean(),
  applications: Type.Array(DeviceApplicationSchema),
});
export type ManagedDeviceRecord = Static<typeof ManagedDeviceRecordSchema>;

/** Query of `GET /api/devices`: paging and search; a parameter given twice (`search=a&search=b`) is refused. */
export const DeviceListQuerySchema = Type.Object({
  search: Type.Optional(Type.String({ refusal: invalidValue })),
  // Digits only, and few enough of them: neither 1e400 nor twenty digits reach the database.
  page: Type.Optional(Type.String({ pattern: '^[0-9]{0,9}$', refusal: outOfRange })),
  pageSize: Type.Optional(Type.String({ pattern: '^[0-9]{0,9}$', refusal: outOfRange })),
});
export type DeviceListQuery = Static<typeof DeviceListQuerySchema>;

/** `GET /api/devices`: one page of the inventory, sorted by name, and how many devices match. */
export const DeviceListSchema = PageOf(ManagedDeviceRecordSchema);
export type DeviceList = Static<typeof DeviceListSchema>;

export const DeviceParamsSchema = Type.Object({ deviceId: Type.String() });

// ——— Session ———

/**
 * `GET /api/session`, and the answer of sign-in and of a change of preferences: who is signed in,
 * their rights, the CSRF token every change sends (`X-CSRF-Token`), their language and *Show MDR
 * features*. The session id itself travels only in the HttpOnly cookie, never in a body.
 */
export const ConsoleSessionSchema = Type.Object({
  user: Type.Object({ id: Type.String(), userName: Type.String(), displayName: Type.String() }),
  rights: Type.Array(Type.String()),
  administration: Type.Boolean(),
  csrfToken: Type.String(),
  language: Type.String(),
  showMdrFeatures: Type.Boolean(),
});
export type ConsoleSession = Static<typeof ConsoleSessionSchema>;

/** Body of `POST /api/session`: blank fields are refused as missing (`required`), before any password check. */
export const SignInSchema = Type.Object({
  userName: Type.String({ pattern: '\\S', refusal: { error: 'required' } }),
  password: Type.String({ minLength: 1, refusal: { error: 'required' } }),
});
export type SignIn = Static<typeof SignInSchema>;

/** Body of `PUT /api/session/preferences`: what is not given stays. */
export const SessionPreferencesSchema = Type.Object({
  language: Type.Optional(Type.String({ refusal: { error: 'unknownLanguage' } })),
  showMdrFeatures: Type.Optional(Type.Boolean({ refusal: { error: 'invalidValue' } })),
});
export type SessionPreferences = Static<typeof SessionPreferencesSchema>;

// ——— What the console page reads at start ———

/** `GET /api/languages`: the languages the console can show. */
export const ConsoleLanguagesSchema = Type.Object({ languages: Type.Array(Type.String()) });
export type ConsoleLanguages = Static<typeof ConsoleLanguagesSchema>;

/**
 * `GET /api/plugins`: each installed plug-in the console loads, where its files and texts are, and
 * its languages. The manifest is passed through as installed: its shape is the manifest's own JSON
 * Schema (`manifest/mdr-plugin.schema.json`), not repeated here.
 */
export const LoadedPluginSchema = Type.Object({
  manifest: Type.Unknown(),
  baseUrl: Type.String(),
  localeBaseUrl: Type.String(),
  languages: Type.Array(Type.String()),
});
export type LoadedPlugin = Static<typeof LoadedPluginSchema>;

export const LoadedPluginListSchema = Type.Object({ plugins: Type.Array(LoadedPluginSchema) });
export type LoadedPluginList = Static<typeof LoadedPluginListSchema>;

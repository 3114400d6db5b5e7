/**
 * The version of the host contract this console provides: what it hands a plug-in's elements (the
 * user, rights, language, HTTP client, navigation, toasts, confirmations; `plugin/context.ts` is the
 * plug-in's side of it) and what it reads from a manifest. A plug-in names the versions it works with
 * in its manifest (`hostContract`, e.g. `^1.0.0`); the console installs and serves only a plug-in
 * whose range includes this version. A change a plug-in written for an earlier 1.x could not cope
 * with raises the major version.
 */
export const HOST_CONTRACT_VERSION = '1.0.0';

/**
 * Right ids that are the console's own permissions: no plug-in may declare one (its routes name
 * them as `hostRights`).
 */
export const CONSOLE_PERMISSION_IDS: readonly string[] = ['manageUsersAndRoles', 'administration'];

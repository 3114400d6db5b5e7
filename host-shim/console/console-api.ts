import type {
  ConsoleLanguages,
  ConsoleRoleChanges,
  ConsoleRoleList,
  ConsoleRoleRecord,
  ConsoleSession,
  ConsoleUserChanges,
  ConsoleUserList,
  ConsoleUserRecord,
  DeviceList,
  LoadedPlugin,
  ManagedDeviceRecord,
  NewConsoleRole,
  NewConsoleUser,
  SessionPreferences,
} from '../../contract/console.ts';
import axios, { type AxiosInstance } from 'axios';

/** What `GET /api/session` answers for the signed-in user (contract/console.ts). */
export type { ConsoleSession };

/**
 * The console's clients carry the session's CSRF token in `X-CSRF-Token`, not axios's XSRF cookie:
 * with the cookie name left at its default, axios would ask the browser's cookie store for a cookie
 * that never exists (an asynchronous round trip to the browser process) before every request.
 */
const noXsrfCookie = { xsrfCookieName: '' } as const;

/** The console's own API client (sessions, preferences, plug-ins). */
export const consoleHttp: AxiosInstance = axios.create({ baseURL: '/api', timeout: 20_000, ...noXsrfCookie });

let csrfToken = '';

consoleHttp.interceptors.request.use((config) => {
  if (config.method && config.method.toLowerCase() !== 'get' && csrfToken) config.headers.set('X-CSRF-Token', csrfToken);
  return config;
});

/** Remembers the CSRF token of the current session for every client created here. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** An HTTP client for a plug-in's routes, carrying the session cookie and the CSRF token. */
export function createPluginHttp(pluginId: string, onUnauthenticated: () => void, onForbidden?: () => void): AxiosInstance {
  const client = axios.create({ baseURL: `/api/plugins/${pluginId}`, timeout: 30_000, ...noXsrfCookie });
  client.interceptors.request.use((config) => {
    if (config.method && config.method.toLowerCase() !== 'get') config.headers.set('X-CSRF-Token', csrfToken);
    return config;
  });
  client.interceptors.response.use(undefined, (error: unknown) => {
    if (axios.isAxiosError(error) && error.response?.status === 401) onUnauthenticated();
    if (axios.isAxiosError(error) && error.response?.status === 403) onForbidden?.();
    return Promise.reject(error);
  });
  return client;
}

export async function fetchSession(): Promise<ConsoleSession | null> {
  try {
    const session = (await consoleHttp.get<ConsoleSession>('/session')).data;
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (axios.isAxiosError(error) && error.response?.status === 401) return null;
    throw error;
  }
}

export async function signIn(userName: string, password: string): Promise<ConsoleSession> {
  const session = (await consoleHttp.post<ConsoleSession>('/session', { userName, password })).data;
  setCsrfToken(session.csrfToken);
  return session;
}

export async function signOut(): Promise<void> {
  await consoleHttp.delete('/session');
  setCsrfToken('');
}

export async function savePreferences(preferences: SessionPreferences): Promise<ConsoleSession> {
  const session = (await consoleHttp.put<ConsoleSession>('/session/preferences', preferences)).data;
  setCsrfToken(session.csrfToken);
  return session;
}

export async function fetchLanguages(): Promise<string[]> {
  return (await consoleHttp.get<ConsoleLanguages>('/languages')).data.languages;
}

/**
 * A plug-in the console loads (contract/console.ts's `LoadedPlugin`), with what the console reads of
 * its manifest (the manifest's shape is its JSON Schema, manifest/mdr-plugin.schema.json).
 */
export interface InstalledPlugin extends Omit<LoadedPlugin, 'manifest'> {
  manifest: {
    id: string;
    version: string;
    entry: string;
    titleKey: string;
    localeNamespace: string;
    elements: { section: string; widgets: string[] };
    section: { path: string; navigationGroup: string; titleKey?: string };
    tabs: { id: string; path: string; titleKey: string; rights: string[] }[];
    widgets: { id: string; element: string; titleKey: string; rights: string[] }[];
    /** The functional areas the plug-in declares, named in its own locale files. */
    rights: { id: string; titleKey: string }[];
  };
}

export async function fetchPlugins(): Promise<InstalledPlugin[]> {
  return (await consoleHttp.get<{ plugins: InstalledPlugin[] }>('/plugins')).data.plugins;
}

/** Users, roles and devices as the console server answers them. */
export type { ConsoleRoleRecord, ConsoleUserRecord, ManagedDeviceRecord };


/** What a refused change says: a field and a code for bad input, or an error code for the whole request. */
export interface ConsoleProblem {
  status: number;
  error: string;
  field?: string;
  /** Which rule `field` broke (contract/errors.ts). */
  rule?: string;
}

/** Turns a failed call into a problem the pages can put next to a field or above the form. */
export function toProblem(error: unknown): ConsoleProblem {
  if (axios.isAxiosError(error) && error.response) {
    const body = (error.response.data ?? {}) as Record<string, unknown>;
    return {
      status: error.response.status,
      error: typeof body.error === 'string' ? body.error : 'unknown',
      field: typeof body.field === 'string' ? body.field : undefined,
      rule: typeof body.rule === 'string' ? body.rule : undefined,
    };
  }
  return { status: 0, error: 'network' };
}

export async function listUsers(): Promise<ConsoleUserRecord[]> {
  return (await consoleHttp.get<ConsoleUserList>('/users')).data.users;
}

export async function createUser(user: NewConsoleUser): Promise<ConsoleUserRecord> {
  return (await consoleHttp.post<ConsoleUserRecord>('/users', user)).data;
}

export async function updateUser(id: string, changes: ConsoleUserChanges): Promise<ConsoleUserRecord> {
  return (await consoleHttp.put<ConsoleUserRecord>(`/users/${encodeURIComponent(id)}`, changes)).data;
}

export async function deleteUser(id: string): Promise<void> {
  await consoleHttp.delete(`/users/${encodeURIComponent(id)}`);
}

export async function listRoles(): Promise<ConsoleRoleRecord[]> {
  return (await consoleHttp.get<ConsoleRoleList>('/roles')).data.roles;
}

export async function createRole(role: NewConsoleRole): Promise<ConsoleRoleRecord> {
  return (await consoleHttp.post<ConsoleRoleRecord>('/roles', role)).data;
}

export async function updateRole(id: string, changes: ConsoleRoleChanges): Promise<ConsoleRoleRecord> {
  return (await consoleHttp.put<ConsoleRoleRecord>(`/roles/${encodeURIComponent(id)}`, changes)).data;
}

export async function deleteRole(id: string): Promise<void> {
  await consoleHttp.delete(`/roles/${encodeURIComponent(id)}`);
}

export async function listDevices(query: { page: number; pageSize: number; search: string }, signal?: AbortSignal): Promise<DeviceList> {
  return (await consoleHttp.get<DeviceList>('/devices', { params: query, signal })).data;
}

export async function getDevice(id: string, signal?: AbortSignal): Promise<ManagedDeviceRecord> {
  return (await consoleHttp.get<ManagedDeviceRecord>(`/devices/${encodeURIComponent(id)}`, { signal })).data;
}

import axios, { type AxiosInstance } from 'axios';

/** What `GET /api/session` answers for the signed-in user. */
export interface ConsoleSession {
  user: { id: string; userName: string; displayName: string };
  rights: string[];
  administration: boolean;
  csrfToken: string;
  language: string;
  showMdrFeatures: boolean;
}

/** The console's own API client (sessions, preferences, plug-ins). */
export const consoleHttp: AxiosInstance = axios.create({ baseURL: '/api', timeout: 20_000 });

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
export function createPluginHttp(pluginId: string, onUnauthenticated: () => void): AxiosInstance {
  const client = axios.create({ baseURL: `/api/plugins/${pluginId}`, timeout: 30_000 });
  client.interceptors.request.use((config) => {
    if (config.method && config.method.toLowerCase() !== 'get') config.headers.set('X-CSRF-Token', csrfToken);
    return config;
  });
  client.interceptors.response.use(undefined, (error: unknown) => {
    if (axios.isAxiosError(error) && error.response?.status === 401) onUnauthenticated();
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

export async function savePreferences(preferences: { language?: string; showMdrFeatures?: boolean }): Promise<ConsoleSession> {
  const session = (await consoleHttp.put<ConsoleSession>('/session/preferences', preferences)).data;
  setCsrfToken(session.csrfToken);
  return session;
}

export async function fetchLanguages(): Promise<string[]> {
  return (await consoleHttp.get<{ languages: string[] }>('/languages')).data.languages;
}

/** A plug-in the console loads, with its manifest. */
export interface InstalledPlugin {
  manifest: {
    id: string;
    entry: string;
    titleKey: string;
    localeNamespace: string;
    elements: { section: string; widgets: string[] };
    section: { path: string; navigationGroup: string };
    tabs: { id: string; path: string; titleKey: string; rights: string[] }[];
    widgets: { id: string; element: string; titleKey: string; rights: string[] }[];
  };
  baseUrl: string;
  localeBaseUrl: string;
  languages: string[];
}

export async function fetchPlugins(): Promise<InstalledPlugin[]> {
  return (await consoleHttp.get<{ plugins: InstalledPlugin[] }>('/plugins')).data.plugins;
}

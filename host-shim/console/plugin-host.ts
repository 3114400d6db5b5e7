import { createContext } from '@lit/context';
import type { AxiosInstance } from 'axios';
import type { ConsoleSession, InstalledPlugin } from './console-api.ts';
import { requestConfirm, showToast } from './host-services.ts';

/**
 * The host contract as the console provides it. The console does not import the plug-in's code:
 * it builds the same shape and provides it under the context key the contract names.
 */
export interface PluginHost {
  user: { id: string; displayName: string };
  rights: readonly string[];
  language: string;
  languages: readonly string[];
  http: AxiosInstance;
  localeBaseUrl: string;
  basePath: string;
  navigation: {
    openDevice(deviceId: string): void;
    openExternal(url: string): void;
    replacePath(path: string): void;
    openConsolePage(page: 'roles' | 'users' | 'devices'): void;
  };
  notify(notice: { kind: 'success' | 'info' | 'warning' | 'error'; text: string }): void;
  confirm(request: { title: string; message: string; confirmLabel: string; cancelLabel: string; danger?: boolean }): Promise<boolean>;
  showMdrFeatures: boolean;
  canManageRoles: boolean;
}

/** The context key of the plug-in host contract (a registered symbol, the same in every bundle). */
export const pluginHostContext = createContext<PluginHost | undefined>(Symbol.for('mdr-plugin.host'));

/**
 * Builds the host contract for a plug-in element from the signed-in session. Navigation is asked of
 * the console shell with `ksc-navigate` events dispatched on `source`.
 */
export function createPluginHost(source: EventTarget, session: ConsoleSession, plugin: InstalledPlugin, http: AxiosInstance): PluginHost {
  const navigate = (path: string, replace = false) =>
    source.dispatchEvent(new CustomEvent('ksc-navigate', { detail: { path, replace }, bubbles: true, composed: true }));
  return {
    user: { id: session.user.id, displayName: session.user.displayName },
    rights: session.rights,
    language: session.language,
    languages: plugin.languages,
    http,
    localeBaseUrl: plugin.localeBaseUrl,
    basePath: plugin.manifest.section.path,
    navigation: {
      openDevice: (deviceId) => navigate(`/devices/${encodeURIComponent(deviceId)}`),
      openExternal: (url) => window.open(url, '_blank', 'noopener,noreferrer'),
      replacePath: (path) => navigate(path, true),
      openConsolePage: (page) => navigate(`/${page}`),
    },
    notify: showToast,
    confirm: requestConfirm,
    showMdrFeatures: session.showMdrFeatures,
    canManageRoles: session.administration,
  };
}

import { createContext } from '@lit/context';
import type { AxiosInstance } from 'axios';

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

import { ContextProvider, createContext } from '@lit/context';
import type { AxiosInstance } from 'axios';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { createPluginHttp, type ConsoleSession, type InstalledPlugin } from './console-api.ts';
import { requestConfirm, showToast } from './host-services.ts';
import { loadPlugin } from './plugin-loader.ts';

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

/** Which plug-in, in which version: what a hosted plug-in's state belongs to. */
function installedAs(plugin: InstalledPlugin): string {
  return `${plugin.manifest.id}@${plugin.manifest.version}`;
}

/**
 * An installed plug-in hosted by a console element: its entry module loaded (when asked to) and the
 * host contract provided to the plug-in's elements inside, with an HTTP client bound to its routes.
 * The element re-renders when the module has loaded or failed to.
 */
export class HostedPlugin implements ReactiveController {
  /** The entry module has loaded: the plug-in's elements are defined. */
  ready = false;
  loadFailed = false;
  private readonly provider: ContextProvider<typeof pluginHostContext>;
  private plugin?: InstalledPlugin;
  private http?: AxiosInstance;
  private loading = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    /** Called when a route refuses the user (403): an administrator may just have changed their roles. */
    private readonly onForbidden?: () => void,
  ) {
    host.addController(this);
    this.provider = new ContextProvider(host, { context: pluginHostContext });
  }

  hostConnected(): void {}

  /** Hosts `plugin` for the user of `session`; its module is loaded once `load` is true. */
  show(session: ConsoleSession, plugin: InstalledPlugin, load: boolean): void {
    if (installedAs(plugin) !== (this.plugin && installedAs(this.plugin))) {
      this.ready = false;
      this.loadFailed = false;
      this.loading = false;
      this.http = createPluginHttp(plugin.manifest.id, () => location.assign('/signin'), this.onForbidden);
    }
    // The list of plug-ins is read again whenever one changes: the same plug-in comes as a new object.
    this.plugin = plugin;
    if (load && !this.ready && !this.loading) {
      this.loading = true;
      const loading = installedAs(plugin);
      loadPlugin(plugin).then(
        () => this.settle(loading, 'ready'),
        () => this.settle(loading, 'loadFailed'),
      );
    }
    this.provider.setValue(createPluginHost(this.host, session, plugin, this.http!));
  }

  /** The outcome of loading `loaded` (id@version), unless another plug-in or version is hosted by now. */
  private settle(loaded: string, outcome: 'ready' | 'loadFailed'): void {
    if (!this.plugin || installedAs(this.plugin) !== loaded) return;
    this.ready = outcome === 'ready';
    this.loadFailed = outcome === 'loadFailed';
    // A module that failed to load is tried again the next time it is wanted.
    this.loading = false;
    this.host.requestUpdate();
  }
}

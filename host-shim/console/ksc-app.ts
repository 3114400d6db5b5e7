import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { createPluginHttp, fetchLanguages, fetchPlugins, fetchSession, savePreferences, signOut, type ConsoleSession, type InstalledPlugin } from './console-api.ts';
import { ConsoleLocalizeController, consoleStringsReady, ct, setConsoleLanguage } from './console-i18n.ts';
import { createPluginHost, type PluginHost } from './plugin-host.ts';
import { loadPlugin } from './plugin-loader.ts';
import { loadPluginTexts, sectionVisible, type PluginTexts } from './plugin-texts.ts';
import './ksc-sign-in.ts';
import './ksc-navigation.ts';
import './ksc-plugin-page.ts';
import './ksc-dashboard-page.ts';
import './ksc-devices-page.ts';
import './ksc-device-page.ts';
import './ksc-users-page.ts';
import './ksc-roles-page.ts';
import './ksc-web-plugins-page.ts';
import './ksc-toasts.ts';
import './ksc-confirm-dialog.ts';

/** The console's own pages, by the first segment of the path. */
const consolePages = ['dashboard', 'devices', 'users', 'roles', 'console-settings'] as const;
/** A page of the console, or an installed plug-in's section (`plugin:<id>`). */
type Page = (typeof consolePages)[number] | `plugin:${string}`;

/**
 * The console shell: sign-in, the left navigation with the user menu, and the page for the address.
 * Listens for `ksc-navigate` (detail: path) from anywhere inside.
 */
@customElement('ksc-app')
export class KscApp extends LitElement {
  static override styles = css`
    :host {
      display: block;
      min-height: 100vh;
    }
    .shell {
      display: grid;
      grid-template-columns: 240px 1fr;
      min-height: 100vh;
    }
    main {
      padding: 24px 32px;
      min-width: 0;
    }
    .loading {
      padding: 48px;
      color: var(--ksc-muted);
    }
  `;

  @state() private session: ConsoleSession | null | undefined;
  @state() private languages: string[] = ['en'];
  @state() private plugins: InstalledPlugin[] = [];
  /** Each plug-in's texts in the user's language, by plug-in id (the names the console shows for it). */
  @state() private pluginTexts: ReadonlyMap<string, PluginTexts> = new Map();
  /** Server-sent notices that the installed plug-ins changed, while signed in. */
  private pluginEvents?: EventSource;
  @state() private path = location.pathname;
  @state() private failed = false;
  private readonly localize = new ConsoleLocalizeController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', this.onPopState);
    this.addEventListener('ksc-navigate', this.onNavigate as EventListener);
    this.addEventListener('ksc-session-refresh', this.onSessionRefresh);
    this.addEventListener('ksc-plugins-changed', this.onPluginsChanged);
    window.addEventListener('focus', this.onSessionRefresh);
    void this.start();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('popstate', this.onPopState);
    this.removeEventListener('ksc-navigate', this.onNavigate as EventListener);
    this.removeEventListener('ksc-session-refresh', this.onSessionRefresh);
    this.removeEventListener('ksc-plugins-changed', this.onPluginsChanged);
    window.removeEventListener('focus', this.onSessionRefresh);
    this.listenForPluginChanges(false);
    super.disconnectedCallback();
  }

  private readonly onPopState = () => {
    this.path = location.pathname;
  };

  private readonly onNavigate = (event: CustomEvent<{ path: string; replace?: boolean }>) => {
    this.navigate(event.detail.path, event.detail.replace);
  };

  private navigate(path: string, replace = false): void {
    if (path === location.pathname) return;
    if (replace) history.replaceState(null, '', path);
    else history.pushState(null, '', path);
    // Moving to another page re-reads the rights, so a role change shows without signing in again.
    if (!replace && this.session) void this.refreshSession();
    this.path = path;
  }

  private readonly onSessionRefresh = () => {
    if (this.session) void this.refreshSession();
  };

  private readonly onPluginsChanged = () => {
    if (this.session) void this.refreshPlugins();
  };

  /**
   * Re-reads the installed plug-ins: one installed, updated or removed by an administrator shows (or
   * disappears with its section and widgets) as soon as the server says so (`/api/plugin-events`),
   * and at the latest at the next page change, without signing in again.
   */
  private async refreshPlugins(): Promise<void> {
    try {
      const plugins = await fetchPlugins();
      const key = (list: InstalledPlugin[]) => list.map((plugin) => `${plugin.manifest.id}@${plugin.manifest.version}`).join(',');
      if (key(plugins) !== key(this.plugins)) await this.showPlugins(plugins);
    } catch {
      // Not reachable just now: the next navigation tries again.
    }
  }

  /** Shows `plugins`, once the names the console gives them have arrived in the user's language. */
  private async showPlugins(plugins: InstalledPlugin[], language = this.session?.language ?? 'en'): Promise<void> {
    const texts = await Promise.all(plugins.map(async (plugin) => [plugin.manifest.id, await loadPluginTexts(plugin, language)] as const));
    this.pluginTexts = new Map(texts);
    this.plugins = plugins;
  }

  /** Opens (or closes) the stream of notices that the installed plug-ins changed. */
  private listenForPluginChanges(listen: boolean): void {
    if (!listen) {
      this.pluginEvents?.close();
      this.pluginEvents = undefined;
      return;
    }
    // A stream the server ended (its session had ended) is opened again for the session now.
    if ((this.pluginEvents && this.pluginEvents.readyState !== EventSource.CLOSED) || typeof EventSource === 'undefined') return;
    this.pluginEvents?.close();
    this.pluginEvents = new EventSource('/api/plugin-events');
    this.pluginEvents.addEventListener('plugins', this.onPluginsChanged);
  }

  /**
   * Re-reads the session: rights follow role changes made by an administrator; a session ended on
   * the server (disabled user, idle timeout) returns to the sign-in page.
   */
  private async refreshSession(): Promise<void> {
    try {
      const session = await fetchSession();
      if (!session) {
        this.session = null;
        this.plugins = [];
        this.listenForPluginChanges(false);
        this.navigate('/signin', true);
        return;
      }
      const current = this.session;
      const same =
        current &&
        current.administration === session.administration &&
        current.showMdrFeatures === session.showMdrFeatures &&
        current.language === session.language &&
        current.rights.length === session.rights.length &&
        current.rights.every((right) => session.rights.includes(right));
      if (!same) this.session = session;
      this.listenForPluginChanges(true);
      await this.refreshPlugins();
    } catch {
      // Not reachable just now: the next navigation tries again.
    }
  }

  private async start(): Promise<void> {
    try {
      const [session, languages] = await Promise.all([fetchSession(), fetchLanguages()]);
      this.languages = languages;
      // A signed-in user's language is fetched beside the plug-in list (applySession).
      if (!session) await setConsoleLanguage(this.preferredLanguage(languages));
      await this.applySession(session);
    } catch {
      await setConsoleLanguage('en');
      this.failed = true;
    }
  }

  private preferredLanguage(languages: string[]): string {
    const wanted = navigator.language.split('-')[0] ?? 'en';
    return languages.includes(wanted) ? wanted : 'en';
  }

  private async applySession(session: ConsoleSession | null): Promise<void> {
    if (session) {
      // Side by side: the MDR section's first screen waits for both.
      const [plugins] = await Promise.all([fetchPlugins(), setConsoleLanguage(session.language)]);
      await this.showPlugins(plugins, session.language);
      this.listenForPluginChanges(true);
      if (this.path === '/' || this.path === '/signin') this.navigate('/dashboard', true);
    } else if (this.path !== '/signin') {
      this.navigate('/signin', true);
    }
    this.session = session;
  }

  private async onSignedIn(event: CustomEvent<ConsoleSession>): Promise<void> {
    this.path = '/';
    await this.applySession(event.detail);
    this.runSignInHooks(event.detail);
  }

  /**
   * Once a user has signed in, each plug-in's entry module may act for them (`onSignIn(host)`, an
   * optional part of the host contract): the MDR plug-in installs a newer KSN configuration file then
   * and tells the user the outcome. A user who hides the MDR features is left alone.
   */
  private runSignInHooks(session: ConsoleSession): void {
    if (!session.showMdrFeatures) return;
    for (const plugin of this.plugins) {
      void loadPlugin(plugin)
        .then((module) => {
          const onSignIn = (module as { onSignIn?: (host: PluginHost) => Promise<void> }).onSignIn;
          if (typeof onSignIn !== 'function') return undefined;
          return onSignIn(createPluginHost(this, session, plugin, createPluginHttp(plugin.manifest.id, () => undefined)));
        })
        // The plug-in's own pages say what fails; a sign-in is never held up by it.
        .catch(() => undefined);
    }
  }

  private async onPreferences(event: CustomEvent<{ language?: string; showMdrFeatures?: boolean }>): Promise<void> {
    const session = await savePreferences(event.detail);
    if (event.detail.language) await Promise.all([setConsoleLanguage(session.language), this.showPlugins(this.plugins, session.language)]);
    this.session = session;
  }

  private async onSignOut(): Promise<void> {
    await signOut().catch(() => undefined);
    this.listenForPluginChanges(false);
    this.session = null;
    this.plugins = [];
    this.navigate('/signin', true);
  }

  private get page(): Page {
    const first = this.path.split('/')[1] ?? '';
    const own = consolePages.find((page) => page === first);
    if (own) return own;
    const plugin = this.sectionPlugin;
    // The address of a plug-in not (or no longer) installed is its page too: it says so.
    return plugin ? `plugin:${plugin.manifest.id}` : first !== '' && first !== 'signin' ? `plugin:${first}` : 'dashboard';
  }

  /** The installed plug-in whose section the address is in. */
  private get sectionPlugin(): InstalledPlugin | undefined {
    const first = `/${this.path.split('/')[1] ?? ''}`;
    return this.plugins.find((plugin) => plugin.manifest.section.path === first);
  }

  override render() {
    void this.localize;
    if (this.failed) return html`<p class="loading" role="alert">${ct('errors.consoleUnavailable')}</p>`;
    if (this.session === undefined) {
      // Until the user's strings arrive there is nothing to say in their language (and no English to fetch).
      return consoleStringsReady() ? html`<p class="loading" role="status" aria-busy="true">${ct('common.loading')}</p>` : html`<p class="loading" aria-busy="true"></p>`;
    }
    if (this.session === null) return html`<ksc-sign-in @ksc-signed-in=${this.onSignedIn}></ksc-sign-in>`;
    const session = this.session;
    return html`
      <div class="shell">
        <ksc-navigation
          .session=${session}
          .plugins=${this.plugins}
          .pluginTexts=${this.pluginTexts}
          .languages=${this.languages}
          .current=${this.page}
          @ksc-preferences=${this.onPreferences}
          @ksc-sign-out=${this.onSignOut}
        ></ksc-navigation>
        <main>${this.renderPage(session)}</main>
      </div>
      <ksc-toasts></ksc-toasts>
      <ksc-confirm-dialog></ksc-confirm-dialog>
    `;
  }

  private renderNoAccess() {
    return html`<p role="alert">${ct('errors.noAccess')}</p>`;
  }

  private renderPage(session: ConsoleSession) {
    const page = this.page;
    if (page.startsWith('plugin:')) {
      const plugin = this.sectionPlugin;
      // A section none of whose tabs the user may open is not theirs (its routes refuse them anyway).
      if (plugin && !sectionVisible(plugin, session.rights)) return this.renderNoAccess();
      return html`<ksc-plugin-page .session=${session} .plugin=${plugin} .languages=${this.languages} .path=${this.path}></ksc-plugin-page>`;
    }
    switch (page) {
      case 'devices': {
        const deviceId = this.path.split('/')[2];
        return deviceId
          ? html`<ksc-device-page .deviceId=${decodeURIComponent(deviceId)}></ksc-device-page>`
          : html`<ksc-devices-page></ksc-devices-page>`;
      }
      case 'users':
        return session.administration ? html`<ksc-users-page .session=${session}></ksc-users-page>` : this.renderNoAccess();
      case 'roles':
        return session.administration
          ? html`<ksc-roles-page .session=${session} .plugins=${this.plugins} .pluginTexts=${this.pluginTexts}></ksc-roles-page>`
          : this.renderNoAccess();
      case 'console-settings':
        return session.administration ? html`<ksc-web-plugins-page></ksc-web-plugins-page>` : this.renderNoAccess();
      case 'dashboard':
      default:
        return html`<ksc-dashboard-page .session=${session} .plugins=${this.plugins}></ksc-dashboard-page>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ksc-app': KscApp;
  }
}

import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { createPluginHttp, fetchLanguages, fetchPlugins, fetchSession, savePreferences, signOut, type ConsoleSession, type InstalledPlugin } from './console-api.ts';
import { ConsoleLocalizeController, consoleStringsReady, ct, setConsoleLanguage } from './console-i18n.ts';
import { createPluginHost, type PluginHost } from './plugin-host.ts';
import { loadPlugin } from './plugin-loader.ts';
import './ksc-sign-in.ts';
import './ksc-navigation.ts';
import './ksc-mdr-page.ts';
import './ksc-dashboard-page.ts';
import './ksc-devices-page.ts';
import './ksc-device-page.ts';
import './ksc-users-page.ts';
import './ksc-roles-page.ts';
import './ksc-web-plugins-page.ts';
import './ksc-toasts.ts';
import './ksc-confirm-dialog.ts';

/** Pages of the console, by the first segment of the path. */
type Page = 'dashboard' | 'mdr' | 'devices' | 'users' | 'roles' | 'console-settings';

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
   * disappears with its section and widgets) at the next page change, without signing in again.
   */
  private async refreshPlugins(): Promise<void> {
    try {
      const plugins = await fetchPlugins();
      const key = (list: InstalledPlugin[]) => list.map((plugin) => `${plugin.manifest.id}@${plugin.manifest.version}`).join(',');
      if (key(plugins) !== key(this.plugins)) this.plugins = plugins;
    } catch {
      // Not reachable just now: the next navigation tries again.
    }
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
      this.plugins = plugins;
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
    if (event.detail.language) await setConsoleLanguage(session.language);
    this.session = session;
  }

  private async onSignOut(): Promise<void> {
    await signOut().catch(() => undefined);
    this.session = null;
    this.plugins = [];
    this.navigate('/signin', true);
  }

  private get page(): Page {
    const first = this.path.split('/')[1] ?? '';
    return (['dashboard', 'mdr', 'devices', 'users', 'roles', 'console-settings'] as const).find((page) => page === first) ?? 'dashboard';
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
    const plugin = this.plugins.find((installed) => installed.manifest.id === 'mdr');
    switch (this.page) {
      case 'devices': {
        const deviceId = this.path.split('/')[2];
        return deviceId
          ? html`<ksc-device-page .deviceId=${decodeURIComponent(deviceId)}></ksc-device-page>`
          : html`<ksc-devices-page></ksc-devices-page>`;
      }
      case 'users':
        return session.administration ? html`<ksc-users-page .session=${session}></ksc-users-page>` : this.renderNoAccess();
      case 'roles':
        return session.administration ? html`<ksc-roles-page .session=${session}></ksc-roles-page>` : this.renderNoAccess();
      case 'console-settings':
        return session.administration ? html`<ksc-web-plugins-page></ksc-web-plugins-page>` : this.renderNoAccess();
      case 'mdr':
        return html`<ksc-mdr-page .session=${session} .plugin=${plugin} .languages=${this.languages} .path=${this.path}></ksc-mdr-page>`;
      case 'dashboard':
      default:
        return html`<ksc-dashboard-page .session=${session} .plugin=${plugin}></ksc-dashboard-page>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ksc-app': KscApp;
  }
}

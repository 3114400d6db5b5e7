import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ConsoleSession, InstalledPlugin } from './console-api.ts';
import { ConsoleLocalizeController, ct, languageName } from './console-i18n.ts';
import { sectionTitle, sectionVisible, type PluginTexts } from './plugin-texts.ts';

/**
 * The left panel: navigation groups and, at the bottom, the user menu (*Language*, *Interface
 * options* → *Show MDR features*, sign out).
 *
 * @fires ksc-navigate - detail: { path }
 * @fires ksc-preferences - detail: { language } or { showMdrFeatures }
 * @fires ksc-sign-out
 */
@customElement('ksc-navigation')
export class KscNavigation extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      background: var(--ksc-nav);
      color: var(--ksc-nav-text);
      min-height: 100vh;
    }
    .product {
      padding: 16px;
      font-weight: 600;
      border-bottom: 1px solid var(--ksc-nav-raised);
    }
    nav {
      flex: 1;
      padding: 8px 0;
    }
    .group {
      padding: 12px 16px 4px;
      font-size: 0.8rem;
      text-transform: uppercase;
      color: var(--ksc-nav-muted);
    }
    a {
      display: block;
      padding: 8px 24px;
      color: inherit;
      text-decoration: none;
    }
    a[aria-current='page'] {
      background: var(--ksc-nav-raised);
      border-left: 3px solid var(--ksc-nav-accent);
      padding-left: 21px;
    }
    a:focus-visible,
    button:focus-visible,
    select:focus-visible,
    input:focus-visible {
      outline: 2px solid var(--ksc-nav-accent);
      outline-offset: 2px;
    }
    .user {
      border-top: 1px solid var(--ksc-nav-raised);
      padding: 12px 16px;
    }
    .user > button {
      width: 100%;
      text-align: left;
      background: none;
      color: inherit;
      border: none;
      font: inherit;
      cursor: pointer;
      padding: 4px 0;
    }
    [role='menu'] {
      display: grid;
      gap: 10px;
      padding: 12px 0 4px;
    }
    label {
      display: grid;
      gap: 4px;
      font-size: 0.9rem;
    }
    label.inline {
      display: flex;
      align-items: center;
      gap: 8px;
    }
    select,
    .menu button {
      font: inherit;
    }
    fieldset {
      border: 1px solid var(--ksc-nav-muted);
      border-radius: 4px;
      margin: 0;
      padding: 8px;
    }
  `;

  @property({ attribute: false }) session!: ConsoleSession;
  @property({ attribute: false }) plugins: InstalledPlugin[] = [];
  /** Each plug-in's texts in the user's language, by plug-in id. */
  @property({ attribute: false }) pluginTexts: ReadonlyMap<string, PluginTexts> = new Map();
  @property({ attribute: false }) languages: string[] = [];
  @property() current = '';
  @state() private menuOpen = false;
  private readonly localize = new ConsoleLocalizeController(this);

  private link(path: string, page: string, label: string) {
    return html`<a
      href=${path}
      aria-current=${this.current === page ? 'page' : 'false'}
      @click=${(event: MouseEvent) => {
        event.preventDefault();
        this.dispatchEvent(new CustomEvent('ksc-navigate', { detail: { path }, bubbles: true, composed: true }));
      }}
      >${label}</a
    >`;
  }

  private emit(name: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  override render() {
    void this.localize;
    // Each installed plug-in's section, in its navigation group, for a user who may open one of its tabs.
    const sections = this.session.showMdrFeatures ? this.plugins.filter((plugin) => plugin.manifest.section.navigationGroup === 'monitoring' && sectionVisible(plugin, this.session.rights)) : [];
    return html`
      <div class="product">${ct('product.name')}</div>
      <nav aria-label=${ct('navigation.label')}>
        <div class="group" id="group-monitoring">${ct('navigation.monitoring')}</div>
        <div role="group" aria-labelledby="group-monitoring">
          ${this.link('/dashboard', 'dashboard', ct('navigation.dashboard'))}
          ${sections.map((plugin) => this.link(plugin.manifest.section.path, `plugin:${plugin.manifest.id}`, sectionTitle(plugin, this.pluginTexts.get(plugin.manifest.id))))}
        </div>
        <div class="group" id="group-devices">${ct('navigation.devices')}</div>
        <div role="group" aria-labelledby="group-devices">${this.link('/devices', 'devices', ct('navigation.managedDevices'))}</div>
        ${this.session.administration
          ? html`<div class="group" id="group-users">${ct('navigation.usersAndRoles')}</div>
              <div role="group" aria-labelledby="group-users">
                ${this.link('/users', 'users', ct('navigation.users'))} ${this.link('/roles', 'roles', ct('navigation.roles'))}
              </div>`
          : nothing}
        ${this.session.administration
          ? html`<div class="group" id="group-console-settings">${ct('navigation.consoleSettings')}</div>
              <div role="group" aria-labelledby="group-console-settings">${this.link('/console-settings/web-plugins', 'console-settings', ct('navigation.webPlugins'))}</div>`
          : nothing}
      </nav>
      <div class="user">
        <button aria-haspopup="true" aria-expanded=${this.menuOpen ? 'true' : 'false'} @click=${() => (this.menuOpen = !this.menuOpen)}>
          ${this.session.user.displayName} ▾
        </button>
        ${this.menuOpen ? this.renderMenu() : nothing}
      </div>
    `;
  }

  private renderMenu() {
    return html`<div role="menu" class="menu" aria-label=${ct('userMenu.label')}>
      <label
        >${ct('userMenu.language')}
        <select
          role="menuitem"
          @change=${(event: Event) => this.emit('ksc-preferences', { language: (event.target as HTMLSelectElement).value })}
        >
          ${this.languages.map(
            (code) => html`<option value=${code} ?selected=${code === this.session.language} lang=${code}>${languageName(code)}</option>`,
          )}
        </select>
      </label>
      <fieldset>
        <legend>${ct('userMenu.interfaceOptions')}</legend>
        <label class="inline"
          ><input
            type="checkbox"
            role="menuitemcheckbox"
            .checked=${this.session.showMdrFeatures}
            @change=${(event: Event) => this.emit('ksc-preferences', { showMdrFeatures: (event.target as HTMLInputElement).checked })}
          />${ct('userMenu.showMdrFeatures')}</label
        >
      </fieldset>
      <button role="menuitem" @click=${() => this.emit('ksc-sign-out')}>${ct('userMenu.signOut')}</button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ksc-navigation': KscNavigation;
  }
}

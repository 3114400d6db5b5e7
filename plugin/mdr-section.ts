import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ContextConsumer, ContextProvider } from '@lit/context';
import { unsafeStatic, html as staticHtml } from 'lit/static-html.js';
import { tabs as manifestTabs } from '../manifest/mdr-plugin.json';
import { apiContext, hasRights, hostContext, type MdrHost, type RightId } from './context.ts';
import { formatList, LocalizeController, setLocaleBaseUrl, t, useLanguage, type TranslationKey } from './i18n.ts';
import { tabModules } from './tabs/registry.ts';
import type { ActivationStatus } from './api/activation.ts';
import { mdrApiFor, type MdrApi } from './api/mdr-api.ts';
import { sharedStyles } from './components/shared-styles.ts';
import './components/mdr-state-view.ts';
import { confirmDiscard, hasUnsavedChanges } from './components/unsaved-changes.ts';
import { mdrSectionStyles } from './mdr-section.styles.ts';

interface TabDefinition {
  id: string;
  path: string;
  /** Checked against the locale by test/console-server/manifest.test.ts. */
  titleKey: TranslationKey;
  rights: RightId[];
}

const allTabs = manifestTabs as TabDefinition[];

/**
 * The MDR section: the tabs the user's rights allow, each loaded on first use.
 * The host is handed over either through `@lit/context` or as the `host` property; the section
 * provides it to its tabs, and with it the plug-in's API client made from the host's `http`
 * (`apiContext`).
 *
 * While MDR is not active, the section shows *Getting Started* with the activation entry point
 * instead of the tabs, and the activation wizard once the user starts it.
 *
 * @fires mdr-navigate - the open tab changed; `detail.path` is the tab's path within the section.
 */
@customElement('mdr-section')
export class MdrSection extends LitElement {
  static override styles = [
    sharedStyles,
    mdrSectionStyles,
  ];

  /** The host contract as a plain object, for hosts that do not use `@lit/context`. */
  @property({ attribute: false }) host?: MdrHost;
  /** Path of the tab to open (e.g. `usage`); the first visible tab when empty or not allowed. */
  @property({ reflect: true }) tab = '';

  @state() private languageReady = false;
  @state() private loadedTabs = new Set<string>();
  @state() private tabLoadError: unknown;
  @state() private activation?: ActivationStatus;
  @state() private activationError: unknown;
  /** The wizard in place of the tabs: full activation or a further activation code. */
  @state() private wizard: 'activate' | 'newCode' | null = null;
  @state() private wizardLoaded = false;
  /** The client the activation status was last read with. */
  private activationApi?: MdrApi;
  private api?: MdrApi;

  private readonly localize = new LocalizeController(this);
  private readonly consumer = new ContextConsumer(this, { context: hostContext, subscribe: true, callback: () => this.hostChanged() });
  private readonly provider = new ContextProvider(this, { context: hostContext });
  private readonly apiProvider = new ContextProvider(this, { context: apiContext });
  private appliedLanguage = '';

  /** The host in force: the property wins over the context. */
  get effectiveHost(): MdrHost | undefined {
    return this.host ?? this.consumer.value;
  }

  /** Tabs the user's rights allow, in the manifest's order. */
  get visibleTabs(): TabDefinition[] {
    const host = this.effectiveHost;
    return allTabs.filter((tab) => hasRights(host, tab.rights));
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('host')) this.hostChanged();
  }

  constructor() {
    super();
    this.addEventListener('mdr-activation-request', (event) => {
      const mode = (event as CustomEvent<{ mode?: 'activate' | 'newCode' }>).detail?.mode === 'newCode' ? 'newCode' : 'activate';
      void this.openWizard(mode);
    });
    this.addEventListener('mdr-activation-cancel', () => {
      this.wizard = null;
      // Someone else may have activated meanwhile.
      void this.loadActivation();
    });
    this.addEventListener('mdr-activated', () => {
      this.wizard = null;
      void this.loadActivation();
    });
    this.addEventListener('mdr-activation-changed', () => void this.loadActivation());
  }

  /** Reads whether MDR is active; the tabs depend on it. */
  private async loadActivation(): Promise<void> {
    const api = this.api;
    if (!api) return;
    this.activationError = undefined;
    try {
      this.activation = await api.activation.status();
    } catch (error) {
      this.activationError = error;
    }
  }

  private async openWizard(mode: 'activate' | 'newCode'): Promise<void> {
    try {
      await import('./activation/mdr-activation-wizard.ts');
      this.wizardLoaded = true;
      this.wizard = mode;
    } catch (error) {
      this.activationError = error;
    }
  }

  private hostChanged(): void {
    const host = this.effectiveHost;
    this.api = host ? mdrApiFor(host.http, this.api) : undefined;
    this.apiProvider.setValue(this.api);
    this.provider.setValue(host, true);
    if (!host) return;
    if (host.showMdrFeatures && this.api !== this.activationApi) {
      this.activationApi = this.api;
      void this.loadActivation();
    }
    if (host.localeBaseUrl) setLocaleBaseUrl(host.localeBaseUrl);
    if (host.language !== this.appliedLanguage) {
      this.appliedLanguage = host.language;
      void useLanguage(host.language).then(() => {
        this.languageReady = true;
      });
    }
    this.requestUpdate();
  }

  private get activeTab(): TabDefinition | undefined {
    if (this.activation?.status === 'notActivated') return allTabs.find((tab) => tab.id === 'gettingStarted');
    const visible = this.visibleTabs;
    return visible.find((tab) => tab.path === this.tab) ?? visible[0];
  }

  private async ensureLoaded(tab: TabDefinition): Promise<void> {
    if (this.loadedTabs.has(tab.id)) return;
    const module = tabModules[tab.id];
    if (!module) return;
    try {
      this.tabLoadError = undefined;
      await module.load();
      this.loadedTabs = new Set([...this.loadedTabs, tab.id]);
    } catch (error) {
      this.tabLoadError = error;
    }
  }

  override updated(): void {
    const active = this.activeTab;
    if (active) void this.ensureLoaded(active);
  }

  /** Opens a tab; when the open tab holds unsaved edits, asks first and stays on a *Stay*. */
  private async select(tab: TabDefinition, focus = false): Promise<void> {
    if (tab.id === this.activeTab?.id) return;
    const current = this.renderRoot.querySelector('[role="tabpanel"]')?.firstElementChild;
    if (hasUnsavedChanges(current) && !(await confirmDiscard(this.effectiveHost))) {
      if (focus) this.renderRoot.querySelector<HTMLElement>(`#tab-${this.activeTab?.id}`)?.focus();
      return;
    }
    this.tab = tab.path;
    this.dispatchEvent(new CustomEvent('mdr-navigate', { detail: { path: tab.path }, bubbles: true, composed: true }));
    // The host's address follows in a task of its own, once the new tab has asked for its data: a
    // history entry costs the browser enough (a console re-reads its favicon) to hold the request back.
    // Only while it is still the open tab of a section on the page: the user may have moved on.
    setTimeout(() => {
      const host = this.effectiveHost;
      if (this.isConnected && this.tab === tab.path) host?.navigation.replacePath?.(`${host.basePath ?? '/mdr'}/${tab.path}`);
    });
    if (focus) {
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${tab.id}`)?.focus());
    }
  }

  private onTabKeydown(event: KeyboardEvent): void {
    const visible = this.visibleTabs;
    const index = visible.findIndex((tab) => tab.id === this.activeTab?.id);
    const next: Record<string, number> = {
      ArrowRight: (index + 1) % visible.length,
      ArrowLeft: (index - 1 + visible.length) % visible.length,
      Home: 0,
      End: visible.length - 1,
    };
    const target = next[event.key];
    if (target === undefined) return;
    event.preventDefault();
    void this.select(visible[target]!, true);
  }

  override render() {
    void this.localize;
    const host = this.effectiveHost;
    if (!host || !host.showMdrFeatures) return nothing;
    // Until the strings are there, there is nothing to say in the user's language.
    if (!this.languageReady) return html`<div aria-busy="true"></div>`;
    if (this.wizard && this.wizardLoaded) {
      return html`<h1>${t('section.title')}</h1>
        <mdr-activation-wizard .mode=${this.wizard}></mdr-activation-wizard>`;
    }
    if (!this.activation && !this.activationError) return html`<mdr-state-view state="loading"></mdr-state-view>`;
    const active = this.activeTab;
    if (this.activation?.status === 'notActivated') {
      // Not active yet: Getting Started, with its *Activate the solution* step, stands in for the tabs.
      return html`<h1>${t('section.title')}</h1>
        <p data-testid="not-activated">${t('activation.notActive')}</p>
        <div id="panel-${active?.id}">${active ? this.renderTab(active) : nothing}</div>`;
    }
    const visible = this.visibleTabs;
    return html`
      <h1>${t('section.title')}</h1>
      ${this.activationError
        ? html`<mdr-state-view state="error" .error=${this.activationError} @mdr-retry=${() => this.loadActivation()}></mdr-state-view>`
        : nothing}
      <div role="tablist" aria-label=${t('section.title')} @keydown=${this.onTabKeydown}>
        ${visible.map(
          (tab) => html`<button
            role="tab"
            id="tab-${tab.id}"
            aria-selected=${tab.id === active?.id ? 'true' : 'false'}
            aria-controls="panel-${tab.id}"
            tabindex=${tab.id === active?.id ? '0' : '-1'}
            @click=${() => void this.select(tab)}
          >
            ${t(tab.titleKey)}
          </button>`,
        )}
      </div>
      ${this.renderWhyHidden(host)}
      ${active
        ? html`<div role="tabpanel" id="panel-${active.id}" aria-labelledby="tab-${active.id}" tabindex="0">${this.renderTab(active)}</div>`
        : nothing}
    `;
  }

  /**
   * *Why can't I see this?*: the tabs withheld from this user and the functional areas each lacks,
   * with the way to the role set-up for those who manage roles.
   */
  private renderWhyHidden(host: MdrHost) {
    const hidden = allTabs.filter((tab) => !hasRights(host, tab.rights));
    if (hidden.length === 0) return nothing;
    const areaName = (right: RightId) => t(`access.rights.${right}`);
    return html`<details class="why" data-testid="why-hidden">
      <summary>${t('access.whyHidden')}</summary>
      <ul>
        ${hidden.map(
          (tab) =>
            html`<li>
              ${t('access.hiddenTab', {
                tab: t(tab.titleKey),
                areas: formatList(tab.rights.filter((right) => !host.rights.includes(right)).map(areaName)),
              })}
            </li>`,
        )}
      </ul>
      ${host.canManageRoles && host.navigation.openConsolePage
        ? html`<p>${t('access.administratorHint')}</p>
            <button @click=${() => host.navigation.openConsolePage?.('roles')}>${t('access.openRoles')}</button>`
        : html`<p>${t('access.askAdministrator')}</p>`}
    </details>`;
  }

  private renderTab(tab: TabDefinition) {
    const module = tabModules[tab.id];
    if (!module) return html`<mdr-state-view state="empty" empty-key="section.tabNotAvailable"></mdr-state-view>`;
    if (this.tabLoadError) {
      return html`<mdr-state-view state="error" .error=${this.tabLoadError} @mdr-retry=${() => this.ensureLoaded(tab)}></mdr-state-view>`;
    }
    if (!this.loadedTabs.has(tab.id)) return html`<mdr-state-view state="loading"></mdr-state-view>`;
    const tag = unsafeStatic(module.tag);
    return staticHtml`<${tag}></${tag}>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-section': MdrSection;
  }
}

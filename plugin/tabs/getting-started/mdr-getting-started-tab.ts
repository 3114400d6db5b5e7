import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { toApiError } from '../../api/errors.ts';
import { hasRights } from '../../context.ts';
import { formatDate, t } from '../../i18n.ts';
import { sharedStyles } from '../../components/shared-styles.ts';
import { licenseDisplayName } from '../../license-name.ts';
import { saveFile } from '../../components/save-file.ts';
import '../../components/mdr-connection-status.ts';
import '../../components/mdr-state-view.ts';
import '../../components/mdr-status-badge.ts';
import { mdrGettingStartedTabStyles } from './mdr-getting-started-tab.styles.ts';
import { MdrElement } from '../../components/mdr-element.ts';

/**
 * *Getting Started*: the set-up steps with their state, creating the MDR roles (step 1), the
 * activation entry point and the root tenant's configuration file.
 *
 * @fires mdr-activation-request - *Activate the solution*: detail `{ mode: 'activate' }`.
 */
@customElement('mdr-getting-started-tab')
export class MdrGettingStartedTab extends MdrElement {
  static override styles = [
    sharedStyles,
    mdrGettingStartedTabStyles,
  ];

  @state() private creatingRoles = false;
  /** The license chosen for the root tenant's configuration file when several are active. */
  @state() private rootLicenseId?: string;
  @state() private downloading?: 'blob' | 'bat';

  private readonly roles = new Task(this, {
    task: async ([api], { signal }) => (api ? api.roles.predefined(signal) : undefined),
    args: () => [this.api] as const,
  });

  private readonly activation = new Task(this, {
    task: async ([api], { signal }) => (api ? api.activation.status(signal) : undefined),
    args: () => [this.api] as const,
  });

  /** Connected assets mark the last step done; read only where the user may see assets. */
  private readonly assets = new Task(this, {
    task: async ([api, allowed, active], { signal }) => (api && allowed && active ? api.health.assetCounts(signal) : undefined),
    args: () => [this.api, hasRights(this.host, ['incidentAccess']), this.activation.value?.status === 'active'] as const,
  });

  /** Active licenses for the root tenant's configuration file (help: *Moving assets to the root tenant*). */
  private readonly rootLicenses = new Task(this, {
    task: async ([api, allowed, active], { signal }) => (api && allowed && active ? api.activation.rootConfigurationLicenses(signal) : undefined),
    args: () => [this.api, hasRights(this.host, ['incidentAccess']), this.activation.value?.status === 'active'] as const,
  });

  private async downloadRoot(licenseId: string, variant: 'blob' | 'bat'): Promise<void> {
    const api = this.api;
    if (!api || this.downloading) return;
    this.downloading = variant;
    try {
      const file = await api.activation.downloadRootConfiguration(licenseId, variant);
      saveFile(file);
      this.host?.notify({ kind: 'success', text: t('gettingStarted.rootConfiguration.downloaded', { name: file.fileName }) });
    } catch (error) {
      this.host?.notify({ kind: 'error', text: t(toApiError(error).messageKey) });
    } finally {
      this.downloading = undefined;
    }
  }

  private async createRoles(): Promise<void> {
    const api = this.api;
    if (!api) return;
    this.creatingRoles = true;
    try {
      const result = await api.roles.createPredefined();
      this.host?.notify({ kind: 'success', text: t('gettingStarted.rolesCreated', { count: result.created.length }) });
    } catch (error) {
      this.host?.notify({ kind: 'error', text: t(toApiError(error).messageKey) });
    } finally {
      this.creatingRoles = false;
      void this.roles.run();
    }
  }

  private stateBadge(done: boolean) {
    return html`<mdr-status-badge tone=${done ? 'success' : 'neutral'} label=${t(done ? 'gettingStarted.done' : 'gettingStarted.toDo')}></mdr-status-badge>`;
  }

  /** A step with its state beside its title (and `since`, a note beside the state), what it is about, and what to do. */
  private step(id: 'roles' | 'activate' | 'configure' | 'deploy', done: boolean | undefined, body: unknown, since: unknown = nothing) {
    return html`<li data-step=${id}>
      <div class="step-head"><strong>${t(`gettingStarted.steps.${id}.title`)}</strong> ${done === undefined ? nothing : this.stateBadge(done)} ${since}</div>
      <div class="muted">${t(`gettingStarted.steps.${id}.description`)}</div>
      <div class="actions">${body}</div>
    </li>`;
  }

  override render() {
    const host = this.host;
    const active = this.activation.value?.status === 'active';
    return html`
      <section class="card">
        <h2>${t('gettingStarted.title')}</h2>
        <ol>
          ${this.renderRolesStep()} ${this.renderActivationStep()}
          ${this.step('configure', undefined, nothing)}
          ${this.step(
            'deploy',
            this.assets.value ? this.assets.value.total > 0 : undefined,
            host && active && hasRights(host, ['incidentAccess']) ? this.renderRootConfiguration() : nothing,
          )}
        </ol>
      </section>
      <section class="card">
        <h3>${t('connection.title')}</h3>
        <mdr-connection-status></mdr-connection-status>
      </section>
    `;
  }

  /** *MDR > Getting Started → Download*: the archive with the BLOB or the BAT file, per license when there are several. */
  private renderRootConfiguration() {
    return this.rootLicenses.render({
      pending: () => html`<mdr-state-view state="loading"></mdr-state-view>`,
      error: (error) => html`<mdr-state-view state="error" .error=${error} @mdr-retry=${() => this.rootLicenses.run()}></mdr-state-view>`,
      complete: (result) => {
        const licenses = result?.items ?? [];
        if (licenses.length === 0) return html`<span class="muted">${t('gettingStarted.rootConfiguration.noLicense')}</span>`;
        const chosen = licenses.find((license) => license.id === this.rootLicenseId) ?? licenses[0]!;
        const busy = this.downloading !== undefined;
        return html`<div class="root-configuration" role="group" aria-label=${t('gettingStarted.rootConfiguration.title')} aria-busy=${busy ? 'true' : 'false'}>
          ${licenses.length > 1
            ? html`<label
                >${t('gettingStarted.rootConfiguration.license')}
                <select id="root-configuration-license" @change=${(event: Event) => (this.rootLicenseId = (event.target as HTMLSelectElement).value)}>
                  ${licenses.map(
                    (license) =>
                      html`<option value=${license.id} ?selected=${license.id === chosen.id}>
                        ${license.expirationDate
                          ? t('gettingStarted.rootConfiguration.licenseOption', { name: licenseDisplayName(license), date: formatDate(license.expirationDate) })
                          : licenseDisplayName(license)}
                      </option>`,
                  )}
                </select></label
              >`
            : nothing}
          <button id="root-configuration-blob" ?disabled=${busy} @click=${() => void this.downloadRoot(chosen.id, 'blob')}>
            ${t('gettingStarted.rootConfiguration.downloadBlob')}
          </button>
          <button id="root-configuration-bat" ?disabled=${busy} @click=${() => void this.downloadRoot(chosen.id, 'bat')}>
            ${t('gettingStarted.rootConfiguration.downloadBat')}
          </button>
        </div>`;
      },
    });
  }

  private renderRolesStep() {
    return this.roles.render({
      pending: () => this.step('roles', undefined, html`<mdr-state-view state="loading"></mdr-state-view>`),
      error: (error) => this.step('roles', undefined, html`<mdr-state-view state="error" .error=${error} @mdr-retry=${() => this.roles.run()}></mdr-state-view>`),
      complete: (roles) => {
        if (!roles) return nothing;
        const done = roles.roles.every((role) => role.exists);
        return this.step(
          'roles',
          done,
          done
            ? nothing
            : roles.canManageRoles
              ? html`<button id="create-roles" class="primary" ?disabled=${this.creatingRoles} @click=${this.createRoles}>${t('gettingStarted.createRoles')}</button>`
              : html`<span class="muted">${t('gettingStarted.rolesNeedAdministrator')}</span>`,
        );
      },
    });
  }

  private renderActivationStep() {
    return this.activation.render({
      pending: () => this.step('activate', undefined, html`<mdr-state-view state="loading"></mdr-state-view>`),
      error: (error) => this.step('activate', undefined, html`<mdr-state-view state="error" .error=${error} @mdr-retry=${() => this.activation.run()}></mdr-state-view>`),
      complete: (status) => {
        if (!status) return nothing;
        const active = status.status === 'active';
        return this.step(
          'activate',
          active,
          active
            ? nothing
            : hasRights(this.host, ['applicationIntegration'])
              ? html`<button
                  id="activate"
                  class="primary"
                  @click=${() => this.emit('mdr-activation-request', { mode: 'activate' })}
                >
                  ${t('activation.start')}
                </button>`
              : html`<span class="muted">${t('activation.needsApplicationIntegration')}</span>`,
          active ? html`<span class="muted">${t('usage.activatedOn', { date: formatDate(status.activatedOn) })}</span>` : nothing,
        );
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-getting-started-tab': MdrGettingStartedTab;
  }
}

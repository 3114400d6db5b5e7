import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { ListPage } from '../../../contract/list.ts';
import {
  ROOT_TENANT,
  type ApiConnection,
  type ApiConnectionSortField,
  type ApiConnectionStatus,
} from '../../api/api-connections.ts';
import type { DataTableColumn } from '../../components/mdr-data-table.ts';
import { blockStyles, sharedStyles, toolbarStyles } from '../../components/shared-styles.ts';
import { formatDate, formatList, t } from '../../i18n.ts';
import { ApiError } from '../../api/errors.ts';
import { NOT_IN_LICENSE_TIER, tiersIncluding } from '../../../contract/license-tiers.ts';
import '../../components/mdr-data-table.ts';
import { ListController } from '../../components/list-controller.ts';
import '../../components/mdr-state-view.ts';
import '../../components/mdr-status-badge.ts';
import './mdr-api-connection-panel.ts';
import { failureText } from '../../failure-text.ts';
import { MdrElement } from '../../components/mdr-element.ts';

const STATUS_TONES: Record<ApiConnectionStatus, 'success' | 'warning' | 'danger' | 'neutral'> = {
  pendingActivation: 'warning',
  active: 'success',
  idle: 'neutral',
  revoked: 'danger',
};

/**
 * *API*: connections of the public REST API — add (*Generate* shows the Client ID and the JWT token
 * once), edit, *Refresh* for a pending connection, *Revoke*, delete. Needs *Incident access* and
 * *REST API access*; a connection whose creator lost the rights of its level shows as suspended.
 * Where the organization's license tier has no REST API (help, *Managing the solution through the
 * REST API*: "available in MDR Expert, MDR Advanced … and MDR Prime"), the service refuses the list
 * and the tab says so, offering nothing to add.
 */
@customElement('mdr-api-tab')
export class MdrApiTab extends MdrElement {
  static override styles = [
    sharedStyles,
    blockStyles,
    toolbarStyles,
  ];

  private readonly connections = new ListController<ListPage<ApiConnection>, ApiConnectionSortField>(this, {
    sort: 'created',
    direction: 'desc',
    load: (api, query, signal) => api.apiConnections.list(query, signal),
  });
  @state() private panelOpen = false;
  @state() private panelConnectionId: string | null = null;

  private openPanel(connection: ApiConnection | null): void {
    this.panelConnectionId = connection?.id ?? null;
    this.panelOpen = true;
  }

  /** The connection open in the panel, as last listed (so that a reload gives the panel the current version). */
  private get panelConnection(): ApiConnection | null {
    if (this.panelConnectionId === null) return null;
    return this.connections.value?.items.find((connection) => connection.id === this.panelConnectionId) ?? null;
  }

  private async act(connection: ApiConnection, action: 'revoke' | 'delete'): Promise<void> {
    await this.connections.change({
      confirm: {
        title: t(`apiConnections.${action}Confirm.title`),
        message: t(`apiConnections.${action}Confirm.message`, { name: connection.name }),
        confirmLabel: t(`apiConnections.${action}Confirm.confirm`),
        cancelLabel: t('apiConnections.cancel'),
        danger: true,
      },
      run: () => (action === 'revoke' ? this.api!.apiConnections.revoke(connection.id) : this.api!.apiConnections.delete(connection.id, connection.version)),
      done: t(`apiConnections.${action}d`, { name: connection.name }),
      failed: (failure) => failureText(failure, 'apiConnections.errors'),
    });
  }

  private tenantsText(connection: ApiConnection): string {
    if (connection.tenants.length === 0) return t('apiConnections.allTenants');
    return connection.tenants.map((tenant) => (tenant.id === ROOT_TENANT ? t('apiConnections.rootTenant') : (tenant.name ?? tenant.id))).join(', ');
  }

  private get columns(): DataTableColumn<ApiConnection>[] {
    return [
      {
        id: 'name',
        label: t('apiConnections.columns.name'),
        sortable: true,
        render: (connection) => html`<button class="link" @click=${() => this.openPanel(connection)}>${connection.name}</button>`,
      },
      { id: 'accessLevel', label: t('apiConnections.columns.accessRights'), sortable: true, render: (connection) => t(`apiConnections.accessLevels.${connection.accessLevel}`) },
      { id: 'tenants', label: t('apiConnections.columns.tenants'), render: (connection) => this.tenantsText(connection) },
      {
        id: 'status',
        label: t('apiConnections.columns.status'),
        sortable: true,
        render: (connection) =>
          html`<mdr-status-badge tone=${STATUS_TONES[connection.status]} label=${t(`apiConnections.status.${connection.status}`)}></mdr-status-badge>
            ${connection.creatorRightsInsufficient
              ? html`<mdr-status-badge tone="danger" label=${t('apiConnections.creatorRights.badge')}></mdr-status-badge>
                  <div class="muted">${t('apiConnections.creatorRights.short')}</div>`
              : nothing}`,
      },
      { id: 'created', label: t('apiConnections.columns.created'), sortable: true, render: (connection) => formatDate(connection.created, 'dateTime') },
      {
        id: 'lastUsed',
        label: t('apiConnections.columns.lastUsed'),
        sortable: true,
        render: (connection) => (connection.lastUsed ? formatDate(connection.lastUsed, 'dateTime') : t('apiConnections.neverUsed')),
      },
      {
        id: 'actions',
        label: t('apiConnections.columns.actions'),
        render: (connection) => html`<div class="actions">
          ${connection.status === 'active' || connection.status === 'idle'
            ? html`<button aria-label=${t('apiConnections.revokeNamed', { name: connection.name })} @click=${() => void this.act(connection, 'revoke')}>
                ${t('apiConnections.revoke')}
              </button>`
            : nothing}
          <button class="danger" aria-label=${t('apiConnections.deleteNamed', { name: connection.name })} @click=${() => void this.act(connection, 'delete')}>
            ${t('apiConnections.delete')}
          </button>
        </div>`,
      },
    ];
  }

  /** Whether the service answered that the organization's tier has no REST API. */
  private get notInTier(): boolean {
    const error: unknown = this.connections.task.error;
    return error instanceof ApiError && error.details.code === NOT_IN_LICENSE_TIER;
  }

  private renderNotInTier() {
    const tiers = formatList(tiersIncluding('restApi').map((tier) => t('licenses.tierName', { tier: t(`licenses.tiers.${tier}`) })));
    return html`<p class="not-in-tier" role="status">${t('apiConnections.notInTier', { tiers })}</p>`;
  }

  override render() {
    if (this.notInTier) {
      return html`<div class="toolbar"><h2>${t('apiConnections.title')}</h2></div>
        ${this.renderNotInTier()}`;
    }
    return html`
      <div class="toolbar">
        <h2>${t('apiConnections.title')}</h2>
        <button class="primary" @click=${() => this.openPanel(null)}>${t('apiConnections.add')}</button>
      </div>
      ${this.connections.render({ label: t('apiConnections.title'), columns: this.columns, emptyKey: 'apiConnections.empty', stackBelow: 'narrow' })}
      <mdr-api-connection-panel
        .connection=${this.panelConnection}
        ?open=${this.panelOpen}
        @mdr-panel-closed=${() => (this.panelOpen = false)}
        @mdr-connection-changed=${() => this.connections.reload()}
        @mdr-connection-reload=${() => this.connections.reload()}
      ></mdr-api-connection-panel>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-api-tab': MdrApiTab;
  }
}

import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task } from '@lit/task';
import type { Tenant, TenantSortField } from '../../api/tenants.ts';
import type { DataTableColumn } from '../../components/mdr-data-table.ts';
import { sharedStyles } from '../../components/shared-styles.ts';
import { apiContext, hostContext, type MdrHost } from '../../context.ts';
import type { MdrApi } from '../../api/mdr-api.ts';
import { LocalizeController, formatDate, formatNumber, t } from '../../i18n.ts';
import '../../components/mdr-data-table.ts';
import { TablePosition } from '../../components/table-position.ts';
import { renderPagedTable } from '../../components/paged-table.ts';
import '../../components/mdr-state-view.ts';
import '../../components/mdr-status-badge.ts';
import './mdr-tenant-panel.ts';
import { confirmedChange } from '../../components/confirmed-change.ts';

/**
 * *Tenants*: the organization's tenants (sorted by expiration date, newest first, by default), with
 * add and edit in a side panel and delete after a confirmation that names the assets it disconnects.
 * Needs *Incident access* and *Tenant management*.
 */
@customElement('mdr-tenants-tab')
export class MdrTenantsTab extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .toolbar {
        display: flex;
        align-items: center;
        gap: 16px;
        flex-wrap: wrap;
        margin-bottom: 8px;
      }
      .toolbar h2 {
        margin: 0;
      }
      .description {
        display: -webkit-box;
        -webkit-line-clamp: 2;
        -webkit-box-orient: vertical;
        overflow: hidden;
        max-width: 36ch;
      }
    `,
  ];

  @consume({ context: hostContext, subscribe: true })
  @state()
  host?: MdrHost;

  @consume({ context: apiContext, subscribe: true })
  @state()
  api?: MdrApi;

  private readonly position = new TablePosition<TenantSortField>(this, { sort: 'expiration', direction: 'desc' });
  @state() private panelOpen = false;
  @state() private panelTenant: string | null = null;
  @state() private reloads = 0;

  private readonly localize = new LocalizeController(this);

  private readonly tenants = new Task(this, {
    task: async ([api, page, pageSize, sort, direction], { signal }) =>
      api ? api.tenants.list({ page, pageSize, sort, direction }, signal) : undefined,
    args: () => [this.api, this.position.page, this.position.pageSize, this.position.sort, this.position.direction, this.reloads] as const,
  });

  private openPanel(tenantId: string | null): void {
    this.panelTenant = tenantId;
    this.panelOpen = true;
  }

  private async confirmDelete(tenant: Tenant): Promise<void> {
    const changed = await confirmedChange(this.host, {
      confirm: {
        title: t('tenants.deleteConfirm.title'),
        message:
          tenant.assets === 0
            ? t('tenants.deleteConfirm.messageNoAssets', { name: tenant.name })
            : t('tenants.deleteConfirm.message', { name: tenant.name, count: tenant.assets, assets: formatNumber(tenant.assets) }),
        confirmLabel: t('tenants.deleteConfirm.confirm'),
        cancelLabel: t('tenants.cancel'),
        danger: true,
      },
      run: () => this.api!.tenants.delete(tenant.id, tenant.version),
      done: t('tenants.deleted', { name: tenant.name }),
      failed: (failure) => (failure.failure === 'conflict' ? t('tenants.deleteConflict', { name: tenant.name }) : t(failure.messageKey)),
    });
    if (changed !== undefined) this.reloads++;
  }

  private get columns(): DataTableColumn<Tenant>[] {
    return [
      {
        id: 'name',
        label: t('tenants.columns.name'),
        sortable: true,
        render: (tenant) => html`<button class="link" @click=${() => this.openPanel(tenant.id)}>${tenant.name}</button>`,
      },
      {
        id: 'status',
        label: t('tenants.columns.status'),
        sortable: true,
        render: (tenant) =>
          html`<mdr-status-badge tone=${tenant.status === 'active' ? 'success' : 'neutral'} label=${t(`tenants.status.${tenant.status}`)}></mdr-status-badge>`,
      },
      { id: 'assets', label: t('tenants.columns.assets'), sortable: true, numeric: true, render: (tenant) => formatNumber(tenant.assets) },
      {
        id: 'description',
        label: t('tenants.columns.description'),
        sortable: true,
        render: (tenant) => html`<span class="description" title=${tenant.description}>${tenant.description}</span>`,
      },
      { id: 'createdOn', label: t('tenants.columns.createdOn'), sortable: true, render: (tenant) => formatDate(tenant.createdOn) },
      { id: 'expiration', label: t('tenants.columns.expiration'), sortable: true, render: (tenant) => formatDate(tenant.expiration) },
      {
        id: 'actions',
        label: t('tenants.columns.actions'),
        render: (tenant) =>
          html`<button class="danger" aria-label=${t('tenants.deleteNamed', { name: tenant.name })} @click=${() => void this.confirmDelete(tenant)}>
            ${t('tenants.delete')}
          </button>`,
      },
    ];
  }

  override render() {
    void this.localize;
    const page = this.tenants.value;
    const atLimit = page !== undefined && page.count >= page.limit;
    return html`
      <div class="toolbar">
        <h2>${t('tenants.title')}</h2>
        ${page ? html`<span class="muted">${t('tenants.count', { count: formatNumber(page.count), limit: formatNumber(page.limit) })}</span>` : nothing}
        <button class="primary" ?disabled=${!page || atLimit} @click=${() => this.openPanel(null)}>${t('tenants.add')}</button>
      </div>
      ${atLimit ? html`<p class="muted" role="note">${t('tenants.limitReached', { limit: formatNumber(page.limit) })}</p>` : nothing}
      ${renderPagedTable({ task: this.tenants, label: t('tenants.title'), columns: this.columns, position: this.position, emptyKey: 'tenants.empty' })}
      <mdr-tenant-panel
        .tenantId=${this.panelTenant}
        ?open=${this.panelOpen}
        @mdr-panel-closed=${() => (this.panelOpen = false)}
        @mdr-tenant-changed=${() => this.reloads++}
      ></mdr-tenant-panel>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-tenants-tab': MdrTenantsTab;
  }
}

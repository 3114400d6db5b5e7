import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Tenant, TenantPage, TenantSortField } from '../../api/tenants.ts';
import type { DataTableColumn } from '../../components/mdr-data-table.ts';
import { blockStyles, sharedStyles, toolbarStyles } from '../../components/shared-styles.ts';
import { formatDate, formatNumber, t } from '../../i18n.ts';
import '../../components/mdr-data-table.ts';
import { ListController } from '../../components/list-controller.ts';
import '../../components/mdr-state-view.ts';
import '../../components/mdr-status-badge.ts';
import './mdr-tenant-panel.ts';
import { MdrElement } from '../../components/mdr-element.ts';

/**
 * *Tenants*: the organization's tenants (sorted by expiration date, newest first, by default), with
 * add and edit in a side panel and delete after a confirmation that names the assets it disconnects.
 * Needs *Incident access* and *Tenant management*.
 */
@customElement('mdr-tenants-tab')
export class MdrTenantsTab extends MdrElement {
  static override styles = [
    sharedStyles,
    blockStyles,
    toolbarStyles,
    css`
      .description {
        display: -webkit-box;
        -webkit-line-clamp: 2;
        -webkit-box-orient: vertical;
        overflow: hidden;
        max-width: 36ch;
      }
    `,
  ];

  private readonly tenants = new ListController<TenantPage, TenantSortField>(this, {
    sort: 'expiration',
    direction: 'desc',
    load: (api, query, signal) => api.tenants.list(query, signal),
  });
  @state() private panelOpen = false;
  @state() private panelTenant: string | null = null;

  private openPanel(tenantId: string | null): void {
    this.panelTenant = tenantId;
    this.panelOpen = true;
  }

  private async confirmDelete(tenant: Tenant): Promise<void> {
    await this.tenants.change({
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
    const page = this.tenants.value;
    const atLimit = page !== undefined && page.count >= page.limit;
    return html`
      <div class="toolbar">
        <h2>${t('tenants.title')}</h2>
        ${page ? html`<span class="muted">${t('tenants.count', { count: formatNumber(page.count), limit: formatNumber(page.limit) })}</span>` : nothing}
        <button class="primary" ?disabled=${!page || atLimit} @click=${() => this.openPanel(null)}>${t('tenants.add')}</button>
      </div>
      ${atLimit ? html`<p class="muted" role="note">${t('tenants.limitReached', { limit: formatNumber(page.limit) })}</p>` : nothing}
      ${this.tenants.render({ label: t('tenants.title'), columns: this.columns, emptyKey: 'tenants.empty' })}
      <mdr-tenant-panel
        .tenantId=${this.panelTenant}
        ?open=${this.panelOpen}
        @mdr-panel-closed=${() => (this.panelOpen = false)}
        @mdr-tenant-changed=${() => this.tenants.reload()}
      ></mdr-tenant-panel>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-tenants-tab': MdrTenantsTab;
  }
}

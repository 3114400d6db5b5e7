import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { toApiError } from '../../api/errors.ts';
import {
  type License,
  type LicenseSortField,
  type LicenseStatus,
  type LicensePage,
  type LicenseView,
} from '../../api/licenses.ts';
import type { DataTableColumn } from '../../components/mdr-data-table.ts';
import { saveFile } from '../../components/save-file.ts';
import { blockStyles, sharedStyles, toolbarStyles } from '../../components/shared-styles.ts';
import { hasRights } from '../../context.ts';
import type { MdrApi } from '../../api/mdr-api.ts';
import { toCsv } from '../../csv.ts';
import { formatDate, formatNumber, t } from '../../i18n.ts';
import { licenseDisplayName } from '../../license-name.ts';
import '../../components/mdr-data-table.ts';
import { ListController } from '../../components/list-controller.ts';
import '../../components/mdr-state-view.ts';
import '../../components/mdr-status-badge.ts';
import './mdr-license-key-panel.ts';
import { failureText } from '../../failure-text.ts';
import { mdrLicensesTabStyles } from './mdr-licenses-tab.styles.ts';
import { BusyActions, busyLabel } from '../../components/busy-actions.ts';
import { usageMeter } from '../../components/usage-meter.ts';
import { MdrElement } from '../../components/mdr-element.ts';

const STATUS_TONES: Record<LicenseStatus, 'success' | 'warning' | 'danger' | 'neutral'> = {
  active: 'success',
  expired: 'danger',
  blocked: 'danger',
  deleted: 'neutral',
  inactive: 'neutral',
  removed: 'neutral',
};

/**
 * *Licenses*: the organization's licenses (*Active* / *All*), with the limit and expiration
 * highlights, *Export by tenants to CSV*, the *Archive for asset configuration*, and — with
 * *Application Integration* — adding and removing license keys. For the MDR Administrator.
 */
@customElement('mdr-licenses-tab')
export class MdrLicensesTab extends MdrElement {
  static override styles = [
    sharedStyles,
    blockStyles,
    toolbarStyles,
    mdrLicensesTabStyles,
  ];

  @state() private view: LicenseView = 'active';
  @state() private addOpen = false;
  private readonly busy = new BusyActions(this);

  private readonly licenses = new ListController<LicensePage, LicenseSortField>(this, {
    sort: 'expirationDate',
    direction: 'desc',
    load: (api, query, signal) => api.licenses.list({ ...query, view: this.view }, signal),
    filters: () => [this.view],
  });

  private get canChangeKeys(): boolean {
    return hasRights(this.host, ['applicationIntegration']);
  }

  private showError(error: unknown): void {
    const failure = toApiError(error);
    this.host?.notify({ kind: 'error', text: failureText(failure, 'licenses.errors') });
  }

  private async exportCsv(): Promise<void> {
    const api = this.api;
    if (!api) return;
    await this.busy.run('export', async () => {
      try {
        await this.exportRows(api);
      } catch (error) {
        this.showError(error);
      }
    });
  }

  /** *Export by tenants to CSV*: connected assets per tenant and license. */
  private async exportRows(api: MdrApi): Promise<void> {
    const rows = await api.licenses.assetsByTenant();
    const header = (['licenseName', 'licenseId', 'assetLimit', 'expirationDate', 'status', 'tenant', 'tenantId', 'assets'] as const).map((column) => t(`licenses.csv.${column}`));
    const body = rows.map((row) => [
      row.licenseName,
      row.licenseId,
      row.assetLimit,
      row.expirationDate.slice(0, 10),
      t(`licenses.status.${row.status}`),
      row.tenantName ?? t('licenses.rootTenant'),
      row.tenantId ?? '',
      row.assets,
    ]);
    saveFile({ blob: toCsv([header, ...body]), fileName: 'mdr_licenses_by_tenant.csv' });
  }

  private async download(license: License, variant: 'blob' | 'bat'): Promise<void> {
    const api = this.api;
    if (!api) return;
    await this.busy.run(`archive:${license.id}:${variant}`, async () => {
      try {
        saveFile(await api.licenses.downloadArchive(license.id, variant));
      } catch (error) {
        this.showError(error);
      }
    });
  }

  private async removeKey(license: License): Promise<void> {
    await this.licenses.change({
      confirm: {
        title: t('licenses.removeConfirm.title'),
        message: t('licenses.removeConfirm.message', { code: license.activationCode, name: licenseDisplayName(license) }),
        confirmLabel: t('licenses.removeConfirm.confirm'),
        cancelLabel: t('licenses.cancel'),
        danger: true,
      },
      run: () => this.api!.licenses.remove(license.id, license.version),
      done: t('licenses.removed', { code: license.activationCode }),
      failed: (failure) => (failure.failure === 'conflict' && failure.details.code === 'conflict' ? t('licenses.removeConflict') : failureText(failure, 'licenses.errors')),
    });
  }

  private get columns(): DataTableColumn<License>[] {
    const columns: DataTableColumn<License>[] = [
      {
        id: 'name',
        label: t('licenses.columns.name'),
        sortable: true,
        render: (license) => licenseDisplayName(license),
      },
      {
        id: 'connectedAssets',
        label: t('licenses.columns.connectedAssets'),
        sortable: true,
        numeric: true,
        cellClass: (license) => (license.overLimit ? 'danger' : ''),
        render: (license) => {
          const text = t('licenses.assetsOfLimit', { connected: formatNumber(license.connectedAssets), limit: formatNumber(license.assetLimit) });
          return html`${usageMeter({ connected: license.connectedAssets, limit: license.assetLimit, label: text })}<span title=${license.overLimit ? t('licenses.overLimit') : ''}>${text}</span>`;
        },
      },
      { id: 'id', label: t('licenses.columns.id'), sortable: true, render: (license) => html`<code>${license.id}</code>` },
      { id: 'activationDate', label: t('licenses.columns.activationDate'), sortable: true, render: (license) => formatDate(license.activationDate) },
      {
        id: 'expirationDate',
        label: t('licenses.columns.expirationDate'),
        sortable: true,
        cellClass: (license) => (license.expiresSoon && license.status !== 'removed' ? 'danger' : ''),
        render: (license) => formatDate(license.expirationDate),
      },
      {
        id: 'status',
        label: t('licenses.columns.status'),
        sortable: true,
        render: (license) => html`<mdr-status-badge tone=${STATUS_TONES[license.status]} label=${t(`licenses.status.${license.status}`)}></mdr-status-badge>`,
      },
      {
        id: 'archive',
        label: t('licenses.columns.archive'),
        render: (license) =>
          license.status === 'active'
            ? html`<div class="actions">
                ${(['blob', 'bat'] as const).map((variant) => {
                  const busy = this.busy.isBusy(`archive:${license.id}:${variant}`);
                  return html`<button
                    aria-label=${t(variant === 'blob' ? 'licenses.downloadBlobNamed' : 'licenses.downloadBatNamed', { code: license.id })}
                    aria-busy=${busy ? 'true' : 'false'}
                    ?disabled=${busy}
                    @click=${() => void this.download(license, variant)}
                  >
                    ${busyLabel(busy, t(variant === 'blob' ? 'licenses.downloadBlob' : 'licenses.downloadBat'))}
                  </button>`;
                })}
              </div>`
            : nothing,
      },
    ];
    if (this.canChangeKeys) {
      columns.push({
        id: 'actions',
        label: t('licenses.columns.actions'),
        render: (license) =>
          license.status === 'removed'
            ? nothing
            : html`<button class="danger" aria-label=${t('licenses.removeNamed', { code: license.id })} @click=${() => void this.removeKey(license)}>
                ${t('licenses.remove')}
              </button>`,
      });
    }
    return columns;
  }

  /** The top panel: general information about the current licenses. */
  private renderSummary(summary: NonNullable<LicensePage['summary']>) {
    const over = summary.connectedAssets > summary.assetLimit;
    return html`<dl class="summary" aria-label=${t('licenses.summary.label')}>
      <div><dt>${t('licenses.summary.active')}</dt><dd>${formatNumber(summary.active)}</dd></div>
      <div>
        <dt>${t('licenses.summary.assets')}</dt>
        <dd class=${over ? 'danger' : ''}>${t('licenses.assetsOfLimit', { connected: formatNumber(summary.connectedAssets), limit: formatNumber(summary.assetLimit) })}</dd>
      </div>
      <div>
        <dt>${t('licenses.summary.nextExpiration')}</dt>
        <dd>${summary.nextExpiration ? formatDate(summary.nextExpiration) : t('licenses.summary.none')}</dd>
      </div>
    </dl>`;
  }

  private setView(view: LicenseView): void {
    if (view === this.view) return;
    this.view = view;
    this.licenses.firstPage();
  }

  override render() {
    const page = this.licenses.value;
    return html`
      <div class="toolbar">
        <h2>${t('licenses.title')}</h2>
        <div class="views" role="group" aria-label=${t('licenses.views.label')}>
          <button aria-pressed=${this.view === 'active' ? 'true' : 'false'} @click=${() => this.setView('active')}>${t('licenses.views.active')}</button>
          <button aria-pressed=${this.view === 'all' ? 'true' : 'false'} @click=${() => this.setView('all')}>${t('licenses.views.all')}</button>
        </div>
        <span class="spacer"></span>
        <button ?disabled=${this.busy.isBusy('export')} aria-busy=${this.busy.isBusy('export') ? 'true' : 'false'} @click=${() => void this.exportCsv()}>
          ${busyLabel(this.busy.isBusy('export'), t('licenses.exportCsv'))}
        </button>
        ${this.canChangeKeys ? html`<button class="primary" @click=${() => (this.addOpen = true)}>${t('licenses.addKey')}</button>` : nothing}
      </div>
      ${page?.summary ? this.renderSummary(page.summary) : nothing}
      ${this.licenses.render({ label: t('licenses.title'), columns: this.columns, emptyKey: `licenses.empty.${this.view}`, stackBelow: 'wide' })}
      ${this.canChangeKeys
        ? html`<mdr-license-key-panel
            ?open=${this.addOpen}
            .organization=${page?.organization ?? { tier: null, regionCode: null }}
            @mdr-panel-closed=${() => (this.addOpen = false)}
            @mdr-license-added=${() => this.licenses.reload()}
          ></mdr-license-key-panel>`
        : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-licenses-tab': MdrLicensesTab;
  }
}

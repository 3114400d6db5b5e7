import { css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { toApiError } from '../../api/errors.ts';
import {
  type ReportSchedule,
  type ReportScheduleList,
  type ReportScheduleSort,
} from '../../api/report-schedules.ts';
import { formatNumber, t } from '../../i18n.ts';
import { blockStyles, sharedStyles, toolbarStyles } from '../../components/shared-styles.ts';
import { BeforeUnloadController, confirmDiscard, type UnsavedChangesAware } from '../../components/unsaved-changes.ts';
import type { DataTableColumn } from '../../components/mdr-data-table.ts';
import { formatUtc, type MdrReportScheduleForm } from './mdr-report-schedule-form.ts';
import '../../components/mdr-data-table.ts';
import { ListController } from '../../components/list-controller.ts';
import '../../components/mdr-side-panel.ts';
import '../../components/mdr-state-view.ts';
import '../../components/mdr-status-badge.ts';
import './mdr-report-schedule-form.ts';
import { BusyActions, busyLabel } from '../../components/busy-actions.ts';
import { MdrElement } from '../../components/mdr-element.ts';

/**
 * *Reports*: the report delivery schedules (summary of open incidents, PDF by email) with their next
 * run and the period it covers; add, edit, delete and *Send now*.
 */
@customElement('mdr-reports-tab')
export class MdrReportsTab extends MdrElement implements UnsavedChangesAware {
  static override styles = [
    sharedStyles,
    blockStyles,
    toolbarStyles,
    css`
      :host {
        --_toolbar-gap: 12px;
      }
      .actions {
        display: flex;
        gap: 6px;
        flex-wrap: wrap;
      }
      .small {
        font-size: 0.9em;
      }
      .emails {
        word-break: break-all;
      }
    `,
  ];

  @state() private editing: ReportSchedule | null | undefined;
  private readonly busy = new BusyActions(this);
  @query('mdr-report-schedule-form') private form?: MdrReportScheduleForm;

  private readonly unload = new BeforeUnloadController(this);

  @state() private formDirty = false;

  private readonly schedules = new ListController<ReportScheduleList, ReportScheduleSort>(this, {
    sort: 'name',
    direction: 'asc',
    load: (api, query, signal) => api.reportSchedules.list(query, signal),
  });

  /** The last list, kept visible (dimmed) while another page or order loads. */
  private lastList?: ReportScheduleList;

  /** An open form holds edits not saved yet. */
  get hasUnsavedChanges(): boolean {
    return this.editing !== undefined && (this.form?.hasUnsavedChanges ?? false);
  }

  private async closeForm(): Promise<void> {
    if (this.form?.hasUnsavedChanges && !(await confirmDiscard(this.host))) return;
    this.editing = undefined;
    this.formDirty = false;
  }

  private async deleteSchedule(schedule: ReportSchedule): Promise<void> {
    await this.schedules.change({
      confirm: {
        title: t('reports.deleteConfirm.title'),
        message: t('reports.deleteConfirm.message', { name: schedule.name }),
        confirmLabel: t('reports.deleteConfirm.confirm'),
        cancelLabel: t('reports.deleteConfirm.cancel'),
        danger: true,
      },
      run: () => this.api!.reportSchedules.delete(schedule.id, schedule.version),
      done: t('reports.deleted'),
      failed: (failure) => t(failure.failure === 'conflict' ? 'reports.errors.conflict' : failure.messageKey),
    });
  }

  private async sendNow(schedule: ReportSchedule): Promise<void> {
    const { host, api } = this;
    if (!host || !api) return;
    const sent = await this.busy.run(`send:${schedule.id}`, async () => {
      try {
        const result = await api.reportSchedules.sendNow(schedule.id);
        host.notify({ kind: 'success', text: t('reports.sent', { count: result.sentTo.length }) });
      } catch (error) {
        host.notify({ kind: 'error', text: t(toApiError(error).messageKey) });
      }
      return true;
    });
    if (sent) this.schedules.reload();
  }

  private async saved(): Promise<void> {
    this.editing = undefined;
    this.formDirty = false;
    this.host?.notify({ kind: 'success', text: t('reports.saved') });
    this.schedules.reload();
  }

  private columns(): DataTableColumn<ReportSchedule>[] {
    return [
      {
        id: 'enabled',
        label: t('reports.columns.enabled'),
        render: (row) => html`<mdr-status-badge tone=${row.enabled ? 'success' : 'neutral'} label=${t(row.enabled ? 'reports.on' : 'reports.off')}></mdr-status-badge>`,
      },
      { id: 'name', label: t('reports.columns.name'), sortable: true, render: (row) => row.name },
      { id: 'tenant', label: t('reports.columns.tenant'), sortable: true, render: (row) => row.tenantName ?? t('reports.allTenants') },
      { id: 'emails', label: t('reports.columns.emails'), render: (row) => html`<span class="emails">${row.emails.join(', ')}</span>` },
      { id: 'when', label: t('reports.columns.when'), render: (row) => t('reports.when', { day: t(`reports.days.${row.day}`), time: row.time }) },
      {
        id: 'nextRun',
        label: t('reports.columns.nextRun'),
        sortable: true,
        render: (row) =>
          row.nextRun && row.nextPeriod
            ? html`${t('reports.nextRun', { date: formatUtc(row.nextRun, true) })}
                <div class="muted small">
                  ${t('reports.period', { from: formatUtc(row.nextPeriod.from), to: formatUtc(new Date(row.nextPeriod.to).getTime() - 1) })}
                </div>
                ${row.lastRun ? html`<div class="muted small">${t(`reports.lastRun.${row.lastRun.status}`, { date: formatUtc(row.lastRun.at, true) })}</div>` : nothing}`
            : t('reports.notScheduled'),
      },
      {
        id: 'actions',
        label: t('reports.columns.actions'),
        render: (row) => html`<div class="actions">
          <button aria-label="${t('reports.edit')}: ${row.name}" @click=${() => (this.editing = row)}>${t('reports.edit')}</button>
          <button
            aria-label="${t('reports.sendNow')}: ${row.name}"
            aria-busy=${this.busy.isBusy(`send:${row.id}`) ? 'true' : 'false'}
            ?disabled=${this.busy.isBusy(`send:${row.id}`)}
            @click=${() => void this.sendNow(row)}
          >
            ${busyLabel(this.busy.isBusy(`send:${row.id}`), t('reports.sendNow'))}
          </button>
          <button aria-label="${t('reports.delete')}: ${row.name}" @click=${() => void this.deleteSchedule(row)}>${t('reports.delete')}</button>
        </div>`,
      },
    ];
  }

  override render() {
    void this.unload;
    return html`<section class="card">
      <h2>${t('reports.title')}</h2>
      <p class="muted">${t('reports.intro')}</p>
      ${this.schedules.task.render({
        pending: () => (this.lastList ? this.renderList(this.lastList, true) : html`<mdr-state-view state="loading"></mdr-state-view>`),
        error: (error) => html`<mdr-state-view state="error" .error=${error} @mdr-retry=${() => this.schedules.task.run()}></mdr-state-view>`,
        complete: (list) => {
          this.lastList = list;
          return list ? this.renderList(list, false) : nothing;
        },
      })}
    </section>`;
  }

  private renderList(list: ReportScheduleList, loading: boolean) {
    const atLimit = list.total >= list.limits.organization;
    return html`
        <div class="toolbar">
          <button class="primary" ?disabled=${atLimit} @click=${() => (this.editing = null)}>${t('reports.add')}</button>
          <span class="muted">${t('reports.count', { count: list.total, limit: formatNumber(list.limits.organization) })}</span>
          ${atLimit ? html`<span role="status">${t('reports.limitReached', { limit: formatNumber(list.limits.organization) })}</span>` : nothing}
        </div>
        ${list.total === 0
          ? html`<mdr-state-view state="empty" empty-key="reports.empty"></mdr-state-view>`
          : html`<mdr-data-table
              .columns=${this.columns()}
              .rows=${list.items}
              ?loading=${loading}
              .total=${list.total}
              .page=${this.schedules.position.page}
              .pageSize=${this.schedules.position.pageSize}
              .sort=${this.schedules.position.sort}
              .direction=${this.schedules.position.direction}
              label=${t('reports.title')}
              @mdr-sort-change=${this.schedules.position.onSortChange}
              @mdr-page-change=${this.schedules.position.onPageChange}
            ></mdr-data-table>`}
      <mdr-side-panel
        ?open=${this.editing !== undefined}
        heading=${this.editing ? t('reports.form.editTitle') : t('reports.form.addTitle')}
        @mdr-close-request=${() => void this.closeForm()}
      >
        ${this.editing !== undefined
          ? html`<mdr-report-schedule-form
              .schedule=${this.editing}
              .tenants=${list.tenants}
              @mdr-dirty-change=${(event: CustomEvent<boolean>) => (this.formDirty = event.detail)}
              @mdr-schedule-saved=${() => void this.saved()}
            ></mdr-report-schedule-form>`
          : nothing}
        <button slot="actions" @click=${() => void this.closeForm()}>${t('reports.form.cancel')}</button>
        <button slot="actions" class="primary" ?disabled=${!this.formDirty} @click=${() => void this.form?.submit()}>${t('reports.form.save')}</button>
      </mdr-side-panel>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-reports-tab': MdrReportsTab;
  }
}

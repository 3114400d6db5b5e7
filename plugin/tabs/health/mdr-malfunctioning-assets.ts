import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import {
  MDR_STATES,
  type CriticalComponent,
  type MalfunctioningAsset,
  type MdrState,
  type Page,
} from '../../api/health.ts';
import { codeText, t } from '../../i18n.ts';
import { sharedStyles } from '../../components/shared-styles.ts';
import type { DataTableColumn } from '../../components/mdr-data-table.ts';
import { healthListStyles } from './health-styles.ts';
import '../../components/mdr-data-table.ts';
import { ListController } from '../../components/list-controller.ts';
import { renderHealthExport, renderHealthList, renderSetFilter } from './health-table.ts';
import { BusyActions } from '../../components/busy-actions.ts';
import '../../components/mdr-side-panel.ts';
import '../../components/mdr-state-view.ts';
import '../../components/mdr-status-badge.ts';
import { MdrElement } from '../../components/mdr-element.ts';

/** The two presets of the spec, as the MDR states they stand for. */
const PRESETS: Record<string, readonly MdrState[]> = {
  installedAndActivated: ['unknown', 'stopped', 'paused', 'starting', 'running', 'failed'],
  licenseMissing: ['noLicense'],
};

/** Localized name of a component: Self-Defense is a feature, the rest are the application's names. */
export function componentLabel(component: Pick<CriticalComponent, 'name' | 'state'>): string {
  const name = component.name === 'selfDefense' ? t('health.malfunctioning.selfDefense') : component.name;
  const state = component.state === 'off' ? t('health.malfunctioning.off') : t(`health.mdrStates.${component.state}`);
  return `${name}: ${state}`;
}

/**
 * *Malfunctioning assets*: devices of the console with the MDR component that never sent
 * telemetry, filtered by MDR state (or a preset), with device details and CSV export.
 */
@customElement('mdr-malfunctioning-assets')
export class MdrMalfunctioningAssets extends MdrElement {
  static override styles = [sharedStyles, healthListStyles];

  @state() private states: MdrState[] = [];
  @state() private detailsId: string | null = null;
  private readonly busy = new BusyActions(this);

  private readonly list = new ListController<Page<MalfunctioningAsset>>(this, {
    sort: 'name',
    direction: 'asc',
    load: (api, query, signal) => api.health.malfunctioningAssets({ ...query, states: this.states }, signal),
    filters: () => [this.states],
  });

  private readonly details = new Task(this, {
    task: async ([api, id], { signal }) => (api && id ? api.health.deviceDetails(id, signal) : undefined),
    args: () => [this.api, this.detailsId] as const,
  });

  private get preset(): string {
    const current = [...this.states].sort().join(',');
    return Object.entries(PRESETS).find(([, states]) => [...states].sort().join(',') === current)?.[0] ?? (this.states.length ? 'custom' : 'all');
  }

  private setStates(states: MdrState[]): void {
    this.states = states;
    this.list.firstPage();
  }

  private choosePreset(value: string): void {
    this.setStates(value === 'all' ? [] : [...(PRESETS[value] ?? this.states)]);
  }

  private get columns(): DataTableColumn<MalfunctioningAsset>[] {
    return [
      {
        id: 'name',
        label: t('health.malfunctioning.columns.name'),
        sortable: true,
        render: (row) => html`<button class="link" @click=${() => this.host?.navigation.openDevice(row.id)}>${row.name}</button>`,
      },
      { id: 'applications', label: t('health.malfunctioning.columns.applications'), render: (row) => row.applications.join(', ') },
      { id: 'mdrState', label: t('health.malfunctioning.columns.mdrState'), sortable: true, render: (row) => t(`health.mdrStates.${row.mdrState}`) },
      { id: 'administrationServer', label: t('health.malfunctioning.columns.administrationServer'), sortable: true },
      {
        id: 'criticalComponents',
        label: t('health.malfunctioning.columns.criticalComponents'),
        // Badges carry their own colours: the cell is rendered inside the table's shadow root.
        render: (row) =>
          html`${row.criticalComponents.map(
            (c) => html`<mdr-status-badge tone=${c.indication === 'red' ? 'danger' : 'warning'} data-indication=${c.indication} .label=${componentLabel(c)}></mdr-status-badge> `,
          )}`,
      },
      {
        id: 'details',
        label: t('health.malfunctioning.columns.details'),
        render: (row) =>
          html`<button aria-label=${t('health.malfunctioning.detailsOf', { name: row.name })} @click=${() => (this.detailsId = row.id)}>
            ${t('health.malfunctioning.details')}
          </button>`,
      },
    ];
  }

  override render() {
    const api = this.api;
    return html`
      <div class="toolbar">
        <label
          >${t('health.malfunctioning.preset')}
          <select id="preset" @change=${(event: Event) => this.choosePreset((event.target as HTMLSelectElement).value)}>
            ${(['all', 'installedAndActivated', 'licenseMissing'] as const).map(
              (preset) => html`<option value=${preset} ?selected=${this.preset === preset}>${t(`health.malfunctioning.presets.${preset}`)}</option>`,
            )}
            ${this.preset === 'custom' ? html`<option value="custom" selected>${t('health.malfunctioning.presets.custom')}</option>` : nothing}
          </select>
        </label>
        ${renderSetFilter({
          legend: t('health.malfunctioning.columns.mdrState'),
          name: 'state',
          all: MDR_STATES,
          chosen: this.states,
          label: (state) => t(`health.mdrStates.${state}`),
          onChange: (states) => this.setStates(states),
        })}
        ${api ? renderHealthExport(this.busy, () => api.health.exportMalfunctioning(this.states)) : nothing}
      </div>
      ${renderHealthList(this.list, { countKey: 'health.malfunctioning.count', label: t('health.views.malfunctioning'), columns: this.columns })}
      <mdr-side-panel
        ?open=${this.detailsId !== null}
        heading=${this.details.value?.name ?? t('health.malfunctioning.details')}
        @mdr-close-request=${() => (this.detailsId = null)}
      >
        ${this.detailsId === null
          ? nothing
          : this.details.render({
              pending: () => html`<mdr-state-view state="loading"></mdr-state-view>`,
              error: (error) => html`<mdr-state-view state="error" .error=${error} @mdr-retry=${() => this.details.run()}></mdr-state-view>`,
              complete: (device) => (device ? this.renderDetails(device) : nothing),
            })}
      </mdr-side-panel>
    `;
  }

  private renderDetails(device: NonNullable<MdrMalfunctioningAssets['details']['value']>) {
    return html`<dl class="properties">
        <dt>${t('health.malfunctioning.columns.mdrState')}</dt>
        <dd>${t(`health.mdrStates.${device.mdrState}`)}</dd>
        <dt>${t('health.malfunctioning.columns.administrationServer')}</dt>
        <dd>${device.administrationServer}</dd>
        <dt>${t('health.malfunctioning.group')}</dt>
        <dd>${device.group}</dd>
        <dt>${t('health.malfunctioning.selfDefense')}</dt>
        <dd>${device.selfDefense ? t('health.malfunctioning.on') : html`<span class="indication red">${t('health.malfunctioning.off')}</span>`}</dd>
      </dl>
      ${device.applications.map(
        (application) => html`<h3>${application.name} ${application.version}</h3>
          ${application.components.length === 0
            ? html`<p class="muted">${t('health.malfunctioning.noComponents')}</p>`
            : html`<ul data-testid="components">
                ${application.components.map((component) => {
                  const critical = device.criticalComponents.find((c) => c.name === component.name);
                  return html`<li>
                    ${component.name}:
                    <span class=${critical ? `indication ${critical.indication}` : ''}>${codeText('health.mdrStates', component.state)}</span>
                  </li>`;
                })}
              </ul>`}`,
      )}
      <button slot="actions" class="primary" @click=${() => this.host?.navigation.openDevice(device.id)}>${t('health.malfunctioning.openDevice')}</button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-malfunctioning-assets': MdrMalfunctioningAssets;
  }
}

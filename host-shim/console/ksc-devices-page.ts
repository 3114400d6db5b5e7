import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { listDevices, type ManagedDeviceRecord } from './console-api.ts';
import { ConsoleLocalizeController, consoleCodeText, ct, formatConsoleNumber } from './console-i18n.ts';
import { pageStyles } from './console-styles.ts';
import { taskView } from './admin-actions.ts';
import { dataTable } from './console-table.ts';

const pageSize = 50;

/** Component states that need attention, so that the list shows them and not the healthy ones. */
const attentionStates = new Set(['stopped', 'paused', 'starting', 'failed', 'unknown', 'notInstalled', 'noLicense']);

/**
 * *Devices → Managed devices*: the console's device inventory (name, group, applications with their
 * components' states, Administration Server), searched and paged on the server.
 *
 * @fires ksc-navigate - detail: { path } of a device page.
 */
@customElement('ksc-devices-page')
export class KscDevicesPage extends LitElement {
  static override styles = pageStyles;

  @state() private page = 1;
  @state() private search = '';
  private readonly localize = new ConsoleLocalizeController(this);

  private readonly devices = new Task(this, {
    task: ([page, search], { signal }) => listDevices({ page, pageSize, search }, signal),
    args: () => [this.page, this.search] as const,
  });

  private open(device: ManagedDeviceRecord, event: Event): void {
    event.preventDefault();
    this.dispatchEvent(new CustomEvent('ksc-navigate', { detail: { path: `/devices/${encodeURIComponent(device.id)}` }, bubbles: true, composed: true }));
  }

  override render() {
    void this.localize;
    return html`<h1>${ct('devices.title')}</h1>
      <form
        class="toolbar"
        role="search"
        @submit=${(event: Event) => {
          event.preventDefault();
          const input = (event.target as HTMLFormElement).elements.namedItem('search') as HTMLInputElement;
          this.search = input.value.trim();
          this.page = 1;
        }}
      >
        <label for="device-search">${ct('devices.search')}</label>
        <input id="device-search" name="search" type="search" .value=${this.search} />
        <button type="submit">${ct('devices.find')}</button>
      </form>
      ${taskView(this.devices, ({ items, total }) => this.renderTable(items, total))}`;
  }

  private renderTable(items: ManagedDeviceRecord[], total: number) {
    if (total === 0) return html`<p class="muted">${ct('devices.empty')}</p>`;
    const pages = Math.max(1, Math.ceil(total / pageSize));
    return html`${dataTable({
        columns: [ct('devices.name'), ct('devices.group'), ct('devices.applications'), ct('devices.administrationServer')],
        items,
        row: (device) => html`<tr>
          <td><a href="/devices/${encodeURIComponent(device.id)}" @click=${(event: Event) => this.open(device, event)}>${device.name}</a></td>
          <td>${device.group}</td>
          <td>
            ${device.applications.map((application) => {
              const attention = application.components.filter((component) => attentionStates.has(component.state));
              return html`<div>
                ${application.name} ${application.version}
                ${attention.length
                  ? html`<span class="muted">— ${attention.map((component) => `${component.name}: ${consoleCodeText('devices.states', component.state)}`).join(', ')}</span>`
                  : nothing}
              </div>`;
            })}
          </td>
          <td>${device.administrationServer}</td>
        </tr>`,
      })}
      <div class="toolbar" style="margin-top: 12px">
        <button ?disabled=${this.page <= 1} @click=${() => this.page--}>${ct('devices.previous')}</button>
        <span>${ct('devices.pageOf', { page: formatConsoleNumber(this.page), pages: formatConsoleNumber(pages) })}</span>
        <button ?disabled=${this.page >= pages} @click=${() => this.page++}>${ct('devices.next')}</button>
        <span class="muted">${ct('devices.total', { count: total, formatted: formatConsoleNumber(total) })}</span>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ksc-devices-page': KscDevicesPage;
  }
}

import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { getDevice, toProblem } from './console-api.ts';
import { ConsoleLocalizeController, consoleCodeText, ct } from './console-i18n.ts';
import { pageStyles } from './console-styles.ts';
import { loadingView } from './admin-actions.ts';
import { dataTable } from './console-table.ts';

/** Colour of a component state: red for stopped and broken, yellow for in-between, green when running. */
function tone(state: string): 'ok' | 'warn' | 'bad' {
  if (state === 'running') return 'ok';
  if (state === 'paused' || state === 'starting' || state === 'unknown') return 'warn';
  return 'bad';
}

/**
 * The console's page of one managed device: its group, Administration Server, MDR state and every
 * application with all its components. The plug-in opens it through `navigation.openDevice(id)`
 * (the console id or the MDR asset id).
 *
 * @fires ksc-navigate - back to the device list.
 */
@customElement('ksc-device-page')
export class KscDevicePage extends LitElement {
  static override styles = [
    pageStyles,
    css`
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 6px 16px;
      }
      dt {
        color: var(--ksc-muted);
      }
      dd {
        margin: 0;
      }
      .state-ok {
        color: var(--ksc-success);
      }
      .state-warn {
        color: var(--ksc-warning);
      }
      .state-bad {
        color: var(--ksc-danger);
        font-weight: 600;
      }
    `,
  ];

  /** Console id or MDR asset id of the device. */
  @property() deviceId = '';
  private readonly localize = new ConsoleLocalizeController(this);

  private readonly device = new Task(this, {
    task: ([id], { signal }) => getDevice(id, signal),
    args: () => [this.deviceId] as const,
  });

  override render() {
    void this.localize;
    return html`<p>
        <a
          href="/devices"
          @click=${(event: Event) => {
            event.preventDefault();
            this.dispatchEvent(new CustomEvent('ksc-navigate', { detail: { path: '/devices' }, bubbles: true, composed: true }));
          }}
          >← ${ct('devices.backToList')}</a
        >
      </p>
      ${this.device.render({
        pending: loadingView,
        error: (error) => {
          const problem = toProblem(error);
          return html`<div class="card" role="alert">
            <p class="error">${ct(problem.status === 404 ? 'devices.notFound' : 'devices.loadFailed')}</p>
            ${problem.status === 404 ? nothing : html`<button @click=${() => this.device.run()}>${ct('common.retry')}</button>`}
          </div>`;
        },
        complete: (device) => html`<h1>${device.name}</h1>
          <section class="card">
            <dl>
              <dt>${ct('devices.group')}</dt>
              <dd>${device.group}</dd>
              <dt>${ct('devices.administrationServer')}</dt>
              <dd>${device.administrationServer}</dd>
              <dt>${ct('devices.mdrState')}</dt>
              <dd class="state-${tone(device.mdrState)}">${consoleCodeText('devices.states', device.mdrState)}</dd>
              <dt>${ct('devices.selfDefense')}</dt>
              <dd class=${device.selfDefense ? 'state-ok' : 'state-bad'}>${ct(device.selfDefense ? 'devices.on' : 'devices.off')}</dd>
            </dl>
          </section>
          ${device.applications.map(
            (application) => html`<section class="card">
              <h2>${application.name} ${application.version}</h2>
              ${dataTable({
                columns: [ct('devices.component'), ct('devices.state')],
                items: application.components,
                row: (component) => html`<tr>
                  <td>${component.name}</td>
                  <td class="state-${tone(component.state)}">${consoleCodeText('devices.states', component.state)}</td>
                </tr>`,
              })}
            </section>`,
          )}`,
      })}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ksc-device-page': KscDevicePage;
  }
}

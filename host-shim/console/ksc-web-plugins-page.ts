import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import type { AvailableWebPlugin, InstalledWebPlugin, RefusedWebPlugin, WebPluginInstallation, WebPluginsList } from '../../contract/web-plugins.ts';
import { toProblem, type ConsoleProblem } from './console-api.ts';
import { ConsoleLocalizeController, consoleKeyIn, ct, languageName } from './console-i18n.ts';
import { confirmDanger, taskView } from './admin-actions.ts';
import { formCard } from './console-form.ts';
import { pageStyles } from './console-styles.ts';
import { dataTable } from './console-table.ts';
import { showToast } from './host-services.ts';
import { problemMessage } from './user-role-validation.ts';
import { installAvailableWebPlugin, listWebPlugins, removeWebPlugin, uploadWebPlugin } from './web-plugins-api.ts';

/** Why a change of plug-ins was refused, in the administrator's language. */
export function webPluginProblemMessage(problem: ConsoleProblem): string {
  if (problem.error === 'bundleRefused') {
    return ct(consoleKeyIn('webPlugins.refused', problem.rule) ?? 'webPlugins.refused.unknown', { field: problem.field ?? '' });
  }
  const known = consoleKeyIn('webPlugins.errors', problem.error);
  if (known) return ct(known);
  return problemMessage(problem);
}

/** The columns every table of plug-ins begins with. */
const pluginColumns = () => [ct('webPlugins.columns.name'), ct('webPlugins.columns.version'), ct('webPlugins.columns.publisher')];

/** The cells of `pluginColumns`: the name with what the plug-in says it does (and `details` under it), the version, the publisher. */
function pluginCells(plugin: Pick<AvailableWebPlugin, 'name' | 'description' | 'version' | 'publisher'>, details: unknown = nothing) {
  return html`<td>
      <div class="name">${plugin.name}</div>
      <div class="muted">${plugin.description}</div>
      ${details}
    </td>
    <td>${plugin.version}</td>
    <td>${plugin.publisher.name}</td>`;
}

/**
 * *Console settings → Web plug-ins*, for the console's main administrator: the installed plug-ins
 * (name, version, publisher, languages, state), *Updates are available for utilized plug-ins* when
 * the available-plug-ins folder holds a newer signed bundle, *Add from file* (the archive and its
 * signature), *Update*, *Remove* with confirmation, and the plug-ins of the folder not installed yet.
 *
 * @fires ksc-plugins-changed - a plug-in was installed, updated or removed; the console reloads its plug-ins.
 */
@customElement('ksc-web-plugins-page')
export class KscWebPluginsPage extends LitElement {
  static override styles = [
    pageStyles,
    css`
      .notice {
        border-left: 4px solid var(--ksc-accent);
      }
      /* Each part of the page (installed, available, add from file) apart from the one before it. */
      h2 {
        margin-top: 28px;
      }
      .files {
        display: grid;
        gap: 12px;
        max-width: 520px;
      }
      .files label {
        display: grid;
        gap: 4px;
      }
      .name {
        font-weight: 600;
      }
      td .muted {
        font-size: 0.9rem;
      }
      .badge.problem {
        background: var(--ksc-danger-subtle, var(--ksc-neutral-subtle));
        color: var(--ksc-danger);
      }
      ul {
        margin: 0;
        padding-left: 20px;
      }
    `,
  ];

  @state() private adding = false;
  @state() private archive?: File;
  @state() private signature?: File;
  /** What the last change was refused for, shown above the lists. */
  @state() private refusal = '';
  @state() private busy = false;
  private readonly localize = new ConsoleLocalizeController(this);

  private readonly data = new Task(this, { task: (_args, { signal }) => listWebPlugins(signal), args: () => [] });

  private changed(text: string): void {
    showToast({ kind: 'success', text });
    this.refusal = '';
    void this.data.run();
    this.dispatchEvent(new CustomEvent('ksc-plugins-changed', { bubbles: true, composed: true }));
  }

  private installedText(installation: WebPluginInstallation): string {
    const { name, version } = installation.plugin;
    return installation.outcome === 'updated'
      ? ct('webPlugins.updated', { name, version, previousVersion: installation.previousVersion })
      : ct('webPlugins.installed', { name, version });
  }

  /** Runs a change, one at a time; a refusal is shown with its reason. */
  private async attempt(change: () => Promise<string>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.refusal = '';
    try {
      this.changed(await change());
    } catch (error) {
      this.refusal = webPluginProblemMessage(toProblem(error));
      void this.data.run();
    } finally {
      this.busy = false;
    }
  }

  private async upload(): Promise<void> {
    const { archive, signature } = this;
    if (!archive || !signature) {
      this.refusal = ct('webPlugins.add.bothFiles');
      return;
    }
    await this.attempt(async () => {
      const installation = await uploadWebPlugin(archive, signature);
      this.adding = false;
      this.archive = undefined;
      this.signature = undefined;
      return this.installedText(installation);
    });
  }

  private async updatePlugin(plugin: InstalledWebPlugin): Promise<void> {
    const update = plugin.update!;
    await this.attempt(async () => this.installedText(await installAvailableWebPlugin(update.fileName, plugin.version)));
  }

  private async installAvailable(available: AvailableWebPlugin): Promise<void> {
    await this.attempt(async () => this.installedText(await installAvailableWebPlugin(available.fileName, available.installedVersion)));
  }

  private async removePlugin(plugin: InstalledWebPlugin): Promise<void> {
    const confirmed = await confirmDanger({
      title: ct('webPlugins.remove.title'),
      message: ct('webPlugins.remove.message', { name: plugin.name, version: plugin.version }),
      confirmLabel: ct('webPlugins.remove.confirm'),
    });
    if (!confirmed) return;
    await this.attempt(async () => {
      await removeWebPlugin(plugin.id, plugin.version);
      return ct('webPlugins.removed', { name: plugin.name, version: plugin.version });
    });
  }

  override render() {
    void this.localize;
    return html`<h1>${ct('webPlugins.title')}</h1>
      ${taskView(this.data, (list) => this.renderPage(list))}`;
  }

  private renderPage(list: WebPluginsList) {
    const updates = list.plugins.filter((plugin) => plugin.update);
    const notInstalled = list.available.filter((available) => available.installedVersion === undefined);
    return html`
      ${updates.length > 0
        ? html`<div class="card notice" role="status">
            <p><strong>${ct('webPlugins.updatesAvailable')}</strong></p>
            <ul>
              ${updates.map((plugin) => html`<li>${ct('webPlugins.updateLine', { name: plugin.name, version: plugin.version, newVersion: plugin.update!.version })}</li>`)}
            </ul>
          </div>`
        : nothing}
      ${this.refusal ? html`<div class="card" role="alert"><p class="error">${this.refusal}</p></div>` : nothing}
      <div class="toolbar">
        <button class="primary" ?disabled=${this.busy} aria-expanded=${this.adding ? 'true' : 'false'} @click=${() => (this.adding = !this.adding)}>${ct('webPlugins.add.button')}</button>
      </div>
      ${this.adding ? this.renderAddForm() : nothing}
      <h2 id="installed-title">${ct('webPlugins.installedTitle')}</h2>
      ${list.plugins.length === 0 ? html`<p class="muted">${ct('webPlugins.none')}</p>` : this.renderInstalled(list.plugins)}
      <h2 id="available-title">${ct('webPlugins.availableTitle')}</h2>
      <p class="muted">${ct('webPlugins.availableHint', { folder: list.availableFolder })}</p>
      ${notInstalled.length > 0 ? this.renderAvailable(notInstalled) : html`<p class="muted">${ct('webPlugins.noneAvailable')}</p>`}
      ${list.refused.length > 0 ? this.renderRefused(list.refused) : nothing}
    `;
  }

  private renderAddForm() {
    const file = (event: Event) => (event.target as HTMLInputElement).files?.[0];
    return formCard({
      className: 'files',
      titleId: 'add-title',
      title: ct('webPlugins.add.title'),
      body: html`<p class="muted">${ct('webPlugins.add.hint')}</p>
        <label
          >${ct('webPlugins.add.archive')}
          <input type="file" name="archive" accept=".zip,application/zip" @change=${(event: Event) => (this.archive = file(event))} />
        </label>
        <label
          >${ct('webPlugins.add.signature')}
          <input type="file" name="signature" accept=".sig" @change=${(event: Event) => (this.signature = file(event))} />
        </label>`,
      submitLabel: this.busy ? ct('webPlugins.working') : ct('webPlugins.add.install'),
      submitDisabled: this.busy || !this.archive || !this.signature,
      onSubmit: () => void this.upload(),
      onCancel: () => (this.adding = false),
    });
  }

  private renderInstalled(plugins: InstalledWebPlugin[]) {
    return dataTable({
      labelledBy: 'installed-title',
      columns: [...pluginColumns(), ct('webPlugins.columns.languages'), ct('webPlugins.columns.state')],
      actions: true,
      items: plugins,
      row: (plugin) => html`<tr data-plugin=${plugin.id}>
        ${pluginCells(plugin, html`<div class="muted">${plugin.qualifiedId} · ${plugin.license}</div>`)}
        <td>${plugin.languages.map((code) => languageName(code)).join(', ')}</td>
        <td><span class="badge ${plugin.state === 'active' ? '' : 'problem'}">${ct(`webPlugins.state.${plugin.state}`)}</span></td>
        <td>
          <div class="actions">
            ${plugin.update
              ? html`<button ?disabled=${this.busy} @click=${() => this.updatePlugin(plugin)} aria-label=${ct('webPlugins.updateNamed', { name: plugin.name, version: plugin.update.version })}>
                  ${ct('webPlugins.update', { version: plugin.update.version })}
                </button>`
              : nothing}
            <button class="danger" ?disabled=${this.busy} @click=${() => this.removePlugin(plugin)} aria-label=${ct('webPlugins.removeNamed', { name: plugin.name })}>
              ${ct('webPlugins.remove.button')}
            </button>
          </div>
        </td>
      </tr>`,
    });
  }

  private renderAvailable(available: AvailableWebPlugin[]) {
    return dataTable({
      labelledBy: 'available-title',
      columns: pluginColumns(),
      actions: true,
      items: available,
      row: (entry) => html`<tr data-available=${entry.fileName}>
        ${pluginCells(entry)}
        <td>
          <button ?disabled=${this.busy} @click=${() => this.installAvailable(entry)} aria-label=${ct('webPlugins.installNamed', { name: entry.name })}>${ct('webPlugins.install')}</button>
        </td>
      </tr>`,
    });
  }

  private renderRefused(refused: RefusedWebPlugin[]) {
    return html`<div class="card">
      <p>${ct('webPlugins.refusedFiles')}</p>
      <ul>
        ${refused.map((entry) => html`<li><code>${entry.fileName}</code>: ${webPluginProblemMessage({ status: 422, error: 'bundleRefused', rule: entry.rule, field: entry.field })}</li>`)}
      </ul>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ksc-web-plugins-page': KscWebPluginsPage;
  }
}

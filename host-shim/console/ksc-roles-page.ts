import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { createRole, deleteRole, listRoles, updateRole, type ConsoleRoleRecord, type ConsoleSession, type InstalledPlugin } from './console-api.ts';
import { ConsoleLocalizeController, ct } from './console-i18n.ts';
import { AdminListController, type AdminFormView } from './admin-list-controller.ts';
import { textField } from './console-form.ts';
import { pageStyles } from './console-styles.ts';
import { dataTable, editDeleteActions } from './console-table.ts';
import { fieldMessage, validateRoleForm } from './user-role-validation.ts';
import { rightTitle, sectionTitle, type PluginTexts } from './plugin-texts.ts';

interface RoleDraft {
  id?: string;
  version?: number;
  name: string;
  rights: string[];
}

/**
 * *Users & roles → Roles*: roles with the functional areas each installed plug-in declares, each
 * *Allow* or *Deny*; create, edit, and delete a role nobody holds.
 *
 * @fires ksc-session-refresh - roles changed; the console re-reads the signed-in session.
 */
@customElement('ksc-roles-page')
export class KscRolesPage extends LitElement {
  static override styles = [
    pageStyles,
    css`
      .areas {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(260px, 1fr));
        gap: 0 12px;
      }
      .areas label {
        margin-right: 16px;
      }
    `,
  ];

  @property({ attribute: false }) session!: ConsoleSession;
  /** The installed plug-ins, whose declared rights a role may allow. */
  @property({ attribute: false }) plugins: InstalledPlugin[] = [];
  /** Each plug-in's texts in the user's language, by plug-in id. */
  @property({ attribute: false }) pluginTexts: ReadonlyMap<string, PluginTexts> = new Map();
  private readonly localize = new ConsoleLocalizeController(this);

  private readonly admin = new AdminListController<ConsoleRoleRecord[], RoleDraft>(this, {
    load: () => listRoles(),
    comparable: (draft) => [draft.name.trim(), [...draft.rights].sort()],
    validate: (draft, roles) => validateRoleForm(draft, roles),
    save: async (draft) => {
      const name = draft.name.trim();
      if (draft.id) await updateRole(draft.id, { name, rights: draft.rights, expectedVersion: draft.version! });
      else await createRole({ name, rights: draft.rights });
      return ct(draft.id ? 'roles.saved' : 'roles.created', { name });
    },
    fields: ['name', 'rights'],
  });

  override render() {
    void this.localize;
    return this.admin.render(ct('roles.title'), { list: (roles) => this.renderTable(roles), form: (draft) => this.renderForm(draft) });
  }

  private renderTable(roles: ConsoleRoleRecord[]) {
    return html`<div class="toolbar">
        <button class="primary" @click=${() => this.admin.open({ name: '', rights: [] })}>${ct('roles.add')}</button>
      </div>
      ${dataTable({
        columns: [ct('roles.name'), ct('roles.allowedAreas'), ct('roles.users')],
        actions: true,
        items: roles,
        row: (role) => html`<tr data-role=${role.name}>
          <td>${role.name}${role.administration ? html` <span class="badge">${ct('roles.manageUsersAndRoles')}</span>` : nothing}</td>
          <td>${role.rights.length ? role.rights.map((right) => rightTitle(this.plugins, this.pluginTexts, right)).join(', ') : html`<span class="muted">${ct('roles.noAreas')}</span>`}</td>
          <td>${role.users}</td>
          <td>
            ${editDeleteActions({
              editLabel: ct('roles.editNamed', { name: role.name }),
              deleteLabel: ct('roles.deleteNamed', { name: role.name }),
              onEdit: () => this.admin.open({ id: role.id, version: role.version, name: role.name, rights: [...role.rights] }),
              onDelete: () => void this.admin.remove('roles', role.name, () => deleteRole(role.id)),
            })}
          </td>
        </tr>`,
      })}`;
  }

  private renderForm(draft: RoleDraft): AdminFormView {
    const rightsError = this.admin.fieldErrors.rights;
    const nameError = this.admin.fieldErrors.name;
    return {
      titleId: 'role-form-title',
      title: draft.id ? ct('roles.editTitle', { name: draft.name }) : ct('roles.addTitle'),
      body: html`${textField({
          id: 'role-name',
          name: 'name',
          label: ct('roles.name'),
          value: draft.name,
          error: nameError && fieldMessage('name', nameError),
          onInput: (name) => this.admin.update({ name }, 'name'),
        })}
        ${this.plugins.filter((plugin) => plugin.manifest.rights.length > 0).map((plugin) => {
          const texts = this.pluginTexts.get(plugin.manifest.id);
          return html`<h3>${ct('roles.functionalAreas', { plugin: sectionTitle(plugin, texts) })}</h3>
        <div class="areas">
          ${plugin.manifest.rights.map(({ id: area, titleKey }) => {
            const allowed = draft.rights.includes(area);
            const set = (allow: boolean) => {
              const rights = this.admin.draft!.rights;
              this.admin.update({ rights: allow ? [...new Set([...rights, area])] : rights.filter((right) => right !== area) });
            };
            return html`<fieldset data-area=${area}>
              <legend>${texts?.text(titleKey) ?? titleKey}</legend>
              <label><input type="radio" name="area-${area}" value="allow" .checked=${allowed} @change=${() => set(true)} />${ct('roles.allow')}</label>
              <label><input type="radio" name="area-${area}" value="deny" .checked=${!allowed} @change=${() => set(false)} />${ct('roles.deny')}</label>
            </fieldset>`;
          })}
        </div>`;
        })}
        ${rightsError ? html`<p class="field-error">${fieldMessage('rights', rightsError)}</p>` : nothing}`,
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ksc-roles-page': KscRolesPage;
  }
}

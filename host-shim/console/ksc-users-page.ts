import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { createUser, deleteUser, listRoles, listUsers, updateUser, type ConsoleRoleRecord, type ConsoleSession, type ConsoleUserRecord } from './console-api.ts';
import { ConsoleLocalizeController, ct } from './console-i18n.ts';
import { AdminListController, type AdminFormView } from './admin-list-controller.ts';
import { textField } from './console-form.ts';
import { pageStyles } from './console-styles.ts';
import { dataTable, editDeleteActions } from './console-table.ts';
import { fieldMessage, validateUserForm } from './user-role-validation.ts';

/** The add or edit form's values; `id` is set when editing. */
interface UserDraft {
  id?: string;
  version?: number;
  userName: string;
  displayName: string;
  password: string;
  roleIds: string[];
  disabled: boolean;
}

/**
 * *Users & roles → Users*: the console's users with their roles; add, assign roles, disable, delete.
 * An administrator cannot change their own roles here (the server refuses it too).
 *
 * @fires ksc-session-refresh - users or roles changed; the console re-reads the signed-in session.
 */
@customElement('ksc-users-page')
export class KscUsersPage extends LitElement {
  static override styles = pageStyles;

  @property({ attribute: false }) session!: ConsoleSession;
  private readonly localize = new ConsoleLocalizeController(this);

  private readonly admin = new AdminListController<{ users: ConsoleUserRecord[]; roles: ConsoleRoleRecord[] }, UserDraft>(this, {
    load: async () => {
      const [users, roles] = await Promise.all([listUsers(), listRoles()]);
      return { users, roles };
    },
    comparable: (draft) => [draft.displayName.trim(), [...draft.roleIds].sort(), draft.disabled],
    validate: (draft, { users }) => validateUserForm(draft, draft.id ? undefined : users),
    save: async (draft) => {
      if (draft.id) {
        await updateUser(draft.id, { displayName: draft.displayName.trim(), roleIds: draft.roleIds, disabled: draft.disabled, expectedVersion: draft.version! });
      } else {
        await createUser({ userName: draft.userName.trim(), displayName: draft.displayName.trim(), password: draft.password, roleIds: draft.roleIds });
      }
      return ct(draft.id ? 'users.saved' : 'users.created', { name: draft.userName.trim() });
    },
    fields: ['userName', 'displayName', 'password', 'roleIds', 'disabled'],
  });

  private edit(user: ConsoleUserRecord): void {
    this.admin.open({ id: user.id, version: user.version, userName: user.userName, displayName: user.displayName, password: '', roleIds: [...user.roleIds], disabled: user.disabled });
  }

  override render() {
    void this.localize;
    return this.admin.render(ct('users.title'), { list: ({ users, roles }) => this.renderTable(users, roles), form: (draft, { roles }) => this.renderForm(draft, roles) });
  }

  private renderTable(users: ConsoleUserRecord[], roles: ConsoleRoleRecord[]) {
    const roleName = (id: string) => roles.find((role) => role.id === id)?.name ?? id;
    const add = () => this.admin.open({ userName: '', displayName: '', password: '', roleIds: [], disabled: false });
    return html`<div class="toolbar"><button class="primary" @click=${add}>${ct('users.add')}</button></div>
      ${dataTable({
        columns: [ct('users.userName'), ct('users.displayName'), ct('users.roles'), ct('users.status')],
        actions: true,
        items: users,
        row: (user) => html`<tr data-user=${user.userName}>
          <td>${user.userName}</td>
          <td>${user.displayName}</td>
          <td>${user.roleIds.length ? user.roleIds.map(roleName).join(', ') : html`<span class="muted">${ct('users.noRoles')}</span>`}</td>
          <td><span class="badge ${user.disabled ? 'off' : ''}">${ct(user.disabled ? 'users.disabled' : 'users.enabled')}</span></td>
          <td>
            ${editDeleteActions({
              editLabel: ct('users.editNamed', { name: user.userName }),
              deleteLabel: ct('users.deleteNamed', { name: user.userName }),
              onEdit: () => this.edit(user),
              onDelete: () => void this.admin.remove('users', user.userName, () => deleteUser(user.id)),
              deleteDisabled: user.id === this.session.user.id,
            })}
          </td>
        </tr>`,
      })}`;
  }

  private field(name: 'userName' | 'displayName' | 'password', options: { readonly?: boolean; autocomplete?: string } = {}) {
    const code = this.admin.fieldErrors[name];
    return textField({
      id: `user-${name}`,
      name,
      label: ct(`users.${name}`),
      type: name === 'password' ? 'password' : 'text',
      value: this.admin.draft![name],
      error: code && fieldMessage(name, code),
      hint: name === 'password' ? ct('users.passwordHint') : undefined,
      autocomplete: options.autocomplete ?? 'off',
      readonly: options.readonly,
      onInput: (value) => this.admin.update({ [name]: value }, name),
    });
  }

  private renderForm(draft: UserDraft, roles: ConsoleRoleRecord[]): AdminFormView {
    const editingSelf = draft.id === this.session.user.id;
    const rolesError = this.admin.fieldErrors.roleIds;
    const disabledError = this.admin.fieldErrors.disabled;
    return {
      titleId: 'user-form-title',
      title: draft.id ? ct('users.editTitle', { name: draft.userName }) : ct('users.addTitle'),
      body: html`${this.field('userName', { readonly: Boolean(draft.id) })} ${this.field('displayName')}
        ${draft.id ? nothing : this.field('password', { autocomplete: 'new-password' })}
        <fieldset aria-describedby=${rolesError ? 'user-roles-error' : nothing}>
          <legend>${ct('users.roles')}</legend>
          ${editingSelf ? html`<p class="muted">${ct('users.ownRolesLocked')}</p>` : nothing}
          ${roles.map(
            (role) => html`<label
              ><input
                type="checkbox"
                name="role"
                value=${role.id}
                ?disabled=${editingSelf}
                .checked=${draft.roleIds.includes(role.id)}
                @change=${(event: Event) => {
                  const checked = (event.target as HTMLInputElement).checked;
                  this.admin.update({ roleIds: checked ? [...draft.roleIds, role.id] : draft.roleIds.filter((id) => id !== role.id) });
                }}
              />
              ${role.name}</label
            ><br />`,
          )}
          ${rolesError ? html`<p class="field-error" id="user-roles-error">${fieldMessage('roleIds', rolesError)}</p>` : nothing}
        </fieldset>
        ${draft.id
          ? html`<div class="field">
              <label
                ><input
                  type="checkbox"
                  name="disabled"
                  .checked=${draft.disabled}
                  aria-describedby=${disabledError ? 'user-disabled-error' : nothing}
                  @change=${(event: Event) => this.admin.update({ disabled: (event.target as HTMLInputElement).checked })}
                />
                ${ct('users.disableAccount')}</label
              >
              ${disabledError ? html`<p class="field-error" id="user-disabled-error">${fieldMessage('disabled', disabledError)}</p>` : nothing}
            </div>`
          : nothing}`,
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ksc-users-page': KscUsersPage;
  }
}

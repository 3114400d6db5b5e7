import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import {
  createUser,
  deleteUser,
  listRoles,
  listUsers,
  toProblem,
  updateUser,
  type ConsoleProblem,
  type ConsoleRoleRecord,
  type ConsoleSession,
  type ConsoleUserRecord,
} from './console-api.ts';
import { ConsoleLocalizeController, ct } from './console-i18n.ts';
import { confirmAndDelete, loadFailureView, loadingView } from './admin-actions.ts';
import { pageStyles } from './console-styles.ts';
import { showToast } from './host-services.ts';
import { fieldMessage, problemMessage, validateUserForm, type FieldErrors } from './user-role-validation.ts';

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
  @state() private draft?: UserDraft;
  @state() private fieldErrors: FieldErrors = {};
  @state() private formError = '';
  @state() private saving = false;
  private readonly localize = new ConsoleLocalizeController(this);

  private readonly data = new Task(this, {
    task: async () => {
      const [users, roles] = await Promise.all([listUsers(), listRoles()]);
      return { users, roles };
    },
    args: () => [],
  });

  private startAdd(): void {
    this.draft = { userName: '', displayName: '', password: '', roleIds: [], disabled: false };
    this.fieldErrors = {};
    this.formError = '';
  }

  /** The user as loaded, to enable *Save* only when something changed. */
  private original = '';

  private startEdit(user: ConsoleUserRecord): void {
    this.draft = { id: user.id, version: user.version, userName: user.userName, displayName: user.displayName, password: '', roleIds: [...user.roleIds], disabled: user.disabled };
    this.original = comparable(this.draft);
    this.fieldErrors = {};
    this.formError = '';
  }

  private async save(users: ConsoleUserRecord[]): Promise<void> {
    const draft = this.draft!;
    this.fieldErrors = validateUserForm(draft, draft.id ? undefined : users);
    this.formError = '';
    if (Object.keys(this.fieldErrors).length > 0) return;
    this.saving = true;
    try {
      if (draft.id) {
        await updateUser(draft.id, { displayName: draft.displayName.trim(), roleIds: draft.roleIds, disabled: draft.disabled, expectedVersion: draft.version! });
      } else {
        await createUser({ userName: draft.userName.trim(), displayName: draft.displayName.trim(), password: draft.password, roleIds: draft.roleIds });
      }
      showToast({ kind: 'success', text: ct(draft.id ? 'users.saved' : 'users.created', { name: draft.userName.trim() }) });
      this.draft = undefined;
      this.changed();
    } catch (error) {
      this.showProblem(toProblem(error));
    } finally {
      this.saving = false;
    }
  }

  private showProblem(problem: ConsoleProblem): void {
    // Fields of this form get the message next to them; anything else is said above the buttons.
    // A grant of rights the administrator does not hold is refused (403) next to the roles that asked for them.
    const fieldProblem = problem.error === 'validation' || problem.rule === 'rightsNotHeld';
    if (fieldProblem && problem.field && problem.rule && ['userName', 'displayName', 'password', 'roleIds', 'disabled'].includes(problem.field)) {
      this.fieldErrors = { [problem.field]: problem.rule };
    } else {
      this.formError = problemMessage(problem);
    }
  }

  private async removeUser(user: ConsoleUserRecord): Promise<void> {
    if (await confirmAndDelete('users', user.userName, () => deleteUser(user.id))) this.changed();
  }

  private changed(): void {
    void this.data.run();
    this.dispatchEvent(new CustomEvent('ksc-session-refresh', { bubbles: true, composed: true }));
  }

  override render() {
    void this.localize;
    return html`<h1>${ct('users.title')}</h1>
      ${this.data.render({
        pending: loadingView,
        error: (error) => loadFailureView(error, () => this.data.run()),
        complete: ({ users, roles }) => html`${this.draft ? this.renderForm(this.draft, users, roles) : nothing} ${this.renderTable(users, roles)}`,
      })}`;
  }

  private renderTable(users: ConsoleUserRecord[], roles: ConsoleRoleRecord[]) {
    const roleName = (id: string) => roles.find((role) => role.id === id)?.name ?? id;
    return html`<div class="toolbar"><button class="primary" @click=${this.startAdd}>${ct('users.add')}</button></div>
      <table>
        <thead>
          <tr>
            <th scope="col">${ct('users.userName')}</th>
            <th scope="col">${ct('users.displayName')}</th>
            <th scope="col">${ct('users.roles')}</th>
            <th scope="col">${ct('users.status')}</th>
            <th scope="col"><span class="muted">${ct('common.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          ${users.map(
            (user) => html`<tr data-user=${user.userName}>
              <td>${user.userName}</td>
              <td>${user.displayName}</td>
              <td>${user.roleIds.length ? user.roleIds.map(roleName).join(', ') : html`<span class="muted">${ct('users.noRoles')}</span>`}</td>
              <td><span class="badge ${user.disabled ? 'off' : ''}">${ct(user.disabled ? 'users.disabled' : 'users.enabled')}</span></td>
              <td><div class="actions">
                <button @click=${() => this.startEdit(user)} aria-label=${ct('users.editNamed', { name: user.userName })}>${ct('common.edit')}</button>
                <button
                  class="danger"
                  ?disabled=${user.id === this.session.user.id}
                  @click=${() => this.removeUser(user)}
                  aria-label=${ct('users.deleteNamed', { name: user.userName })}
                >
                  ${ct('common.delete')}
                </button>
              </div></td>
            </tr>`,
          )}
        </tbody>
      </table>`;
  }

  private field(name: keyof UserDraft & string, type: 'text' | 'password', options: { readonly?: boolean; autocomplete?: string } = {}) {
    const draft = this.draft!;
    const code = this.fieldErrors[name];
    return html`<div class="field">
      <label for="user-${name}">${ct(`users.${name}`)}</label>
      <input
        id="user-${name}"
        name=${name}
        type=${type}
        autocomplete=${options.autocomplete ?? 'off'}
        ?readonly=${options.readonly}
        .value=${String(draft[name])}
        aria-invalid=${code ? 'true' : 'false'}
        aria-describedby=${code ? `user-${name}-error` : nothing}
        @input=${(event: Event) => {
          this.draft = { ...this.draft!, [name]: (event.target as HTMLInputElement).value };
          if (code) this.fieldErrors = { ...this.fieldErrors, [name]: undefined };
        }}
      />
      ${name === 'password' && !code ? html`<p class="muted">${ct('users.passwordHint')}</p>` : nothing}
      ${code ? html`<p class="field-error" id="user-${name}-error">${fieldMessage(name, code)}</p>` : nothing}
    </div>`;
  }

  private renderForm(draft: UserDraft, users: ConsoleUserRecord[], roles: ConsoleRoleRecord[]) {
    const editingSelf = draft.id === this.session.user.id;
    const rolesError = this.fieldErrors.roleIds;
    const disabledError = this.fieldErrors.disabled;
    return html`<form
      class="card"
      aria-labelledby="user-form-title"
      novalidate
      @submit=${(event: Event) => {
        event.preventDefault();
        void this.save(users);
      }}
    >
      <h2 id="user-form-title">${draft.id ? ct('users.editTitle', { name: draft.userName }) : ct('users.addTitle')}</h2>
      ${this.field('userName', 'text', { readonly: Boolean(draft.id), autocomplete: 'off' })} ${this.field('displayName', 'text')}
      ${draft.id ? nothing : this.field('password', 'password', { autocomplete: 'new-password' })}
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
                const roleIds = checked ? [...draft.roleIds, role.id] : draft.roleIds.filter((id) => id !== role.id);
                this.draft = { ...this.draft!, roleIds };
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
                @change=${(event: Event) => (this.draft = { ...this.draft!, disabled: (event.target as HTMLInputElement).checked })}
              />
              ${ct('users.disableAccount')}</label
            >
            ${disabledError ? html`<p class="field-error" id="user-disabled-error">${fieldMessage('disabled', disabledError)}</p>` : nothing}
          </div>`
        : nothing}
      ${this.formError ? html`<p class="error" role="alert">${this.formError}</p>` : nothing}
      <div class="actions">
        <button class="primary" type="submit" ?disabled=${this.saving || (draft.id !== undefined && comparable(draft) === this.original)}>
          ${ct('common.save')}
        </button>
        <button type="button" @click=${() => (this.draft = undefined)}>${ct('common.cancel')}</button>
      </div>
    </form>`;
  }
}

/** What an edit can change, in a form that compares equal when nothing did. */
function comparable(draft: UserDraft): string {
  return JSON.stringify([draft.displayName.trim(), [...draft.roleIds].sort(), draft.disabled]);
}

declare global {
  interface HTMLElementTagNameMap {
    'ksc-users-page': KscUsersPage;
  }
}

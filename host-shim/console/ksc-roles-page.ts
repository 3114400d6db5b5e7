import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { createRole, deleteRole, functionalAreas, listRoles, toProblem, updateRole, type ConsoleRoleRecord, type ConsoleSession } from './console-api.ts';
import { ConsoleLocalizeController, ct } from './console-i18n.ts';
import { confirmAndDelete, loadFailureView, loadingView } from './admin-actions.ts';
import { pageStyles } from './console-styles.ts';
import { showToast } from './host-services.ts';
import { fieldMessage, problemMessage, validateRoleForm, type FieldErrors } from './user-role-validation.ts';

interface RoleDraft {
  id?: string;
  version?: number;
  name: string;
  rights: string[];
}

/**
 * *Users & roles → Roles*: roles with the seven functional areas of the MDR plug-in, each *Allow* or
 * *Deny*; create, edit, and delete a role nobody holds.
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
  @state() private draft?: RoleDraft;
  @state() private fieldErrors: FieldErrors = {};
  @state() private formError = '';
  @state() private saving = false;
  private readonly localize = new ConsoleLocalizeController(this);

  private readonly roles = new Task(this, { task: () => listRoles(), args: () => [] });

  /** The role as loaded, to enable *Save* only when something changed. */
  private original = '';

  private edit(draft: RoleDraft): void {
    this.draft = draft;
    this.original = draft.id ? comparable(draft) : '';
    this.fieldErrors = {};
    this.formError = '';
  }

  private async save(roles: ConsoleRoleRecord[]): Promise<void> {
    const draft = this.draft!;
    this.fieldErrors = validateRoleForm(draft, roles);
    this.formError = '';
    if (Object.keys(this.fieldErrors).length > 0) return;
    this.saving = true;
    try {
      const name = draft.name.trim();
      if (draft.id) await updateRole(draft.id, { name, rights: draft.rights, expectedVersion: draft.version! });
      else await createRole({ name, rights: draft.rights });
      showToast({ kind: 'success', text: ct(draft.id ? 'roles.saved' : 'roles.created', { name }) });
      this.draft = undefined;
      this.changed();
    } catch (error) {
      const problem = toProblem(error);
      // A right the administrator does not hold, added to a role in use, is refused (403) next to the rights.
      const fieldProblem = problem.error === 'validation' || problem.rule === 'rightsNotHeld';
      if (fieldProblem && problem.field && problem.rule && ['name', 'rights'].includes(problem.field)) this.fieldErrors = { [problem.field]: problem.rule };
      else this.formError = problemMessage(problem);
    } finally {
      this.saving = false;
    }
  }

  private async removeRole(role: ConsoleRoleRecord): Promise<void> {
    if (await confirmAndDelete('roles', role.name, () => deleteRole(role.id))) this.changed();
  }

  private changed(): void {
    void this.roles.run();
    this.dispatchEvent(new CustomEvent('ksc-session-refresh', { bubbles: true, composed: true }));
  }

  override render() {
    void this.localize;
    return html`<h1>${ct('roles.title')}</h1>
      ${this.roles.render({
        pending: loadingView,
        error: (error) => loadFailureView(error, () => this.roles.run()),
        complete: (roles) => html`${this.draft ? this.renderForm(this.draft, roles) : nothing} ${this.renderTable(roles)}`,
      })}`;
  }

  private renderTable(roles: ConsoleRoleRecord[]) {
    return html`<div class="toolbar">
        <button class="primary" @click=${() => this.edit({ name: '', rights: [] })}>${ct('roles.add')}</button>
      </div>
      <table>
        <thead>
          <tr>
            <th scope="col">${ct('roles.name')}</th>
            <th scope="col">${ct('roles.allowedAreas')}</th>
            <th scope="col">${ct('roles.users')}</th>
            <th scope="col"><span class="muted">${ct('common.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          ${roles.map(
            (role) => html`<tr data-role=${role.name}>
              <td>${role.name}${role.administration ? html` <span class="badge">${ct('roles.manageUsersAndRoles')}</span>` : nothing}</td>
              <td>${role.rights.length ? role.rights.map((right) => ct(`rights.${right}`)).join(', ') : html`<span class="muted">${ct('roles.noAreas')}</span>`}</td>
              <td>${role.users}</td>
              <td><div class="actions">
                <button
                  @click=${() => this.edit({ id: role.id, version: role.version, name: role.name, rights: [...role.rights] })}
                  aria-label=${ct('roles.editNamed', { name: role.name })}
                >
                  ${ct('common.edit')}
                </button>
                <button class="danger" @click=${() => this.removeRole(role)} aria-label=${ct('roles.deleteNamed', { name: role.name })}>${ct('common.delete')}</button>
              </div></td>
            </tr>`,
          )}
        </tbody>
      </table>`;
  }

  private renderForm(draft: RoleDraft, roles: ConsoleRoleRecord[]) {
    const nameError = this.fieldErrors.name;
    const rightsError = this.fieldErrors.rights;
    return html`<form
      class="card"
      aria-labelledby="role-form-title"
      novalidate
      @submit=${(event: Event) => {
        event.preventDefault();
        void this.save(roles);
      }}
    >
      <h2 id="role-form-title">${draft.id ? ct('roles.editTitle', { name: draft.name }) : ct('roles.addTitle')}</h2>
      <div class="field">
        <label for="role-name">${ct('roles.name')}</label>
        <input
          id="role-name"
          name="name"
          type="text"
          .value=${draft.name}
          aria-invalid=${nameError ? 'true' : 'false'}
          aria-describedby=${nameError ? 'role-name-error' : nothing}
          @input=${(event: Event) => {
            this.draft = { ...this.draft!, name: (event.target as HTMLInputElement).value };
            if (nameError) this.fieldErrors = {};
          }}
        />
        ${nameError ? html`<p class="field-error" id="role-name-error">${fieldMessage('name', nameError)}</p>` : nothing}
      </div>
      <h3>${ct('roles.functionalAreas')}</h3>
      <div class="areas">
        ${functionalAreas.map((area) => {
          const allowed = draft.rights.includes(area);
          const set = (allow: boolean) => {
            const rights = allow ? [...new Set([...this.draft!.rights, area])] : this.draft!.rights.filter((right) => right !== area);
            this.draft = { ...this.draft!, rights };
          };
          return html`<fieldset data-area=${area}>
            <legend>${ct(`rights.${area}`)}</legend>
            <label><input type="radio" name="area-${area}" value="allow" .checked=${allowed} @change=${() => set(true)} />${ct('roles.allow')}</label>
            <label><input type="radio" name="area-${area}" value="deny" .checked=${!allowed} @change=${() => set(false)} />${ct('roles.deny')}</label>
          </fieldset>`;
        })}
      </div>
      ${rightsError ? html`<p class="field-error">${fieldMessage('rights', rightsError)}</p>` : nothing}
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
function comparable(draft: RoleDraft): string {
  return JSON.stringify([draft.name.trim(), [...draft.rights].sort()]);
}

declare global {
  interface HTMLElementTagNameMap {
    'ksc-roles-page': KscRolesPage;
  }
}

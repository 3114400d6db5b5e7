/**
 * The console's *Users & roles*: creating, changing and deleting users and roles under the rules
 * that keep administration from being a way to rights. Rights reach a person only through the roles
 * assigned to them, and a user manager can create an account and sign in as it, so:
 *
 * - everything a manager gives — a role to a user, a right to a role someone holds — must be a right
 *   they hold themselves (403 `rightsNotHeld`);
 * - nobody changes their own roles nor widens a role they hold (403 `ownRights`);
 * - the last enabled administrator can be neither disabled, demoted nor deleted.
 *
 * Every rule breaks with a typed error (errors.ts); the routes only translate HTTP.
 */
import crypto from 'node:crypto';
import { administrationLimits, passwordProblem, userNamePattern } from '../../../contract/administration-limits.ts';
import type { ConsoleDatabase } from '../console-db.ts';
import { ConflictError, ForbiddenError, NotFoundError, RightsNotHeldError, ValidationError } from '../errors.ts';
import { hashPassword } from '../passwords.ts';
import type { ConsoleRoleRecord, ConsoleUserRecord } from '../../../contract/console.ts';
import { isRightId, rightIds, type GrantedRight } from '../rights.ts';
import type { ActiveSession } from '../sessions.ts';

/** A user as the *Users* page lists them; a role as the *Roles* page does (contract/console.ts). */
export type UserView = ConsoleUserRecord;
export type RoleView = ConsoleRoleRecord;

/** A new user, as its form sends it (types already checked by the route's schema). */
export interface NewUserInput {
  userName: string;
  displayName: string;
  password: string;
  roleIds?: string[];
}

export interface UserChanges {
  expectedVersion: number;
  displayName: string;
  roleIds?: string[];
  disabled: boolean;
}

export interface RoleInput {
  name: string;
  /** Right ids: the checks of the route (routes/administration.ts) let through only those an installed plug-in declares or the role holds. */
  rights: GrantedRight[];
}

export interface RoleChanges extends RoleInput {
  expectedVersion: number;
}

/** A required text: trimmed, not empty, at most `maxLength` characters. */
function requiredText(value: string, field: string, maxLength: number): string {
  const text = value.trim();
  if (text === '') throw new ValidationError(field, 'required');
  if (text.length > maxLength) throw new ValidationError(field, 'tooLong');
  return text;
}

function checkUserName(value: string): string {
  const userName = requiredText(value, 'userName', administrationLimits.userNameMaxLength);
  if (!userNamePattern.test(userName)) throw new ValidationError('userName', 'invalidCharacters');
  return userName;
}

/** Checks a new password against the console's password policy. */
export function checkPassword(password: string, userName: string): void {
  const problem = passwordProblem(password, userName);
  if (problem) throw new ValidationError('password', problem);
}

/** Rights in the spec's order (the MDR plug-in's first, then the others by id), each once, whatever order the client sent. */
function inRightOrder(rights: readonly GrantedRight[]): GrantedRight[] {
  const others = [...new Set(rights.filter((right) => !isRightId(right)))].sort();
  return [...rightIds.filter((right) => rights.includes(right)), ...others];
}

/** The console's users and roles, changed by a user manager (`session`). */
export class Administration {
  /**
   * @param rightsChanged Called after a change that may alter users' rights (roles, disabling,
   *   deletion), before the answer: the MDR service must stop API connections their creators may no
   *   longer make.
   */
  constructor(
    private readonly database: ConsoleDatabase,
    private readonly rightsChanged: (userIds: string[]) => Promise<unknown>,
    /** The rights the installed plug-ins declare now (the MDR functional areas are known always). */
    private readonly declaredRights: () => Iterable<GrantedRight> = () => [],
  ) {}

  /** Every right a role may be given now, in the order roles list them. */
  grantableRights(): GrantedRight[] {
    return inRightOrder([...rightIds, ...this.declaredRights()]);
  }

  /**
   * The rights of a role as given: `unknownRight` for one that neither an installed plug-in declares
   * nor the role holds already (a removed plug-in's right stays in the roles that hold it).
   */
  #knownRights(given: readonly GrantedRight[], held: readonly GrantedRight[] = []): GrantedRight[] {
    const known = new Set([...this.grantableRights(), ...held]);
    if (given.some((right) => !known.has(right))) throw new ValidationError('rights', 'unknownRight');
    return inRightOrder(given);
  }

  users(): UserView[] {
    const administrators = new Set(this.database.users.activeAdministratorIds());
    return this.database.users.list().map((user) => ({
      id: user.id,
      userName: user.userName,
      displayName: user.displayName,
      disabled: user.disabled,
      roleIds: user.roleIds,
      administrator: administrators.has(user.id),
      version: user.version,
    }));
  }

  roles(): RoleView[] {
    const usage = this.database.roles.usage();
    return this.database.roles.list().map((role) => ({
      id: role.id,
      name: role.name,
      rights: role.rights,
      administration: role.administration,
      predefined: role.predefined,
      users: usage.get(role.id) ?? 0,
      version: role.version,
    }));
  }

  async createUser(session: ActiveSession, input: NewUserInput): Promise<UserView> {
    const userName = checkUserName(input.userName);
    const displayName = requiredText(input.displayName, 'displayName', administrationLimits.displayNameMaxLength);
    checkPassword(input.password, userName);
    const roleIds = this.#knownRoles(input.roleIds ?? []);
    this.#requireHeld(session, 'roleIds', this.#rightsOfRoles(roleIds));
    if (this.database.users.findByName(userName)) throw new ValidationError('userName', 'duplicate');
    const id = crypto.randomUUID();
    const passwordHash = await hashPassword(input.password);
    // Checked again after the slow hash: another request may have taken the name, or widened a role, meanwhile.
    if (this.database.users.findByName(userName)) throw new ValidationError('userName', 'duplicate');
    this.#requireHeld(session, 'roleIds', this.#rightsOfRoles(this.#knownRoles(roleIds)));
    this.database.users.insert({ id, userName, displayName, passwordHash, roleIds });
    return this.#user(id)!;
  }

  async updateUser(session: ActiveSession, userId: string, changes: UserChanges): Promise<UserView> {
    const current = this.#user(userId);
    if (!current) throw new NotFoundError('user');
    const displayName = requiredText(changes.displayName, 'displayName', administrationLimits.displayNameMaxLength);
    const roleIds = this.#knownRoles(changes.roleIds ?? []);
    const { disabled } = changes;
    const rolesChanged = roleIds.length !== current.roleIds.length || roleIds.some((id) => !current.roleIds.includes(id));
    // Nobody hands themselves more rights: an administrator's own roles are changed by another administrator.
    if (userId === session.user.id && rolesChanged) throw new ForbiddenError('ownRights');
    this.#requireHeld(session, 'roleIds', this.#rightsOfRoles(roleIds.filter((id) => !current.roleIds.includes(id))));
    const stillAdministrator = !disabled && roleIds.some((id) => this.database.roles.get(id)!.administration);
    if (this.#wouldLeaveNoAdministrator(userId, stillAdministrator)) throw new ValidationError(disabled ? 'disabled' : 'roleIds', 'lastAdministrator');
    this.database.transaction(() => {
      this.database.users.update(userId, changes.expectedVersion, { displayName, roleIds, disabled });
      // A disabled user's sessions end now, not at their next request.
      if (disabled) this.database.sessions.deleteOfUser(userId);
    });
    if (rolesChanged || disabled !== current.disabled) await this.rightsChanged([userId]);
    return this.#user(userId)!;
  }

  async deleteUser(session: ActiveSession, userId: string): Promise<void> {
    if (!this.database.users.get(userId)) throw new NotFoundError('user');
    if (this.#wouldLeaveNoAdministrator(userId, false)) throw new ConflictError('lastAdministrator', 'The last administrator cannot be deleted');
    if (userId === session.user.id) throw new ConflictError('ownAccount', 'Users cannot delete their own account');
    this.database.users.delete(userId);
    await this.rightsChanged([userId]);
  }

  createRole(input: RoleInput): RoleView {
    const name = requiredText(input.name, 'name', administrationLimits.roleNameMaxLength);
    const rights = this.#knownRights(input.rights);
    if (this.database.roles.findByName(name)) throw new ValidationError('name', 'duplicate');
    const id = crypto.randomUUID();
    this.database.roles.insert({ id, name, rights });
    return this.#role(id)!;
  }

  async updateRole(session: ActiveSession, roleId: string, changes: RoleChanges): Promise<RoleView> {
    const current = this.database.roles.get(roleId);
    if (!current) throw new NotFoundError('role');
    const name = requiredText(changes.name, 'name', administrationLimits.roleNameMaxLength);
    const rights = this.#knownRights(changes.rights, current.rights);
    const sameName = this.database.roles.findByName(name);
    if (sameName && sameName.id !== roleId) throw new ValidationError('name', 'duplicate');
    const widens = rights.some((right) => !current.rights.includes(right));
    const holds = this.database.roles.heldBy(session.user.id).some((role) => role.id === roleId);
    if (holds && widens) throw new ForbiddenError('ownRights');
    // Widening a role someone holds gives them the added rights at their next request.
    if ((this.database.roles.usage().get(roleId) ?? 0) > 0) this.#requireHeld(session, 'rights', rights.filter((right) => !current.rights.includes(right)));
    this.database.roles.update(roleId, changes.expectedVersion, { name, rights });
    const holders = this.database.users.list().filter((user) => user.roleIds.includes(roleId));
    if (holders.length > 0) await this.rightsChanged(holders.map((user) => user.id));
    return this.#role(roleId)!;
  }

  /** Deletes a role nobody holds: no user's rights change, so nothing to tell the MDR service. */
  deleteRole(roleId: string): void {
    this.database.roles.delete(roleId);
  }

  #user(id: string): UserView | undefined {
    return this.users().find((user) => user.id === id);
  }

  #role(id: string): RoleView | undefined {
    return this.roles().find((role) => role.id === id);
  }

  /** The roles given, each once; `unknownRole` when one does not exist. */
  #knownRoles(roleIds: readonly string[]): string[] {
    const ids = [...new Set(roleIds)];
    if (ids.some((id) => !this.database.roles.get(id))) throw new ValidationError('roleIds', 'unknownRole');
    return ids;
  }

  #rightsOfRoles(roleIds: string[]): GrantedRight[] {
    return roleIds.flatMap((id) => this.database.roles.get(id)?.rights ?? []);
  }

  /** A grant through `field` of rights the granting user does not hold is refused, naming them. */
  #requireHeld(session: ActiveSession, field: 'roleIds' | 'rights', given: Iterable<GrantedRight>): void {
    const wanted = new Set(given);
    // The MDR functional areas only: a right another plug-in declares is given by the console's
    // user managers, who need not hold it (nobody would, when it is new).
    const missing = rightIds.filter((right) => wanted.has(right) && !session.rights.has(right));
    if (missing.length > 0) throw new RightsNotHeldError(field, missing);
  }

  /** Whether, after removing `userId` from the administrators, none would be left. */
  #wouldLeaveNoAdministrator(userId: string, stillAdministrator: boolean): boolean {
    const administrators = this.database.users.activeAdministratorIds();
    return administrators.includes(userId) && !stillAdministrator && administrators.length === 1;
  }
}

import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { administrationLimits, passwordProblem, userNamePattern } from '../../contract/administration-limits.ts';
import type { ConsoleDatabase } from './console-db.ts';
import { ConflictError, NotFoundError, RoleInUseError } from './errors.ts';
import { hashPassword } from './passwords.ts';
import { isRightId, rightIds, type RightId } from './rights.ts';
import type { ActiveSession } from './sessions.ts';


/** A refused input: answered as 400 `{ error: 'validation', field, rule }`. */
export class ValidationError extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${field}: ${rule}`);
  }
}

function updateOutcome(update: () => void): 'updated' | 'conflict' | 'notFound' {
  try {
    update();
    return 'updated';
  } catch (error) {
    if (error instanceof ConflictError) return 'conflict';
    if (error instanceof NotFoundError) return 'notFound';
    throw error;
  }
}

/** Checks a new password against the console's password policy. */
export function checkPassword(password: unknown, userName: string): void {
  const problem = typeof password === 'string' ? passwordProblem(password, userName) : 'required';
  if (problem) throw new ValidationError('password', problem);
}

function checkText(value: unknown, field: string, maxLength: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') throw new ValidationError(field, 'required');
  if (text.length > maxLength) throw new ValidationError(field, 'tooLong');
  return text;
}

function checkUserName(value: unknown): string {
  const userName = checkText(value, 'userName', administrationLimits.userNameMaxLength);
  if (!userNamePattern.test(userName)) throw new ValidationError('userName', 'invalidCharacters');
  return userName;
}

function checkRoleIds(database: ConsoleDatabase, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((id) => typeof id === 'string')) throw new ValidationError('roleIds', 'invalidValue');
  const ids = [...new Set(value as string[])];
  if (ids.some((id) => !database.roles.get(id))) throw new ValidationError('roleIds', 'unknownRole');
  return ids;
}

function checkRights(value: unknown): RightId[] {
  if (!Array.isArray(value)) throw new ValidationError('rights', 'invalidValue');
  if (!value.every(isRightId)) throw new ValidationError('rights', 'unknownRight');
  // Stored in the spec's order, whatever order the client sent.
  return rightIds.filter((right) => value.includes(right));
}

function checkVersion(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new ValidationError('expectedVersion', 'required');
  return value;
}

/** A whole number from the query string within `min`..`max`, or `fallback` when it is absent. */
function queryInteger(raw: unknown, field: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  // Digits only, and few enough of them: neither 1e400 nor twenty digits reach the database.
  const value = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) throw new ValidationError(field, 'outOfRange');
  return value;
}

/** Paging and search of the device list; a parameter given twice (`search=a&search=b`) is refused. */
export function parseDeviceListQuery(query: Record<string, unknown>): { page: number; pageSize: number; search: string } {
  if (query.search !== undefined && typeof query.search !== 'string') throw new ValidationError('search', 'invalidValue');
  return {
    page: queryInteger(query.page, 'page', 1, 1, 100_000),
    pageSize: queryInteger(query.pageSize, 'pageSize', 50, 1, 200),
    search: (query.search ?? '').trim().slice(0, 100),
  };
}

/** What an administration route needs from the server that registers it. */
export interface AdministrationContext {
  database: ConsoleDatabase;
  requireSession(request: FastifyRequest, reply: FastifyReply): Promise<ActiveSession | undefined>;
  checkChange(request: FastifyRequest, reply: FastifyReply, session: ActiveSession): Promise<boolean>;
  parseBody(body: unknown): Record<string, unknown> | undefined;
  /**
   * Called after a change that may alter users' rights (roles, disabling, deletion), before the
   * answer: the MDR service must stop API connections their creators may no longer make.
   */
  rightsChanged(userIds: string[]): Promise<unknown>;
}

/** The answer for a user without the console's user and role management. */
export const manageRolesRefusal = { error: 'forbidden', missingRights: [] as RightId[], missingPermission: 'manageUsersAndRoles' } as const;

/**
 * A grant of rights the granting user does not hold: answered as 403 `{ error: 'forbidden', field,
 * code: 'rightsNotHeld', missingRights }`, the field being the one that asked for them.
 */
class RightsNotHeldError extends Error {
  constructor(
    readonly field: 'roleIds' | 'rights',
    readonly missingRights: RightId[],
  ) {
    super(`${field}: rights not held`);
  }
}

/**
 * Rights reach a person only through the roles assigned to them. A user manager can create an account
 * and sign in as it, so everything they give — a role to a user, a right to a role someone holds —
 * must be a right they hold themselves; otherwise managing users would be a way to any right.
 */
function requireHeld(session: ActiveSession, field: 'roleIds' | 'rights', given: Iterable<RightId>): void {
  const wanted = new Set(given);
  const missing = rightIds.filter((right) => wanted.has(right) && !session.rights.has(right));
  if (missing.length > 0) throw new RightsNotHeldError(field, missing);
}

/**
 * The console's *Users & roles* API (users, roles) and its device inventory. Users and roles are for
 * users who may manage them; a user cannot change their own roles nor widen a role they hold, and
 * gives others only rights they hold themselves.
 */
export async function registerAdministrationRoutes(app: FastifyInstance, context: AdministrationContext): Promise<void> {
  const { database } = context;

  /** Session, CSRF for changes, and the administration permission; answers the refusal itself. */
  const requireAdministrator = async (request: FastifyRequest, reply: FastifyReply): Promise<ActiveSession | undefined> => {
    const session = await context.requireSession(request, reply);
    if (!session) return undefined;
    if (request.method !== 'GET' && !(await context.checkChange(request, reply, session))) return undefined;
    if (!session.administration) {
      await reply.code(403).send(manageRolesRefusal);
      return undefined;
    }
    return session;
  };

  const handle = async (reply: FastifyReply, action: () => Promise<unknown> | unknown): Promise<unknown> => {
    try {
      return await action();
    } catch (error) {
      if (error instanceof ValidationError) return reply.code(400).send({ error: 'validation', field: error.field, rule: error.rule });
      if (error instanceof RightsNotHeldError) return reply.code(403).send({ error: 'forbidden', field: error.field, rule: 'rightsNotHeld', missingRights: error.missingRights });
      throw error;
    }
  };

  const describeUsers = () => {
    const administrators = new Set(database.users.activeAdministratorIds());
    return database.users.list().map((user) => ({
      id: user.id,
      userName: user.userName,
      displayName: user.displayName,
      disabled: user.disabled,
      roleIds: user.roleIds,
      administrator: administrators.has(user.id),
      version: user.version,
    }));
  };

  const describeRoles = () => {
    const usage = database.roles.usage();
    return database.roles.list().map((role) => ({
      id: role.id,
      name: role.name,
      rights: role.rights,
      administration: role.administration,
      predefined: role.predefined,
      users: usage.get(role.id) ?? 0,
      version: role.version,
    }));
  };

  const rightsOfRoles = (roleIds: string[]): RightId[] => roleIds.flatMap((id) => database.roles.get(id)?.rights ?? []);

  /** Whether, after removing `userId` from the administrators, none would be left. */
  const wouldLeaveNoAdministrator = (userId: string, stillAdministrator: boolean): boolean => {
    const administrators = database.users.activeAdministratorIds();
    return administrators.includes(userId) && !stillAdministrator && administrators.length === 1;
  };

  // --- users ---

  app.get('/api/users', async (request, reply) => {
    if (!(await requireAdministrator(request, reply))) return;
    return { users: describeUsers() };
  });

  app.post('/api/users', async (request, reply) => {
    const session = await requireAdministrator(request, reply);
    if (!session) return;
    return handle(reply, async () => {
      const body = context.parseBody(request.body) ?? {};
      const userName = checkUserName(body.userName);
      const displayName = checkText(body.displayName, 'displayName', administrationLimits.displayNameMaxLength);
      checkPassword(body.password, userName);
      const roleIds = checkRoleIds(database, body.roleIds);
      requireHeld(session, 'roleIds', rightsOfRoles(roleIds));
      if (database.users.findByName(userName)) throw new ValidationError('userName', 'duplicate');
      const id = crypto.randomUUID();
      const passwordHash = await hashPassword(body.password as string);
      // Checked again after the slow hash: another request may have taken the name, or widened a role, meanwhile.
      if (database.users.findByName(userName)) throw new ValidationError('userName', 'duplicate');
      requireHeld(session, 'roleIds', rightsOfRoles(checkRoleIds(database, roleIds)));
      database.users.insert({ id, userName, displayName, passwordHash, roleIds });
      return reply.code(201).send(describeUsers().find((user) => user.id === id));
    });
  });

  app.put('/api/users/:userId', async (request, reply) => {
    const session = await requireAdministrator(request, reply);
    if (!session) return;
    const { userId } = request.params as { userId: string };
    return handle(reply, async () => {
      const current = describeUsers().find((user) => user.id === userId);
      if (!current) return reply.code(404).send({ error: 'notFound' });
      const body = context.parseBody(request.body) ?? {};
      const expectedVersion = checkVersion(body.expectedVersion);
      const displayName = checkText(body.displayName, 'displayName', administrationLimits.displayNameMaxLength);
      const roleIds = checkRoleIds(database, body.roleIds);
      if (typeof body.disabled !== 'boolean') throw new ValidationError('disabled', 'invalidValue');
      const disabled = body.disabled;
      const rolesChanged = roleIds.length !== current.roleIds.length || roleIds.some((id) => !current.roleIds.includes(id));
      // Nobody hands themselves more rights: an administrator's own roles are changed by another administrator.
      if (userId === session.user.id && rolesChanged) return reply.code(403).send({ error: 'ownRights' });
      requireHeld(session, 'roleIds', rightsOfRoles(roleIds.filter((id) => !current.roleIds.includes(id))));
      const stillAdministrator = !disabled && roleIds.some((id) => database.roles.get(id)!.administration);
      if (wouldLeaveNoAdministrator(userId, stillAdministrator)) throw new ValidationError(disabled ? 'disabled' : 'roleIds', 'lastAdministrator');
      const outcome = updateOutcome(() =>
        database.transaction(() => {
          database.users.update(userId, expectedVersion, { displayName, roleIds, disabled });
          // A disabled user's sessions end now, not at their next request.
          if (disabled) database.sessions.deleteOfUser(userId);
        }),
      );
      if (outcome === 'conflict') return reply.code(409).send({ error: 'conflict' });
      if (outcome === 'notFound') return reply.code(404).send({ error: 'notFound' });
      if (rolesChanged || disabled !== current.disabled) await context.rightsChanged([userId]);
      return describeUsers().find((user) => user.id === userId);
    });
  });

  app.delete('/api/users/:userId', async (request, reply) => {
    const session = await requireAdministrator(request, reply);
    if (!session) return;
    const { userId } = request.params as { userId: string };
    if (!database.users.get(userId)) return reply.code(404).send({ error: 'notFound' });
    if (wouldLeaveNoAdministrator(userId, false)) return reply.code(409).send({ error: 'lastAdministrator' });
    if (userId === session.user.id) return reply.code(409).send({ error: 'ownAccount' });
    database.users.delete(userId);
    await context.rightsChanged([userId]);
    return reply.code(204).send();
  });

  // --- roles ---

  app.get('/api/roles', async (request, reply) => {
    if (!(await requireAdministrator(request, reply))) return;
    return { roles: describeRoles(), rights: rightIds, limits: { roleNameMaxLength: administrationLimits.roleNameMaxLength } };
  });

  app.post('/api/roles', async (request, reply) => {
    if (!(await requireAdministrator(request, reply))) return;
    return handle(reply, () => {
      const body = context.parseBody(request.body) ?? {};
      const name = checkText(body.name, 'name', administrationLimits.roleNameMaxLength);
      const rights = checkRights(body.rights);
      if (database.roles.findByName(name)) throw new ValidationError('name', 'duplicate');
      const id = crypto.randomUUID();
      database.roles.insert({ id, name, rights });
      return reply.code(201).send(describeRoles().find((role) => role.id === id));
    });
  });

  app.put('/api/roles/:roleId', async (request, reply) => {
    const session = await requireAdministrator(request, reply);
    if (!session) return;
    const { roleId } = request.params as { roleId: string };
    return handle(reply, async () => {
      const current = database.roles.get(roleId);
      if (!current) return reply.code(404).send({ error: 'notFound' });
      const body = context.parseBody(request.body) ?? {};
      const expectedVersion = checkVersion(body.expectedVersion);
      const name = checkText(body.name, 'name', administrationLimits.roleNameMaxLength);
      const rights = checkRights(body.rights);
      const sameName = database.roles.findByName(name);
      if (sameName && sameName.id !== roleId) throw new ValidationError('name', 'duplicate');
      const widens = rights.some((right) => !current.rights.includes(right));
      const holds = database.roles.heldBy(session.user.id).some((role) => role.id === roleId);
      if (holds && widens) return reply.code(403).send({ error: 'ownRights' });
      // Widening a role someone holds gives them the added rights at their next request.
      if ((database.roles.usage().get(roleId) ?? 0) > 0) requireHeld(session, 'rights', rights.filter((right) => !current.rights.includes(right)));
      const outcome = updateOutcome(() => database.roles.update(roleId, expectedVersion, { name, rights }));
      if (outcome === 'conflict') return reply.code(409).send({ error: 'conflict' });
      if (outcome === 'notFound') return reply.code(404).send({ error: 'notFound' });
      const holders = database.users.list().filter((user) => user.roleIds.includes(roleId));
      if (holders.length > 0) await context.rightsChanged(holders.map((user) => user.id));
      return describeRoles().find((role) => role.id === roleId);
    });
  });

  app.delete('/api/roles/:roleId', async (request, reply) => {
    if (!(await requireAdministrator(request, reply))) return;
    const { roleId } = request.params as { roleId: string };
    try {
      database.roles.delete(roleId);
    } catch (error) {
      if (error instanceof NotFoundError) return reply.code(404).send({ error: 'notFound' });
      if (error instanceof RoleInUseError) return reply.code(409).send({ error: 'roleInUse', users: error.users });
      throw error;
    }
    // Only a role nobody holds is deleted: no user's rights change, nothing to tell the MDR service.
    return reply.code(204).send();
  });

  // --- managed devices (every signed-in user of the console sees the inventory) ---

  app.get('/api/devices', async (request, reply) => {
    if (!(await context.requireSession(request, reply))) return;
    return handle(reply, () => {
      const { page, pageSize, search } = parseDeviceListQuery(request.query as Record<string, unknown>);
      const { items, total } = database.devices.list({ search: search || undefined, offset: (page - 1) * pageSize, limit: pageSize });
      return { items, total, page, pageSize };
    });
  });

  app.get('/api/devices/:deviceId', async (request, reply) => {
    if (!(await context.requireSession(request, reply))) return;
    const device = database.devices.find((request.params as { deviceId: string }).deviceId);
    if (!device) return reply.code(404).send({ error: 'notFound' });
    return device;
  });
}

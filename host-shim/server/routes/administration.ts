import type { FastifyPluginAsync } from 'fastify';
import { administrationLimits } from '../../../contract/administration-limits.ts';
import { sessionOf } from '../http/access.ts';
import type { Refusal } from '../http/validation.ts';
import type { Administration, NewUserInput, RoleChanges, RoleInput, UserChanges } from '../services/administration.ts';

const required: Refusal = { error: 'validation', rule: 'required' };
const invalidValue: Refusal = { error: 'validation', rule: 'invalidValue' };

/** Role ids: a list of texts (`invalidValue` otherwise); each must name a role (checked by the service). */
const roleIdsSchema = { type: 'array', items: { type: 'string' }, refusal: invalidValue } as const;
/** Rights: a list (`invalidValue` otherwise) of right ids (`unknownRight` otherwise; whether an installed plug-in declares each, the service checks). */
const rightsSchema = {
  type: 'array',
  maxItems: 1000,
  items: { type: 'string', pattern: '^[a-z][A-Za-z0-9]*$', maxLength: 64, refusal: { error: 'validation', rule: 'unknownRight' } },
  refusal: invalidValue,
} as const;
/** The version the change is based on (contract/errors.ts): a stale one is 409 `conflict`. */
const expectedVersionSchema = { type: 'integer', minimum: 1, refusal: required } as const;
/** Texts are trimmed, and their length and characters checked, by the service. */
const textSchema = { type: 'string', refusal: required } as const;

// Properties in the order a form is checked: the first refused one is answered.
const newUserSchema = {
  type: 'object',
  required: ['userName', 'displayName', 'password'],
  properties: { userName: textSchema, displayName: textSchema, password: textSchema, roleIds: roleIdsSchema },
} as const;

const userChangesSchema = {
  type: 'object',
  required: ['expectedVersion', 'displayName', 'disabled'],
  properties: { expectedVersion: expectedVersionSchema, displayName: textSchema, roleIds: roleIdsSchema, disabled: { type: 'boolean', refusal: invalidValue } },
} as const;

const newRoleSchema = {
  type: 'object',
  required: ['name', 'rights'],
  properties: { name: textSchema, rights: rightsSchema },
} as const;

const roleChangesSchema = {
  type: 'object',
  required: ['expectedVersion', 'name', 'rights'],
  properties: { expectedVersion: expectedVersionSchema, name: textSchema, rights: rightsSchema },
} as const;

const userParams = { type: 'object', properties: { userId: { type: 'string' } } } as const;
const roleParams = { type: 'object', properties: { roleId: { type: 'string' } } } as const;

const administrator = { access: 'administrator' } as const;

export interface AdministrationRoutesOptions {
  administration: Administration;
}

/**
 * The console's *Users & roles* API, for users who may manage users and roles: `/api/users` and
 * `/api/roles` (list, create, change, delete). The rules are the service's (services/administration.ts).
 */
export const administrationRoutes: FastifyPluginAsync<AdministrationRoutesOptions> = async (app, { administration }) => {
  app.get('/users', { config: administrator }, async () => ({ users: administration.users() }));

  app.post<{ Body: NewUserInput }>('/users', { schema: { body: newUserSchema }, config: administrator }, async (request, reply) =>
    reply.code(201).send(await administration.createUser(sessionOf(request), request.body)),
  );

  app.put<{ Params: { userId: string }; Body: UserChanges }>('/users/:userId', { schema: { params: userParams, body: userChangesSchema }, config: administrator }, async (request) =>
    administration.updateUser(sessionOf(request), request.params.userId, request.body),
  );

  app.delete<{ Params: { userId: string } }>('/users/:userId', { schema: { params: userParams }, config: administrator }, async (request, reply) => {
    await administration.deleteUser(sessionOf(request), request.params.userId);
    return reply.code(204).send();
  });

  app.get('/roles', { config: administrator }, async () => ({
    roles: administration.roles(),
    rights: administration.grantableRights(),
    limits: { roleNameMaxLength: administrationLimits.roleNameMaxLength },
  }));

  app.post<{ Body: RoleInput }>('/roles', { schema: { body: newRoleSchema }, config: administrator }, async (request, reply) =>
    reply.code(201).send(administration.createRole(request.body)),
  );

  app.put<{ Params: { roleId: string }; Body: RoleChanges }>('/roles/:roleId', { schema: { params: roleParams, body: roleChangesSchema }, config: administrator }, async (request) =>
    administration.updateRole(sessionOf(request), request.params.roleId, request.body),
  );

  app.delete<{ Params: { roleId: string } }>('/roles/:roleId', { schema: { params: roleParams }, config: administrator }, async (request, reply) => {
    administration.deleteRole(request.params.roleId);
    return reply.code(204).send();
  });
};

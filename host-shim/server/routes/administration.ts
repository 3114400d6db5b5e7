import type { FastifyPluginAsync } from 'fastify';
import type { ConsoleRoleChanges, ConsoleUserChanges, NewConsoleRole, NewConsoleUser } from '../../../contract/console.ts';
import { administrationLimits } from '../../../contract/administration-limits.ts';
import {
  ConsoleRoleChangesSchema,
  ConsoleRoleListSchema,
  ConsoleRoleRecordSchema,
  ConsoleUserChangesSchema,
  ConsoleUserListSchema,
  ConsoleUserRecordSchema,
  NewConsoleRoleSchema,
  NewConsoleUserSchema,
  RoleParamsSchema,
  UserParamsSchema,
} from '../../../contract/schemas/console.ts';
import { sessionOf } from '../http/access.ts';
import type { Administration } from '../services/administration.ts';

const administrator = { access: 'administrator' } as const;

export interface AdministrationRoutesOptions {
  administration: Administration;
}

/**
 * The console's *Users & roles* API, for users who may manage users and roles: `/api/users` and
 * `/api/roles` (list, create, change, delete). The rules are the service's (services/administration.ts).
 */
export const administrationRoutes: FastifyPluginAsync<AdministrationRoutesOptions> = async (app, { administration }) => {
  app.get('/users', { schema: { response: { 200: ConsoleUserListSchema } }, config: administrator }, async () => ({ users: administration.users() }));

  app.post<{ Body: NewConsoleUser }>('/users', { schema: { body: NewConsoleUserSchema, response: { 201: ConsoleUserRecordSchema } }, config: administrator }, async (request, reply) =>
    reply.code(201).send(await administration.createUser(sessionOf(request), request.body)),
  );

  app.put<{ Params: { userId: string }; Body: ConsoleUserChanges }>(
    '/users/:userId',
    { schema: { params: UserParamsSchema, body: ConsoleUserChangesSchema, response: { 200: ConsoleUserRecordSchema } }, config: administrator },
    async (request) => administration.updateUser(sessionOf(request), request.params.userId, request.body),
  );

  app.delete<{ Params: { userId: string } }>('/users/:userId', { schema: { params: UserParamsSchema }, config: administrator }, async (request, reply) => {
    await administration.deleteUser(sessionOf(request), request.params.userId);
    return reply.code(204).send();
  });

  app.get('/roles', { schema: { response: { 200: ConsoleRoleListSchema } }, config: administrator }, async () => ({
    roles: administration.roles(),
    rights: administration.grantableRights(),
    limits: { roleNameMaxLength: administrationLimits.roleNameMaxLength },
  }));

  app.post<{ Body: NewConsoleRole }>('/roles', { schema: { body: NewConsoleRoleSchema, response: { 201: ConsoleRoleRecordSchema } }, config: administrator }, async (request, reply) =>
    reply.code(201).send(administration.createRole(request.body)),
  );

  app.put<{ Params: { roleId: string }; Body: ConsoleRoleChanges }>(
    '/roles/:roleId',
    { schema: { params: RoleParamsSchema, body: ConsoleRoleChangesSchema, response: { 200: ConsoleRoleRecordSchema } }, config: administrator },
    async (request) => administration.updateRole(sessionOf(request), request.params.roleId, request.body),
  );

  app.delete<{ Params: { roleId: string } }>('/roles/:roleId', { schema: { params: RoleParamsSchema }, config: administrator }, async (request, reply) => {
    administration.deleteRole(request.params.roleId);
    return reply.code(204).send();
  });
};

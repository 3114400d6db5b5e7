import type { FastifyPluginAsync, onRequestAsyncHookHandler } from 'fastify';
import type { InstallAvailable, RemoveWebPluginQuery } from '../../../contract/web-plugins.ts';
import {
  InstallAvailableSchema,
  RemoveWebPluginQuerySchema,
  WebPluginInstallationSchema,
  WebPluginParamsSchema,
  WebPluginsListSchema,
} from '../../../contract/schemas/web-plugins.ts';
import { requireChangeToken } from '../http/access.ts';
import { PermissionRequiredError, UnauthenticatedError } from '../errors.ts';
import type { WebPlugins } from '../services/web-plugins.ts';
import { sessionCookieName, type SessionStore } from '../sessions.ts';

/** The header that carries the detached signature of an uploaded bundle: the `.sig` file, Base64. */
export const SIGNATURE_HEADER = 'x-plugin-signature';

const administrator = { access: 'administrator' } as const;

/** Installing answers 201 with a plug-in new to the console, 200 with an update. */
const installed = { 200: WebPluginInstallationSchema, 201: WebPluginInstallationSchema };

export interface WebPluginRoutesOptions {
  webPlugins: WebPlugins;
  sessions: SessionStore;
}

/**
 * The access check of the `administrator` routes (http/access.ts), run before the body is read: an
 * upload is only taken in from the console's main administrator, so nobody else can make the
 * console hold an archive.
 */
function administratorBeforeBody(sessions: SessionStore): onRequestAsyncHookHandler {
  return async (request) => {
    const session = sessions.resolve(request.cookies[sessionCookieName]);
    if (!session) throw new UnauthenticatedError();
    requireChangeToken(request, session);
    if (!session.administration) throw new PermissionRequiredError('manageUsersAndRoles');
  };
}

/**
 * *Console settings → Web plug-ins*, for the console's main administrator (who manages users and
 * roles): `GET /api/web-plugins` lists; `POST /api/web-plugins` installs or updates from an uploaded
 * archive (the body, `application/zip`) and its signature (the `X-Plugin-Signature` header);
 * `POST /api/web-plugins/available/install` from the available-plug-ins folder;
 * `DELETE /api/web-plugins/:pluginId?expectedVersion=` removes.
 */
export const webPluginRoutes: FastifyPluginAsync<WebPluginRoutesOptions> = async (app, { webPlugins, sessions }) => {
  const archiveLimit = webPlugins.limits.archiveBytes;
  app.addContentTypeParser(['application/zip', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: archiveLimit }, (_request, body, done) => done(null, body));

  app.get('/web-plugins', { schema: { response: { 200: WebPluginsListSchema } }, config: administrator }, async () => webPlugins.list());

  app.post<{ Body: Buffer | undefined }>(
    '/web-plugins',
    { schema: { response: installed }, config: administrator, bodyLimit: archiveLimit, onRequest: administratorBeforeBody(sessions) },
    async (request, reply) => {
      const header = request.headers[SIGNATURE_HEADER];
      const signature = typeof header === 'string' && header.trim() !== '' ? Buffer.from(header.trim(), 'base64') : undefined;
      const archive = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const installation = await webPlugins.installUpload(archive, signature);
      request.log.info({ user: request.session?.user.userName, plugin: installation.plugin.qualifiedId, version: installation.plugin.version, outcome: installation.outcome }, 'web plug-in installed');
      return reply.code(installation.outcome === 'installed' ? 201 : 200).send(installation);
    },
  );

  app.post<{ Body: InstallAvailable }>(
    '/web-plugins/available/install',
    { config: administrator, schema: { body: InstallAvailableSchema, response: installed } },
    async (request, reply) => {
      const installation = await webPlugins.installAvailable(request.body.fileName, request.body.expectedVersion);
      request.log.info({ user: request.session?.user.userName, plugin: installation.plugin.qualifiedId, version: installation.plugin.version, outcome: installation.outcome }, 'web plug-in installed');
      return reply.code(installation.outcome === 'installed' ? 201 : 200).send(installation);
    },
  );

  app.delete<{ Params: { pluginId: string }; Querystring: RemoveWebPluginQuery }>(
    '/web-plugins/:pluginId',
    { config: administrator, schema: { params: WebPluginParamsSchema, querystring: RemoveWebPluginQuerySchema } },
    async (request, reply) => {
      await webPlugins.remove(request.params.pluginId, request.query.expectedVersion);
      request.log.info({ user: request.session?.user.userName, plugin: request.params.pluginId }, 'web plug-in removed');
      return reply.code(204).send();
    },
  );
};

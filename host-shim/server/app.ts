import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type RouteOptions } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { manageRolesRefusal, registerAdministrationRoutes } from './administration.ts';
import { jsonNestedDeeperThan } from '../common/json-depth.ts';
import { isAllowedHost, parseAllowedHosts } from './allowed-hosts.ts';
import { capConnectionsPerAddress, closeSilentConnections, fastifyTimeoutOptions, httpServerOptions, resolveConsoleConnectionLimits, type ConsoleConnectionLimits } from './connection-limits.ts';
import type { ConsoleDatabase } from './console-db.ts';
import { createPredefinedMdrRoles, predefinedMdrRoleStates } from './services/predefined-roles.ts';
import { envFileChangedSince, type ConsoleEnvironment } from './environment.ts';
import { forwardToService } from './forward.ts';
import { discoverLanguages } from './languages.ts';
import { registerDemoMailbox } from './demo-mailbox.ts';
import { RouteTable, type PluginManifest } from './manifest.ts';
import { UpstreamError, type MdrServiceClient } from './outbound.ts';
import { unknownUserHash, verifyPassword } from './passwords.ts';
import {
  attachment,
  deviceDetails,
  exportMalfunctioning,
  listMalfunctioning,
  malfunctioningExportName,
  parseMalfunctioningQuery,
} from './malfunctioning-devices.ts';
import { PrincipalRightsPublisher } from './principal-rights.ts';
import { ValidationError } from './errors.ts';
import { missingRights } from './rights.ts';
import { sessionCookieName, SessionStore, SignInLimiter, type ActiveSession } from './sessions.ts';

export interface ConsoleServerOptions {
  database: ConsoleDatabase;
  manifest: PluginManifest;
  mdrClient: MdrServiceClient;
  /** The console's credential to the MDR service (read from its encrypted store). */
  consoleCredential: string;
  environment: ConsoleEnvironment;
  /** Built console (index.html and assets). */
  consoleDir: string;
  /** Built plug-in (entry module and chunks). */
  pluginDir: string;
  localesDir: string;
  idleTimeoutMs?: number;
  /**
   * Timeouts and the connection cap per client address (default: the `KSC_…_TIMEOUT_MS` and
   * `KSC_MAX_CONNECTIONS_PER_ADDRESS` variables of `environment`, else the defaults of connection-limits.ts).
   */
  connectionLimits?: Partial<ConsoleConnectionLimits>;
  logger?: boolean;
  /** Called for every route as it is registered (route catalogues, tests that call every route). */
  onRoute?: (route: RouteOptions) => void;
  /** Tell the MDR service every user's rights once the server is ready (the console's start-up). */
  publishRightsAtStart?: boolean;
}

const jsonBodyLimit = 256 * 1024;
/** Sign-in is parsed before anyone is known: a user name and a password fit many times over. */
const signInBodyLimit = 4 * 1024;
/** Deepest JSON body nesting; the MDR service refuses deeper bodies too. */
const maxJsonDepth = 16;

/**
 * Plug-in routes the console server answers itself (relative to the plug-in prefix); every other
 * declared route is forwarded to the MDR service.
 */
export const consoleOwnedRoutes = [
  'GET /connection',
  'POST /connection/test',
  'GET /roles/predefined',
  'POST /roles/predefined',
  // Malfunctioning assets: from the console's own device inventory.
  'GET /health/devices',
  'GET /health/devices/export',
  'GET /health/devices/:deviceId',
] as const;

declare module 'fastify' {
  interface FastifyRequest {
    session?: ActiveSession;
  }
  interface FastifyContextConfig {
    /** Deepest JSON nesting the route's body may have (default {@link maxJsonDepth}). */
    jsonMaxDepth?: number;
  }
}

/** Builds the console server: sign-in and sessions, the console and plug-in files, and the plug-in routes. */
export async function buildConsoleServer(options: ConsoleServerOptions): Promise<FastifyInstance> {
  const { database, manifest, mdrClient } = options;
  const limits = resolveConsoleConnectionLimits(options.connectionLimits, options.environment.values);
  const app = Fastify({
    http: httpServerOptions(limits),
    ...fastifyTimeoutOptions(limits),
    logger: options.logger
      ? { level: 'info', redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'] }
      : false,
    bodyLimit: jsonBodyLimit,
    trustProxy: false,
  });
  capConnectionsPerAddress(app.server, limits.maxConnectionsPerAddress);
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  closeSilentConnections(app.server, limits.headersTimeoutMs);
  const sessions = new SessionStore(database, options.idleTimeoutMs ?? 30 * 60_000);
  const limiter = new SignInLimiter();
  const routeTable = new RouteTable(manifest.routes);
  const pluginPrefix = `/api/plugins/${manifest.id}`;
  const startedAt = new Date().toISOString();

  const purge = setInterval(() => sessions.purgeIdle(), 60_000);
  purge.unref();
  app.addHook('onClose', async () => clearInterval(purge));

  // First of all hooks, so that no handler and no static file answers a foreign name (see allowed-hosts.ts).
  const allowedHosts = parseAllowedHosts(options.environment.values.KSC_ALLOWED_HOSTS);
  if (allowedHosts.invalid.length > 0) app.log.warn(`KSC_ALLOWED_HOSTS: ${allowedHosts.invalid.join(', ')} ignored (not a host name)`);
  app.addHook('onRequest', async (request, reply) => {
    if (!isAllowedHost(request.headers.host, request.socket.localPort, allowedHosts.hosts)) return reply.code(421).send({ error: 'hostNotAllowed' });
  });

  await app.register(fastifyCookie);

  // Bodies are JSON only; kept as text so that plug-in calls are forwarded byte for byte.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(/^application\/json(;.*)?$/, { parseAs: 'string', bodyLimit: jsonBodyLimit }, (request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    // A scan before the parse: deep nesting costs nothing more than its bytes.
    if (jsonNestedDeeperThan(text, request.routeOptions.config.jsonMaxDepth ?? maxJsonDepth)) {
      const error = new Error('jsonTooDeep') as Error & { statusCode: number };
      error.statusCode = 400;
      return done(error, undefined);
    }
    try {
      JSON.parse(text);
      done(null, text);
    } catch {
      const error = new Error('invalidJson') as Error & { statusCode: number };
      error.statusCode = 400;
      done(error, undefined);
    }
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header(
      'content-security-policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    );
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    return payload;
  });

  app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error(error);
    if (error.message === 'jsonTooDeep') return reply.code(400).send({ error: 'validation', field: 'body', rule: 'maxDepth' });
    const code =
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'bodyTooLarge'
        : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'unsupportedMediaType'
          : error.message === 'invalidJson'
            ? 'invalidJson'
            : status >= 500
              ? 'internalError'
              : 'badRequest';
    await reply.code(status).send({ error: code });
  });

  /** Resolves the session from the cookie; answers 401 itself when there is none. */
  const requireSession = async (request: FastifyRequest, reply: FastifyReply): Promise<ActiveSession | undefined> => {
    const session = sessions.resolve(request.cookies[sessionCookieName]);
    if (!session) {
      await reply.code(401).send({ error: 'unauthenticated' });
      return undefined;
    }
    request.session = session;
    return session;
  };

  /** A change must carry the session's CSRF token and, when the browser names it, come from this origin. */
  const checkChange = async (request: FastifyRequest, reply: FastifyReply, session: ActiveSession): Promise<boolean> => {
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${request.headers.host}`) {
      await reply.code(403).send({ error: 'crossOrigin' });
      return false;
    }
    const token = request.headers['x-csrf-token'];
    const expected = Buffer.from(session.csrfToken);
    const given = typeof token === 'string' ? Buffer.from(token) : undefined;
    if (given === undefined || given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      await reply.code(403).send({ error: 'csrfTokenInvalid' });
      return false;
    }
    return true;
  };

  const describeSession = (session: ActiveSession) => ({
    user: { id: session.user.id, userName: session.user.userName, displayName: session.user.displayName },
    rights: [...session.rights],
    administration: session.administration,
    csrfToken: session.csrfToken,
    language: session.user.language ?? 'en',
    showMdrFeatures: session.user.showMdrFeatures,
  });

  // --- sessions ---

  app.get('/api/session', async (request, reply) => {
    const session = await requireSession(request, reply);
    if (!session) return;
    return describeSession(session);
  });

  // Small and shallow bodies only: everything here runs before the password check (scrypt).
  app.post('/api/session', { bodyLimit: signInBodyLimit, config: { jsonMaxDepth: 5 } }, async (request, reply) => {
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${request.headers.host}`) {
      return reply.code(403).send({ error: 'crossOrigin' });
    }
    const body = parseBody(request.body);
    const userName = typeof body?.userName === 'string' ? body.userName.trim() : '';
    const password = typeof body?.password === 'string' ? body.password : '';
    if (!userName) return reply.code(400).send({ error: 'required', field: 'userName' });
    if (!password) return reply.code(400).send({ error: 'required', field: 'password' });
    const started = limiter.begin(userName, request.ip);
    if (!('attempt' in started)) {
      const wait = started.retryAfterSeconds;
      return reply.code(429).header('retry-after', String(wait)).send({ error: 'tooManyAttempts', retryAfterSeconds: wait });
    }
    let user: ReturnType<ConsoleDatabase['users']['findByName']>;
    let valid: boolean;
    try {
      user = database.users.findByName(userName);
      valid = await verifyPassword(password, user?.passwordHash ?? unknownUserHash);
    } catch (error) {
      // Settled even when the check breaks: an attempt left open would hold its place for good.
      started.attempt.fail();
      throw error;
    }
    if (!user || !valid || user.disabled) {
      started.attempt.fail();
      return reply.code(401).send({ error: 'invalidCredentials' });
    }
    started.attempt.succeed();
    // A fresh session id at every sign-in; an older session cookie in this browser is ended.
    const previous = sessions.resolve(request.cookies[sessionCookieName]);
    if (previous) sessions.destroy(previous.idHash);
    const created = sessions.create(user.id);
    reply.setCookie(sessionCookieName, created.id, { httpOnly: true, sameSite: 'strict', path: '/' });
    const session = sessions.resolve(created.id)!;
    return describeSession(session);
  });

  app.delete('/api/session', async (request, reply) => {
    const session = await requireSession(request, reply);
    if (!session || !(await checkChange(request, reply, session))) return;
    sessions.destroy(session.idHash);
    reply.clearCookie(sessionCookieName, { path: '/', httpOnly: true, sameSite: 'strict' });
    return reply.code(204).send();
  });

  app.put('/api/session/preferences', async (request, reply) => {
    const session = await requireSession(request, reply);
    if (!session || !(await checkChange(request, reply, session))) return;
    const body = parseBody(request.body) ?? {};
    const languages = discoverLanguages(options.localesDir, 'console');
    if (body.language !== undefined && (typeof body.language !== 'string' || !languages.includes(body.language))) {
      return reply.code(400).send({ error: 'unknownLanguage', field: 'language' });
    }
    if (body.showMdrFeatures !== undefined && typeof body.showMdrFeatures !== 'boolean') {
      return reply.code(400).send({ error: 'invalidValue', field: 'showMdrFeatures' });
    }
    database.users.updatePreferences(session.user.id, {
      language: body.language as string | undefined,
      showMdrFeatures: body.showMdrFeatures as boolean | undefined,
    });
    return describeSession(sessions.resolve(request.cookies[sessionCookieName])!);
  });

  // API connections never act beyond their creator's current rights: the service must hear of changes.
  const rightsPublisher = new PrincipalRightsPublisher({ database, client: mdrClient, credential: options.consoleCredential, log: app.log });
  app.addHook('onClose', async () => rightsPublisher.close());
  if (options.publishRightsAtStart) app.addHook('onReady', async () => void rightsPublisher.publish('all'));
  // The answer waits for the service a little (so a role change is in force when the administrator
  // sees it saved), but never fails for it: an unreachable service gets the change by a retry.
  const rightsChanged = (userIds: string[]) => rightsPublisher.publish(userIds, 3000);
  await registerAdministrationRoutes(app, { database, requireSession, checkChange, parseBody, rightsChanged });

  app.get('/api/languages', async () => ({ languages: discoverLanguages(options.localesDir, 'console') }));

  app.get('/api/plugins', async (request, reply) => {
    const session = await requireSession(request, reply);
    if (!session) return;
    return {
      plugins: [
        {
          manifest,
          baseUrl: `/plugins/${manifest.id}/`,
          localeBaseUrl: '/locales/',
          languages: discoverLanguages(options.localesDir, manifest.localeNamespace),
        },
      ],
    };
  });

  // --- plug-in routes: session, CSRF, rights from the manifest, then a local handler or the MDR service ---

  type LocalHandler = (request: FastifyRequest, session: ActiveSession, reply: FastifyReply) => Promise<unknown>;
  const ownHandlers: Record<(typeof consoleOwnedRoutes)[number], LocalHandler> = {
    'GET /connection': async () => ({
      ...mdrClient.route,
      restartNeeded: envFileChangedSince(options.environment),
      startedAt,
    }),
    'POST /connection/test': async () => testConnection(mdrClient),
    // The roles live in the console, so the console answers for them (Getting Started, step 1).
    'GET /roles/predefined': async (_request, session) => ({
      roles: predefinedMdrRoleStates(database),
      canManageRoles: session.administration,
    }),
    'POST /roles/predefined': async (_request, _session, reply) => {
      const result = createPredefinedMdrRoles(database);
      return reply.code(result.created.length > 0 ? 201 : 200).send(result);
    },
    // Malfunctioning assets come from the console's own device inventory (see malfunctioning-devices.ts).
    'GET /health/devices': async (request, _session, reply) =>
      withDeviceQuery(reply, () => listMalfunctioning(database.devices, parseMalfunctioningQuery(request.query as Record<string, unknown>))),
    'GET /health/devices/export': async (request, session, reply) =>
      withDeviceQuery(reply, () => {
        const query = parseMalfunctioningQuery(request.query as Record<string, unknown>);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', attachment(malfunctioningExportName()))
          .header('cache-control', 'no-store')
          .send(exportMalfunctioning(database.devices, query, session.user.language ?? 'en'));
      }),
    'GET /health/devices/:deviceId': async (request, _session, reply) => {
      const id = (request.url.split('?')[0] ?? '').split('/').pop() ?? '';
      return deviceDetails(database.devices, decodeURIComponent(id)) ?? reply.code(404).send({ error: 'notFound' });
    },
  };
  const localHandlers: Record<string, LocalHandler> = Object.fromEntries(
    Object.entries(ownHandlers).map(([key, handler]) => {
      const [method, rest] = key.split(' ');
      return [`${method} ${pluginPrefix}${rest}`, handler];
    }),
  );

  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: `${pluginPrefix}/*`,
    handler: async (request, reply) => {
      const session = await requireSession(request, reply);
      if (!session) return;
      const pathname = request.url.split('?')[0]!;
      const match = routeTable.match(request.method, pathname);
      if (match.kind === 'notDeclared') return reply.code(404).send({ error: 'notFound' });
      if (match.kind === 'methodNotAllowed') {
        return reply.code(405).header('allow', match.allowed.join(', ')).send({ error: 'methodNotAllowed' });
      }
      if (match.kind === 'invalidParameter') return reply.code(400).send({ error: 'validation', field: match.field, rule: match.rule });
      if (request.method !== 'GET' && !(await checkChange(request, reply, session))) return;
      const missing = missingRights(match.route.rights, session.rights);
      if (missing.length > 0) return reply.code(403).send({ error: 'forbidden', missingRights: missing });
      if (match.route.hostRights?.includes('manageUsersAndRoles') && !session.administration) return reply.code(403).send(manageRolesRefusal);
      const local = localHandlers[`${match.route.method} ${match.route.path}`];
      if (local) return local(request, session, reply);
      await forwardToService(mdrClient, options.consoleCredential, session, request, reply, pluginPrefix, pathname);
    },
  });

  app.all('/api/*', async (_request, reply) => reply.code(404).send({ error: 'notFound' }));

  registerDemoMailbox(app, {
    resolveSession: (request) => sessions.resolve(request.cookies[sessionCookieName]),
    mdrClient,
    credential: options.consoleCredential,
    localesDir: options.localesDir,
  });

  // --- files ---

  await app.register(fastifyStatic, { root: options.consoleDir, prefix: '/', index: false, wildcard: false });
  await app.register(fastifyStatic, { root: options.pluginDir, prefix: `/plugins/${manifest.id}/`, decorateReply: false });
  await app.register(fastifyStatic, { root: options.localesDir, prefix: '/locales/', decorateReply: false });

  const indexFile = path.join(options.consoleDir, 'index.html');
  app.setNotFoundHandler(async (request, reply) => {
    if (request.method === 'GET' && !request.url.startsWith('/api/') && fs.existsSync(indexFile)) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(fs.createReadStream(indexFile));
    }
    return reply.code(404).send({ error: 'notFound' });
  });

  return app;
}

/** Runs a device-inventory query, answering 400 with the offending field when the query is invalid. */
async function withDeviceQuery(reply: FastifyReply, run: () => unknown): Promise<unknown> {
  try {
    return run();
  } catch (error) {
    if (error instanceof ValidationError) return reply.code(400).send({ error: 'validation', field: error.field, rule: error.rule });
    throw error;
  }
}

function parseBody(body: unknown): Record<string, unknown> | undefined {
  if (typeof body !== 'string') return undefined;
  const value: unknown = JSON.parse(body);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The steps of a connection check, in the order a request passes them. */
const connectionSteps = ['proxy', 'proxyAuthentication', 'tlsTrust', 'service'] as const;

const failedStepOf: Record<string, (typeof connectionSteps)[number]> = {
  proxyUnreachable: 'proxy',
  proxyTimeout: 'proxy',
  proxyAuthenticationFailed: 'proxyAuthentication',
  certificateUntrusted: 'tlsTrust',
  serviceUnreachable: 'service',
  serviceTimeout: 'service',
  serviceError: 'service',
  invalidResponse: 'service',
};

/** Runs one TLS request to the MDR service's health check and names the step that failed, if any. */
async function testConnection(client: MdrServiceClient) {
  const steps = connectionSteps.filter((step) => client.route.mode === 'proxy' || (step !== 'proxy' && step !== 'proxyAuthentication'));
  try {
    const response = await client.request({ method: 'GET', path: '/console/v1/health' });
    const text = await response.body.text();
    if (response.statusCode !== 200) throw new UpstreamError('invalidResponse', 502, `Unexpected answer ${response.statusCode}`);
    JSON.parse(text);
    return { ok: true, steps: steps.map((step) => ({ step, ok: true })) };
  } catch (error) {
    const failure = error instanceof UpstreamError ? error : client.classify(error);
    const failedStep = failedStepOf[failure.failure] ?? 'service';
    const failedIndex = steps.indexOf(failedStep);
    return {
      ok: false,
      failure: failure.failure,
      message: failure.message,
      steps: steps.map((step, index) => ({ step, ok: index < failedIndex ? true : index === failedIndex ? false : null })),
    };
  }
}


/**
 * The console server: sign-in and sessions, the console's users and roles, the installed plug-ins
 * (*Console settings → Web plug-ins*, their files, the gateway in front of the MDR service), and
 * the console's files. Built of Fastify plugins, each
 * with only what it needs (routes/, gateway/); what applies to every answer is installed at the
 * root (http/).
 */
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type RouteOptions } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import { HOST_CONTRACT_VERSION } from '../../contract/host-contract.ts';
import { capConnectionsPerAddress, closeSilentConnections, fastifyTimeoutOptions, httpServerOptions, resolveConsoleConnectionLimits, type ConsoleConnectionLimits } from './connection-limits.ts';
import type { ConsoleDatabase } from './console-db.ts';
import type { ConsoleEnvironment } from './environment.ts';
import { pluginGateway } from './gateway/plugin-gateway.ts';
import { installRouteAccess } from './http/access.ts';
import { installErrorHandling } from './http/error-handler.ts';
import { installHostCheck } from './http/host-check.ts';
import { installJsonBodies, JSON_BODY_LIMIT } from './http/json-body.ts';
import { installSecurityHeaders } from './http/security-headers.ts';
import { installValidation } from './http/validation.ts';
import type { MdrServiceClient } from './outbound.ts';
import type { BundleLimits } from './plugins/bundle-format.ts';
import type { PluginStore } from './plugins/plugin-store.ts';
import { PrincipalRightsPublisher } from './principal-rights.ts';
import { administrationRoutes } from './routes/administration.ts';
import { consoleRoutes } from './routes/console.ts';
import { demoMailboxRoutes } from './routes/demo-mailbox.ts';
import { deviceRoutes } from './routes/devices.ts';
import { consoleFiles } from './routes/files.ts';
import { sessionRoutes } from './routes/session.ts';
import { webPluginRoutes } from './routes/web-plugins.ts';
import { Administration } from './services/administration.ts';
import { WebPlugins } from './services/web-plugins.ts';
import { SessionStore, SignInLimiter } from './sessions.ts';

export interface ConsoleServerOptions {
  database: ConsoleDatabase;
  /** The installed plug-ins (plugins/plugin-store.ts): the console serves, shows and gates only these. */
  plugins: PluginStore;
  /** Where *Console settings → Web plug-ins* finds trusted publisher keys and available bundles (plugins/plugin-folders.ts). */
  pluginSources: { trustedKeyDirs: string[]; availableDir: string; limits?: Partial<BundleLimits> };
  mdrClient: MdrServiceClient;
  /** The services behind other plug-ins, by plug-in id (gateway/plugin-services.ts). */
  pluginServices?: ReadonlyMap<string, MdrServiceClient>;
  /** The console's credential to the MDR service (read from its encrypted store). */
  consoleCredential: string;
  environment: ConsoleEnvironment;
  /** Built console (index.html and assets). */
  consoleDir: string;
  /** The console's own texts (`<language>/console.json`). */
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

/** Builds the console server (not yet listening); `close()` stops its timers, not the database. */
export async function buildConsoleServer(options: ConsoleServerOptions): Promise<FastifyInstance> {
  const { database, plugins, mdrClient, environment, localesDir } = options;
  const limits = resolveConsoleConnectionLimits(options.connectionLimits, environment.values);
  const app = Fastify({
    http: httpServerOptions(limits),
    ...fastifyTimeoutOptions(limits),
    logger: options.logger
      ? { level: 'info', redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'] }
      : false,
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: false,
  });
  capConnectionsPerAddress(app.server, limits.maxConnectionsPerAddress);
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  closeSilentConnections(app.server, limits.headersTimeoutMs);

  const sessions = new SessionStore(database, options.idleTimeoutMs ?? 30 * 60_000);
  const purge = setInterval(() => sessions.purgeIdle(), 60_000);
  purge.unref();
  app.addHook('onClose', async () => clearInterval(purge));

  // API connections never act beyond their creator's current rights: the service must hear of changes.
  const rightsPublisher = new PrincipalRightsPublisher({ database, client: mdrClient, credential: options.consoleCredential, log: app.log });
  app.addHook('onClose', async () => rightsPublisher.close());
  if (options.publishRightsAtStart) app.addHook('onReady', async () => void rightsPublisher.publish('all'));
  // The answer waits for the service a little (so a role change is in force when the administrator
  // sees it saved), but never fails for it: an unreachable service gets the change by a retry.
  const administration = new Administration(
    database,
    (userIds) => rightsPublisher.publish(userIds, 3000),
    () => plugins.activePlugins().flatMap((plugin) => (plugin.manifest.rights ?? []).map((right) => right.id)),
  );
  const webPlugins = new WebPlugins({
    store: plugins,
    trustedKeyDirs: options.pluginSources.trustedKeyDirs,
    availableDir: options.pluginSources.availableDir,
    hostContractVersion: HOST_CONTRACT_VERSION,
    limits: options.pluginSources.limits,
    log: (message) => app.log.info(message),
  });

  installHostCheck(app, environment.values.KSC_ALLOWED_HOSTS);
  await app.register(fastifyCookie);
  // The caller's session, set by the scope that checks it (the API's access, the mailbox's reader).
  app.decorateRequest('session', null);
  installJsonBodies(app, 'parsed');
  installSecurityHeaders(app);
  installErrorHandling(app);
  installValidation(app);

  const consoleApi: FastifyPluginAsync = async (api) => {
    installRouteAccess(api, sessions);
    await api.register(sessionRoutes, { database, sessions, signInLimiter: new SignInLimiter(), localesDir });
    await api.register(administrationRoutes, { administration });
    await api.register(deviceRoutes, { devices: database.devices });
    await api.register(webPluginRoutes, { webPlugins, sessions });
    await api.register(pluginGateway, {
      plugins,
      mdrClient,
      consoleCredential: options.consoleCredential,
      serverTiming: environment.values.CONSOLE_SERVER_TIMING === '1',
      pluginServices: options.pluginServices,
      database,
      environment,
      startedAt: new Date().toISOString(),
    });
    await api.register(consoleRoutes, { plugins, localesDir, sessions });
  };
  await app.register(consoleApi, { prefix: '/api' });
  await app.register(demoMailboxRoutes, { sessions, mdrClient, credential: options.consoleCredential, localesDir });
  await app.register(consoleFiles, { consoleDir: options.consoleDir, plugins, localesDir });
  return app;
}

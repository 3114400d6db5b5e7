/**
 * The local MDR service: a faithful stand-in for the vendor's MDR cloud, over HTTPS with a
 * certificate from the local CA. Serves the console-facing API (`/console/v1/…`) and the public
 * REST API v1 (`/api/v1/{client_id}/…`).
 */
import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';
import type https from 'node:https';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import { dataDir as defaultDataDir, repoRoot } from '../common/paths.ts';
import { securePrivateTree } from '../common/file-modes.ts';
import { ensurePki } from '../common/pki.ts';
import { ensureConsoleCredential } from './console-credential.ts';
import { ensureVerificationKey } from './verification-key.ts';
import type { MdrServiceContext, SeedSummary } from './context.ts';
import { openMdrDatabase, type MdrDatabase } from './db.ts';
import { installValidation } from './http/validation.ts';
import { installErrorHandling } from './http/error-handler.ts';
import { installSecurityHeaders } from './http/security-headers.ts';
import { installJsonBodyLimits, UNAUTHENTICATED_BODY_LIMIT } from './http/json-body.ts';
import { capConnectionsPerAddress, fastifyTimeoutOptions, httpsServerOptions, resolveConnectionLimits, type ConnectionLimits } from './http/connection-limits.ts';
import { consoleApi } from './routes/console/index.ts';
import { restApi } from './routes/rest/index.ts';
import { demoMailboxRoutes } from './routes/demo/mailbox.ts';
import { TokenService } from './tokens.ts';
import { MailService, type MailOptions } from './mail/mail-service.ts';
import { ActivityBus } from './services/activity.ts';
import { Notifier } from './services/notifier.ts';
import { ReportScheduler } from './services/report-scheduler.ts';
import { notActivatedOrganization } from './db/organization.ts';

/** The fastify instance of the MDR service (HTTPS). */
export type MdrServiceInstance = FastifyInstance<https.Server, http.IncomingMessage, http.ServerResponse>;

export interface MdrServiceOptions {
  /** Folder with the database, CA, certificate and keys (default: `MDR_DATA_DIR` or `.data`). */
  dataDir?: string;
  /** Fastify logger option (default: off). */
  logger?: FastifyServerOptions['logger'];
  /**
   * Fills the database when it is empty (the entry point hands over the demo generator, tests their
   * own seed); without one, an empty database gets a bare, not activated organization.
   */
  seed?: MdrSeed;
  /** Clock of the service (default `Date.now`); tests pin it. */
  now?: () => number;
  /** Called for every route as it is registered, with its schemas (route catalogues, schema-driven tests). */
  onRoute?: (route: RouteOptions) => void;
  /** Mail relay or embedded sink (default from `SMTP_URL`, `MDR_SMTP_SINK_PORT`, `MAIL_FROM`). */
  mail?: MailOptions;
  /**
   * How often the report scheduler looks for due reports (default `MDR_REPORT_TICK_MS` or 30 s);
   * `false`: never by itself (tests call `app.mdr.reports.tick()`).
   */
  reportTickMs?: number | false;
  /**
   * Timeouts and the connection cap per client address (default: the `MDR_…_TIMEOUT_MS` and
   * `MDR_MAX_CONNECTIONS_PER_ADDRESS` variables, else `DEFAULT_CONNECTION_LIMITS`).
   */
  connectionLimits?: Partial<ConnectionLimits>;
}

function packageVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Fills an empty database; what it loaded is `app.mdr.demo`. */
export type MdrSeed = (db: MdrDatabase, now: number) => SeedSummary;

/** Seeds an empty database (or gives it a bare organization when there is no seed). */
function initialize(db: MdrDatabase, seed: MdrSeed | undefined, now: number): SeedSummary | null {
  if (!db.isEmpty()) return null;
  if (!seed) {
    db.organization.put(notActivatedOrganization('Organization'), now);
    return null;
  }
  return seed(db, now);
}

/**
 * Builds the MDR service (not yet listening): ensures the PKI, the console credential and the JWT
 * keys in the data folder, opens the database and loads demo data into it when it is empty.
 * Call `listen({ port, host })` to start it; `close()` also closes the database.
 */
export async function buildMdrService(options: MdrServiceOptions = {}): Promise<MdrServiceInstance> {
  const dir = path.resolve(options.dataDir ?? defaultDataDir());
  const now = options.now ?? Date.now;
  // Before anything is read or written: a folder left readable by an older version is fixed now.
  securePrivateTree(dir);
  const pki = ensurePki(dir);
  const consoleCredential = ensureConsoleCredential(dir);
  const verificationKey = ensureVerificationKey(dir);
  const db = openMdrDatabase({ dir });
  let mail: MailService | undefined;
  try {
    const demo = initialize(db, options.seed, now());
    if (demo) db.optimize();
    const tokens = await TokenService.create(db, dir, now);
    const limits = resolveConnectionLimits(options.connectionLimits);
    const app = Fastify({
      https: { key: fs.readFileSync(pki.serverKeyPath), cert: fs.readFileSync(pki.serverCertPath), ...httpsServerOptions(limits) },
      ...fastifyTimeoutOptions(limits),
      logger: options.logger ?? false,
      // Routes behind a credential raise it (installJsonBodyLimits); strangers get this much.
      bodyLimit: UNAUTHENTICATED_BODY_LIMIT,
    }) as unknown as MdrServiceInstance;
    capConnectionsPerAddress(app.server, limits.maxConnectionsPerAddress);
    const mailService = await MailService.start(dir, options.mail);
    mail = mailService;
    const send = (message: Parameters<MailService['send']>[0]) => mailService.send(message);
    const activity = new ActivityBus();
    const notifier = new Notifier(db, send, app.log);
    notifier.attach(activity);
    const reports = new ReportScheduler(db, send, now, app.log);
    const context: MdrServiceContext = { db, dataDir: dir, pki, consoleCredential, tokens, now, version: packageVersion(), demo, mail: mailService, activity, notifier, reports, verificationKey };
    app.decorate('mdr', context);
    app.decorateRequest('consoleCaller', null);
    app.decorateRequest('apiCaller', null);
    installErrorHandling(app);
    installSecurityHeaders(app);
    installJsonBodyLimits(app);
    installValidation(app);
    app.log.info(`Mail goes to ${mailService.target}`);
    const tick = options.reportTickMs ?? Number(process.env.MDR_REPORT_TICK_MS ?? 30_000);
    if (tick !== false && tick > 0) app.addHook('onReady', async () => reports.start(tick));
    app.addHook('onClose', async () => {
      reports.stop();
      notifier.detach(activity);
      await notifier.idle();
      await mailService.close();
      db.close();
    });
    if (options.onRoute) app.addHook('onRoute', options.onRoute);
    await app.register(consoleApi, { prefix: '/console/v1' });
    await app.register(restApi, { prefix: '/api/v1/:clientId' });
    await app.register(demoMailboxRoutes, { prefix: '/demo/v1' });
    return app;
  } catch (error) {
    await mail?.close();
    db.close();
    throw error;
  }
}

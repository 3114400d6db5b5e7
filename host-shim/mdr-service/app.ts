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
import { ensurePki } from '../common/pki.ts';
import { demoOptionsFromEnv, generateDemoData, type DemoOptions, type DemoSummary } from '../demo/generate.ts';
import { ensureConsoleCredential } from './console-credential.ts';
import type { MdrServiceContext } from './context.ts';
import { openMdrDatabase, type MdrDatabase } from './db.ts';
import { installValidation } from './http/validation.ts';
import { installErrorHandling } from './http/error-handler.ts';
import { consoleApi } from './routes/console/index.ts';
import { restApi } from './routes/rest/index.ts';
import { TokenService } from './tokens.ts';

/** The fastify instance of the MDR service (HTTPS). */
export type MdrServiceInstance = FastifyInstance<https.Server, http.IncomingMessage, http.ServerResponse>;

export interface MdrServiceOptions {
  /** Folder with the database, CA, certificate and keys (default: `MDR_DATA_DIR` or `.data`). */
  dataDir?: string;
  /** Fastify logger option (default: off). */
  logger?: FastifyServerOptions['logger'];
  /**
   * Demo data to load when the database is empty (default: from `MDR_DEMO_SEED`, `MDR_DEMO_ASSETS`,
   * `MDR_DEMO_ACTIVATED`). `false`: load nothing but a bare, not activated organization.
   */
  demo?: DemoOptions | false;
  /** Clock of the service (default `Date.now`); tests pin it. */
  now?: () => number;
  /** Called for every route as it is registered, with its schemas (route catalogues, schema-driven tests). */
  onRoute?: (route: RouteOptions) => void;
}

function packageVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Loads demo data into an empty database (or a bare organization when demo data is off). */
function initialize(db: MdrDatabase, demo: DemoOptions | false, now: number): DemoSummary | null {
  if (!db.isEmpty()) return null;
  if (demo === false) {
    db.organization.put(
      {
        name: 'Organization',
        activationState: 'notActivated',
        activatedOn: null,
        regionCode: null,
        telemetryLocation: null,
        termsAcceptedOn: null,
        ksnStatementAcceptedOn: null,
        installedKsnVersion: null,
        tier: null,
        consoleTenantScope: null,
      },
      now,
    );
    return null;
  }
  return generateDemoData(db, { now, ...demo });
}

/**
 * Builds the MDR service (not yet listening): ensures the PKI, the console credential and the JWT
 * keys in the data folder, opens the database and loads demo data into it when it is empty.
 * Call `listen({ port, host })` to start it; `close()` also closes the database.
 */
export async function buildMdrService(options: MdrServiceOptions = {}): Promise<MdrServiceInstance> {
  const dir = path.resolve(options.dataDir ?? defaultDataDir());
  const now = options.now ?? Date.now;
  const pki = ensurePki(dir);
  const consoleCredential = ensureConsoleCredential(dir);
  const db = openMdrDatabase({ dir });
  try {
    const demo = initialize(db, options.demo ?? demoOptionsFromEnv(), now());
    if (demo) db.optimize();
    const tokens = await TokenService.create(db, dir, now);
    const app = Fastify({
      https: { key: fs.readFileSync(pki.serverKeyPath), cert: fs.readFileSync(pki.serverCertPath) },
      logger: options.logger ?? false,
      bodyLimit: 1024 * 1024,
    }) as unknown as MdrServiceInstance;
    const context: MdrServiceContext = { db, dataDir: dir, pki, consoleCredential, tokens, now, version: packageVersion(), demo };
    app.decorate('mdr', context);
    app.decorateRequest('consoleCaller', null);
    app.decorateRequest('apiCaller', null);
    installErrorHandling(app);
    installValidation(app);
    app.addHook('onClose', async () => db.close());
    if (options.onRoute) app.addHook('onRoute', options.onRoute);
    await app.register(consoleApi, { prefix: '/console/v1' });
    await app.register(restApi, { prefix: '/api/v1/:clientId' });
    return app;
  } catch (error) {
    db.close();
    throw error;
  }
}

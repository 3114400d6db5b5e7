import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { after, before } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { repoRoot } from '../../host-shim/common/paths.ts';
import { buildConsoleServer, type ConsoleServerOptions } from '../../host-shim/server/app.ts';
import { ConsoleDatabase } from '../../host-shim/server/console-db.ts';
import { seedConsoleDemo } from '../../host-shim/server/console-demo.ts';
import { readConsoleEnvironment } from '../../host-shim/server/environment.ts';
import { MdrServiceClient } from '../../host-shim/server/outbound.ts';
import type { BundleLimits } from '../../host-shim/server/plugins/bundle-format.ts';
import type { PluginStore } from '../../host-shim/server/plugins/plugin-store.ts';
import { storeWithPlugin } from './installed-plugins.ts';
import type { TestService } from './mdr-service.ts';

export const demoPassword = 'demo-password-for-tests';

/** How {@link startConsole} starts the console server. */
export interface ConsoleOptions {
  /** A test MDR service to forward to, with its console credential, its CA trusted as `.env` would say (NODE_EXTRA_CA_CERTS). */
  service?: TestService;
  serviceUrl?: string;
  credential?: string;
  env?: Record<string, string>;
  workingDir?: string;
  onRoute?: ConsoleServerOptions['onRoute'];
  /** Limits of plug-in bundles (default: the console's). */
  pluginLimits?: Partial<BundleLimits>;
}

/**
 * A console server on a temporary database with the demo accounts and the MDR plug-in installed (a
 * test bundle of its manifest and locale files, signed by a trusted test publisher), driven with `inject`.
 */
export async function startConsole(options: ConsoleOptions = {}): Promise<{
  app: FastifyInstance;
  database: ConsoleDatabase;
  client: MdrServiceClient;
  plugins: PluginStore;
  dir: string;
  close(): Promise<void>;
}> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-test-'));
  const database = new ConsoleDatabase(path.join(dir, 'console.db'));
  await seedConsoleDemo(database, { password: demoPassword, devices: () => [] });
  const { service } = options;
  const env = service ? { NODE_EXTRA_CA_CERTS: service.app.mdr.pki.caCertPath, ...options.env } : (options.env ?? {});
  const environment = readConsoleEnvironment(options.workingDir ?? dir, env);
  const { store, sources } = await storeWithPlugin(dir);
  const client = new MdrServiceClient({ serviceUrl: options.serviceUrl ?? service?.url ?? 'https://127.0.0.1:9', environment, connectTimeoutMs: 2000, responseTimeoutMs: 3000 });
  const app = await buildConsoleServer({
    database,
    plugins: store,
    pluginSources: { ...sources, limits: options.pluginLimits },
    mdrClient: client,
    consoleCredential: options.credential ?? service?.consoleCredential ?? 'no-credential',
    environment,
    consoleDir: path.join(repoRoot, 'dist', 'console'),
    localesDir: path.join(repoRoot, 'locales'),
    onRoute: options.onRoute,
  });
  await app.ready();
  return {
    app,
    database,
    client,
    plugins: store,
    dir,
    async close() {
      await app.close();
      await client.close();
      database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the API and returns what a browser would keep: the cookie and the CSRF token. */
export async function signInAs(app: FastifyInstance, userName: string, password = demoPassword): Promise<{ cookie: string; csrfToken: string; rights: string[] }> {
  const response = await app.inject({ method: 'POST', url: '/api/session', payload: { userName, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in as ${userName} failed: ${response.statusCode} ${response.body}`);
  const setCookie = String(response.headers['set-cookie']);
  const cookie = setCookie.split(';')[0]!;
  const body = response.json() as { csrfToken: string; rights: string[] };
  return { cookie, csrfToken: body.csrfToken, rights: body.rights };
}

/** What a browser keeps after signing in (see {@link signInAs}). */
export type ConsoleSession = Awaited<ReturnType<typeof signInAs>>;

/**
 * One request to the console as a browser of `session` sends it (none: signed out): the session
 * cookie, the CSRF token on every method but GET (unless `csrf` is false), and `payload` as JSON.
 */
export function injectAs(app: FastifyInstance, session: ConsoleSession | undefined, method: string, url: string, payload?: unknown, csrf = true) {
  return app.inject({
    method: method as 'GET',
    url,
    headers: {
      ...(session ? { cookie: session.cookie } : {}),
      ...(session && csrf && method !== 'GET' ? { 'x-csrf-token': session.csrfToken } : {}),
      ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    payload: payload === undefined ? undefined : JSON.stringify(payload),
  });
}

/** A console server started by {@link startConsole}. */
export type ConsoleFixture = Awaited<ReturnType<typeof startConsole>>;

/**
 * The console server of a suite: started (as {@link startConsole} does) before the tests of the
 * enclosing `describe` and closed after them; with `listen`, it also listens on an ephemeral loopback
 * port (`port`) for tests that speak HTTP to it. Use it inside hooks and tests only: before it has
 * started, reading it throws.
 */
export function consoleForSuite(options: ConsoleOptions & { listen?: boolean } = {}): ConsoleFixture & { readonly port: number } {
  let started: (ConsoleFixture & { port: number }) | undefined;
  before(async () => {
    const fixture = await startConsole(options);
    let port = 0;
    if (options.listen) {
      await fixture.app.listen({ port: 0, host: '127.0.0.1' });
      port = (fixture.app.server.address() as AddressInfo).port;
    }
    started = { ...fixture, port };
  });
  after(async () => {
    await started?.close();
  });
  return new Proxy({} as ConsoleFixture & { port: number }, {
    get(_target, key) {
      if (!started) throw new Error(`the suite's console server is not started yet (reading ${String(key)})`);
      return started[key as keyof typeof started];
    },
  });
}

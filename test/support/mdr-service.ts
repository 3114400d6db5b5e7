/**
 * Helpers for tests that need a real MDR service: a fresh data folder, the service listening on
 * an ephemeral port over HTTPS, and an HTTPS client that trusts only the local CA.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { after, before } from 'node:test';
import Database from 'better-sqlite3';
import { demoSeed, type DemoOptions } from '../../host-shim/demo/generate.ts';
import { buildMdrService, type MdrServiceInstance, type MdrServiceOptions } from '../../host-shim/mdr-service/app.ts';
import { readConsoleCredential } from '../../host-shim/mdr-service/console-credential.ts';
import type { ApiAccessLevel } from '../../host-shim/mdr-service/db.ts';
import { generateApiConnection } from '../../host-shim/mdr-service/services/api-connections.ts';
import { tempDataDir } from './temp-dir.ts';

export interface JsonResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Serialized as JSON. */
  json?: unknown;
  /** A JSON body sent as it is, byte for byte (it may be deliberately odd: too large, too deep, not JSON). */
  text?: string;
  /** PEM certificates to trust (and only these). */
  ca: string | Buffer | (string | Buffer)[];
}

/**
 * One HTTPS request that trusts only `options.ca` (no system roots, no keep-alive) and parses
 * the JSON answer. TLS failures reject with the TLS error (e.g. code UNABLE_TO_VERIFY_LEAF_SIGNATURE).
 */
export function httpsJson<T = unknown>(url: string, options: RequestOptions): Promise<JsonResponse<T>> {
  return new Promise((resolve, reject) => {
    const payload = options.text !== undefined ? Buffer.from(options.text) : options.json === undefined ? undefined : Buffer.from(JSON.stringify(options.json));
    const request = https.request(
      url,
      {
        method: options.method ?? (payload ? 'POST' : 'GET'),
        ca: options.ca,
        agent: false,
        headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}), ...options.headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // Not JSON: hand the text over as it is.
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: body as T });
        });
        response.on('error', reject);
      },
    );
    // The service may answer (413) and close before the whole body is written.
    request.on('error', reject);
    request.setTimeout(30_000, () => request.destroy(new Error(`Timeout: ${url}`)));
    request.end(payload);
  });
}

/** A running MDR service for a test. */
export interface TestService {
  app: MdrServiceInstance;
  /** e.g. https://127.0.0.1:43121 */
  url: string;
  dataDir: string;
  /** PEM of the local CA (the only trust anchor the test clients use). */
  ca: string;
  /** Plaintext console credential. */
  consoleCredential: string;
  /** Headers of a console call with `rights` (default: all MDR rights). */
  consoleHeaders(rights?: string[], extra?: Record<string, string>): Record<string, string>;
  /** One call of the console API (`/console/v1/<route>`) as `user` (default `test-user`) with `rights`. */
  consoleCall<T = Record<string, any>>(method: string, route: string, options?: { json?: unknown; user?: string; rights?: string[] }): Promise<JsonResponse<T>>;
  /** One call of the REST API (`/api/v1/<clientId>/<route>`, always a POST with a JSON body), with the access `token` when given. */
  restCall<T = unknown>(clientId: string, route: string, body: unknown, token?: string): Promise<JsonResponse<T>>;
  /** The service's database opened read-only beside it (one connection, closed with the service): to check what was stored. */
  readOnlySql(): Database.Database;
  /** Stops the service and removes the data folder (unless `keepData`). */
  close(options?: { keepData?: boolean }): Promise<void>;
}

export { tempDataDir } from './temp-dir.ts';

/** How {@link startTestService} starts the service. */
export interface TestServiceOptions {
  dataDir?: string;
  demo?: DemoOptions | false;
  now?: () => number;
  reportTickMs?: number | false;
  onRoute?: MdrServiceOptions['onRoute'];
  connectionLimits?: MdrServiceOptions['connectionLimits'];
}

/**
 * Starts the MDR service on 127.0.0.1, an ephemeral port, in a fresh temporary data folder (or
 * `dataDir`), with small demo data by default (seed 1, 300 assets). Mail goes to the embedded sink:
 * read it with `app.mdr.mail.mailbox`.
 */
export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const dataDir = options.dataDir ?? tempDataDir();
  // Mail always goes to the embedded sink (never a relay from the developer's environment); the
  // report scheduler does not tick by itself unless asked: tests move the clock and call tick().
  const app = await buildMdrService({
    dataDir,
    seed: demoSeed(options.demo ?? { seed: 1, assets: 300 }),
    now: options.now,
    mail: { smtpUrl: '', sinkPort: 0 },
    reportTickMs: options.reportTickMs ?? false,
    onRoute: options.onRoute,
    connectionLimits: options.connectionLimits,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('The service has no TCP address');
  const consoleCredential = readConsoleCredential(dataDir);
  let sql: Database.Database | undefined;
  const service: TestService = {
    app,
    url: `https://127.0.0.1:${address.port}`,
    dataDir,
    ca: fs.readFileSync(app.mdr.pki.caCertPath, 'utf8'),
    consoleCredential,
    consoleHeaders(rights = ['incidentAccess', 'autoAcceptSettings', 'responseManagement', 'tenantManagement', 'incidentSummaryScheduling', 'restApiAccess'], extra = {}) {
      return { authorization: `Bearer ${consoleCredential}`, 'x-mdr-user': 'test-user', 'x-mdr-rights': rights.join(','), 'accept-language': 'en', ...extra };
    },
    consoleCall<T = Record<string, any>>(method: string, route: string, options: { json?: unknown; user?: string; rights?: string[] } = {}) {
      return httpsJson<T>(`${service.url}/console/v1/${route}`, {
        method,
        ca: service.ca,
        headers: service.consoleHeaders(options.rights, options.user ? { 'x-mdr-user': options.user } : {}),
        json: options.json,
      });
    },
    restCall<T = unknown>(clientId: string, route: string, body: unknown, token?: string) {
      return httpsJson<T>(`${service.url}/api/v1/${clientId}/${route}`, { ca: service.ca, json: body, headers: token ? { authorization: `Bearer ${token}` } : {} });
    },
    readOnlySql() {
      sql ??= new Database(path.join(dataDir, 'mdr.db'), { readonly: true });
      return sql;
    },
    async close(closeOptions = {}) {
      sql?.close();
      await app.close();
      if (!closeOptions.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return service;
}

/**
 * The MDR service of a suite: started (as {@link startTestService} does) before the tests of the
 * enclosing `describe`, or of the whole file when called at its top level, and closed after them. Use
 * it inside hooks and tests only: before it has started, reading it throws. Inside a `describe`, hooks
 * registered after this call run once the service is up; at a file's top level Node 20 starts the
 * `before` hooks together, so set-up that needs the service goes into a `describe` there.
 */
export function serviceForSuite(options: TestServiceOptions = {}): TestService {
  let started: TestService | undefined;
  before(async () => {
    started = await startTestService(options);
  });
  after(async () => {
    await started?.close();
  });
  return new Proxy({} as TestService, {
    get(_target, key) {
      if (!started) throw new Error(`the suite's MDR service is not started yet (reading ${String(key)})`);
      return started[key as keyof TestService];
    },
  });
}

/** An API connection made for a test, with the refresh token the console would show once. */
export interface TestApiConnection {
  id: string;
  /** 28 hex characters, like the Client ID of the help's examples. */
  clientId: string;
  name: string;
  refreshToken: string;
}

/**
 * Creates an API connection the way the console's *API* tab does (*Generate*): a new connection in
 * *Pending activation* and its first refresh token (valid 24 h, usable once).
 */
export async function createApiConnection(
  app: MdrServiceInstance,
  options: { name?: string; accessLevel?: ApiAccessLevel; tenantIds?: string[]; createdBy?: string } = {},
): Promise<TestApiConnection> {
  const { db, tokens, now } = app.mdr;
  const generated = await generateApiConnection(db, tokens, {
    name: options.name ?? `Test connection ${crypto.randomBytes(4).toString('hex')}`,
    accessLevel: options.accessLevel ?? 'full',
    tenantIds: options.tenantIds ?? [],
    createdBy: options.createdBy ?? 'test-user',
    now: now(),
  });
  return { id: generated.connection.id, clientId: generated.clientId, name: generated.connection.name, refreshToken: generated.refreshToken };
}

import assert from 'node:assert/strict';
import https from 'node:https';
import yauzl from 'yauzl';
import { startTestService, type TestService } from './mdr-service.ts';
import { signInAs, startConsole } from './console-fixture.ts';

/** A plug-in route called as one signed-in user (see {@link WiredConsole.asUser}). */
export type UserCall = Awaited<ReturnType<WiredConsole['asUser']>>;

/** The id of the first item of the list at `url`, read as `user` (the list must answer 200). */
export async function firstListedId(user: UserCall, url: string): Promise<string> {
  const list = await user('GET', url);
  assert.equal(list.status, 200, url);
  return (list.body.items as { id: string }[])[0]!.id;
}

/**
 * Calls every route (method, URL, body) as `user` and asserts that each is refused with 403 for lacking
 * `right`: among the missing rights, or with `only` as the one missing right. A failure names its route.
 */
export async function assertRefusedWithout(user: UserCall, routes: [method: string, url: string, payload?: unknown][], right: string, options: { only?: boolean } = {}): Promise<void> {
  for (const [method, url, payload] of routes) {
    const response = await user(method, url, payload);
    assert.equal(response.status, 403, `${method} ${url}`);
    const missing = response.body.missingRights as string[];
    if (options.only) assert.deepEqual(missing, [right], `${method} ${url}`);
    else assert.ok(missing.includes(right), `${method} ${url}`);
  }
}

/** A real MDR service and a console server forwarding to it, trusting its CA as `.env` would say. */
export interface WiredConsole {
  service: TestService;
  console: Awaited<ReturnType<typeof startConsole>>;
  /** Signs in as `userName` (a new session) and calls plug-in routes as that user through the console (session, CSRF, manifest gate, forwarding). */
  asUser(userName: string): Promise<(method: string, url: string, payload?: unknown) => Promise<{ status: number; body: Record<string, unknown>; raw: Buffer; headers: Record<string, unknown> }>>;
  /** Calls `/api/plugins/mdr/<path>` as `userName`, signed in once for all the calls of this console. */
  call(userName: string, method: string, path: string, payload?: unknown): ReturnType<Awaited<ReturnType<WiredConsole['asUser']>>>;
  /** Stops the console, and the service unless it was given. */
  close(): Promise<void>;
}

/**
 * Starts both, or a console in front of a given `service` (which stays running after `close`); `now`
 * pins the clock of a service started here.
 */
export async function startWiredConsole(options: { now?: () => number; assets?: number; service?: TestService } = {}): Promise<WiredConsole> {
  const service = options.service ?? (await startTestService({ demo: { seed: 3, assets: options.assets ?? 200 }, now: options.now }));
  const console = await startConsole({ service });
  const users = new Map<string, ReturnType<WiredConsole['asUser']>>();
  const wired: WiredConsole = {
    service,
    console,
    async call(userName, method, path, payload) {
      if (!users.has(userName)) users.set(userName, wired.asUser(userName));
      return (await users.get(userName)!)(method, `/api/plugins/mdr/${path}`, payload);
    },
    async asUser(userName) {
      const session = await signInAs(console.app, userName);
      return async (method, url, payload) => {
        const response = await console.app.inject({
          method: method as 'GET',
          url,
          headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
        });
        let body: Record<string, unknown> = {};
        try {
          body = response.body ? (JSON.parse(response.body) as Record<string, unknown>) : {};
        } catch {
          body = { text: response.body };
        }
        return { status: response.statusCode, body, raw: response.rawPayload, headers: response.headers };
      };
    },
    async close() {
      await console.close();
      if (!options.service) await service.close();
    },
  };
  return wired;
}

/** One HTTPS GET returning the raw bytes (for ZIP downloads), trusting only `ca`. */
export function httpsBytes(url: string, options: { ca: string; headers: Record<string, string> }): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca: options.ca, agent: false, headers: options.headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

/** The entries of a ZIP archive: name → content. Rejects when the bytes are not a valid ZIP. */
export function readZip(buffer: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('not a ZIP'));
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError ?? new Error('unreadable entry'));
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

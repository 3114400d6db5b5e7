import { Pool } from 'undici';
import { loadManifest } from '../../host-shim/server/manifest.ts';
import { percentile } from './forward-load.ts';

export interface LoadFigures {
  users: number;
  durationS: number;
  requests: number;
  errors: number;
  errorSamples: string[];
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const accounts = ['admin', 'senior', 'officer', 'guest'];

/** Downloads a person starts on purpose, not reads a tab makes when it opens. */
const isDownload = (routePath: string) => routePath.endsWith('/export') || routePath.endsWith('/assets-by-tenant');

/**
 * The reads a signed-in user's tabs make when they open: the plug-in's GET routes without path
 * parameters that the user's rights allow and that answer without query parameters, plus the
 * console's own session and plug-in list.
 */
async function routesFor(consoleUrl: string, cookie: string): Promise<string[]> {
  const session = (await (await fetch(`${consoleUrl}/api/session`, { headers: { cookie } })).json()) as { rights: string[] };
  const held = new Set(session.rights);
  const candidates = loadManifest()
    .routes.filter((route) => route.method === 'GET' && !route.path.includes(':') && !isDownload(route.path) && route.rights.every((right) => held.has(right)))
    .map((route) => route.path);
  const standalone = [];
  for (const candidate of candidates) {
    const response = await fetch(`${consoleUrl}${candidate}`, { headers: { cookie } });
    await response.arrayBuffer();
    if (response.status === 200) standalone.push(candidate);
  }
  return standalone.concat(['/api/session', '/api/plugins']);
}

/**
 * `users` people signed in at once (the demo accounts in turn, each with a session of their own)
 * browse the section for `durationS`: each opens a tab's data, reads it, pauses like a person
 * (50–300 ms), opens the next. Every answer must be 200; latency is measured per request.
 */
export async function loadFigures(consoleUrl: string, options: { users: number; durationS: number }): Promise<LoadFigures> {
  const sessions = [];
  for (let user = 0; user < options.users; user++) {
    const userName = accounts[user % accounts.length]!;
    const response = await fetch(`${consoleUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: consoleUrl },
      body: JSON.stringify({ userName, password: 'demo' }),
    });
    if (response.status !== 200) throw new Error(`sign-in ${user} as ${userName}: HTTP ${response.status}`);
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
    sessions.push({ cookie, routes: await routesFor(consoleUrl, cookie) });
  }

  const pool = new Pool(consoleUrl, { connections: options.users });
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  const deadline = Date.now() + options.durationS * 1000;
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

  await Promise.all(
    sessions.map(async ({ cookie, routes }) => {
      while (Date.now() < deadline) {
        const route = routes[Math.floor(random() * routes.length)]!;
        const started = process.hrtime.bigint();
        try {
          const response = await pool.request({ method: 'GET', path: route, headers: { cookie } });
          await response.body.text();
          latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
          if (response.statusCode !== 200) {
            errors++;
            if (errorSamples.length < 5) errorSamples.push(`${route}: HTTP ${response.statusCode}`);
          }
        } catch (error) {
          errors++;
          if (errorSamples.length < 5) errorSamples.push(`${route}: ${(error as Error).message}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50 + random() * 250));
      }
    }),
  );
  await pool.close();
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    users: options.users,
    durationS: options.durationS,
    requests: latencies.length,
    errors,
    errorSamples,
    rps: Math.round(latencies.length / options.durationS),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(Math.max(...latencies)),
  };
}

import autocannon from 'autocannon';
import { Pool } from 'undici';

/** Percentile (0–100) of unsorted samples, nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

interface LoadResult {
  rps: number;
  latencies: number[];
  non2xx: number;
  errors: number;
  /** Durations per step from the console's `Server-Timing` header, where it sent one. */
  steps: Record<string, number[]>;
}

/** `session;dur=0.041, gate;dur=0.012` → each step's duration, added to `into`. */
function collectSteps(header: unknown, into: Record<string, number[]>): void {
  if (typeof header !== 'string') return;
  for (const part of header.split(',')) {
    const match = /^\s*([\w-]+);dur=([\d.]+)/.exec(part);
    if (match) (into[match[1]!] ??= []).push(Number(match[2]));
  }
}

/** One autocannon run; latencies are collected per response in fractional milliseconds. */
function load(options: { url: string; headers: Record<string, string>; connections: number; durationS: number; overallRate?: number }): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon(
      {
        url: options.url,
        headers: options.headers,
        connections: options.connections,
        duration: options.durationS,
        overallRate: options.overallRate,
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({ rps: result.requests.average, latencies, non2xx: result.non2xx, errors: result.errors, steps: {} });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}

/**
 * `clients` concurrent clients on kept-alive connections, each sending its next request at an even
 * pace (with jitter) so that together they make `rate` requests per second: latency under a steady
 * load, without the bursts of a per-second rate limiter.
 */
async function pacedLoad(options: { url: string; headers: Record<string, string>; ca?: string; clients: number; rate: number; durationS: number }): Promise<LoadResult> {
  const target = new URL(options.url);
  const pool = new Pool(target.origin, { connections: options.clients, connect: options.ca ? { ca: options.ca } : undefined });
  const latencies: number[] = [];
  const steps: Record<string, number[]> = {};
  let non2xx = 0;
  let errors = 0;
  const interval = (options.clients / options.rate) * 1000;
  // The first two seconds open the connections (TLS handshakes) and are not counted.
  const measureFrom = Date.now() + 2000;
  const deadline = measureFrom + options.durationS * 1000;
  await Promise.all(
    Array.from({ length: options.clients }, async (_, client) => {
      // Spread the clients' first requests over one interval.
      await new Promise((resolve) => setTimeout(resolve, (client / options.clients) * interval));
      let next = performance.now();
      while (Date.now() < deadline) {
        const started = performance.now();
        try {
          const response = await pool.request({ method: 'GET', path: `${target.pathname}${target.search}`, headers: options.headers });
          await response.body.arrayBuffer();
          const counted = Date.now() >= measureFrom;
          if (response.statusCode < 200 || response.statusCode >= 300) non2xx++;
          else if (counted) {
            latencies.push(performance.now() - started);
            collectSteps(response.headers['server-timing'], steps);
          }
        } catch {
          errors++;
        }
        next += interval * (0.5 + Math.random());
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
      }
    }),
  );
  await pool.close();
  return { rps: latencies.length / options.durationS, latencies, non2xx, errors, steps };
}

export interface ForwardFigures {
  forwardOverheadMsP50: number;
  forwardOverheadMsP99: number;
  forwardRps: number;
  directMsP50: number;
  directMsP99: number;
  consoleMsP50: number;
  consoleMsP99: number;
  fixedRate: number;
  /** Median and p99 of each step the console names in its `Server-Timing` header, in ms. */
  gatewaySteps: Record<string, { p50: number; p99: number }>;
  /** The step with the highest median among the console's own (the call to the MDR service aside). */
  slowestGatewayStep: string;
}

/**
 * The console server's added latency: the same small read by 50 concurrent clients at a steady rate
 * below saturation, once directly against the MDR service and once through the console server (which
 * checks the session and rights, then forwards over its own TLS connection pool). Then the
 * throughput through the console server with the same 50 clients as fast as they can.
 */
export async function forwardFigures(options: {
  direct: { url: string; headers: Record<string, string>; ca: string };
  throughConsole: { url: string; headers: Record<string, string> };
  durationS: number;
  fixedRate: number;
}): Promise<ForwardFigures> {
  const connections = 50;
  // Warm both paths: JIT, connection pools, SQLite page cache.
  await load({ ...options.direct, connections, durationS: 2 });
  await load({ ...options.throughConsole, connections, durationS: 2 });

  const direct = await pacedLoad({ ...options.direct, clients: connections, rate: options.fixedRate, durationS: options.durationS });
  const through = await pacedLoad({ ...options.throughConsole, clients: connections, rate: options.fixedRate, durationS: options.durationS });
  const saturated = await load({ ...options.throughConsole, connections, durationS: options.durationS });
  for (const [name, run] of [
    ['direct', direct],
    ['through the console', through],
    ['saturated', saturated],
  ] as const) {
    if (run.non2xx > 0 || run.errors > 0 || run.latencies.length === 0) throw new Error(`${name}: ${run.non2xx} non-2xx answers, ${run.errors} errors`);
  }
  const round = (value: number) => Math.round(value * 100) / 100;
  const round3 = (value: number) => Math.round(value * 1000) / 1000;
  const gatewaySteps = Object.fromEntries(
    Object.entries(through.steps).map(([step, values]) => [step, { p50: round3(percentile(values, 50)), p99: round3(percentile(values, 99)) }]),
  );
  const own = Object.entries(gatewaySteps).filter(([step]) => step !== 'forward');
  const slowestGatewayStep = own.length > 0 ? own.reduce((slowest, entry) => (entry[1].p50 > slowest[1].p50 ? entry : slowest))[0] : 'unknown';
  return {
    forwardOverheadMsP50: round(Math.max(0, percentile(through.latencies, 50) - percentile(direct.latencies, 50))),
    forwardOverheadMsP99: round(Math.max(0, percentile(through.latencies, 99) - percentile(direct.latencies, 99))),
    forwardRps: Math.round(saturated.rps),
    directMsP50: round(percentile(direct.latencies, 50)),
    directMsP99: round(percentile(direct.latencies, 99)),
    consoleMsP50: round(percentile(through.latencies, 50)),
    consoleMsP99: round(percentile(through.latencies, 99)),
    fixedRate: options.fixedRate,
    gatewaySteps,
    slowestGatewayStep,
  };
}

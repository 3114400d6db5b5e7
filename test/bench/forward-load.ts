import autocannon from 'autocannon';

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
        resolve({ rps: result.requests.average, latencies, non2xx: result.non2xx, errors: result.errors });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
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
}

/**
 * The console server's added latency: the same small read by 50 concurrent clients at a fixed rate
 * below saturation, once directly against the MDR service and once through the console server (which
 * checks the session and rights, then forwards over its own TLS connection pool). Then the
 * throughput through the console server with the same 50 clients as fast as they can.
 */
export async function forwardFigures(options: {
  direct: { url: string; headers: Record<string, string> };
  throughConsole: { url: string; headers: Record<string, string> };
  durationS: number;
  fixedRate: number;
}): Promise<ForwardFigures> {
  const connections = 50;
  // Warm both paths: JIT, connection pools, SQLite page cache.
  await load({ ...options.direct, connections, durationS: 2 });
  await load({ ...options.throughConsole, connections, durationS: 2 });

  const direct = await load({ ...options.direct, connections, durationS: options.durationS, overallRate: options.fixedRate });
  const through = await load({ ...options.throughConsole, connections, durationS: options.durationS, overallRate: options.fixedRate });
  const saturated = await load({ ...options.throughConsole, connections, durationS: options.durationS });
  for (const [name, run] of [
    ['direct', direct],
    ['through the console', through],
    ['saturated', saturated],
  ] as const) {
    if (run.non2xx > 0 || run.errors > 0 || run.latencies.length === 0) throw new Error(`${name}: ${run.non2xx} non-2xx answers, ${run.errors} errors`);
  }
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    forwardOverheadMsP50: round(Math.max(0, percentile(through.latencies, 50) - percentile(direct.latencies, 50))),
    forwardOverheadMsP99: round(Math.max(0, percentile(through.latencies, 99) - percentile(direct.latencies, 99))),
    forwardRps: Math.round(saturated.rps),
    directMsP50: round(percentile(direct.latencies, 50)),
    directMsP99: round(percentile(direct.latencies, 99)),
    consoleMsP50: round(percentile(through.latencies, 50)),
    consoleMsP99: round(percentile(through.latencies, 99)),
    fixedRate: options.fixedRate,
  };
}

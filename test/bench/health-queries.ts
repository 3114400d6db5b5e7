import fs from 'node:fs';
import http from 'node:http';
import type { RunningSystem } from '../support/system.ts';
import { median, sample } from './stats.ts';

/** The kinds of request a user makes on *All assets ever seen*: page, sort, filter, search. */
const queries = (now: number): Record<string, string> => ({
  firstPage: 'page=1&pageSize=25',
  sortLastSeen: 'page=1&pageSize=25&sort=lastSeen&direction=desc',
  sortStatusDeepPage: 'page=40&pageSize=25&sort=status&direction=asc',
  filterStatus: 'page=1&pageSize=25&statuses=warning,critical&sort=hostName',
  filterLastSeen: `page=1&pageSize=25&lastSeenFrom=${now - 7 * 86_400_000}&lastSeenTo=${now}&sort=lastSeen&direction=desc`,
  searchName: 'page=1&pageSize=25&search=ws-1',
  searchAndFilter: 'page=1&pageSize=25&search=srv&statuses=ok,warning&sort=lastSeen&direction=desc',
});

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One GET through the console server on a kept-alive connection; resolves with milliseconds. */
function timedGet(url: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const request = http.get(url, { agent, headers: { cookie } }, (response) => {
      response.resume();
      response.on('end', () => {
        if (response.statusCode !== 200) return reject(new Error(`${url}: HTTP ${response.statusCode}`));
        resolve(Number(process.hrtime.bigint() - started) / 1e6);
      });
    });
    request.on('error', reject);
  });
}

/** Resident memory of a process in MiB, from /proc. */
function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** Downloads the CSV export through the console server, sampling both servers' memory meanwhile. */
async function timedExport(system: RunningSystem, cookie: string): Promise<{ ms: number; bytes: number; lines: number; rssIncreaseMb: number }> {
  const pids = [system.console.pid!, system.service.pid!];
  const baseline = pids.map(rssMb);
  const peak = [...baseline];
  const sampler = setInterval(() => pids.forEach((pid, index) => (peak[index] = Math.max(peak[index]!, rssMb(pid)))), 10);
  const started = process.hrtime.bigint();
  try {
    const response = await fetch(`${system.consoleUrl}/api/plugins/mdr/health/assets/export?sort=hostName`, { headers: { cookie } });
    if (response.status !== 200 || !response.body) throw new Error(`export: HTTP ${response.status}`);
    let bytes = 0;
    let lines = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (const byte of chunk) if (byte === 10) lines++;
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    return { ms, bytes, lines, rssIncreaseMb: Math.max(...peak.map((value, index) => value - baseline[index]!)) };
  } finally {
    clearInterval(sampler);
  }
}

export interface HealthFigures {
  /** The slowest kind of request's median at the large size. */
  healthQueryMsLarge: number;
  healthQueryMsMedianLarge: number;
  healthQueryMsMedianSmall: number;
  healthScaleRatio: number;
  perQueryLarge: Record<string, number>;
  perQuerySmall: Record<string, number>;
  csvExportMs: number;
  csvExportRssMb: number;
  csvExportLines: number;
  csvExportMb: number;
  /** The dashboard widget's counts and *MDR Usage* at the large size. */
  widgetCountsMs: number;
  usageMs: number;
}

/**
 * Median time of the typical *All assets ever seen* requests at a small and a large number of
 * assets (same queries, same generator, same machine), the CSV export of all the large ones, and
 * the counts of the dashboard widget and *MDR Usage* there.
 */
export async function healthFigures(options: { small: RunningSystem; large: RunningSystem; cookie: { small: string; large: string }; runs: number }): Promise<HealthFigures> {
  const now = Date.now();
  const measureAll = async (system: RunningSystem, cookie: string) => {
    const perQuery: Record<string, number> = {};
    const all: number[] = [];
    for (const [name, query] of Object.entries(queries(now))) {
      const samples = await sample(() => timedGet(`${system.consoleUrl}/api/plugins/mdr/health/assets?${query}`, cookie), { runs: options.runs, warmup: 3 });
      perQuery[name] = median(samples);
      all.push(...samples);
    }
    return { perQuery, median: median(all) };
  };
  const small = await measureAll(options.small, options.cookie.small);
  const large = await measureAll(options.large, options.cookie.large);
  const timedRoute = async (route: string) =>
    median(await sample(() => timedGet(`${options.large.consoleUrl}/api/plugins/mdr/${route}`, options.cookie.large), { runs: options.runs, warmup: 3 }));
  const widgetCountsMs = await timedRoute('assets/summary');
  const usageMs = await timedRoute('usage');

  // The first export is not timed (warm-up) but its memory counts: it is the one that grows the heap.
  const first = await timedExport(options.large, options.cookie.large);
  const exports = [];
  for (let run = 0; run < 3; run++) exports.push(await timedExport(options.large, options.cookie.large));
  const exportMs = median(exports.map((run) => run.ms));
  exports.push(first);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    healthQueryMsLarge: round(Math.max(...Object.values(large.perQuery))),
    healthQueryMsMedianLarge: round(large.median),
    healthQueryMsMedianSmall: round(small.median),
    healthScaleRatio: Math.round((large.median / small.median) * 100) / 100,
    perQueryLarge: large.perQuery,
    perQuerySmall: small.perQuery,
    csvExportMs: Math.round(exportMs),
    csvExportRssMb: Math.round(Math.max(...exports.map((run) => run.rssIncreaseMb)) * 10) / 10,
    widgetCountsMs: round(widgetCountsMs),
    usageMs: round(usageMs),
    csvExportLines: exports[0]!.lines,
    csvExportMb: Math.round((exports[0]!.bytes / 1024 / 1024) * 10) / 10,
  };
}

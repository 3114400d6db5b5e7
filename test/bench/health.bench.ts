/**
 * MDR Health lists at scale: server time of typical *All assets ever seen* queries at 1,000 and
 * 100,000 assets (through the real route, in process, so that network time does not count), the
 * CSV export of every asset over HTTPS (time and RSS increase while streaming), and the
 * *Malfunctioning assets* query of the console server on the matching device inventory.
 *
 * Run: node --import tsx test/bench/health.bench.ts [smallAssets] [largeAssets]
 */
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { startTestService, type TestService } from '../support/mdr-service.ts';
import { ConsoleDatabase } from '../../host-shim/server/console-db.ts';
import { generateConsoleDevices } from '../../host-shim/demo/console-devices.ts';
import { listMalfunctioning, parseMalfunctioningQuery } from '../../host-shim/server/malfunctioning-devices.ts';

const ITERATIONS = 25;
const DAY = 86_400_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
}

/** Typical queries of the list: paging, sorting, status and period filters, name search. */
function queries(service: TestService): Record<string, string> {
  const sample = service.app.mdr.db.assets.list(null, { pageSize: 1, sort: { field: 'lastSeen', direction: 'desc' } }).items[0]!;
  const part = sample.hostName.slice(2, 6);
  const weekAgo = service.app.mdr.now() - 7 * DAY;
  return {
    'first page, by name': 'pageSize=25',
    'page 40, by name': 'pageSize=25&page=40',
    'by last seen, newest first': 'sort=lastSeen&direction=desc&pageSize=25',
    'by status, worst first': 'sort=status&direction=desc&pageSize=25',
    'by EPP application': 'sort=products&pageSize=25',
    'by telemetry loss': 'sort=telemetryLoss&direction=desc&pageSize=25',
    'status critical': 'statuses=critical&pageSize=25',
    'status warning+critical by last seen': 'statuses=warning,critical&sort=lastSeen&direction=desc&pageSize=25',
    'last seen 7 days': `lastSeenFrom=${weekAgo}&pageSize=25`,
    [`search "${part}"`]: `search=${encodeURIComponent(part)}&pageSize=25`,
    'search 2 letters': `search=${encodeURIComponent(part.slice(0, 2))}&pageSize=25`,
    'search + status + period': `search=${encodeURIComponent(part.slice(0, 3))}&statuses=ok,warning&lastSeenFrom=${weekAgo}&pageSize=25`,
  };
}

async function timeQueries(service: TestService): Promise<Record<string, { median: number; p95: number }>> {
  const results: Record<string, { median: number; p95: number }> = {};
  const headers = service.consoleHeaders();
  for (const [name, query] of Object.entries(queries(service))) {
    const times: number[] = [];
    for (let i = 0; i < ITERATIONS + 3; i++) {
      const started = performance.now();
      const response = await service.app.inject({ method: 'GET', url: `/console/v1/health/assets?${query}`, headers });
      const elapsed = performance.now() - started;
      if (response.statusCode !== 200) throw new Error(`${name}: ${response.statusCode} ${response.body}`);
      if (i >= 3) times.push(elapsed);
    }
    results[name] = { median: median(times), p95: p95(times) };
  }
  return results;
}

/** Streams the CSV of every asset over HTTPS, discarding it, sampling this process's RSS meanwhile. */
function exportAll(service: TestService): Promise<{ ms: number; bytes: number; lines: number; rssIncreaseMb: number }> {
  return new Promise((resolve, reject) => {
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const started = performance.now();
    let bytes = 0;
    let lines = 0;
    const request = https.get(`${service.url}/console/v1/health/assets/export`, { ca: service.ca, headers: service.consoleHeaders(), agent: false }, (response) => {
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        for (const byte of chunk) if (byte === 10) lines++;
      });
      response.on('end', () => {
        clearInterval(sampler);
        peak = Math.max(peak, process.memoryUsage().rss);
        resolve({ ms: performance.now() - started, bytes, lines, rssIncreaseMb: (peak - baseline) / 1024 / 1024 });
      });
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

function timeMalfunctioning(assets: number): Record<string, { median: number; devices: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'health-bench-console-'));
  const database = new ConsoleDatabase(path.join(dir, 'console.db'));
  try {
    const devices = generateConsoleDevices(1, assets, { activated: true });
    database.devices.insertMany(devices);
    const results: Record<string, { median: number; devices: number }> = {};
    for (const [name, query] of Object.entries({
      'malfunctioning, first page': {},
      'malfunctioning, preset installed and activated, by KSC Server': { states: 'unknown,stopped,paused,starting,running,failed', sort: 'administrationServer' },
      'malfunctioning, no license, page 3': { states: 'noLicense', page: '3' },
    })) {
      const times: number[] = [];
      for (let i = 0; i < ITERATIONS; i++) {
        const started = performance.now();
        listMalfunctioning(database.devices, parseMalfunctioningQuery(query));
        times.push(performance.now() - started);
      }
      results[name] = { median: median(times), devices: devices.length };
    }
    return results;
  } finally {
    database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(assets: number) {
  const started = performance.now();
  const service = await startTestService({ demo: { seed: 1, assets } });
  const loadMs = performance.now() - started;
  try {
    const list = await timeQueries(service);
    const csv = await exportAll(service);
    return { assets, loadMs, list, csv, malfunctioning: timeMalfunctioning(assets) };
  } finally {
    await service.close();
  }
}

const small = Number(process.argv[2] ?? 1000);
const large = Number(process.argv[3] ?? 100_000);
const a = await measure(small);
const b = await measure(large);
const fmt = (n: number) => n.toFixed(1).padStart(7);
console.log(`\nAll assets ever seen: server time per query (ms), ${ITERATIONS} runs each`);
console.log(`${'query'.padEnd(42)} ${`${small}: med`.padStart(11)} ${`${large}: med`.padStart(13)} ${'p95'.padStart(7)} ${'ratio'.padStart(6)}`);
const ratios: number[] = [];
const largeMedians: number[] = [];
for (const name of Object.keys(b.list)) {
  const key = Object.keys(a.list).find((k) => k.split(' "')[0] === name.split(' "')[0])!;
  const ratio = b.list[name]!.median / a.list[key]!.median;
  ratios.push(ratio);
  largeMedians.push(b.list[name]!.median);
  console.log(`${name.padEnd(42)} ${fmt(a.list[key]!.median).padStart(11)} ${fmt(b.list[name]!.median).padStart(13)} ${fmt(b.list[name]!.p95)} ${ratio.toFixed(2).padStart(6)}`);
}
console.log(`median of medians at ${large}: ${median(largeMedians).toFixed(1)} ms; worst median ${Math.max(...largeMedians).toFixed(1)} ms; median ratio ${median(ratios).toFixed(2)}, worst ratio ${Math.max(...ratios).toFixed(2)}`);
for (const run of [a, b]) {
  console.log(
    `CSV export of ${run.assets} assets: ${run.csv.ms.toFixed(0)} ms, ${(run.csv.bytes / 1024 / 1024).toFixed(1)} MB, ${run.csv.lines} lines, RSS increase ${run.csv.rssIncreaseMb.toFixed(1)} MB (demo load ${(run.loadMs / 1000).toFixed(1)} s)`,
  );
}
for (const run of [a, b]) {
  for (const [name, result] of Object.entries(run.malfunctioning)) console.log(`${name} (${result.devices} devices): median ${result.median.toFixed(2)} ms`);
}

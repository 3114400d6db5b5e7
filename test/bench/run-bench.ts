/**
 * `npm run bench`: measures the product on this machine and prints, as its last line, one JSON object
 * with the figures of the performance budget. Everything runs as `npm start` runs it: the built
 * plug-in, the console server and the MDR service as their own processes, Debian's Chromium.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../host-shim/common/paths.ts';
import { readConsoleCredential } from '../../host-shim/mdr-service/console-credential.ts';
import { launchBrowser } from '../support/browser.ts';
import { buildOnce, startSystem, type RunningSystem } from '../support/system.ts';
import { browserFigures } from './browser-timings.ts';
import { bundleFigures } from './bundle-sizes.ts';
import { forwardFigures } from './forward-load.ts';
import { healthFigures } from './health-queries.ts';
import { loadFigures } from './load-users.ts';
import { startFigures } from './start-time.ts';

/**
 * The budget: figure → [target, 'max' | 'min']. Lists, counts and the export are measured at
 * {@link LARGE} assets against 1,000 (`--quick`: 100,000, for a try that does not count).
 */
const budget: Record<string, [number, 'max' | 'min']> = {
  entryKbGz: [50, 'max'],
  largestTabKbGz: [20, 'max'],
  localeKbGz: [25, 'max'],
  sectionFirstRenderMs: [150, 'max'],
  tabSwitchMs: [25, 'max'],
  healthQueryMs1M: [50, 'max'],
  healthScaleRatio: [2, 'max'],
  csvExport1MMs: [15_000, 'max'],
  csvExport1MRssMb: [100, 'max'],
  widgetCountsMs1M: [50, 'max'],
  usageMs1M: [50, 'max'],
  forwardOverheadMsP50: [2, 'max'],
  forwardOverheadMsP99: [5, 'max'],
  forwardRps: [3000, 'min'],
  load100UsersErrors: [0, 'max'],
  startReadyMs: [5000, 'max'],
};

const quick = process.argv.includes('--quick');
const LARGE = quick ? 100_000 : 1_000_000;

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Signs in through the console API and returns the session cookie. */
async function sessionCookie(consoleUrl: string, userName: string): Promise<string> {
  const response = await fetch(`${consoleUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: consoleUrl },
    body: JSON.stringify({ userName, password: 'demo' }),
  });
  if (response.status !== 200) throw new Error(`sign-in as ${userName}: HTTP ${response.status}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}

async function main(): Promise<void> {
  const started = Date.now();
  log('building the plug-in and the console…');
  buildOnce();
  const figures: Record<string, number> = {};
  const details: Record<string, unknown> = {};

  const bundles = bundleFigures();
  Object.assign(figures, { entryKbGz: bundles.entryKbGz, largestTabKbGz: bundles.largestTabKbGz, localeKbGz: bundles.localeKbGz });
  details.bundles = bundles;
  log(`bundle sizes: ${JSON.stringify(bundles)}`);

  log('timing npm start (a first start, then the everyday one)…');
  const start = await startFigures();
  Object.assign(figures, start);
  log(`npm start: ${JSON.stringify(start)}`);

  const systems: RunningSystem[] = [];
  const cleanups: (() => void)[] = [];
  try {
    log('starting a system with 1,000 assets…');
    // The small system also names its gateway steps (Server-Timing) for the forwarding figures.
    const small = await startSystem({ demoAssets: 1_000, discardLogs: true, env: { CONSOLE_SERVER_TIMING: '1' } });
    systems.push(small);
    log(`starting a system with ${LARGE.toLocaleString('en')} assets (the demo data is generated first)…`);
    const setupStarted = Date.now();
    const largeData = fs.mkdtempSync(path.join(os.tmpdir(), 'mdr-bench-large-'));
    const generated = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/bench/generate-demo.ts'), largeData, String(LARGE)], { cwd: repoRoot, encoding: 'utf8' });
    if (generated.status !== 0) throw new Error(`demo data of ${LARGE} assets: ${generated.stderr}`);
    figures.demoGenerationS = Math.round((Date.now() - setupStarted) / 1000);
    const large = await startSystem({ dataDir: largeData, demoAssets: LARGE, discardLogs: true, readyTimeoutMs: 20 * 60_000 });
    cleanups.push(() => fs.rmSync(largeData, { recursive: true, force: true }));
    systems.push(large);
    figures.demoSetupS = Math.round((Date.now() - setupStarted) / 1000);
    log(`demo data of ${LARGE.toLocaleString('en')} assets generated in ${figures.demoGenerationS} s; both servers ready on it after ${figures.demoSetupS} s`);

    const health = await healthFigures({ small, large, cookie: { small: await sessionCookie(small.consoleUrl, 'admin'), large: await sessionCookie(large.consoleUrl, 'admin') }, runs: quick ? 5 : 15 });
    Object.assign(figures, {
      healthQueryMs1M: health.healthQueryMsLarge,
      healthScaleRatio: health.healthScaleRatio,
      csvExport1MMs: health.csvExportMs,
      csvExport1MRssMb: health.csvExportRssMb,
      widgetCountsMs1M: health.widgetCountsMs,
      usageMs1M: health.usageMs,
    });
    details.health = health;
    log(`health lists: ${JSON.stringify(health)}`);

    log('measuring the section in Chromium…');
    const browser = await launchBrowser();
    try {
      const timings = await browserFigures(browser, large.consoleUrl, { runs: quick ? 5 : 15, warmup: 3, tabs: ['usage', 'health', 'incidents', 'licenses', 'tenants'] });
      Object.assign(figures, { sectionFirstRenderMs: timings.sectionFirstRenderMs, tabSwitchMs: timings.tabSwitchMs });
      details.browser = timings;
      log(`browser: ${JSON.stringify(timings)}`);
    } finally {
      await browser.close();
    }

    log('measuring forwarding with 50 concurrent clients…');
    const credential = readConsoleCredential(small.dataDir);
    const forward = await forwardFigures({
      direct: {
        url: `${small.serviceUrl}/console/v1/incidents/summary`,
        headers: { authorization: `Bearer ${credential}`, 'x-mdr-user': 'bench', 'x-mdr-rights': 'incidentAccess', 'accept-language': 'en' },
        ca: fs.readFileSync(small.caPath, 'utf8'),
      },
      throughConsole: { url: `${small.consoleUrl}/api/plugins/mdr/incidents/summary`, headers: { cookie: await sessionCookie(small.consoleUrl, 'officer') } },
      durationS: quick ? 5 : 10,
      fixedRate: 400,
    });
    Object.assign(figures, { forwardOverheadMsP50: forward.forwardOverheadMsP50, forwardOverheadMsP99: forward.forwardOverheadMsP99, forwardRps: forward.forwardRps });
    details.forward = forward;
    log(`forwarding: ${JSON.stringify(forward)}`);
    log(`the gateway's slowest own step: ${forward.slowestGatewayStep} (${JSON.stringify(forward.gatewaySteps)})`);

    log('100 signed-in users browsing the section…');
    const load = await loadFigures(large.consoleUrl, { users: 100, durationS: quick ? 15 : 60 });
    Object.assign(figures, { load100UsersErrors: load.errors, load100UsersP99Ms: load.p99Ms, load100UsersRps: load.rps });
    details.load = load;
    log(`load: ${JSON.stringify(load)}`);
  } finally {
    await Promise.all(systems.map((system) => system.stop()));
    for (const cleanup of cleanups) cleanup();
  }

  const missed = Object.entries(budget).filter(([name, [target, kind]]) => !(name in figures) || (kind === 'max' ? figures[name]! > target : figures[name]! < target));
  for (const [name, [target, kind]] of Object.entries(budget)) {
    log(`${missed.some(([missedName]) => missedName === name) ? 'MISSED' : 'ok    '} ${name} = ${figures[name]} (target ${kind === 'max' ? '≤' : '≥'} ${target})`);
  }
  if (process.env.BENCH_DETAILS_FILE) fs.writeFileSync(process.env.BENCH_DETAILS_FILE, JSON.stringify({ figures, details }, null, 2));
  log(`benchmark finished in ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(JSON.stringify(figures));
  process.exit(missed.length > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../../host-shim/common/paths.ts';
import { installBuiltPluginAsNpmStartDoes } from './installed-plugins.ts';

const tsxLoader = pathToFileURL(path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return (await freePorts(1))[0]!;
}

/**
 * `count` different free TCP ports on loopback. Every port is held until all are chosen: a port that
 * was closed may be handed out again at once, so asking twice in a row can give the same number twice.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    for (let index = 0; index < count; index += 1) {
      const server = net.createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
    }
    return servers.map((server) => (server.address() as net.AddressInfo).port);
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()))));
  }
}

/** Every process a test started, killed when the test process ends however it ends. */
const started = new Set<ChildProcess>();
/** How many of the processes started here are still running. */
export const runningProcesses = (): number => started.size;
process.on('exit', () => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

let built = false;
/** Builds the plug-in and the console once per test process, so that tests run what the sources say. */
export function buildOnce(): void {
  if (built) return;
  const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  for (const args of [['build', '--logLevel', 'error'], ['build', '--logLevel', 'error', '--config', 'host-shim/console/vite.config.ts']]) {
    const result = spawnSync(process.execPath, [vite, ...args], { cwd: repoRoot, stdio: 'inherit' });
    if (result.status !== 0) throw new Error('build failed');
  }
  built = true;
}

/** Starts a TypeScript entry point of the product as its own process. */
export function startNode(script: string, options: { cwd: string; env: NodeJS.ProcessEnv; discardStdout?: boolean }): ChildProcess & { output: () => string } {
  // A benchmark discards the request log instead of collecting it: the server still writes every
  // line, but the measuring process does not spend its time holding them.
  const child = spawn(process.execPath, ['--import', tsxLoader, path.join(repoRoot, script)], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', options.discardStdout ? 'ignore' : 'pipe', 'pipe'],
  }) as ChildProcess & { output: () => string };
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.output = () => output;
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

/** Waits until `check` holds; gives up at once when the process that should get there has ended. */
export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`${what} ended (${child.exitCode ?? child.signalCode}) before it was ready`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} was not ready within ${timeoutMs} ms`);
}

export function getStatus(url: string, ca?: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const client = url.startsWith('https:') ? https : http;
    const request = client.get(url, ca ? { ca } : {}, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.setTimeout(3000, () => request.destroy(new Error('timeout')));
  });
}

export interface RunningSystem {
  consoleUrl: string;
  serviceUrl: string;
  dataDir: string;
  consoleDir: string;
  caPath: string;
  service: ChildProcess & { output: () => string };
  console: ChildProcess & { output: () => string };
  stop(): Promise<void>;
  stopConsole(): Promise<void>;
  startConsole(extraEnv?: Record<string, string>): Promise<void>;
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/**
 * The whole product as `npm start` runs it — MDR service over HTTPS with its local CA, console server
 * reading `.env` from its own folder — on free ports and a temporary data folder.
 */
export async function startSystem(
  options: {
    env?: Record<string, string>;
    envFile?: (caPath: string) => string;
    demoAssets?: number;
    discardLogs?: boolean;
    dataDir?: string;
    /** How long each process may take to answer (default a minute; demo data of a million assets takes longer). */
    readyTimeoutMs?: number;
  } = {},
): Promise<RunningSystem> {
  buildOnce();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mdr-system-'));
  // A given data folder outlives the system (restarts, upgrades); a new one goes with it.
  const dataDir = options.dataDir ?? path.join(root, 'data');
  const consoleDir = path.join(root, 'console');
  fs.mkdirSync(consoleDir, { recursive: true });
  // The console serves the plug-in only from its installed bundle: packaged and installed as npm start does.
  await installBuiltPluginAsNpmStartDoes(dataDir, options.env?.KSC_LOCALES_DIR).catch((error: unknown) => {
    fs.rmSync(root, { recursive: true, force: true });
    throw error;
  });
  const [consolePort, servicePort] = await freePorts(2);
  const serviceUrl = `https://127.0.0.1:${servicePort}`;
  const common = {
    MDR_DATA_DIR: dataDir,
    MDR_DEMO_ASSETS: String(options.demoAssets ?? 300),
    KSC_DEMO_PASSWORD: 'demo',
    CONSOLE_LOG: '1',
    ...options.env,
  };
  const service = startNode('host-shim/mdr-service/main.ts', { cwd: root, env: { ...common, MDR_SERVICE_PORT: String(servicePort) }, discardStdout: options.discardLogs });
  const caPath = path.join(dataDir, 'mdr-ca.pem');
  await waitFor(async () => fs.existsSync(caPath) && (await getStatus(`${serviceUrl}/console/v1/health`, fs.readFileSync(caPath))) === 200, 'MDR service', options.readyTimeoutMs ?? 60_000, service).catch(async (error) => {
    await stopChild(service);
    fs.rmSync(root, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\n${service.output()}`);
  });
  fs.writeFileSync(path.join(consoleDir, '.env'), options.envFile ? options.envFile(caPath) : `NODE_EXTRA_CA_CERTS=${caPath}\n`);
  const consoleEnv = { ...common, PORT: String(consolePort), MDR_SERVICE_URL: serviceUrl };
  const system: RunningSystem = {
    consoleUrl: `http://127.0.0.1:${consolePort}`,
    serviceUrl,
    dataDir,
    consoleDir,
    caPath,
    service,
    console: undefined as unknown as RunningSystem['console'],
    async startConsole(extraEnv = {}) {
      system.console = startNode('host-shim/server/main.ts', { cwd: consoleDir, env: { ...consoleEnv, ...extraEnv }, discardStdout: options.discardLogs });
      await waitFor(async () => (await getStatus(`${system.consoleUrl}/api/languages`)) === 200, 'console server', options.readyTimeoutMs ?? 60_000, system.console).catch((error) => {
        throw new Error(`${(error as Error).message}\n${system.console.output()}`);
      });
    },
    async stopConsole() {
      await stopChild(system.console);
    },
    async stop() {
      await Promise.all([stopChild(system.console), stopChild(service)]);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    await system.startConsole();
  } catch (error) {
    // A system that did not come up is not left running: its processes would keep the test process
    // (and the run) alive with nobody to stop them.
    await system.stop();
    throw error;
  }
  return system;
}

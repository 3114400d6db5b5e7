import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../host-shim/common/paths.ts';
import { freePorts, getStatus } from '../support/system.ts';

/**
 * `npm start` as a user types it, on this checkout, with its own data folder and ports: milliseconds
 * until the console answers. The first start creates the data folder (certificates, demo data); the
 * second is the everyday one that the budget is about.
 */
export async function startFigures(): Promise<{ firstStartMs: number; startReadyMs: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mdr-start-'));
  try {
    const firstStartMs = await timedStart(dataDir);
    const startReadyMs = await timedStart(dataDir);
    return { firstStartMs, startReadyMs };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function timedStart(dataDir: string): Promise<number> {
  const [consolePort, servicePort] = await freePorts(2);
  const started = Date.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: repoRoot,
    env: { ...process.env, MDR_DATA_DIR: dataDir, PORT: String(consolePort), MDR_SERVICE_URL: `https://127.0.0.1:${servicePort}` },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  // Kept for the error: why a start failed is in what it printed.
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start ended (${child.exitCode}) before the console answered:\n${output}`);
      if (Date.now() - started > 180_000) throw new Error('npm start: the console did not answer within 180 s');
      if ((await getStatus(`http://127.0.0.1:${consolePort}/api/languages`).catch(() => 0)) === 200) return Date.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid!, 'SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

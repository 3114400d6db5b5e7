/**
 * `npm start`: prepares `.data/` (local CA, MDR service certificate), writes a default `.env` when
 * there is none, builds the plug-in and the console, packages the plug-in as a signed bundle and
 * installs it into the console (on first start, and when the build is newer or changed), then starts
 * the MDR service and the console server on loopback and prints where to sign in.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { dataDir, repoRoot } from './common/paths.ts';
import { ensurePki } from './common/pki.ts';
import { readConsoleEnvironment } from './server/environment.ts';
import { installBuiltPlugin } from '../scripts/package.ts';
import { pseudoLanguage, writePseudoLocale } from '../scripts/pseudo-locale.ts';

const children: ChildProcess[] = [];

function defaultEnvFile(caPath: string): string {
  return `# Console environment, read at start-up (restart the console after a change).
# Extra CA certificates the console trusts when it calls the MDR service (PEM, one or several).
NODE_EXTRA_CA_CERTS=${caPath}

# Proxy for calls to the MDR service: <protocol>://<user>:<password>@<host>:<port>
# HTTPS_PROXY=http://user:password@proxy.example.com:3128
# HTTP_PROXY=
# NO_PROXY=localhost,.example.com

# Console port (default 8080) and the MDR service address.
# PORT=8080
# MDR_SERVICE_URL=https://127.0.0.1:8443
`;
}

function ensureEnvFile(caPath: string): void {
  const file = path.join(repoRoot, '.env');
  if (fs.existsSync(file)) return;
  fs.writeFileSync(file, defaultEnvFile(path.relative(repoRoot, caPath)), { mode: 0o600 });
  // It may come to hold proxy passwords: the owner's alone, whatever the shell's umask.
  fs.chmodSync(file, 0o600);
  console.log(`Wrote ${file} (NODE_EXTRA_CA_CERTS points at the local CA).`);
}

function build(): void {
  const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  for (const args of [['build', '--logLevel', 'warn'], ['build', '--logLevel', 'warn', '--config', 'host-shim/console/vite.config.ts']]) {
    const result = spawnSync(process.execPath, [vite, ...args], { cwd: repoRoot, stdio: 'inherit' });
    if (result.status !== 0) throw new Error('The build failed; see the messages above.');
  }
}

function startProcess(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} stopped (${signal ?? code}); stopping everything.`);
      void stopAll(1);
    }
  });
  children.push(child);
  return child;
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not start within ${timeoutMs / 1000} s`);
}

function httpOk(url: string, ca?: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    const client = url.startsWith('https:') ? https : http;
    const request = client.get(url, ca ? { ca } : {}, (response) => {
      response.resume();
      resolve((response.statusCode ?? 500) < 500);
    });
    request.on('error', () => resolve(false));
    request.setTimeout(2000, () => request.destroy());
  });
}

/** Fails early, with the variable to change, when another program already listens on a port. */
function ensurePortFree(port: number, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'EADDRINUSE' ? `Port ${port} on 127.0.0.1 is already in use. Stop the program using it or set ${variable}.` : error.message)),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

let stopping = false;
async function stopAll(code: number): Promise<void> {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
  await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)))));
  process.exit(code);
}

async function main(): Promise<void> {
  const started = Date.now();
  const pki = ensurePki(dataDir());
  ensureEnvFile(pki.caCertPath);
  console.log('Building the plug-in and the console…');
  build();

  const environment = readConsoleEnvironment(repoRoot);
  const localesDir = environment.values.KSC_LOCALES_DIR ? path.resolve(repoRoot, environment.values.KSC_LOCALES_DIR) : path.join(repoRoot, 'locales');
  if (environment.values.MDR_PSEUDO_LOCALE === '1') {
    writePseudoLocale(localesDir);
    console.log(`Pseudo-locale ${pseudoLanguage} written; choose it in the user menu.`);
  }
  // The console serves the plug-in only from its installed bundle, as an administrator installs it.
  const plugin = await installBuiltPlugin({ dataDir: dataDir(), localesDir, environment: environment.values, writeDir: path.join(repoRoot, 'dist') });
  const pluginName = `${plugin.bundle.manifest.name} ${plugin.bundle.manifest.version}`;
  const pluginMessages: Record<typeof plugin.outcome, string> = {
    installed: `Installed the plug-in ${pluginName} (${path.relative(repoRoot, plugin.archivePath ?? '')}).`,
    updated: `Updated the plug-in from ${plugin.installedVersion} to ${pluginName}.`,
    rebuilt: `Installed the plug-in ${pluginName} again: it was built from changed files.`,
    unchanged: `The plug-in ${pluginName} is installed.`,
    newerInstalled: `The installed plug-in ${plugin.installedVersion} is newer than the build ${plugin.bundle.manifest.version}; it stays.`,
    otherPublisher: `A plug-in "${plugin.bundle.manifest.id}" of another publisher is installed; the build was not installed (remove it in Console settings → Web plug-ins).`,
  };
  console.log(pluginMessages[plugin.outcome]);
  const consolePort = Number(environment.values.PORT ?? 8080);
  const serviceUrl = environment.values.MDR_SERVICE_URL ?? 'https://127.0.0.1:8443';
  const servicePort = new URL(serviceUrl).port || '8443';
  const ca = fs.readFileSync(pki.caCertPath);
  await ensurePortFree(Number(servicePort), 'MDR_SERVICE_URL (in .env or the environment)');
  await ensurePortFree(consolePort, 'PORT');

  // The demo variables may also be set in .env; the MDR service reads only its environment.
  const demoVariables = Object.fromEntries(Object.entries(environment.values).filter(([name]) => name.startsWith('MDR_DEMO_')));
  startProcess('The MDR service', 'host-shim/mdr-service/main.ts', {
    ...process.env,
    ...demoVariables,
    MDR_SERVICE_PORT: process.env.MDR_SERVICE_PORT ?? servicePort,
    // Demo SOC comments and responses every few minutes, so that notifications actually arrive.
    MDR_DEMO_ACTIVITY_SECONDS: demoVariables.MDR_DEMO_ACTIVITY_SECONDS ?? process.env.MDR_DEMO_ACTIVITY_SECONDS ?? '300',
  });
  await waitFor(() => httpOk(`https://127.0.0.1:${servicePort}/console/v1/health`, ca), 'The MDR service');
  startProcess('The console server', 'host-shim/server/main.ts', { ...process.env, ...demoVariables });
  await waitFor(() => httpOk(`http://127.0.0.1:${consolePort}/api/languages`), 'The console server');

  const password = environment.values.KSC_DEMO_PASSWORD ?? 'demo';
  const notActivated = demoVariables.MDR_DEMO_ACTIVATED === '0';
  console.log(`
  Security Center Web Console with the MDR plug-in is running (started in ${((Date.now() - started) / 1000).toFixed(1)} s).

    Console:      http://127.0.0.1:${consolePort}/   (MDR: http://127.0.0.1:${consolePort}/mdr)
    MDR service:  https://127.0.0.1:${servicePort}/  (local CA: ${path.relative(repoRoot, pki.caCertPath)})
    Demo mailbox: http://127.0.0.1:${consolePort}/demo/mailbox   (verification codes, notifications, reports; SMTP_URL sends real mail)

    Demo accounts (password "${password}"):
      admin    console main administrator + MDR Administrator
      senior   Senior Security Officer
      officer  Security Officer
      guest    no MDR rights
${
  notActivated
    ? `
    MDR_DEMO_ACTIVATED=0: the organization starts not activated (on a fresh data folder). Activate it
    in the MDR section as admin; the vendor account accepts any e-mail address with password "${demoVariables.MDR_DEMO_VENDOR_PASSWORD ?? process.env.MDR_DEMO_VENDOR_PASSWORD ?? 'demo'}".
`
    : ''
}
  Press Ctrl+C to stop.
`);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  void stopAll(1);
});

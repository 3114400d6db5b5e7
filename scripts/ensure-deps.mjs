#!/usr/bin/env node
// Installs what `npm start` and `npm test` need on a fresh machine, using only the npm registry and
// Debian's packages. Runs before `npm start` (npm packages) and before `npm test` (also Chromium and
// the Python packages the REST API examples use). Written with Node built-ins only: it runs before
// node_modules exists.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const forTests = process.argv.includes('--test');
const forMutation = process.argv.includes('--mutation');
const forLint = forTests || process.argv.includes('--lint');

function run(command, args, options = {}) {
  console.log(`> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.status !== 0) {
    console.error(`Command failed (${result.status ?? result.signal}): ${command} ${args.join(' ')}`);
    process.exit(result.status ?? 1);
  }
}

function npmPackagesStale() {
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  if (!fs.existsSync(installed)) return true;
  if (!fs.existsSync(path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))) return true;
  return fs.existsSync(lock) && fs.statSync(lock).mtimeMs > fs.statSync(installed).mtimeMs;
}

if (npmPackagesStale()) {
  // npm ci installs exactly what the committed lock names (every platform's optional binaries are
  // recorded in it, see test/project/lockfile.test.ts), so a fresh clone never rewrites the lock.
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

/** Installs a tool folder with its own lock (tools/<name>) when it is missing or older than its lock. */
function ensureTools(name) {
  const tools = path.join(root, 'tools', name);
  const installed = path.join(tools, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(installed) || fs.statSync(path.join(tools, 'package-lock.json')).mtimeMs > fs.statSync(installed).mtimeMs) {
    run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: tools });
  }
}

// StrykerJS (`npm run mutate`) and ESLint (`npm run lint`, part of `npm test`) live in tools/ with their
// own locks, because both need a TypeScript with the compiler API (5.9), which the project's
// TypeScript 7 (a native compiler) has not.
if (forMutation) ensureTools('mutation');
if (forLint) ensureTools('lint');

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

// Russian PDF reports need a font with Cyrillic letters (the standard PDF fonts have none).
const reportFont = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
if (!fs.existsSync(reportFont) && !fs.existsSync('/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf')) {
  if (isRoot) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', 'fonts-dejavu-core'], { env });
  } else {
    console.warn('Reports in Russian need the Debian package fonts-dejavu-core (apt-get install fonts-dejavu-core as root); without it they use a font without Cyrillic letters.');
  }
}

if (forTests) {
  const debianPackages = [];
  if (!fs.existsSync('/usr/bin/chromium')) debianPackages.push('chromium');
  // The REST API's shell examples from the help are run with curl, as an administrator would paste them.
  if (spawnSync('curl', ['--version'], { stdio: 'ignore' }).status !== 0) debianPackages.push('curl');
  // The REST API example test runs Debian's /usr/bin/python3 when it has both modules, else python3 from PATH.
  const pythonReady = ['/usr/bin/python3', 'python3'].some((python) => spawnSync(python, ['-c', 'import requests, jwt'], { stdio: 'ignore' }).status === 0);
  if (!pythonReady) debianPackages.push('python3-requests', 'python3-jwt');
  if (debianPackages.length > 0) {
    if (!isRoot) {
      console.error(`The tests need these Debian packages: ${debianPackages.join(' ')}. Install them as root (apt-get install ${debianPackages.join(' ')}) or run npm test as root.`);
      process.exit(1);
    }
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', ...debianPackages], { env });
  }
  try {
    console.log(execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim());
  } catch (error) {
    console.error('Chromium is installed but does not start:', error.message);
    process.exit(1);
  }
}

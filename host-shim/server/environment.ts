import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

/** Variables the console reads at start-up, from the process environment and the `.env` file. */
export interface ConsoleEnvironment {
  httpProxy: string | undefined;
  httpsProxy: string | undefined;
  noProxy: string | undefined;
  /**
   * PEM files with extra CA certificates, resolved against the console's folder: the one `.env` names
   * first, then one inherited from the process environment (Node itself trusts that one too).
   */
  extraCaCertsPaths: string[];
  /** Absolute path of the `.env` file that was read (it may not exist). */
  envFilePath: string;
  /** Modification time of `.env` when it was read, to tell when a restart is needed. */
  envFileMtimeMs: number | null;
  /** Everything that was read, merged: the inherited environment, overridden by `.env`. */
  values: Record<string, string>;
}

const names = {
  httpProxy: ['HTTP_PROXY', 'http_proxy'],
  httpsProxy: ['HTTPS_PROXY', 'https_proxy'],
  noProxy: ['NO_PROXY', 'no_proxy'],
  extraCa: ['NODE_EXTRA_CA_CERTS'],
} as const;

function pick(values: Record<string, string>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = values[key];
    if (value !== undefined && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/**
 * Reads `.env` in `workingDir` and merges it over `processEnv`: the file is where the administrator
 * configures the console, so it wins over what the process merely inherited.
 */
export function readConsoleEnvironment(
  workingDir: string,
  processEnv: NodeJS.ProcessEnv = process.env,
): ConsoleEnvironment {
  const envFilePath = path.join(workingDir, '.env');
  let fileValues: Record<string, string> = {};
  let envFileMtimeMs: number | null = null;
  if (fs.existsSync(envFilePath)) {
    fileValues = parseEnv(fs.readFileSync(envFilePath, 'utf8')) as Record<string, string>;
    envFileMtimeMs = fs.statSync(envFilePath).mtimeMs;
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(processEnv)) {
    if (value !== undefined) values[key] = value;
  }
  Object.assign(values, fileValues);
  const extraPaths = [pick(fileValues, names.extraCa), pick(processEnv as Record<string, string>, names.extraCa)]
    .filter((value): value is string => value !== undefined)
    .map((value) => path.resolve(workingDir, value));
  return {
    httpProxy: pick(values, names.httpProxy),
    httpsProxy: pick(values, names.httpsProxy),
    noProxy: pick(values, names.noProxy),
    extraCaCertsPaths: [...new Set(extraPaths)],
    envFilePath,
    envFileMtimeMs,
    values,
  };
}

/** Whether `.env` changed since it was read at start-up (the variables take effect after a restart). */
export function envFileChangedSince(environment: ConsoleEnvironment): boolean {
  const current = fs.existsSync(environment.envFilePath) ? fs.statSync(environment.envFilePath).mtimeMs : null;
  return current !== environment.envFileMtimeMs;
}

/** A proxy URL with its password replaced, safe for logs, messages and the page. */
export function redactProxyUrl(proxyUrl: string): string {
  try {
    const url = new URL(proxyUrl);
    if (url.password) url.password = '***';
    return url.toString().replace(/\/$/, '');
  } catch {
    return '(invalid proxy URL)';
  }
}

/** Host and port of a proxy URL and whether it carries credentials; never the credentials themselves. */
export function describeProxy(proxyUrl: string): { host: string; port: number; protocol: string; withCredentials: boolean } | null {
  try {
    const url = new URL(proxyUrl);
    const protocol = url.protocol.replace(':', '');
    const port = url.port ? Number(url.port) : protocol === 'https' ? 443 : 80;
    return { host: url.hostname, port, protocol, withCredentials: url.username !== '' };
  } catch {
    return null;
  }
}

/** Whether `hostname` is excluded from proxying by a NO_PROXY list (names, `.domain`, `*`, optional ports). */
export function isNoProxyHost(hostname: string, port: number, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const [entryHost, entryPort] = splitHostPort(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    const bare = entryHost.replace(/^\*?\./, '');
    if (host === bare || host.endsWith(`.${bare}`)) return true;
  }
  return false;
}

function splitHostPort(entry: string): [string, number | undefined] {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracket) return [bracket[1]!, bracket[2] ? Number(bracket[2]) : undefined];
  const parts = entry.split(':');
  if (parts.length === 2 && /^\d+$/.test(parts[1]!)) return [parts[0]!, Number(parts[1])];
  return [entry, undefined];
}

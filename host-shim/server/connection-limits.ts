/**
 * Limits that keep slow or greedy clients from holding the console server's connections: every
 * stage of a connection has a deadline, and one client address may hold only so many connections.
 */
import type http from 'node:http';
import type net from 'node:net';

export interface ConsoleConnectionLimits {
  /** Time to send a request's headers, from its first byte (or from connecting, for a new connection). */
  headersTimeoutMs: number;
  /** Time to send a whole request, body included. */
  requestTimeoutMs: number;
  /** How long a keep-alive connection may stay idle between requests. */
  keepAliveTimeoutMs: number;
  /** A connection with no traffic in either direction for this long is closed, whatever its state. */
  idleTimeoutMs: number;
  /** Open connections one client address may hold; more are closed as they connect. */
  maxConnectionsPerAddress: number;
}

/**
 * Defaults: generous for a browser (a page opens a handful of connections; the console listens on
 * loopback, so every user of the machine shares 127.0.0.1; the slowest answer waits for the MDR
 * service up to 20 s), short for a client that deliberately sends a byte at a time.
 */
export const DEFAULT_CONSOLE_CONNECTION_LIMITS: ConsoleConnectionLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 10_000,
  idleTimeoutMs: 60_000,
  maxConnectionsPerAddress: 256,
};

/** Variable of each limit in `.env` or the environment (README, *Configuration*). */
export const connectionLimitVariables: Record<keyof ConsoleConnectionLimits, string> = {
  headersTimeoutMs: 'KSC_HEADERS_TIMEOUT_MS',
  requestTimeoutMs: 'KSC_REQUEST_TIMEOUT_MS',
  keepAliveTimeoutMs: 'KSC_KEEP_ALIVE_TIMEOUT_MS',
  idleTimeoutMs: 'KSC_IDLE_TIMEOUT_MS',
  maxConnectionsPerAddress: 'KSC_MAX_CONNECTIONS_PER_ADDRESS',
};

/**
 * The limits to use: `overrides` first, then the variables, then the defaults. A value that is not
 * a positive whole number stops the start-up rather than silently disabling a limit.
 */
export function resolveConsoleConnectionLimits(overrides: Partial<ConsoleConnectionLimits> = {}, values: Record<string, string | undefined> = {}): ConsoleConnectionLimits {
  const limits = { ...DEFAULT_CONSOLE_CONNECTION_LIMITS };
  for (const key of Object.keys(connectionLimitVariables) as (keyof ConsoleConnectionLimits)[]) {
    const text = values[connectionLimitVariables[key]]?.trim();
    const value = overrides[key] ?? (text === undefined || text === '' ? limits[key] : Number(text));
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${connectionLimitVariables[key]} must be a positive whole number, not ${JSON.stringify(text ?? value)}`);
    limits[key] = value;
  }
  // Node refuses a headers timeout longer than the request timeout.
  limits.headersTimeoutMs = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  return limits;
}

/**
 * Options of `http.createServer` Fastify has no option of its own for. Node checks the headers and
 * request timeouts periodically (every 30 s by default); checking often enough makes them fire on time.
 */
export function httpServerOptions(limits: ConsoleConnectionLimits): http.ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

/** Fastify's own options for the request, keep-alive and idle timeouts. */
export function fastifyTimeoutOptions(limits: ConsoleConnectionLimits): { requestTimeout: number; keepAliveTimeout: number; connectionTimeout: number } {
  return { requestTimeout: limits.requestTimeoutMs, keepAliveTimeout: limits.keepAliveTimeoutMs, connectionTimeout: limits.idleTimeoutMs };
}

/** Closes each connection beyond `max` open ones from the same address as it arrives. */
export function capConnectionsPerAddress(server: net.Server, max: number): void {
  const open = new Map<string, number>();
  server.prependListener('connection', (socket: net.Socket) => {
    // IPv4 clients of a dual-stack listener appear as ::ffff:a.b.c.d; count them as one address.
    const address = (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}

/**
 * Closes a connection that has sent nothing at all within `ms`: Node's headers timeout starts at a
 * request's first byte, so a connection that stays silent would otherwise last until the idle timeout.
 */
export function closeSilentConnections(server: net.Server, ms: number): void {
  server.on('connection', (socket: net.Socket) => {
    const timer = setTimeout(() => {
      if (socket.bytesRead === 0) socket.destroy();
    }, ms);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  });
}

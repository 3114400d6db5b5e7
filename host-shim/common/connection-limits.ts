/**
 * Limits that keep slow or greedy clients from holding a server's connections, shared by the console
 * server and the MDR service: every stage of a connection has a deadline, and one client address may
 * hold only so many connections. Each server keeps its own defaults and variable names.
 */
import type net from 'node:net';

export interface HttpConnectionLimits {
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
 * The limits to use: `overrides` first, then `values` (the environment or `.env`) by each limit's
 * variable, then `defaults`. A value that is not a positive whole number stops the start-up rather
 * than silently disabling a limit.
 */
export function resolveLimits<Limits extends HttpConnectionLimits>(
  defaults: Limits,
  variables: Record<keyof Limits, string>,
  overrides: Partial<Limits> = {},
  values: Record<string, string | undefined> = {},
): Limits {
  const limits = { ...defaults };
  for (const key of Object.keys(variables) as (keyof Limits & string)[]) {
    const text = values[variables[key]]?.trim();
    const value = overrides[key] ?? (text === undefined || text === '' ? limits[key] : Number(text));
    if (!Number.isInteger(value) || (value as number) <= 0) throw new Error(`${variables[key]} must be a positive whole number, not ${JSON.stringify(text ?? value)}`);
    limits[key] = value as Limits[typeof key];
  }
  // Node refuses a headers timeout longer than the request timeout.
  limits.headersTimeoutMs = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  return limits;
}

/**
 * Options of Node's server for the limits Fastify has no option of its own for. Node checks the
 * headers and request timeouts periodically (every 30 s by default); checking often enough makes
 * them fire on time.
 */
export function nodeServerTimeouts(limits: HttpConnectionLimits): { headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number } {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

/** Fastify's own options for the request, keep-alive and idle timeouts. */
export function fastifyTimeoutOptions(limits: HttpConnectionLimits): { requestTimeout: number; keepAliveTimeout: number; connectionTimeout: number } {
  return { requestTimeout: limits.requestTimeoutMs, keepAliveTimeout: limits.keepAliveTimeoutMs, connectionTimeout: limits.idleTimeoutMs };
}

/**
 * Closes each connection beyond `max` open ones from the same address as it arrives (for TLS,
 * before the handshake costs anything).
 */
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

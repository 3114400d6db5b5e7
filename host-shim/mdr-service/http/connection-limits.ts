/**
 * Limits that keep slow or greedy clients from holding the MDR service's connections: every stage
 * of a connection has a deadline, and one client address may hold only so many connections.
 */
import type net from 'node:net';

export interface ConnectionLimits {
  /** Time to complete the TLS handshake after connecting. */
  handshakeTimeoutMs: number;
  /** Time to send a request's headers, from its first byte (or from the handshake for a new connection). */
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
 * Defaults: generous for a real client (the console holds up to 128 connections to the service
 * and reuses them; uploads are at most 1 MiB over a local network), short for a client that
 * deliberately sends a byte at a time.
 */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  handshakeTimeoutMs: 10_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 10_000,
  idleTimeoutMs: 60_000,
  maxConnectionsPerAddress: 256,
};

/** Environment variable of each limit (documented in the service's README). */
const VARIABLES: Record<keyof ConnectionLimits, string> = {
  handshakeTimeoutMs: 'MDR_TLS_HANDSHAKE_TIMEOUT_MS',
  headersTimeoutMs: 'MDR_HEADERS_TIMEOUT_MS',
  requestTimeoutMs: 'MDR_REQUEST_TIMEOUT_MS',
  keepAliveTimeoutMs: 'MDR_KEEP_ALIVE_TIMEOUT_MS',
  idleTimeoutMs: 'MDR_IDLE_TIMEOUT_MS',
  maxConnectionsPerAddress: 'MDR_MAX_CONNECTIONS_PER_ADDRESS',
};

/**
 * The limits to use: `overrides` first, then the environment, then the defaults. A value that is
 * not a positive whole number is an error at start-up rather than a silently disabled limit.
 */
export function resolveConnectionLimits(overrides: Partial<ConnectionLimits> = {}, env: NodeJS.ProcessEnv = process.env): ConnectionLimits {
  const limits = { ...DEFAULT_CONNECTION_LIMITS };
  for (const key of Object.keys(VARIABLES) as (keyof ConnectionLimits)[]) {
    const text = env[VARIABLES[key]];
    const value = overrides[key] ?? (text === undefined || text === '' ? limits[key] : Number(text));
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${VARIABLES[key]} must be a positive whole number, not ${JSON.stringify(text ?? value)}`);
    limits[key] = value;
  }
  // Node refuses a headers timeout longer than the request timeout.
  limits.headersTimeoutMs = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  return limits;
}

/**
 * Options of `https.createServer` for the limits Fastify has no option of its own for. Node checks
 * the headers and request timeouts periodically; checking often enough makes them fire on time.
 */
export function httpsServerOptions(limits: ConnectionLimits): { handshakeTimeout: number; headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number } {
  return {
    handshakeTimeout: limits.handshakeTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

/** Fastify's own options for the request, keep-alive and idle timeouts. */
export function fastifyTimeoutOptions(limits: ConnectionLimits): { requestTimeout: number; keepAliveTimeout: number; connectionTimeout: number } {
  return { requestTimeout: limits.requestTimeoutMs, keepAliveTimeout: limits.keepAliveTimeoutMs, connectionTimeout: limits.idleTimeoutMs };
}

/**
 * Closes each TCP connection beyond `max` open ones from the same address as it arrives, before
 * the TLS handshake costs anything.
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

/**
 * Limits that keep slow or greedy clients from holding the MDR service's connections: every stage
 * of a connection has a deadline, and one client address may hold only so many connections.
 */
import { capConnectionsPerAddress, fastifyTimeoutOptions, nodeServerTimeouts, resolveLimits, type HttpConnectionLimits } from '../../common/connection-limits.ts';

export { capConnectionsPerAddress, fastifyTimeoutOptions };

export interface ConnectionLimits extends HttpConnectionLimits {
  /** Time to complete the TLS handshake after connecting. */
  handshakeTimeoutMs: number;
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
  return resolveLimits(DEFAULT_CONNECTION_LIMITS, VARIABLES, overrides, env);
}

/** Options of `https.createServer` for the limits Fastify has no option of its own for. */
export function httpsServerOptions(limits: ConnectionLimits): { handshakeTimeout: number; headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number } {
  return { handshakeTimeout: limits.handshakeTimeoutMs, ...nodeServerTimeouts(limits) };
}

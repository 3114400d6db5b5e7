/**
 * Limits that keep slow or greedy clients from holding the console server's connections: every
 * stage of a connection has a deadline, and one client address may hold only so many connections.
 */
import type http from 'node:http';
import type net from 'node:net';
import { capConnectionsPerAddress, fastifyTimeoutOptions, nodeServerTimeouts, resolveLimits, type HttpConnectionLimits } from '../common/connection-limits.ts';

export { capConnectionsPerAddress, fastifyTimeoutOptions };

export type ConsoleConnectionLimits = HttpConnectionLimits;

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

/** The limits to use: `overrides` first, then the variables, then the defaults. */
export function resolveConsoleConnectionLimits(overrides: Partial<ConsoleConnectionLimits> = {}, values: Record<string, string | undefined> = {}): ConsoleConnectionLimits {
  return resolveLimits(DEFAULT_CONSOLE_CONNECTION_LIMITS, connectionLimitVariables, overrides, values);
}

/** Options of `http.createServer` for the limits Fastify has no option of its own for. */
export function httpServerOptions(limits: ConsoleConnectionLimits): http.ServerOptions {
  return nodeServerTimeouts(limits);
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

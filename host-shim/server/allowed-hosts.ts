/**
 * Which `Host` headers the console answers. A page on another site whose name was re-bound to
 * 127.0.0.1 (DNS rebinding) reaches the console with its own name in `Host`, and the browser treats
 * the console's answers as that page's own: so the console answers only the names it is known by.
 */

/** Names the console always answers: loopback, where it listens by default. */
export const loopbackHostNames = ['127.0.0.1', 'localhost', '[::1]'] as const;

/** A host name, with the port when one is named (`[::1]` keeps its brackets). */
interface HostAndPort {
  name: string;
  port: number | undefined;
}

function parseHostAndPort(text: string): HostAndPort | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  return { name: match[1]!, port: match[2] === undefined ? undefined : Number(match[2]) };
}

/**
 * The extra names of `KSC_ALLOWED_HOSTS` (comma- or space-separated; `name` answers on the console's
 * port, `name:port` also on that port, e.g. behind a reverse proxy). Malformed entries are reported.
 */
export function parseAllowedHosts(value: string | undefined): { hosts: HostAndPort[]; invalid: string[] } {
  const hosts: HostAndPort[] = [];
  const invalid: string[] = [];
  for (const entry of (value ?? '').split(/[\s,]/).filter(Boolean)) {
    const parsed = parseHostAndPort(entry);
    if (parsed) hosts.push(parsed);
    else invalid.push(entry);
  }
  return { hosts, invalid };
}

/**
 * Whether a request's `Host` header names this console: one of the allowed names and the port the
 * connection arrived on (`localPort`; unknown only for requests injected in tests). A missing or
 * malformed header is refused too.
 */
export function isAllowedHost(hostHeader: string | undefined, localPort: number | undefined, extra: readonly HostAndPort[] = []): boolean {
  if (hostHeader === undefined) return false;
  const host = parseHostAndPort(hostHeader);
  if (!host) return false;
  // Without a port, the browser means the default one of http.
  const port = host.port ?? 80;
  if (extra.some((allowed) => allowed.name === host.name && allowed.port === port)) return true;
  const known = (loopbackHostNames as readonly string[]).includes(host.name) || extra.some((allowed) => allowed.name === host.name);
  return known && (localPort === undefined || port === localPort);
}

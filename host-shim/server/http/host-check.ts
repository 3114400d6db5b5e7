import type { FastifyInstance } from 'fastify';
import { isAllowedHost, parseAllowedHosts } from '../allowed-hosts.ts';
import { HostNotAllowedError } from '../errors.ts';

/**
 * Answers only the host names the console is known by (see allowed-hosts.ts): loopback and the
 * names of `KSC_ALLOWED_HOSTS`. Install first of all hooks, so that no handler and no static file
 * answers a foreign name.
 */
export function installHostCheck(app: FastifyInstance, allowedHostsVariable: string | undefined): void {
  const allowedHosts = parseAllowedHosts(allowedHostsVariable);
  if (allowedHosts.invalid.length > 0) app.log.warn(`KSC_ALLOWED_HOSTS: ${allowedHosts.invalid.join(', ')} ignored (not a host name)`);
  app.addHook('onRequest', async (request) => {
    if (!isAllowedHost(request.headers.host, request.socket.localPort, allowedHosts.hosts)) throw new HostNotAllowedError();
  });
}

import type { RouteOptions } from 'fastify';

/**
 * What each console route of the MDR service computed before serialization, by `METHOD /url?query` of
 * its last call: pass `onRoute` to the service, then compare an answer the client received with
 * `computed.get(key)` — a response schema drops every property it does not list, so a field missing
 * from a schema shows as a difference.
 */
export function computedAnswers(): { onRoute: (route: RouteOptions) => void; computed: Map<string, unknown> } {
  const computed = new Map<string, unknown>();
  function onRoute(route: RouteOptions): void {
    if (!route.url.startsWith('/console/v1/')) return;
    const hooks = [route.preSerialization ?? []].flat();
    route.preSerialization = [
      ...hooks,
      async (request, _reply, payload) => {
        computed.set(`${request.method} ${request.url}`, JSON.parse(JSON.stringify(payload)));
        return payload;
      },
    ];
  }
  return { onRoute, computed };
}

import assert from 'node:assert/strict';
import type { RouteOptions } from 'fastify';
import type { TestService } from './mdr-service.ts';

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

/**
 * `answer(method, path, json?, status?)`: calls a console route of `service` with `rights`, expects
 * `status` (200 unless given), and checks that the answer received is the one this very call computed
 * (an earlier call of the same route does not count); returns it.
 */
export function answerChecker(service: TestService, computed: Map<string, unknown>, options: { rights: readonly string[]; user?: string }) {
  return async function answer<T = Record<string, any>>(method: string, path: string, json?: unknown, status = 200): Promise<T> {
    const key = `${method} /console/v1/${path}`;
    computed.delete(key);
    const response = await service.consoleCall<T>(method, path, { json, rights: [...options.rights], user: options.user });
    assert.equal(response.status, status, `${method} ${path}: ${JSON.stringify(response.body)}`);
    assert.ok(computed.has(key), `${key} computed an answer`);
    assert.deepEqual(response.body, computed.get(key), `${key} reaches the client whole`);
    return response.body;
  };
}

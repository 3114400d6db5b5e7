import type { FastifyRequest } from 'fastify';

/**
 * What each step of a request cost the console, for the `Server-Timing` header of a plug-in call
 * (`CONSOLE_SERVER_TIMING=1`): the session lookup, the gate (manifest match, CSRF token, rights) and
 * the call to the MDR service until its answer's headers. Browsers show it beside the request; the
 * benchmark reads it to name the slowest step.
 */
const steps = new WeakMap<FastifyRequest, string[]>();

/** Notes that `step` of `request` took from `startedAt` (performance.now()) until now. */
export function recordStep(request: FastifyRequest, step: 'session' | 'gate' | 'forward', startedAt: number): void {
  const entry = `${step};dur=${(performance.now() - startedAt).toFixed(3)}`;
  const list = steps.get(request);
  if (list) list.push(entry);
  else steps.set(request, [entry]);
}

/** The `Server-Timing` value of the steps noted for `request`. */
export function serverTiming(request: FastifyRequest): string | undefined {
  return steps.get(request)?.join(', ');
}

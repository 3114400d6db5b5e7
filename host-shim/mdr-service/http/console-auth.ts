import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ConsoleCaller } from '../context.ts';
import { rightIds, type RightId } from '../../../contract/rights.ts';
import { verifyConsoleCredential } from '../console-credential.ts';
import { ForbiddenError, UnauthorizedError } from '../errors.ts';

/** Right ids the console sends in `X-MDR-Rights` (section 3 of the spec): the contract's. */
export const CONSOLE_RIGHTS = rightIds;

export type ConsoleRight = RightId;

const KNOWN_RIGHTS = new Set<string>(CONSOLE_RIGHTS);

/** Parses `X-MDR-Rights` (comma-separated); unknown ids are ignored, never granted. */
export function parseRights(header: string | string[] | undefined): Set<ConsoleRight> {
  // A repeated header is one list; an absent one joins to the empty list.
  return new Set(
    [header]
      .flat()
      .join(',')
      .split(',')
      .map((right) => right.trim())
      .filter((right): right is ConsoleRight => KNOWN_RIGHTS.has(right)),
  );
}

/** The language of a caller that states none (or none the service can read). */
const DEFAULT_LANGUAGE = 'en';

/** The preferred language tag of `Accept-Language`, reduced to its primary subtag ('en-US' → 'en'). */
export function parseLanguage(header: string | undefined): string {
  if (!header) return DEFAULT_LANGUAGE;
  const first = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.split(';') as [string, ...string[]];
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((entry) => /^[a-z]{2,3}(-|$)/.test(entry.tag) && entry.q > 0)
    .sort((a, b) => b.q - a.q)[0];
  return first ? first.tag.split('-')[0]! : DEFAULT_LANGUAGE;
}

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

function decodeName(value: string | string[] | undefined): string | null {
  if (typeof value !== 'string' || value === '') return null;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Protects the console-facing API (register inside the `/console/v1` scope):
 * - every route must declare `config.rights` (possibly empty) or `config.public`; a route that
 *   declares neither fails at start-up, so nothing is reachable by accident (one registered in the
 *   scope before this hook, which the start-up check cannot see, is refused with 500 at request time);
 * - non-public routes need `Authorization: Bearer <console credential>` (401 otherwise) and the
 *   declared rights in `X-MDR-Rights` (403 with `missingRights` otherwise);
 * - the caller (user, rights, language, tenant scope) is put on `request.consoleCaller`.
 */
export function installConsoleAuth(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const config = route.config as { rights?: unknown; public?: boolean } | undefined;
    if (!config?.public && !Array.isArray(config?.rights)) {
      throw new Error(`Console route ${route.method} ${route.url} declares no rights (config.rights) — refusing to register it`);
    }
  });
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (config.public) return;
    const presented = bearer(request);
    if (!presented || !verifyConsoleCredential(presented, app.mdr.consoleCredential)) {
      throw new UnauthorizedError('unauthorized', 'A valid console credential is required');
    }
    // A route registered in this scope before this hook escaped the start-up check: closed, not open.
    if (!Array.isArray(config.rights)) throw new Error(`Console route ${request.routeOptions.method} ${request.routeOptions.url} declares no rights`);
    const rights = parseRights(request.headers['x-mdr-rights']);
    const missing = config.rights.filter((right) => !rights.has(right));
    if (missing.length > 0) throw new ForbiddenError('forbidden', 'Missing rights', missing);
    const userHeader = request.headers['x-mdr-user'];
    const caller: ConsoleCaller = {
      userId: typeof userHeader === 'string' && userHeader !== '' ? userHeader : null,
      userName: decodeName(request.headers['x-mdr-user-name']),
      rights,
      language: parseLanguage(request.headers['accept-language']),
      scope: app.mdr.db.organization.get()?.consoleTenantScope ?? null,
    };
    request.consoleCaller = caller;
  });
}

/** The console caller of a request behind {@link installConsoleAuth} (throws if used elsewhere). */
export function consoleCaller(request: FastifyRequest): ConsoleCaller {
  if (!request.consoleCaller) throw new UnauthorizedError();
  return request.consoleCaller;
}

import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../common/paths.ts';
import type { WebPluginIdentity } from '../../contract/web-plugins.ts';

/** A right id a plug-in declares (the MDR plug-in's are contract/rights.ts's `RightId`s). */
export type PluginRightId = string;

export interface ManifestRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  rights: PluginRightId[];
  /** Console permissions the route needs besides the plug-in's rights. */
  hostRights?: 'manageUsersAndRoles'[];
}

export interface ManifestTab {
  id: string;
  path: string;
  titleKey: string;
  rights: PluginRightId[];
}

/** A functional area a plug-in declares: administrators allow it in roles, its tabs, widgets and routes need it. */
export interface ManifestRight {
  id: PluginRightId;
  /** Its name, a key of the plug-in's own locale files. */
  titleKey: string;
}

/**
 * A plug-in's manifest (`manifest/mdr-plugin.json`, validated by `mdr-plugin.schema.json`): who it
 * is, what it shows and which routes it may call with which rights.
 */
export interface PluginManifest extends WebPluginIdentity {
  /** The host contract versions the plug-in works with (a range, e.g. `^1.0.0`). */
  hostContract: string;
  titleKey: string;
  entry: string;
  localeNamespace: string;
  elements: { section: string; widgets: string[] };
  /** `titleKey`: the section's name in the navigation (default: the manifest's `titleKey`). */
  section: { path: string; navigationGroup: string; titleKey?: string };
  tabs: ManifestTab[];
  widgets: { id: string; element: string; titleKey: string; rights: PluginRightId[] }[];
  rights: ManifestRight[];
  routes: ManifestRoute[];
  locales: string[];
}

export const manifestPath = path.join(repoRoot, 'manifest', 'mdr-plugin.json');

/** Reads the plug-in manifest (the one source of truth for gating and enforcement). */
export function loadManifest(file = manifestPath): PluginManifest {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as PluginManifest;
}

interface CompiledRoute extends ManifestRoute {
  pattern: RegExp;
}

/** The outcome of matching a request against the declared routes. */
export type RouteMatch =
  | { kind: 'found'; route: ManifestRoute; params: Record<string, string> }
  | { kind: 'invalidParameter'; route: ManifestRoute; field: string; rule: PathParameterProblem }
  | { kind: 'methodNotAllowed'; allowed: string[] }
  | { kind: 'notDeclared' };

/** Why a path parameter is refused (answered as 400 `{ error: 'validation', field, rule }`). */
export type PathParameterProblem = 'dotSegment' | 'encodedSeparator' | 'invalidCharacters';

/**
 * Whether a raw (still percent-encoded) path parameter is refused. Dot segments and encoded
 * separators would let a URL parser further on (the forwarder, the MDR service, a proxy) turn the
 * path the gate authorized into another route; anything else outside the id characters is refused
 * too, so that the path forwarded is exactly the one matched.
 */
export function pathParameterProblem(raw: string): PathParameterProblem | undefined {
  let decoded = raw;
  // Decoded twice: a proxy or framework that decodes once more must not find a dot segment either.
  for (let round = 0; round < 2; round++) {
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      return 'invalidCharacters';
    }
  }
  if (/[/\\]/.test(decoded)) return 'encodedSeparator';
  if (/^\.+$/.test(decoded)) return 'dotSegment';
  if (!/^[A-Za-z0-9_.~-]+$/.test(raw)) return 'invalidCharacters';
  return undefined;
}

/** Matches request paths against the manifest's routes; anything undeclared is not found (deny by default). */
export class RouteTable {
  private readonly routes: CompiledRoute[];

  constructor(routes: ManifestRoute[]) {
    this.routes = routes.map((route) => ({ ...route, pattern: compile(route.path) }));
  }

  match(method: string, pathname: string): RouteMatch {
    const allowed: string[] = [];
    for (const route of this.routes) {
      const found = route.pattern.exec(pathname);
      if (!found) continue;
      if (route.method === method.toUpperCase()) {
        const params: Record<string, string> = { ...(found.groups ?? {}) };
        for (const [field, value] of Object.entries(params)) {
          const problem = pathParameterProblem(value);
          if (problem) return { kind: 'invalidParameter', route, field, rule: problem };
        }
        return { kind: 'found', route, params };
      }
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: 'methodNotAllowed', allowed: [...new Set(allowed)] } : { kind: 'notDeclared' };
  }
}

function compile(routePath: string): RegExp {
  const source = routePath
    .split('/')
    // A parameter matches any one segment; pathParameterProblem() then refuses what it must not hold.
    .map((segment) => (segment.startsWith(':') ? `(?<${segment.slice(1)}>[^/]+)` : escape(segment)))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../common/paths.ts';
import type { RightId } from './rights.ts';

export interface ManifestRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  rights: RightId[];
  /** Console permissions the route needs besides the MDR functional areas. */
  hostRights?: 'manageUsersAndRoles'[];
}

export interface ManifestTab {
  id: string;
  path: string;
  titleKey: string;
  rights: RightId[];
}

export interface PluginManifest {
  id: string;
  version: string;
  titleKey: string;
  entry: string;
  localeNamespace: string;
  elements: { section: string; widgets: string[] };
  section: { path: string; navigationGroup: string };
  tabs: ManifestTab[];
  widgets: { id: string; element: string; titleKey: string; rights: RightId[] }[];
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
  | { kind: 'methodNotAllowed'; allowed: string[] }
  | { kind: 'notDeclared' };

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
        return { kind: 'found', route, params: { ...(found.groups ?? {}) } };
      }
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: 'methodNotAllowed', allowed: [...new Set(allowed)] } : { kind: 'notDeclared' };
  }
}

function compile(routePath: string): RegExp {
  const source = routePath
    .split('/')
    .map((segment) => (segment.startsWith(':') ? `(?<${segment.slice(1)}>[A-Za-z0-9_.~-]+)` : escape(segment)))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

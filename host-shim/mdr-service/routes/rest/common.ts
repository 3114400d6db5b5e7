import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../../errors.ts';
import type { Incident, MdrDatabase, SortDirection, TenantScope } from '../../db.ts';
import type { ApiCaller } from '../../tokens.ts';
import { parseSort, schemaParts } from './vendor-format.ts';

/** The caller of a REST request behind the access-token hook. */
export function apiCaller(request: FastifyRequest): ApiCaller {
  if (!request.apiCaller) throw new UnauthorizedError();
  return request.apiCaller;
}

/**
 * Confirming or declining responses needs the rights of a Senior Security Officer or more: a
 * connection with *Incident access* only (Security Officer) may read but not decide.
 */
export function requireResponseManagement(caller: ApiCaller): void {
  if (caller.connection.accessLevel === 'incident') {
    throw new ForbiddenError('forbidden', 'The connection has incident access only', ['responseManagement']);
  }
}

/** Client ids are generated hex strings; anything else cannot name a connection. */
export const clientIdParams = {
  type: 'object',
  required: ['clientId'],
  properties: { clientId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,100}$' } },
} as const;

/** Tenant id → name, for the `tenant_name` fields (at most 100 tenants). */
export function tenantNames(db: MdrDatabase): Map<string, string> {
  return new Map(db.tenants.list(null).map((t) => [t.id, t.name]));
}

/** The incident a request names (`incident_id`) when it is in the caller's scope; Not found otherwise. */
export function requestedIncident(db: MdrDatabase, request: FastifyRequest<{ Body: { incident_id: string } }>): Incident {
  const incident = db.incidents.get(request.body.incident_id, apiCaller(request).scope);
  if (!incident) throw new NotFoundError('incident');
  return incident;
}

/** The schema of a request about one incident that answers Markdown as HTML or not (the default differs by method, as in the vendor's examples). */
export function incidentRequestSchema(markdownToHtmlByDefault: boolean) {
  return {
    params: clientIdParams,
    body: {
      type: 'object',
      required: ['incident_id'],
      properties: { incident_id: schemaParts.id, markdown_to_html: { type: 'boolean', default: markdownToHtmlByDefault } },
    },
  } as const;
}

/** The paging and sorting of a `…/list` request, as the vendor names them. */
export interface ListBody {
  sort?: string;
  page: number;
  page_size: number;
}

/** The `…/count` and `…/list` methods of one kind of item (see {@link countAndListRoutes}). */
export interface CountAndList<Body extends object, Filter, Field extends string, Item> {
  /** The routes are `/<name>/count` and `/<name>/list`. */
  name: string;
  /** The body properties of the filter, all optional. */
  filterProperties: Record<string, unknown>;
  /** Body properties of a list beside the filter, sorting and paging. */
  listProperties?: Record<string, unknown>;
  toFilter: (body: Partial<Body>) => Filter;
  /** Vendor sort names → sort fields; `fallbackSort` for none or an unknown one. */
  sorts: Record<string, Field>;
  fallbackSort: { field: Field; direction: SortDirection };
  count: (scope: TenantScope, filter: Filter) => number;
  list: (scope: TenantScope, query: Filter & { sort: { field: Field; direction: SortDirection }; page: number; pageSize: number }) => Item[];
  /** The listed items as the API answers them. */
  present: (items: Item[], body: Body & ListBody) => unknown;
}

/**
 * `<name>/count` and `<name>/list`: both read one filter from the body and see only the caller's
 * tenants; the list sorts and pages it (the REST API shows no total, so only the page is read).
 */
export function countAndListRoutes<Body extends object, Filter, Field extends string, Item>(app: FastifyInstance, routes: CountAndList<Body, Filter, Field, Item>): void {
  app.post<{ Body: Partial<Body> | undefined }>(
    `/${routes.name}/count`,
    { schema: { params: clientIdParams, body: { type: 'object', properties: routes.filterProperties } } },
    // Fastify works out a body's type for a concrete body only; these are the types it declares.
    async (request) => ({ count: routes.count(apiCaller(request).scope, routes.toFilter((request.body as Partial<Body> | undefined) ?? {})) }),
  );

  app.post<{ Body: Body & ListBody }>(
    `/${routes.name}/list`,
    {
      schema: {
        params: clientIdParams,
        body: {
          type: 'object',
          properties: {
            ...routes.filterProperties,
            ...routes.listProperties,
            sort: { type: 'string', maxLength: 50 },
            page: schemaParts.page,
            page_size: schemaParts.pageSize,
          },
        },
      },
    },
    async (request) => {
      const body = request.body as Body & ListBody;
      const items = routes.list(apiCaller(request).scope, {
        ...routes.toFilter(body),
        sort: parseSort(body.sort, routes.sorts, routes.fallbackSort),
        page: body.page,
        pageSize: body.page_size,
      });
      return routes.present(items, body);
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { Incident, IncidentFilter, IncidentSortField } from '../../db.ts';
import { createCustomIncident } from '../../services/custom-incidents.ts';
import { apiCaller, clientIdParams, countAndListRoutes, incidentRequestSchema, requestedIncident, tenantNames } from './common.ts';
import {
  incidentToVendor,
  parseIncidentStatuses,
  parsePriorities,
  parseResolutions,
  parseResponseStatuses,
  parseResponseTypes,
  schemaParts,
} from './vendor-format.ts';

interface IncidentFilterBody {
  min_creation_time?: number;
  max_creation_time?: number;
  min_update_time?: number;
  max_update_time?: number;
  asset_ids?: string[];
  /** "host_name:asset_id" pairs. */
  affected_hosts?: string[];
  priorities?: string[];
  resolutions?: string[];
  response_statuses?: string[];
  response_types?: string[];
  statuses?: string[];
}

const filterProperties = {
  min_creation_time: schemaParts.time,
  max_creation_time: schemaParts.time,
  min_update_time: schemaParts.time,
  max_update_time: schemaParts.time,
  asset_ids: schemaParts.strings,
  affected_hosts: schemaParts.strings,
  priorities: schemaParts.strings,
  resolutions: schemaParts.strings,
  response_statuses: schemaParts.strings,
  response_types: schemaParts.strings,
  statuses: schemaParts.strings,
} as const;

/** Vendor sort names → our fields. Page through with creation_time (update_time moves). */
const SORTS: Record<string, IncidentSortField> = {
  creation_time: 'created',
  update_time: 'updated',
  priority: 'priority',
  status: 'status',
};

function toFilter(body: IncidentFilterBody): IncidentFilter {
  // affected_hosts name assets as "host_name:asset_id"; the id after the last colon decides.
  const fromHosts = body.affected_hosts?.map((pair) => pair.slice(pair.lastIndexOf(':') + 1)) ?? [];
  const assetIds = [...(body.asset_ids ?? []), ...fromHosts];
  return {
    minCreated: body.min_creation_time,
    maxCreated: body.max_creation_time,
    minUpdated: body.min_update_time,
    maxUpdated: body.max_update_time,
    assetIds: assetIds.length ? assetIds : undefined,
    priorities: parsePriorities(body.priorities, 'priorities'),
    resolutions: parseResolutions(body.resolutions, 'resolutions'),
    responseStatuses: parseResponseStatuses(body.response_statuses, 'response_statuses'),
    responseTypes: parseResponseTypes(body.response_types, 'response_types'),
    statuses: parseIncidentStatuses(body.statuses, 'statuses'),
  };
}

/** `incidents/count`, `incidents/list`, `incidents/details`, limited to the connection's tenants. */
export async function incidentRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.mdr;
  const present = (incidents: Incident[], html: boolean) => {
    const hostNames = db.assets.hostNames([...new Set(incidents.flatMap((i) => i.affectedAssetIds))]);
    const names = tenantNames(db);
    return incidents.map((incident) => incidentToVendor(incident, names, hostNames, html));
  };

  countAndListRoutes(app, {
    name: 'incidents',
    filterProperties,
    listProperties: { markdown_to_html: { type: 'boolean', default: false } },
    toFilter,
    sorts: SORTS,
    fallbackSort: { field: 'updated', direction: 'desc' },
    count: (scope, filter) => db.incidents.count(scope, filter),
    list: (scope, query) => db.incidents.listItems(scope, query),
    present: (items, body: IncidentFilterBody & { markdown_to_html?: boolean }) => present(items, body.markdown_to_html === true),
  });

  // The help's *Working with the REST API* counts creating incidents among the API's work; its examples
  // name no method for it: `incident/create` follows `comment/create`. A custom incident, as in
  // *Creating custom incidents in MDR Web Console* (summary, description, assets; priority Low by default).
  app.post<{ Body: { summary: string; description: string; asset_ids: string[]; priority?: string } }>(
    '/incident/create',
    {
      schema: {
        params: clientIdParams,
        body: {
          type: 'object',
          required: ['summary', 'description', 'asset_ids'],
          properties: {
            summary: { type: 'string', minLength: 1, maxLength: 1000 },
            description: { type: 'string', maxLength: 10_000 },
            asset_ids: { type: 'array', items: schemaParts.id, minItems: 1, maxItems: 100 },
            priority: { type: 'string', minLength: 1, maxLength: 20 },
          },
        },
      },
    },
    async (request) => {
      const caller = apiCaller(request);
      const { summary, description, asset_ids: assetIds, priority } = request.body;
      const incident = createCustomIncident(db, {
        summary: summary.trim(),
        description,
        assetIds,
        priority: priority === undefined ? undefined : parsePriorities([priority], 'priority')![0],
        scope: caller.scope,
        actor: caller.connection.name,
        now: app.mdr.now(),
      });
      app.mdr.activity.emit({ kind: 'incident', action: 'created', incidentId: incident.id });
      return present([incident], false)[0];
    },
  );

  app.post<{ Body: { incident_id: string; markdown_to_html?: boolean } }>(
    '/incidents/details',
    { schema: incidentRequestSchema(false) },
    async (request) => present([requestedIncident(db, request)], request.body.markdown_to_html === true)[0],
  );
}

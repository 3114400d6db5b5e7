import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../errors.ts';
import type { Asset, AssetFilter, AssetSortField } from '../../db.ts';
import { apiCaller, clientIdParams, countAndListRoutes, tenantNames } from './common.ts';
import { assetToVendor, parseAssetStatuses, schemaParts } from './vendor-format.ts';

interface AssetFilterBody {
  min_last_seen?: number;
  max_last_seen?: number;
  domain?: string;
  host_names?: string[];
  is_isolated?: boolean;
  network_interface?: string;
  os_version?: string;
  product?: string;
  search_phrase?: string;
  statuses?: string[];
  version?: number;
}

const filterProperties = {
  min_last_seen: schemaParts.time,
  max_last_seen: schemaParts.time,
  domain: { type: 'string', maxLength: 255 },
  host_names: schemaParts.strings,
  is_isolated: { type: 'boolean' },
  network_interface: { type: 'string', maxLength: 100 },
  os_version: { type: 'string', maxLength: 255 },
  product: { type: 'string', maxLength: 255 },
  search_phrase: { type: 'string', maxLength: 255 },
  statuses: schemaParts.strings,
  version: schemaParts.version,
} as const;

/** Vendor sort names → our sort fields. Page through with a field that does not change (first_seen). */
const SORTS: Record<string, AssetSortField> = {
  first_seen: 'firstSeen',
  last_seen: 'lastSeen',
  host_name: 'hostName',
  domain: 'domain',
  os_version: 'osVersion',
  status: 'status',
};

function toFilter(body: AssetFilterBody): AssetFilter {
  return {
    minLastSeen: body.min_last_seen,
    maxLastSeen: body.max_last_seen,
    // Empty strings in the vendor's examples mean "no filter".
    domain: body.domain || undefined,
    hostNames: body.host_names?.length ? body.host_names : undefined,
    isIsolated: body.is_isolated,
    networkInterface: body.network_interface || undefined,
    osVersionContains: body.os_version || undefined,
    productContains: body.product || undefined,
    searchPhrase: body.search_phrase || undefined,
    statuses: parseAssetStatuses(body.statuses, 'statuses'),
  };
}

/** `assets/count`, `assets/list`, `assets/details`, limited to the connection's tenants. */
export async function assetRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.mdr;

  countAndListRoutes(app, {
    name: 'assets',
    filterProperties,
    toFilter,
    sorts: SORTS,
    fallbackSort: { field: 'firstSeen', direction: 'asc' },
    count: (scope, filter) => db.assets.count(scope, filter),
    list: (scope, query) => db.assets.listItems(scope, query),
    present: (items: Asset[]) => {
      const names = tenantNames(db);
      return items.map((asset) => assetToVendor(asset, names));
    },
  });

  app.post<{ Body: { asset_id: string; version?: number } }>(
    '/assets/details',
    {
      schema: {
        params: clientIdParams,
        body: { type: 'object', required: ['asset_id'], properties: { asset_id: schemaParts.id, version: schemaParts.version } },
      },
    },
    async (request) => {
      const asset = db.assets.get(request.body.asset_id, apiCaller(request).scope);
      if (!asset) throw new NotFoundError('asset');
      return assetToVendor(asset, tenantNames(db));
    },
  );
}

import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { SeenAssetListQuerySchema, SeenAssetPageSchema, type SeenAssetListQuery, type SeenAssetSort } from '../../../../contract/schemas/health.ts';
import { attachment, CSV_BOM, csvLine } from '../../../common/csv.ts';
import { pluginString } from '../../../common/plugin-strings.ts';
import { consoleCaller } from '../../http/console-auth.ts';
import type { AssetListQuery, AssetSortField } from '../../db/assets.ts';
import type { Asset, AssetStatus } from '../../db/types.ts';
import { ValidationError } from '../../errors.ts';

/** Columns of *All assets ever seen* the list can be sorted by (each backed by an index). */
const SORTS: Record<SeenAssetSort, AssetSortField> = {
  hostName: 'hostName',
  status: 'status',
  lastSeen: 'lastSeen',
  firstSeen: 'firstSeen',
  domain: 'domain',
  osVersion: 'osVersion',
  products: 'products',
  telemetryLoss: 'telemetryLoss',
};

const STATUSES: readonly AssetStatus[] = ['ok', 'warning', 'critical', 'absent'];

/** Turns the validated query string into the repository's filter; a reversed period is a 400. */
function toAssetQuery(query: SeenAssetListQuery): AssetListQuery {
  if (query.lastSeenFrom !== undefined && query.lastSeenTo !== undefined && query.lastSeenFrom > query.lastSeenTo) {
    throw new ValidationError('lastSeenTo', 'The end of the period is before its start', 'validation', 'periodReversed');
  }
  const search = query.search?.trim();
  return {
    statuses: query.statuses ? (query.statuses.split(',').filter((s) => STATUSES.includes(s as AssetStatus)) as AssetStatus[]) : undefined,
    minLastSeen: query.lastSeenFrom,
    maxLastSeen: query.lastSeenTo,
    nameContains: search ? search : undefined,
    sort: { field: SORTS[query.sort ?? 'hostName'], direction: query.direction ?? 'asc' },
    page: query.page,
    pageSize: query.pageSize ?? 25,
  };
}

/** An asset as *All assets ever seen* shows it. */
function toHealthRow(asset: Asset) {
  return {
    id: asset.id,
    hostName: asset.hostName,
    status: asset.status,
    problems: asset.problems72h.map((problem) => ({ code: problem.code, detectedAt: new Date(problem.detectedAt).toISOString(), component: problem.component ?? null })),
    telemetryLoss: asset.telemetryLoss,
    lastSeen: new Date(asset.lastSeen).toISOString(),
    firstSeen: new Date(asset.firstSeen).toISOString(),
    domain: asset.domain,
    osVersion: asset.osVersion,
    products: asset.installedProducts.map((product) => `${product.name} ${product.version}`),
  };
}

const CSV_COLUMNS = ['hostName', 'status', 'problems', 'telemetryLoss', 'lastSeen', 'firstSeen', 'domain', 'osVersion', 'products'] as const;

/**
 * *MDR Health → All assets ever seen*: `GET /console/v1/health/assets` (one page, filtered and sorted
 * in the database, with the count of the same filter) and `GET /console/v1/health/assets/export`
 * (every matching asset as CSV, streamed batch by batch). Both within the console's tenant scope.
 */
export async function assetHealthRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: SeenAssetListQuery }>(
    '/health/assets',
    { schema: { querystring: SeenAssetListQuerySchema, response: { 200: SeenAssetPageSchema } }, config: { rights: ['incidentAccess'] } },
    async (request) => {
      const page = app.mdr.db.assets.list(consoleCaller(request).scope, toAssetQuery(request.query));
      return { items: page.items.map(toHealthRow), total: page.total, page: page.page, pageSize: page.pageSize };
    },
  );

  app.get<{ Querystring: SeenAssetListQuery }>(
    '/health/assets/export',
    { schema: { querystring: SeenAssetListQuerySchema }, config: { rights: ['incidentAccess'] } },
    async (request, reply) => {
      const { scope, language } = consoleCaller(request);
      const query = toAssetQuery(request.query);
      const batches = app.mdr.db.assets.exportBatches(scope, query);
      // Labels are looked up once per distinct value, not once per row.
      const labels = new Map<string, string>();
      const text = (key: string) => labels.get(key) ?? (labels.set(key, pluginString(language, key)), labels.get(key)!);
      const stamp = (ms: number) => new Date(ms).toISOString();
      function* lines(): Generator<string> {
        yield CSV_BOM + csvLine(CSV_COLUMNS.map((column) => text(`health.assets.columns.${column}`)));
        // Chunks of about 32 KB: a longer string is born in the heap's large-object space, which only
        // a full collection frees, and a million rows of them grew the service by 100 MB and more.
        let chunk = '';
        for (const batch of batches) {
          for (const asset of batch) {
            if (chunk.length > 32_000) {
              yield chunk;
              chunk = '';
            }
            chunk += csvLine([
              asset.hostName,
              text(`health.assets.status.${asset.status}`),
              asset.problemCodes.map((code) => text(`health.assets.problems.${code}`)).join('; '),
              asset.telemetryLoss ? text('health.yes') : text('health.no'),
              stamp(asset.lastSeen),
              stamp(asset.firstSeen),
              asset.domain,
              asset.osVersion,
              asset.products,
            ]);
          }
        }
        if (chunk) yield chunk;
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', attachment(`mdr-assets-${new Date(app.mdr.now()).toISOString().slice(0, 10)}.csv`))
        .header('cache-control', 'no-store')
        .send(Readable.from(lines(), { objectMode: false, highWaterMark: 64 * 1024 }));
    },
  );
}

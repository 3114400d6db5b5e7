import { IsoDateTime, Nullable, OneOf, Type, type Static } from './common.ts';
import { DIRECTIONS, PageOf } from './list.ts';

/** The status of an asset that sent telemetry. */
export const AssetStatusSchema = OneOf(['ok', 'warning', 'critical', 'absent']);
export type AssetStatus = Static<typeof AssetStatusSchema>;

/** Columns of *All assets ever seen* the list can be sorted by. */
export const SEEN_ASSET_SORTS = ['hostName', 'status', 'lastSeen', 'firstSeen', 'domain', 'osVersion', 'products', 'telemetryLoss'] as const;
export type SeenAssetSort = (typeof SEEN_ASSET_SORTS)[number];

/**
 * Query of `GET /health/assets` and of its CSV export (`/health/assets/export`): paging, sorting and
 * the filters as the query string carries them.
 */
export const SeenAssetListQuerySchema = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    sort: Type.Optional(OneOf(SEEN_ASSET_SORTS)),
    direction: Type.Optional(OneOf(DIRECTIONS)),
    /** Comma-separated statuses, e.g. `warning,critical`. */
    statuses: Type.Optional(Type.String({ maxLength: 100, pattern: '^(ok|warning|critical|absent)(,(ok|warning|critical|absent))*$' })),
    /** Epoch milliseconds. */
    lastSeenFrom: Type.Optional(Type.Integer({ minimum: 0 })),
    lastSeenTo: Type.Optional(Type.Integer({ minimum: 0 })),
    search: Type.Optional(Type.String({ maxLength: 255 })),
  },
  { additionalProperties: false },
);
export type SeenAssetListQuery = Static<typeof SeenAssetListQuerySchema>;

/** An asset that sent telemetry at least once (*All assets ever seen*). */
export const SeenAssetSchema = Type.Object({
  id: Type.String(),
  hostName: Type.String(),
  status: AssetStatusSchema,
  /** Problems of the last 72 hours. */
  problems: Type.Array(Type.Object({ code: Type.String(), detectedAt: IsoDateTime, component: Nullable(Type.String()) })),
  telemetryLoss: Type.Boolean(),
  lastSeen: IsoDateTime,
  firstSeen: IsoDateTime,
  domain: Type.String(),
  osVersion: Type.String(),
  /** Each installed product as `name version`. */
  products: Type.Array(Type.String()),
});
export type SeenAsset = Static<typeof SeenAssetSchema>;

/** Body of `GET /health/assets`: one page of *All assets ever seen*, with the count of the same filter. */
export const SeenAssetPageSchema = PageOf(SeenAssetSchema);
export type SeenAssetPage = Static<typeof SeenAssetPageSchema>;

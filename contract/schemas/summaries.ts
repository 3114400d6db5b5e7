import { Type, type Static } from './common.ts';

const Count = Type.Integer({ minimum: 0 });

/** Query of `GET /console/v1/assets/summary`: comma-separated tenant ids ('root': assets without a tenant); absent = every tenant in scope. */
export const AssetsSummaryQuerySchema = Type.Object(
  { tenantIds: Type.Optional(Type.String({ maxLength: 4000, pattern: '^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$' })) },
  { additionalProperties: false },
);
export type AssetsSummaryQuery = Static<typeof AssetsSummaryQuerySchema>;

/** What *Filter by tenant* offers: the tenants of the console's scope, and 'root' when it reaches it. */
export const TenantOptionsSchema = Type.Object({ root: Type.Boolean(), tenants: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })) });
export type TenantOptions = Static<typeof TenantOptionsSchema>;

/** `GET /console/v1/assets/summary`: asset counts per status within the console's tenant scope (the *MDR assets by status* widget). */
export const AssetsSummarySchema = Type.Object({
  ok: Count,
  warning: Count,
  critical: Count,
  absent: Count,
  total: Count,
  tenantOptions: TenantOptionsSchema,
});
export type AssetsSummary = Static<typeof AssetsSummarySchema>;

/** `GET /console/v1/incidents/summary`: open incidents by priority and responses awaiting a decision, within the user's tenants. */
export const IncidentSummarySchema = Type.Object({
  /** MDR Web Console for the organization's region. */
  webConsoleUrl: Type.String(),
  openByPriority: Type.Object({ high: Count, medium: Count, low: Count, total: Count }),
  responsesAwaitingDecision: Count,
});
export type IncidentSummary = Static<typeof IncidentSummarySchema>;

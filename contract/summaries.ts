/** The dashboard widget's and the *Incidents* tab's summaries, declared once as schemas (`contract/schemas/summaries.ts`); their types, for both sides. */
export type { AssetsSummary, AssetsSummaryQuery, IncidentSummary, TenantOptions } from './schemas/summaries.ts';

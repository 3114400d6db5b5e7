/**
 * Custom incidents (created by the client in MDR Web Console) count against an SLA allowance per
 * period; the period is the calendar week, Monday 00:00 UTC to the next Monday.
 */

/** Monday 00:00 UTC of the week containing `now`: start of the current custom-incident period. */
export function customIncidentPeriodStart(now: number): number {
  const date = new Date(now);
  const daysSinceMonday = (date.getUTCDay() + 6) % 7;
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - daysSinceMonday);
}

/**
 * Custom incidents processed within the SLA each week (help: *Comparison of commercial license tiers*,
 * note **): "three requests per week …; for every 10,000 connected endpoints, the number of requests is
 * increased by 1". Tiers without custom incidents (Optimum, Basic) store no base (null).
 */
export const CUSTOM_INCIDENTS_PER_WEEK = 3;
export const ENDPOINTS_PER_EXTRA_CUSTOM_INCIDENT = 10_000;

/** The week's allowance for `connectedEndpoints` (null: the tier has no custom incidents). */
export function customIncidentAllowance(base: number | null, connectedEndpoints: number): number | null {
  if (base === null) return null;
  return base + Math.floor(Math.max(0, connectedEndpoints) / ENDPOINTS_PER_EXTRA_CUSTOM_INCIDENT);
}

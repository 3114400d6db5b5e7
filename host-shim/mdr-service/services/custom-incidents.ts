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

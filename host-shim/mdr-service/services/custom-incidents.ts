/**
 * Custom incidents (created by the client in MDR Web Console) count against an SLA allowance per
 * period; the period is the calendar week, Monday 00:00 UTC to the next Monday.
 */
import { NotFoundError, ValidationError } from '../errors.ts';
import type { Incident, IncidentPriority, MdrDatabase, TenantScope } from '../db.ts';
import { newVendorId } from './incident-activity.ts';
import { requireTierFeature } from './tier-features.ts';

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

/** What the client gives for a custom incident (help, *Creating custom incidents in MDR Web Console*). */
export interface CustomIncidentInput {
  /** "A brief commentary about the incident." */
  summary: string;
  /** "Free-form detailed information about the incident. Markdown is supported". */
  description: string;
  /** "The asset(s) compromised in the incident": in the caller's scope, all of one tenant (or all without one). */
  assetIds: readonly string[];
  /** Help, *Incident detection scenarios*, Scenario 2: "By default, the incident priority level is set to Low". */
  priority?: IncidentPriority;
  scope: TenantScope;
  actor: string;
  now: number;
}

/**
 * Creates a custom incident, refused (403 `notInLicenseTier`) where the organization's tier has none
 * (help: "Creating custom incidents is not available in some of the commercial license tiers").
 * Incidents beyond the week's allowance are created too, only without the SLA's time frames (help:
 * "You can create more incidents than specified in the MDR Agreement, but compliance with the SLA time
 * frames is not guaranteed"). The incident's tenant is its assets' one.
 */
export function createCustomIncident(db: MdrDatabase, input: CustomIncidentInput): Incident {
  requireTierFeature(db, 'customIncidents');
  return db.transaction(() => {
    const assets = [...new Set(input.assetIds)].map((id) => db.assets.get(id, input.scope));
    if (assets.length === 0 || assets.some((asset) => asset === null)) throw new NotFoundError('asset');
    const tenants = new Set(assets.map((asset) => asset!.tenantId));
    if (tenants.size > 1) throw new ValidationError('asset_ids', 'The assets of an incident belong to one tenant (or all to none)');
    const id = newVendorId();
    db.incidents.insert({
      id,
      number: db.incidents.nextNumber(),
      tenantId: assets[0]!.tenantId,
      summary: input.summary,
      description: input.description,
      priority: input.priority ?? 'low',
      status: 'open',
      resolution: null,
      mitreTactics: [],
      mitreTechniques: [],
      detectionTechnology: 'custom',
      assetIocs: [],
      networkIocs: [],
      isCustom: true,
      created: input.now,
      updated: input.now,
      affectedAssetIds: assets.map((asset) => asset!.id),
    });
    db.history.insert({ incidentId: id, category: 'incident', what: 'incidentCreated', details: { custom: true }, actor: input.actor, created: input.now });
    return db.incidents.require(id);
  });
}

/**
 * Auto-acceptance of responses: which tenants it covers, and the arrival of new SOC responses,
 * which are accepted on arrival for covered tenants (they then read as *Confirmed* through the REST
 * API, with the acceptance recorded in the incident's history).
 */
import type { MdrDatabase, ResponseInput, ResponseRecord } from '../db.ts';
import type { ActivityBus } from './activity.ts';

/** Who the history names for an acceptance made by the setting rather than by a person. */
export const AUTO_ACCEPT_ACTOR = 'Auto-acceptance';

/**
 * Whether new responses for `tenantId` (null = the organization without tenants) are accepted
 * automatically: every tenant in *all tenants* mode, the checked tenants (and the root when checked)
 * in per-tenant mode.
 */
export function isAutoAccepted(db: MdrDatabase, tenantId: string | null): boolean {
  const { mode, root } = db.settings.get('autoAccept').value;
  if (mode === 'allTenants') return true;
  if (mode !== 'perTenant') return false;
  // Per tenant: the checked tenants, and the assets without a tenant when *Root without tenants* is checked.
  return tenantId === null ? root === true : (db.tenants.get(tenantId)?.autoAccept ?? false);
}

/**
 * A new response from the SOC arrives for an incident: stored as awaiting a decision, or accepted at
 * once when auto-acceptance covers the incident's tenant. All in one transaction; announced after.
 */
export function receiveResponse(db: MdrDatabase, activity: ActivityBus | null, input: Omit<ResponseInput, 'status' | 'changedBy' | 'comment' | 'updated'>): ResponseRecord {
  const stored = db.transaction(() => {
    const incident = db.incidents.require(input.incidentId);
    const accepted = isAutoAccepted(db, incident.tenantId);
    db.responses.insert({
      ...input,
      status: accepted ? 'confirmed' : 'waiting',
      comment: null,
      changedBy: accepted ? AUTO_ACCEPT_ACTOR : null,
      updated: input.created,
    });
    db.history.insert({ incidentId: input.incidentId, category: 'response', what: 'responseCreated', details: { responseId: input.id, type: input.type }, actor: null, created: input.created });
    if (accepted) {
      db.history.insert({
        incidentId: input.incidentId,
        category: 'response',
        what: 'responseConfirmed',
        details: { responseId: input.id, type: input.type, automatic: true },
        actor: AUTO_ACCEPT_ACTOR,
        created: input.created,
      });
    }
    db.incidents.touch(input.incidentId, input.created);
    return db.responses.get(input.id)!;
  });
  activity?.emit({ kind: 'response', action: stored.status === 'confirmed' ? 'autoAccepted' : 'created', incidentId: stored.incidentId, responseId: stored.id });
  return stored;
}

/** *Full access + API and tenants*, *Incident access, response management, and auto-accept settings*, *Incident access*. */
export type ApiAccessLevel = 'full' | 'senior' | 'incident';
export const ACCESS_LEVELS: readonly ApiAccessLevel[] = ['full', 'senior', 'incident'];

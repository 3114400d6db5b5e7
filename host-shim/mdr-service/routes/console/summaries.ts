import type { FastifyInstance } from 'fastify';
import { AssetsSummaryQuerySchema, AssetsSummarySchema, IncidentSummarySchema } from '../../../../contract/schemas/summaries.ts';
import type { AssetsSummaryQuery } from '../../../../contract/summaries.ts';
import { ROOT_TENANT } from '../../db.ts';
import { ValidationError } from '../../errors.ts';
import { consoleCaller } from '../../http/console-auth.ts';
import { webConsoleUrl } from '../../services/activation.ts';
import { tenantChoices } from './common.ts';

const assetsSchema = { querystring: AssetsSummaryQuerySchema, response: { 200: AssetsSummarySchema } };
const incidentsSchema = { response: { 200: IncidentSummarySchema } };

/**
 * `GET /console/v1/assets/summary` (the dashboard widget *MDR assets by status*) and
 * `GET /console/v1/incidents/summary` (the *Incidents* tab): counts within the console's tenant scope,
 * and MDR Web Console's address for the organization's region.
 */
export async function summaryRoutes(app: FastifyInstance): Promise<void> {
  // Help, *Dashboards* ("To switch dashboards to tenant-specific statistics … Filter by tenant … select
  // one or multiple tenants"; *Assets by status* is among the widgets): the counts of the chosen
  // tenants, within the console's tenant scope, and the tenants there are to choose from.
  app.get<{ Querystring: AssetsSummaryQuery }>('/assets/summary', { schema: assetsSchema, config: { rights: ['incidentAccess'] } }, async (request) => {
    const { scope } = consoleCaller(request);
    const tenantOptions = tenantChoices(app.mdr.db, scope);
    const chosen = request.query.tenantIds === undefined ? undefined : [...new Set(request.query.tenantIds.split(','))];
    const known = new Set([...tenantOptions.tenants.map((tenant) => tenant.id), ...(tenantOptions.root ? [ROOT_TENANT] : [])]);
    if (chosen?.some((id) => !known.has(id))) throw new ValidationError('tenantIds', 'Unknown tenant', 'validation', 'unknownTenant');
    const counts = app.mdr.db.assets.countByStatus(scope, { tenantIds: chosen });
    return { ...counts, total: counts.ok + counts.warning + counts.critical + counts.absent, tenantOptions };
  });

  app.get('/incidents/summary', { schema: incidentsSchema, config: { rights: ['incidentAccess'] } }, async (request) => {
    const { scope } = consoleCaller(request);
    const open = app.mdr.db.incidents.openByPriority(scope);
    return {
      openByPriority: { ...open, total: open.high + open.medium + open.low },
      responsesAwaitingDecision: app.mdr.db.responses.countAwaitingDecision(scope),
      webConsoleUrl: webConsoleUrl(app.mdr.db.organization.require().regionCode),
    };
  });
}

import type { FastifyInstance } from 'fastify';
import { ROOT_TENANT } from '../../db.ts';
import { ValidationError } from '../../errors.ts';
import { consoleCaller } from '../../http/console-auth.ts';
import { webConsoleUrl } from '../../services/activation.ts';
import { tenantChoices } from './common.ts';

const count = { type: 'integer', minimum: 0 } as const;

const assetsSchema = {
  querystring: {
    type: 'object',
    additionalProperties: false,
    // Comma-separated tenant ids ('root': assets without a tenant); absent = every tenant in scope.
    properties: { tenantIds: { type: 'string', maxLength: 4000, pattern: '^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$' } },
  },
  response: {
    200: {
      type: 'object',
      required: ['ok', 'warning', 'critical', 'absent', 'total', 'tenantOptions'],
      properties: {
        ok: count,
        warning: count,
        critical: count,
        absent: count,
        total: count,
        tenantOptions: {
          type: 'object',
          required: ['root', 'tenants'],
          properties: {
            root: { type: 'boolean' },
            tenants: { type: 'array', items: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } } },
          },
        },
      },
    },
  },
} as const;

const incidentsSchema = {
  response: {
    200: {
      type: 'object',
      required: ['openByPriority', 'responsesAwaitingDecision', 'webConsoleUrl'],
      properties: {
        webConsoleUrl: { type: 'string' },
        openByPriority: {
          type: 'object',
          required: ['high', 'medium', 'low', 'total'],
          properties: { high: count, medium: count, low: count, total: count },
        },
        responsesAwaitingDecision: count,
      },
    },
  },
} as const;

/**
 * `GET /console/v1/assets/summary` (the dashboard widget *MDR assets by status*) and
 * `GET /console/v1/incidents/summary` (the *Incidents* tab): counts within the console's tenant scope,
 * and MDR Web Console's address for the organization's region.
 */
export async function summaryRoutes(app: FastifyInstance): Promise<void> {
  // Help, *Dashboards* ("To switch dashboards to tenant-specific statistics … Filter by tenant … select
  // one or multiple tenants"; *Assets by status* is among the widgets): the counts of the chosen
  // tenants, within the console's tenant scope, and the tenants there are to choose from.
  app.get<{ Querystring: { tenantIds?: string } }>('/assets/summary', { schema: assetsSchema, config: { rights: ['incidentAccess'] } }, async (request) => {
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

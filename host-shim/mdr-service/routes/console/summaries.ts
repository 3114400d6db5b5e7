import type { FastifyInstance } from 'fastify';
import { consoleCaller } from '../../http/console-auth.ts';
import { webConsoleUrl } from '../../services/activation.ts';

const count = { type: 'integer', minimum: 0 } as const;

const assetsSchema = {
  response: {
    200: {
      type: 'object',
      required: ['ok', 'warning', 'critical', 'absent', 'total'],
      properties: { ok: count, warning: count, critical: count, absent: count, total: count },
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
  app.get('/assets/summary', { schema: assetsSchema, config: { rights: ['incidentAccess'] } }, async (request) => {
    const counts = app.mdr.db.assets.countByStatus(consoleCaller(request).scope);
    return { ...counts, total: counts.ok + counts.warning + counts.critical + counts.absent };
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

import type { FastifyInstance } from 'fastify';
import { installConsoleAuth } from '../../http/console-auth.ts';
import { activationRoutes } from './activation.ts';
import { assetHealthRoutes } from './asset-health.ts';
import { apiConnectionRoutes } from './api-connections.ts';
import { healthRoutes } from './health.ts';
import { licenseRoutes } from './licenses.ts';
import { summaryRoutes } from './summaries.ts';
import { tenantRoutes } from './tenants.ts';
import { usageRoutes } from './usage.ts';
import { notificationRoutes } from './notifications.ts';
import { principalRoutes } from './principals.ts';
import { reportScheduleRoutes } from './report-schedules.ts';
import { settingsRoutes } from './settings.ts';

/**
 * The console-facing API under `/console/v1` (called by the console server, which forwards the
 * plug-in's calls). Authentication and rights checks are installed once for the whole scope.
 */
export async function consoleApi(app: FastifyInstance): Promise<void> {
  installConsoleAuth(app);
  for (const routes of [
    healthRoutes,
    usageRoutes,
    summaryRoutes,
    assetHealthRoutes,
    activationRoutes,
    tenantRoutes,
    apiConnectionRoutes,
    principalRoutes,
    licenseRoutes,
    settingsRoutes,
    notificationRoutes,
    reportScheduleRoutes,
  ]) {
    await app.register(routes);
  }
}

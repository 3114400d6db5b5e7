import type { AxiosInstance } from 'axios';
import { ActivationApi } from './activation.ts';
import { ApiConnectionsApi } from './api-connections.ts';
import { ConnectionApi } from './connection.ts';
import { DashboardApi } from './dashboard.ts';
import { HealthApi } from './health.ts';
import { IncidentsApi } from './incidents.ts';
import { LicensesApi } from './licenses.ts';
import { NotificationsApi } from './notifications.ts';
import { ReportSchedulesApi } from './report-schedules.ts';
import { PluginHttp } from './request.ts';
import { RolesApi } from './roles.ts';
import { SettingsApi } from './settings.ts';
import { TenantsApi } from './tenants.ts';
import { UsageApi } from './usage.ts';

/**
 * The plug-in's routes as one client, grouped by area (`api.tenants.list(…)`), made once from the
 * host's axios instance and handed to the tabs through `apiContext` (plugin/context.ts). Every call
 * answers its data or throws one `ApiError` (plugin/api/request.ts).
 */
export class MdrApi {
  readonly activation: ActivationApi;
  readonly apiConnections: ApiConnectionsApi;
  readonly connection: ConnectionApi;
  readonly dashboard: DashboardApi;
  readonly health: HealthApi;
  readonly incidents: IncidentsApi;
  readonly licenses: LicensesApi;
  readonly notifications: NotificationsApi;
  readonly reportSchedules: ReportSchedulesApi;
  readonly roles: RolesApi;
  readonly settings: SettingsApi;
  readonly tenants: TenantsApi;
  readonly usage: UsageApi;

  /** @param client The host's client bound to the plug-in's route prefix; it is used, never changed. */
  constructor(readonly client: AxiosInstance) {
    const http = new PluginHttp(client);
    this.activation = new ActivationApi(http);
    this.apiConnections = new ApiConnectionsApi(http);
    this.connection = new ConnectionApi(http);
    this.dashboard = new DashboardApi(http);
    this.health = new HealthApi(http);
    this.incidents = new IncidentsApi(http);
    this.licenses = new LicensesApi(http);
    this.notifications = new NotificationsApi(http);
    this.reportSchedules = new ReportSchedulesApi(http);
    this.roles = new RolesApi(http);
    this.settings = new SettingsApi(http);
    this.tenants = new TenantsApi(http);
    this.usage = new UsageApi(http);
  }
}

/**
 * The client for a host's axios instance: the same object as long as the host hands over the same
 * instance (a host gives a new host object on every change of language or rights, and tabs must not
 * load again for that).
 */
export function mdrApiFor(client: AxiosInstance, previous: MdrApi | undefined): MdrApi {
  return previous?.client === client ? previous : new MdrApi(client);
}

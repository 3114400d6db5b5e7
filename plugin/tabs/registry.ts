/**
 * Where each tab's element lives. Each loader is a dynamic import, so each tab is its own chunk,
 * fetched the first time the tab is opened.
 */
export const tabModules: Record<string, { tag: string; load: () => Promise<unknown> }> = {
  incidents: { tag: 'mdr-incidents-tab', load: () => import('./incidents/mdr-incidents-tab.ts') },
  health: { tag: 'mdr-health-tab', load: () => import('./health/mdr-health-tab.ts') },
  tenants: { tag: 'mdr-tenants-tab', load: () => import('./tenants/mdr-tenants-tab.ts') },
  api: { tag: 'mdr-api-tab', load: () => import('./api/mdr-api-tab.ts') },
  licenses: { tag: 'mdr-licenses-tab', load: () => import('./licenses/mdr-licenses-tab.ts') },
  usage: { tag: 'mdr-usage-tab', load: () => import('./usage/mdr-usage-tab.ts') },
  settings: { tag: 'mdr-settings-tab', load: () => import('./settings/mdr-settings-tab.ts') },
  notifications: { tag: 'mdr-notifications-tab', load: () => import('./notifications/mdr-notifications-tab.ts') },
  reports: { tag: 'mdr-reports-tab', load: () => import('./reports/mdr-reports-tab.ts') },
  gettingStarted: { tag: 'mdr-getting-started-tab', load: () => import('./getting-started/mdr-getting-started-tab.ts') },
};

/**
 * What `npm run mutate` mutates, and which test files are run against each group of modules.
 *
 * Each group is one StrykerJS run: its modules (whole files, or `file:from-to` line ranges where
 * only part of a file guards users) are mutated, and each mutant is run against the group's test
 * files that cover it. The lists are kept short so that a full run of every group finishes within
 * 30 minutes on a 2-core machine; a group's report names any mutant its tests do not reach.
 */
export interface MutationGroup {
  /** Folder name under reports/mutation/. */
  name: string;
  /** What the group guards, as the summary prints it. */
  title: string;
  mutate: string[];
  tests: string[];
}

export const mutationGroups: MutationGroup[] = [
  {
    name: 'console-gate',
    title: 'Console gate: host names, sessions, CSRF, origin, manifest rights',
    mutate: [
      // The Host allow-list hook, each route's access (session, origin, CSRF token, administration),
      // the sign-in origin check and the plug-in gate (manifest match, change token, rights).
      'host-shim/server/http/host-check.ts',
      'host-shim/server/http/access.ts:32-80',
      'host-shim/server/routes/session.ts:52-52',
      'host-shim/server/gateway/plugin-gateway.ts:39-49',
      'host-shim/server/allowed-hosts.ts',
      'host-shim/server/sessions.ts',
      'host-shim/server/manifest.ts:50-116',
      'host-shim/server/rights.ts',
    ],
    tests: ['test/console-server/console-gate-units.test.ts'],
  },
  {
    name: 'service-authentication',
    title: 'MDR service: console credential, tokens of API connections',
    mutate: ['host-shim/mdr-service/http/console-auth.ts', 'host-shim/mdr-service/console-credential.ts', 'host-shim/mdr-service/tokens.ts'],
    tests: ['test/mdr-service/mdr-service-authentication-units.test.ts'],
  },
  {
    name: 'tenant-scope',
    title: 'Tenant scope in queries',
    mutate: [
      'host-shim/mdr-service/db/sql.ts:28-60',
      // MDR Health at a million assets: counts kept by tenant, the search index's tenant tokens, the index walk.
      'host-shim/mdr-service/db/assets.ts:150-154',
      'host-shim/mdr-service/db/assets.ts:210-225',
      'host-shim/mdr-service/db/assets.ts:301-316',
      'host-shim/mdr-service/db/assets.ts:336-376',
    ],
    tests: ['test/mdr-service/mdr-service-scope-units.test.ts', 'test/mdr-service/mdr-health-scale-units.test.ts'],
  },
  {
    name: 'limits',
    title: 'Product limits: tenants, report schedules, console administration',
    mutate: [
      'contract/administration-limits.ts',
      'host-shim/mdr-service/db/tenants.ts:68-72',
      'host-shim/mdr-service/db/report-schedules.ts:37-43',
      'host-shim/mdr-service/db/report-schedules.ts:72-83',
      'host-shim/mdr-service/db/report-schedules.ts:89-101',
    ],
    tests: ['test/mdr-service/mdr-service-limits-units.test.ts'],
  },
  {
    name: 'verification',
    title: 'E-mail verification codes',
    mutate: ['host-shim/mdr-service/services/email-verification.ts', 'host-shim/mdr-service/verification-key.ts'],
    tests: ['test/mdr-service/email-verification-units.test.ts'],
  },
  {
    name: 'csv',
    title: 'CSV writers (formula neutralization)',
    mutate: ['contract/csv.ts', 'plugin/csv.ts', 'host-shim/common/csv.ts'],
    tests: ['test/project/csv-and-downloads.test.ts'],
  },
  {
    name: 'optimistic-locking',
    title: 'Optimistic locking in the repositories',
    mutate: [
      'host-shim/mdr-service/db/sql.ts:89-139',
      // The assignments of a patch, from the columns each repository declares.
      'host-shim/common/row-mapping.ts:163-186',
      'host-shim/mdr-service/db/api-connections.ts:25-25',
      'host-shim/mdr-service/db/api-connections.ts:72-81',
      'host-shim/mdr-service/db/incidents.ts:150-160',
      'host-shim/mdr-service/db/licenses.ts:60-70',
      'host-shim/mdr-service/db/organization.ts:41-41',
      'host-shim/mdr-service/db/organization.ts:70-79',
      'host-shim/mdr-service/db/report-schedules.ts:27-27',
      'host-shim/mdr-service/db/report-schedules.ts:79-87',
      'host-shim/mdr-service/db/settings.ts:29-38',
      'host-shim/mdr-service/db/settings.ts:89-112',
      'host-shim/mdr-service/db/tenants.ts:23-23',
      'host-shim/mdr-service/db/tenants.ts:117-127',
    ],
    tests: ['test/mdr-service/mdr-service-locking-units.test.ts'],
  },
  {
    name: 'markdown',
    title: 'Markdown sanitizer',
    mutate: ['host-shim/mdr-service/services/markdown.ts'],
    tests: ['test/mdr-service/markdown-units.test.ts'],
  },
  {
    name: 'plugin-rights',
    title: "The plug-in's rights helpers",
    mutate: ['contract/rights.ts', 'plugin/context.ts:79-82', 'contract/api-connections.ts:16-34'],
    tests: ['test/project/plugin-rights.test.ts'],
  },
];

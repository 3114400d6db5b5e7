import './support/accessibility-hook.ts';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../plugin/index.ts';
import type { MdrSection } from '../../plugin/mdr-section.ts';
import type { RightId } from '../../plugin/context.ts';
import { allRights, createTestHost } from './support/test-host.ts';
import { deepQuery, deepQueryAll, visibleText } from './support/dom.ts';
import { buttonNamed, clickButton } from './support/actions.ts';
import { licenseRow, reportSchedule } from './support/fixtures.ts';

/**
 * Which controls inside each tab a user may use, for the combinations of rights the help tells apart
 * for that tab (specification section 3; help topic 213206 *Setting access rights in Kaspersky Security
 * Center* and the topics named per tab). The expected tables are written from the help, not from the
 * plug-in's code: a control is `enabled`, `disabled` (shown, value visible, not usable), `read-only`
 * (a text field that cannot be edited) or `absent`; a read-only hint is `shown` or `absent`.
 */

type Routes = NonNullable<Parameters<typeof createTestHost>[0]['routes']>;
type State = 'enabled' | 'disabled' | 'read-only' | 'shown' | 'absent';
/** Control name → its state (or, for a choice, the options offered). */
type Controls = Record<string, string>;

const has = (rights: readonly RightId[], ...needed: RightId[]) => needed.every((right) => rights.includes(right));
/** The MDR Administrator role: all six MDR functional areas (Application Integration is not one of them). */
const MDR_ADMINISTRATOR: RightId[] = allRights.filter((right) => right !== 'applicationIntegration');
const label = (rights: readonly RightId[]) => rights.join('+');

/**
 * `base` (the rights that show the tab) plus every subset of `varying` (the rights the help ties to the
 * tab's controls), each once without and once with all `others`, so that a control which wrongly
 * depends on a right the help does not name for it shows up too.
 */
function combinations(base: RightId[], varying: RightId[], others: RightId[] = allRights.filter((right) => !base.includes(right) && !varying.includes(right))): RightId[][] {
  const result: RightId[][] = [];
  for (let mask = 0; mask < 2 ** varying.length; mask++) {
    const chosen = varying.filter((_, bit) => (mask >> bit) & 1);
    for (const extra of others.length > 0 ? [[], others] : [[]]) {
      const rights = new Set([...base, ...chosen, ...extra]);
      result.push(allRights.filter((right) => rights.has(right)));
    }
  }
  return result;
}

/** The state of one control or hint as the user meets it. */
function stateOf(element: Element | undefined): State {
  if (!element) return 'absent';
  if ((element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) && element.readOnly) return 'read-only';
  if (element instanceof HTMLButtonElement || element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement) {
    return element.disabled ? 'disabled' : 'enabled';
  }
  if (element instanceof HTMLAnchorElement) return 'enabled';
  return 'shown';
}

/** The common state of a group of controls (e.g. the radio buttons of one choice), or each one's when they differ. */
function stateOfAll(elements: Element[]): string {
  if (elements.length === 0) return 'absent';
  const states = [...new Set(elements.map(stateOf))];
  return states.length === 1 ? states[0]! : `mixed: ${elements.map(stateOf).join(', ')}`;
}

/** Renders the section on `tab` for `rights` and returns the tab's element once `ready` holds. */
async function openTab(tag: string, path: string, rights: RightId[], routes: Routes, ready: (tab: Element) => boolean, canManageRoles = false): Promise<Element> {
  const { host } = createTestHost({ rights, routes });
  host.canManageRoles = canManageRoles;
  const section = await fixture<MdrSection>(html`<mdr-section .host=${host} tab=${path}></mdr-section>`);
  await waitUntil(() => {
    const tab = deepQuery(section, tag);
    return tab !== undefined && ready(tab);
  }, `${tag} did not finish loading for ${label(rights) || 'no rights'}; saw: ${visibleText(section).slice(0, 300)}`, { timeout: 5000 });
  return deepQuery(section, tag)!;
}

/** Runs `read` for every combination and compares the whole table at once, so a failure lists every combination that differs. */
async function compareTable(rightsList: RightId[][], read: (rights: RightId[]) => Promise<Controls>, expected: (rights: RightId[]) => Controls): Promise<void> {
  const actual: Record<string, Controls> = {};
  const wanted: Record<string, Controls> = {};
  for (const rights of rightsList) {
    actual[label(rights)] = await read(rights);
    wanted[label(rights)] = expected(rights);
  }
  expect(actual).to.deep.equal(wanted);
}

const connectionStatus = [200, { mode: 'direct', extraCertificates: { count: 0 }, restartNeeded: false }] as [number, unknown];

describe('controls inside the tabs for each combination of rights', () => {
  it('Settings: general options need Application Integration; auto-acceptance is seen with Auto-accept settings, its mode changed by the MDR Administrator, single tenants switched with Response management too', async function () {
    // 64 renders of the tab in one test.
    this.timeout(120_000);
    const general = { extendedNotifications: false, termsAcceptedOn: null, language: 'en', version: '3.4' };
    const autoAccept = {
      mode: 'perTenant',
      version: 7,
      tenants: [
        { id: 't1', name: 'Alpha', autoAccept: false, version: 2 },
        { id: 't2', name: 'Beta', autoAccept: true, version: 5 },
      ],
    };
    await compareTable(
      // Every right can matter here: the mode needs all six MDR areas.
      combinations(['incidentAccess'], allRights.filter((right) => right !== 'incidentAccess')),
      async (rights) => {
        // As the MDR service answers: the auto-acceptance settings only to a holder of Auto-accept settings.
        const settings = has(rights, 'autoAcceptSettings') ? { general, autoAccept } : { general };
        const tab = await openTab('mdr-settings-tab', 'settings', rights, { 'GET /settings': [200, settings] }, (element) => visibleText(element).includes('Language of incident data'));
        return {
          'Enable extended notifications via email': stateOf(deepQuery(tab, '#extendedNotifications')),
          Language: stateOf(deepQuery(tab, '#language')),
          'why the general options are read-only': stateOf(deepQuery(tab, '[data-testid="general-read-only"]')),
          'auto-acceptance modes': stateOfAll(deepQueryAll(tab, 'input[name="auto-accept-mode"]')),
          'why the mode is read-only': stateOf(deepQuery(tab, '[data-testid="mode-read-only"]')),
          'auto-acceptance per tenant': stateOfAll(deepQueryAll(tab, '[data-testid="tenants"] input[type="checkbox"]:not(#all-tenants)')),
          'auto-acceptance for all tenants': stateOf(deepQuery(tab, '#all-tenants')),
          'why the tenants are read-only': stateOf(deepQuery(tab, '[data-testid="tenants-read-only"]')),
          Save: stateOf(buttonNamed(tab, 'Save')),
          'Discard changes': stateOf(buttonNamed(tab, 'Discard changes')),
        };
      },
      (rights) => {
        // Help 213206/210793: configuring MDR (organization-wide options) is Application Integration.
        const configure = has(rights, 'applicationIntegration');
        // Help 257913 *Access rights to view or change the auto-acceptance settings*.
        const view = has(rights, 'autoAcceptSettings');
        const changeMode = has(rights, ...MDR_ADMINISTRATOR);
        const switchTenants = has(rights, 'autoAcceptSettings', 'responseManagement');
        return {
          'Enable extended notifications via email': configure ? 'enabled' : 'disabled',
          Language: configure ? 'enabled' : 'disabled',
          'why the general options are read-only': configure ? 'absent' : 'shown',
          'auto-acceptance modes': !view ? 'absent' : changeMode ? 'enabled' : 'disabled',
          'why the mode is read-only': view && !changeMode ? 'shown' : 'absent',
          'auto-acceptance per tenant': !view ? 'absent' : switchTenants ? 'enabled' : 'disabled',
          // "Enable auto-acceptance for all tenants" is the MDR Administrator's alone (help: Auto-accepting responses in MDR Web Console).
          'auto-acceptance for all tenants': !view ? 'absent' : changeMode ? 'enabled' : 'disabled',
          'why the tenants are read-only': view && !switchTenants ? 'shown' : 'absent',
          // Nothing changed yet, whoever the user is.
          Save: 'disabled',
          'Discard changes': 'disabled',
        };
      },
    );
  });

  it('MDR Usage: a new activation code, revoking the terms and updating the KSN configuration file need Application Integration', async function () {
    this.timeout(60_000);
    const usage = {
      organization: { name: 'Example Corp' },
      activation: { status: 'active', activatedOn: '2026-01-10T00:00:00.000Z' },
      license: { id: 'lic-1', name: 'MDR Expert, 500 assets', tier: 'expert', assetLimit: 500, connectedAssets: 12, activationDate: '2026-01-10T00:00:00.000Z', expirationDate: '2027-01-10T00:00:00.000Z', status: 'active' },
      region: { code: 'europe', telemetryLocation: 'northernEurope' },
      ksn: { installedVersion: '1.2.0', latestVersion: '1.3.0', updateAvailable: true, status: 'updateAvailable' },
      terms: { acceptedOn: '2026-01-10T00:00:00.000Z' },
      customIncidents: null,
    };
    await compareTable(
      combinations(['incidentAccess'], ['applicationIntegration']),
      async (rights) => {
        const tab = await openTab('mdr-usage-tab', 'usage', rights, { 'GET /usage': [200, usage], 'GET /connection': connectionStatus }, (element) => visibleText(element).includes('Example Corp'));
        return {
          'Enter a new activation code': stateOf(deepQuery(tab, '#new-code')),
          'Revoke the confirmation of the terms': stateOf(deepQuery(tab, '#revoke')),
          'Update (KSN configuration file)': stateOf(deepQuery(tab, '#ksn-update')),
          'why the KSN file cannot be updated': stateOf(deepQuery(tab, '[data-testid="ksn-update-read-only"]')),
        };
      },
      (rights) => {
        // Help 219733 (new activation code) and 219678 (revoking the terms): only with Application
        // Integration; help 234895: the KSN file is installed for the whole organization, which a user
        // without sufficient rights cannot do.
        const integration = has(rights, 'applicationIntegration');
        return {
          'Enter a new activation code': integration ? 'enabled' : 'absent',
          'Revoke the confirmation of the terms': integration ? 'enabled' : 'absent',
          'Update (KSN configuration file)': integration ? 'enabled' : 'disabled',
          'why the KSN file cannot be updated': integration ? 'absent' : 'shown',
        };
      },
    );
  });

  it('API: a new connection offers exactly the access levels of the role tables the user holds; a connection above them is read-only', async function () {
    // 32 combinations, each opening the add panel and a connection's panel.
    this.timeout(120_000);
    const senior = {
      id: 'c-1',
      clientId: 'a1b2c3d4e5f60718293a4b5c6d7e',
      name: 'Partner SOAR',
      accessLevel: 'senior',
      tenants: [{ id: 'root', name: null }],
      status: 'pendingActivation',
      created: '2026-03-01T08:00:00.000Z',
      lastUsed: null,
      version: 2,
    };
    const routes: Routes = {
      'GET /api-connections': [200, { items: [senior], total: 1, page: 1, pageSize: 25, sort: 'created', direction: 'desc' }],
      'GET /api-connection-tenants': [200, { root: true, tenants: [{ id: 't-1', name: 'Acme Retail' }] }],
    };
    const panelButton = (tab: Element, name: string) =>
      deepQueryAll<HTMLButtonElement>(deepQuery(tab, 'mdr-api-connection-panel')!, 'button').find((button) => button.textContent?.trim() === name);
    const panel = (tab: Element) => {
      const body = deepQuery<HTMLElement>(tab, 'mdr-api-connection-panel')!;
      return {
        'access levels offered': deepQueryAll<HTMLInputElement>(body, 'input[name="access-level"]').map((input) => input.value).join(', '),
        'access level choice': stateOfAll(deepQueryAll(body, 'input[name="access-level"]')),
        'Connection name': stateOf(deepQuery(body, '#connection-name')),
        Tenants: stateOfAll(deepQueryAll(body, 'fieldset input[type="checkbox"]')),
        'why it cannot be changed': stateOf(deepQuery(body, '[data-testid="above-own-rights"]')),
        Generate: stateOf(panelButton(tab, 'Generate')),
        Save: stateOf(panelButton(tab, 'Save')),
        Refresh: stateOf(panelButton(tab, 'Refresh')),
      };
    };
    await compareTable(
      // Incident access and REST API access show the tab (help 204467); the rest tell the levels apart.
      combinations(['incidentAccess', 'restApiAccess'], allRights.filter((right) => right !== 'incidentAccess' && right !== 'restApiAccess')),
      async (rights) => {
        const tab = await openTab('mdr-api-tab', 'api', rights, routes, (element) => visibleText(element).includes('Partner SOAR'));
        const list = {
          Add: stateOf(buttonNamed(tab, 'Add')),
          'Delete the connection': stateOf(buttonNamed(tab, 'Delete the connection Partner SOAR')),
        };
        await clickButton(tab, 'Add');
        await waitUntil(() => visibleText(tab).includes('Add a new API connection') && visibleText(tab).includes('Acme Retail'), 'the add panel with its tenants');
        const adding = panel(tab);
        panelButton(tab, 'Close')!.click();
        await waitUntil(() => !deepQuery(tab, 'mdr-side-panel')!.hasAttribute('open'), 'the add panel closed');
        await clickButton(tab, 'Partner SOAR');
        await waitUntil(() => deepQuery(tab, 'mdr-side-panel')!.hasAttribute('open') && visibleText(deepQuery(tab, 'mdr-api-connection-panel')!).includes('Acme Retail'), 'the connection panel with its tenants');
        const editing = panel(tab);
        return {
          ...list,
          ...Object.fromEntries(Object.entries(adding).map(([name, state]) => [`new connection: ${name}`, state])),
          ...Object.fromEntries(Object.entries(editing).map(([name, state]) => [`Senior Security Officer connection: ${name}`, state])),
        };
      },
      (rights) => {
        // Help 204468 *Creating an API connection in Kaspersky Security Center*: each access level is the
        // rights of one role (MDR Administrator, Senior Security Officer, Security Officer); a user grants
        // only what the user holds.
        const levels = [
          has(rights, ...MDR_ADMINISTRATOR) ? 'full' : '',
          has(rights, 'incidentAccess', 'autoAcceptSettings', 'responseManagement') ? 'senior' : '',
          'incident',
        ].filter(Boolean);
        const mayChangeSenior = levels.includes('senior');
        return {
          Add: 'enabled',
          'Delete the connection': 'enabled',
          'new connection: access levels offered': levels.join(', '),
          'new connection: access level choice': 'enabled',
          'new connection: Connection name': 'enabled',
          'new connection: Tenants': 'enabled',
          'new connection: why it cannot be changed': 'absent',
          'new connection: Generate': 'enabled',
          'new connection: Save': 'absent',
          'new connection: Refresh': 'absent',
          // The connection's own level is shown even where the user could not grant it.
          'Senior Security Officer connection: access levels offered': mayChangeSenior ? levels.join(', ') : 'senior, incident',
          'Senior Security Officer connection: access level choice': mayChangeSenior ? 'enabled' : 'disabled',
          'Senior Security Officer connection: Connection name': mayChangeSenior ? 'enabled' : 'read-only',
          'Senior Security Officer connection: Tenants': mayChangeSenior ? 'enabled' : 'disabled',
          'Senior Security Officer connection: why it cannot be changed': mayChangeSenior ? 'absent' : 'shown',
          'Senior Security Officer connection: Generate': 'absent',
          // Save waits for a change; a connection above the user's rights cannot be changed at all.
          'Senior Security Officer connection: Save': mayChangeSenior ? 'disabled' : 'absent',
          'Senior Security Officer connection: Refresh': mayChangeSenior ? 'enabled' : 'absent',
        };
      },
    );
  });

  it('Licenses: the MDR Administrator sees the licenses; adding and removing keys also needs Application Integration', async function () {
    this.timeout(30_000);
    const license = licenseRow();
    const licenses = { items: [license], total: 1, page: 1, pageSize: 25, sort: 'expirationDate', direction: 'desc', view: 'active', organization: { tier: 'expert', regionCode: 'europe' } };
    // The list and its buttons name a license by its identifier (help: *Managing licenses in Kaspersky Security Center*).
    const code = license.id;
    await compareTable(
      // The tab itself needs all six MDR areas: only Application Integration is left to vary.
      combinations(MDR_ADMINISTRATOR, ['applicationIntegration']),
      async (rights) => {
        const tab = await openTab('mdr-licenses-tab', 'licenses', rights, { 'GET /licenses': [200, licenses] }, (element) => visibleText(element).includes('MDR Expert, 500 assets'));
        return {
          'Add new license key': stateOf(buttonNamed(tab, 'Add new license key')),
          'Remove the license key': stateOf(buttonNamed(tab, `Remove the license key ${code}`)),
          'Export by tenants to CSV': stateOf(buttonNamed(tab, 'Export by tenants to CSV')),
          'archive with the BLOB file': stateOf(buttonNamed(tab, `Download the archive for asset configuration with the BLOB file for ${code}`)),
          'archive with the BAT file': stateOf(buttonNamed(tab, `Download the archive for asset configuration with the BAT file for ${code}`)),
        };
      },
      (rights) => {
        // Specification section 3: adding/removing keys also needs Application Integration (help 213206:
        // it grants activating and configuring MDR).
        const integration = has(rights, 'applicationIntegration');
        return {
          'Add new license key': integration ? 'enabled' : 'absent',
          'Remove the license key': integration ? 'enabled' : 'absent',
          'Export by tenants to CSV': 'enabled',
          'archive with the BLOB file': 'enabled',
          'archive with the BAT file': 'enabled',
        };
      },
    );
  });

  it('Getting Started: activating needs Application Integration; the root configuration file needs Incident access and an active MDR; creating roles is for those who manage roles', async function () {
    this.timeout(60_000);
    const read = (activation: 'active' | 'notActivated') => async (rights: RightId[]) => {
      const routes: Routes = {
        'GET /connection': connectionStatus,
        'GET /roles/predefined': [200, { roles: [{ key: 'securityOfficer', exists: false }], canManageRoles: true }],
        'GET /assets/summary': [200, { ok: 1, warning: 0, critical: 0, absent: 0, total: 1 }],
        'GET /configuration-file/licenses': [200, { items: [{ id: 'l-1', name: 'MDR Expert', expirationDate: '2026-10-01T00:00:00.000Z' }] }],
        'GET /activation': [200, activation === 'active' ? { status: 'active', activatedOn: '2026-01-10T00:00:00.000Z', regionCode: 'europe', hasLicense: true, version: 3 } : { status: 'notActivated', version: 1 }],
      };
      const tab = await openTab('mdr-getting-started-tab', 'getting-started', rights, routes, (element) => {
        const steps = ['roles', 'activate', 'deploy'].map((step) => deepQuery(element, `[data-step="${step}"]`));
        return steps.every((step) => step !== undefined && deepQuery(step, 'mdr-state-view') === undefined);
      });
      return {
        'Create the MDR roles': stateOf(deepQuery(tab, '#create-roles')),
        'Activate the solution': stateOf(deepQuery(tab, '#activate')),
        'who can activate': visibleText(tab).includes('A user with the Application Integration right can activate the solution.') ? 'shown' : 'absent',
        'root tenant configuration file': stateOfAll(deepQueryAll(tab, '[data-step="deploy"] a, [data-step="deploy"] button')),
      };
    };
    const expected = (activation: 'active' | 'notActivated') => (rights: RightId[]) => {
      const active = activation === 'active';
      const integration = has(rights, 'applicationIntegration');
      return {
        // The console says whether the user may manage roles (canManageRoles), not the MDR rights (help 213206).
        'Create the MDR roles': 'enabled',
        // Help 213206: Application Integration grants activating MDR.
        'Activate the solution': !active && integration ? 'enabled' : 'absent',
        'who can activate': !active && !integration ? 'shown' : 'absent',
        'root tenant configuration file': active && has(rights, 'incidentAccess') ? 'enabled' : 'absent',
      };
    };
    const rightsList = combinations([], ['applicationIntegration', 'incidentAccess']);
    await compareTable(rightsList, read('active'), expected('active'));
    await compareTable(rightsList, read('notActivated'), expected('notActivated'));
  });

  it('Tenants, Reports and Notifications: whoever reaches the tab may use all of its controls; no other right changes them', async function () {
    this.timeout(60_000);
    const tenant = { id: 't-1', name: 'Acme Retail', description: 'Stores', active: true, status: 'active', assets: 12, createdOn: '2026-01-05T10:00:00.000Z', expiration: '2026-10-01T00:00:00.000Z', version: 3 };
    // Help 207078 and the other tenant topics: Incident access and Tenant management allow viewing,
    // adding, editing and deleting tenants.
    await compareTable(
      combinations(['incidentAccess', 'tenantManagement'], []),
      async (rights) => {
        const tab = await openTab(
          'mdr-tenants-tab',
          'tenants',
          rights,
          { 'GET /tenants': [200, { items: [tenant], total: 1, page: 1, pageSize: 25, sort: 'expiration', direction: 'desc', limit: 100, count: 1 }] },
          (element) => visibleText(element).includes('Acme Retail'),
        );
        return { Add: stateOf(buttonNamed(tab, 'Add')), 'open Acme Retail': stateOf(buttonNamed(tab, 'Acme Retail')), 'Delete tenant': stateOf(buttonNamed(tab, 'Delete tenant Acme Retail')) };
      },
      () => ({ Add: 'enabled', 'open Acme Retail': 'enabled', 'Delete tenant': 'enabled' }),
    );

    const schedule = reportSchedule({ emails: ['soc@example.com'] });
    // Specification section 3: the Reports tab needs Incident summary scheduling; all of it is then the user's.
    await compareTable(
      combinations(['incidentAccess', 'incidentSummaryScheduling'], []),
      async (rights) => {
        const tab = await openTab(
          'mdr-reports-tab',
          'reports',
          rights,
          { 'GET /report-schedules': [200, { items: [schedule], total: 1, tenants: [{ id: 't1', name: 'Alpha' }], limits: { organization: 50, perTenant: 10 } }] },
          (element) => visibleText(element).includes('Weekly SOC summary'),
        );
        return {
          Add: stateOf(buttonNamed(tab, 'Add')),
          Edit: stateOf(buttonNamed(tab, 'Edit: Weekly SOC summary')),
          'Send now': stateOf(buttonNamed(tab, 'Send now: Weekly SOC summary')),
          Delete: stateOf(buttonNamed(tab, 'Delete: Weekly SOC summary')),
        };
      },
      () => ({ Add: 'enabled', Edit: 'enabled', 'Send now': 'enabled', Delete: 'enabled' }),
    );

    // A user's own notifications: Incident access is enough (specification section 4, *Notifications*).
    const notifications = {
      email: { enabled: true, address: 'me@example.com', verified: true, categories: ['incidents'], verification: { pending: false, expiresAt: null, attemptsLeft: 3, resendRequired: false } },
      telegram: { enabled: true, categories: ['comments'], linkGenerated: true },
      version: 2,
    };
    await compareTable(
      combinations(['incidentAccess'], []),
      async (rights) => {
        const tab = await openTab('mdr-notifications-tab', 'notifications', rights, { 'GET /notifications': [200, notifications] }, (element) => visibleText(element).includes('Notify via email'));
        return {
          'Notify via email': stateOf(deepQuery(tab, '#email-enabled')),
          'Email address': stateOf(deepQuery(tab, '#email-address')),
          'email categories': stateOfAll(deepQueryAll(tab, 'input[id^="email-"][type="checkbox"]:not([role="switch"])')),
          'Notify via Telegram': stateOf(deepQuery(tab, '#telegram-enabled')),
          'Get Link': stateOf(buttonNamed(tab, 'Get Link')),
          'Telegram categories': stateOfAll(deepQueryAll(tab, 'input[id^="telegram-"][type="checkbox"]:not([role="switch"])')),
          Save: stateOf(buttonNamed(tab, 'Save')),
        };
      },
      () => ({
        'Notify via email': 'enabled',
        'Email address': 'enabled',
        'email categories': 'enabled',
        'Notify via Telegram': 'enabled',
        'Get Link': 'enabled',
        'Telegram categories': 'enabled',
        // Nothing changed yet.
        Save: 'disabled',
      }),
    );
  });
});

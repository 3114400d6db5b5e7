import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ROOT_TENANT } from '../../host-shim/mdr-service/db/types.ts';
import { makeLicenseKey } from '../../host-shim/mdr-service/services/license-keys.ts';
import { httpsJson, serviceForSuite } from '../support/mdr-service.ts';
import { startWiredConsole } from '../support/wired-console.ts';
import { signInAs } from '../support/console-fixture.ts';

const canadaCode = makeLicenseKey({ tier: 'expert', region: 'canada', assetLimit: 500 });
const saudiCode = makeLicenseKey({ tier: 'prime', region: 'saudiArabia', assetLimit: 1000 });
/** The same code with its last character changed: the check character refuses it. */
const typo = (code: string) => code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A');

const ADMIN_RIGHTS = ['applicationIntegration', 'incidentAccess'];

interface Status {
  status: 'active' | 'notActivated';
  version: number;
  hasLicense: boolean;
  regionCode: string | null;
}

describe('activation on a non-activated organization', () => {
  const service = serviceForSuite({ demo: { seed: 2, assets: 0, activated: false } });
  const call = <T>(method: string, path: string, json?: unknown, rights = ADMIN_RIGHTS) =>
    httpsJson<T>(`${service.url}/console/v1${path}`, { method, ca: service.ca, headers: service.consoleHeaders(rights), json });

  test('every user of the section may read the status', async () => {
    const status = await call<Status>('GET', '/activation', undefined, []);
    assert.equal(status.status, 200);
    assert.equal(status.body.status, 'notActivated');
    assert.equal(status.body.hasLicense, false);
  });

  // Help step 4: "checks whether the background connection between Kaspersky Security Center Web Console and
  // the Administration Server is enabled and prompts to enable it, if necessary."
  test('the background connection is off until enabled; enabling it needs Application Integration and the version read', async () => {
    const off = await call<{ enabled: boolean; enabledOn: unknown; version: number }>('GET', '/background-connection');
    assert.deepEqual(off.body, { enabled: false, enabledOn: null, version: 0 });
    const officer = await call<{ missingRights: string[] }>('POST', '/background-connection/enable', { expectedVersion: 0 }, ['incidentAccess']);
    assert.deepEqual([officer.status, officer.body.missingRights], [403, ['applicationIntegration']]);
    const read = await call<{ missingRights: string[] }>('GET', '/background-connection', undefined, ['incidentAccess']);
    assert.equal(read.status, 403);
    const stale = await call<{ error: string }>('POST', '/background-connection/enable', { expectedVersion: 7 });
    assert.deepEqual([stale.status, stale.body.error], [409, 'conflict']);
    const bad = await call<{ error: string; field: string }>('POST', '/background-connection/enable', { expectedVersion: 'zero' });
    assert.deepEqual([bad.status, bad.body.field], [400, 'expectedVersion']);
    assert.equal((await call<{ enabled: boolean }>('GET', '/background-connection')).body.enabled, false, 'refusals change nothing');
    const enabled = await call<{ enabled: boolean; enabledOn: string; version: number }>('POST', '/background-connection/enable', { expectedVersion: 0 });
    assert.equal(enabled.status, 200);
    assert.equal(enabled.body.enabled, true);
    assert.ok(Date.parse(enabled.body.enabledOn) > 0);
    const again = await call<{ version: number; enabledOn: string }>('POST', '/background-connection/enable', { expectedVersion: enabled.body.version });
    assert.deepEqual(again.body, enabled.body, 'enabling it again changes nothing');
  });

  test('vendor sign-in refuses a wrong password next to the field', async () => {
    const wrong = await call<{ error: string; field: string; rule: string }>('POST', '/activation/sign-in', { email: 'admin@example.com', password: 'nope' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.field, 'password');
    assert.deepEqual([wrong.body.error, wrong.body.rule], ['validation', 'vendorSignInFailed']);
    const badEmail = await call<{ field: string }>('POST', '/activation/sign-in', { email: 'not-an-address', password: 'demo' });
    assert.equal(badEmail.body.field, 'email');
  });

  test('steps check without storing; cancelling leaves the organization as it was', async () => {
    const before = service.app.mdr.db.organization.require();
    const signIn = await call<{ ticket: string; license: unknown; tenants: unknown[] }>('POST', '/activation/sign-in', { email: 'admin@example.com', password: 'demo' });
    assert.equal(signIn.status, 200);
    assert.equal(signIn.body.license, null);
    const badCode = await call<{ rule: string; field: string }>('POST', '/activation/check-code', { ticket: signIn.body.ticket, activationCode: 'ABC', region: 'europe' });
    assert.deepEqual([badCode.status, badCode.body.field, badCode.body.rule], [400, 'activationCode', 'codeFormat']);
    const mistyped = await call<{ rule: string; field: string }>('POST', '/activation/check-code', { ticket: signIn.body.ticket, activationCode: typo(saudiCode), region: 'saudiArabia' });
    assert.deepEqual([mistyped.body.field, mistyped.body.rule], ['activationCode', 'codeInvalid']);
    const otherRegion = await call<{ rule: string; field: string }>('POST', '/activation/check-code', { ticket: signIn.body.ticket, activationCode: saudiCode, region: 'europe' });
    assert.deepEqual([otherRegion.body.field, otherRegion.body.rule], ['region', 'codeRegionMismatch']);
    // Typed by a person: groups of five, lower case.
    const typed = saudiCode.toLowerCase().replace(/(.{5})(?!$)/g, '$1-');
    const good = await call<{ telemetryLocation: string; agreements: string[]; license: { assetLimit: number; tier: string } }>('POST', '/activation/check-code', {
      ticket: signIn.body.ticket,
      activationCode: typed,
      region: 'saudiArabia',
    });
    assert.deepEqual([good.body.license.tier, good.body.license.assetLimit], ['prime', 1000]);
    assert.equal(good.status, 200);
    assert.equal(good.body.telemetryLocation, 'saudiArabia');
    assert.deepEqual(service.app.mdr.db.organization.require(), before);
    assert.equal(service.app.mdr.db.licenses.list().length, 0);
  });

  test('the last step activates atomically; a refused last step changes nothing', async () => {
    const db = service.app.mdr.db;
    const { version } = (await call<Status>('GET', '/activation')).body;
    const signIn = await call<{ ticket: string }>('POST', '/activation/sign-in', { email: 'admin@example.com', password: 'demo' });
    const agreements = await call<{ agreements: string[]; ksnVersion: string; telemetryLocation: string }>('GET', '/activation/agreements?region=canada');
    assert.equal(agreements.body.telemetryLocation, 'northernEurope');
    const request = {
      ticket: signIn.body.ticket,
      activationCode: canadaCode,
      region: 'canada',
      acceptedAgreements: agreements.body.agreements.slice(1),
      ksnStatementAccepted: true,
      ksnVersion: agreements.body.ksnVersion,
      expectedVersion: version,
    };
    const refused = await call<{ error: string; field: string }>('POST', '/activation', request);
    assert.deepEqual([refused.status, refused.body.field], [400, 'acceptedAgreements']);
    assert.equal(db.licenses.list().length, 0, 'no license left behind by a refused activation');
    assert.equal(db.organization.require().activationState, 'notActivated');
    const stale = await call<{ error: string }>('POST', '/activation', { ...request, acceptedAgreements: agreements.body.agreements, expectedVersion: version + 5 });
    assert.equal(stale.status, 409);
    const done = await call<Status>('POST', '/activation', { ...request, acceptedAgreements: agreements.body.agreements });
    assert.equal(done.status, 200);
    assert.equal(done.body.status, 'active');
    const organization = db.organization.require();
    assert.equal(organization.regionCode, 'canada');
    assert.equal(organization.telemetryLocation, 'northernEurope');
    assert.equal(organization.installedKsnVersion, agreements.body.ksnVersion);
    assert.ok(organization.termsAcceptedOn && organization.ksnStatementAcceptedOn);
    assert.equal(db.licenses.list().length, 1);
    const again = await call<{ error: string }>('POST', '/activation', { ...request, acceptedAgreements: agreements.body.agreements, expectedVersion: db.organization.require().version });
    assert.deepEqual([again.status, again.body.error], [409, 'alreadyActive'], 'an active organization is not activated twice');
  });

  test('revoking the terms deactivates; activating again with the license asks for tenants, which sets the console scope', async () => {
    const db = service.app.mdr.db;
    db.tenants.insert({ id: 'tenant-north', name: 'Branch North', description: '', active: true, createdOn: Date.now() });
    const tenant = db.tenants.list(null)[0]!;
    const stale = await call<{ error: string }>('POST', '/terms/revoke', { expectedVersion: 1 });
    assert.equal(stale.status, 409);
    const { version } = (await call<Status>('GET', '/activation')).body;
    const revoked = await call<Status>('POST', '/terms/revoke', { expectedVersion: version });
    assert.equal(revoked.body.status, 'notActivated');
    assert.equal(db.organization.require().termsAcceptedOn, null);
    // Help topic *About Kaspersky Security Network*: "When you revoke your consent with the terms of using
    // the MDR solution, KPSN is automatically disabled."
    assert.equal(db.organization.require().installedKsnVersion, null, 'KPSN is disabled');
    const disabled = await call<{ ksn: { status: string; installedVersion: unknown; updateAvailable: boolean }; version: number }>('GET', '/usage');
    assert.deepEqual([disabled.body.ksn.status, disabled.body.ksn.installedVersion, disabled.body.ksn.updateAvailable], ['disabled', null, false]);
    const latest = db.ksn.latest()!.version;
    const notNow = await call<{ error: string }>('POST', '/ksn/update', { version: latest, expectedVersion: disabled.body.version });
    assert.deepEqual([notNow.status, notNow.body.error], [409, 'notActivated'], 'nothing is installed while KPSN is off');
    assert.equal(db.organization.require().installedKsnVersion, null);
    const signIn = await call<{ ticket: string; license: { regionCode: string }; tenants: { id: string }[] }>('POST', '/activation/sign-in', { email: 'a@example.com', password: 'demo' });
    assert.equal(signIn.body.license.regionCode, 'canada');
    assert.deepEqual(signIn.body.tenants.map((t) => t.id), [tenant.id]);
    const agreements = await call<{ agreements: string[]; ksnVersion: string }>('GET', '/activation/agreements?region=canada');
    const done = await call<Status>('POST', '/activation', {
      ticket: signIn.body.ticket,
      tenantIds: [tenant.id],
      acceptedAgreements: agreements.body.agreements,
      ksnStatementAccepted: true,
      ksnVersion: agreements.body.ksnVersion,
      expectedVersion: revoked.body.version,
    });
    assert.equal(done.status, 200);
    assert.deepEqual(db.organization.require().consoleTenantScope, [tenant.id]);
    // "KPSN is configured automatically … during the activation": the newest file again.
    assert.equal(db.organization.require().installedKsnVersion, latest);
  });

  test('KSN update installs the newest version and refuses a stale one', async () => {
    const db = service.app.mdr.db;
    const versions = db.ksn.list();
    db.organization.update({ installedKsnVersion: versions[1]!.version });
    const usage = await call<{ ksn: { latestVersion: string; updateAvailable: boolean }; version: number }>('GET', '/usage');
    assert.equal(usage.body.ksn.updateAvailable, true);
    const old = await call<{ field: string }>('POST', '/ksn/update', { version: versions[1]!.version, expectedVersion: usage.body.version });
    assert.equal(old.body.field, 'version');
    const updated = await call<{ installedVersion: string }>('POST', '/ksn/update', { version: usage.body.ksn.latestVersion, expectedVersion: usage.body.version });
    assert.equal(updated.status, 200);
    assert.equal(db.organization.require().installedKsnVersion, usage.body.ksn.latestVersion);
  });

  test('installing the KSN configuration file on the Administration Server needs Application Integration', async () => {
    // Help topic 234895 "Periodic update of KSN configuration files": a user without sufficient rights gets
    // "Your account does not have sufficient access rights to update the file" and asks an administrator.
    const db = service.app.mdr.db;
    const versions = db.ksn.list();
    db.organization.update({ installedKsnVersion: versions[1]!.version });
    const usage = await call<{ ksn: { latestVersion: string }; version: number }>('GET', '/usage');
    const update = { version: usage.body.ksn.latestVersion, expectedVersion: usage.body.version };
    const direct = await call<{ missingRights: string[] }>('POST', '/ksn/update', update, ['incidentAccess', 'autoAcceptSettings', 'responseManagement', 'tenantManagement', 'incidentSummaryScheduling', 'restApiAccess']);
    assert.equal(direct.status, 403, 'the service itself refuses the console credential without the right');
    assert.deepEqual(direct.body.missingRights, ['applicationIntegration']);

    const consoleServer = await startWiredConsole({ service });
    try {
      for (const user of ['officer', 'senior']) {
        const refused = await consoleServer.call(user, 'POST', 'ksn/update', update);
        assert.equal(refused.status, 403, user);
        assert.deepEqual(refused.body.missingRights, ['applicationIntegration'], user);
      }
      assert.equal(db.organization.require().installedKsnVersion, versions[1]!.version, 'nothing was installed');
      const installed = await consoleServer.call('admin', 'POST', 'ksn/update', update);
      assert.equal(installed.status, 200);
      assert.equal(db.organization.require().installedKsnVersion, update.version);
    } finally {
      await consoleServer.close();
    }
  });

  test('changing activation needs Application Integration', async () => {
    for (const [method, path] of [
      ['POST', '/activation'],
      ['POST', '/activation/sign-in'],
      ['POST', '/activation/check-code'],
      ['GET', '/activation/agreements?region=europe'],
      ['POST', '/activation/code'],
      ['POST', '/terms/revoke'],
    ] as const) {
      const denied = await call<{ missingRights: string[] }>(method, path, method === 'GET' ? undefined : {}, ['incidentAccess']);
      assert.equal(denied.status, 403, path);
      assert.deepEqual(denied.body.missingRights, ['applicationIntegration']);
    }
    // Incident access is enough for the root tenant's file, once the root is inside this console's
    // scope: the activation above scoped the console to Branch North only.
    const outOfScope = await call<{ error: string }>('GET', '/configuration-file?variant=bat', undefined, ['incidentAccess']);
    assert.deepEqual([outOfScope.status, outOfScope.body.error], [403, 'rootOutOfScope']);
    const db = service.app.mdr.db;
    db.organization.update({ consoleTenantScope: [ROOT_TENANT, ...(db.organization.require().consoleTenantScope ?? [])] });
    const config = await call<string>('GET', '/configuration-file?variant=bat', undefined, ['incidentAccess']);
    assert.equal(config.status, 200);
    assert.match(String(config.headers['content-disposition']), /mdr_configuration_root_bat\.zip/);
  });
});

/**
 * Help topic *Providing a new activation code* (MDR Usage → License usage → *Enter a new activation
 * code*): "You must provide a new activation code …, for example, when you want to upgrade the solution
 * or when you need to renew your expiring license. This feature is only available if you have the
 * Application integration access right." Step 5: sign in if not signed in, "enter the new activation
 * code, select your region, and then click the Activate button"; step 6: "Select the tenants to which
 * the users of this Administration Server will have access."
 */
describe('entering a new activation code on an active organization', () => {
  // The demo organization: Europe, Expert, three licenses and several tenants.
  const service = serviceForSuite({ demo: { seed: 3, assets: 0 } });
  const call = <T>(method: string, path: string, json?: unknown, rights = ADMIN_RIGHTS, user = 'test-user') =>
    httpsJson<T>(`${service.url}/console/v1${path}`, { method, ca: service.ca, headers: service.consoleHeaders(rights, { 'x-mdr-user': user }), json });
  const signIn = async (user = 'test-user') => (await call<{ ticket: string; expiresAt: string }>('POST', '/activation/sign-in', { email: 'admin@example.com', password: 'demo' }, ADMIN_RIGHTS, user)).body;
  const version = () => service.app.mdr.db.organization.require().version;

  test('an activated organization has its background connection on', async () => {
    const background = await call<{ enabled: boolean }>('GET', '/background-connection');
    assert.equal(background.body.enabled, true);
  });

  test('the check answers the tenants to choose, the current scope and whether the code upgrades the tier', async () => {
    const { ticket, expiresAt } = await signIn();
    assert.ok(Date.parse(expiresAt) > Date.now(), 'the sign-in says when it lapses');
    const prime = makeLicenseKey({ tier: 'prime', region: 'europe', assetLimit: 800 });
    const checked = await call<{ organizationTier: string; license: { tier: string }; tenants: { id: string }[]; tenantScope: unknown }>('POST', '/activation/check-code', {
      ticket,
      activationCode: prime,
      region: 'europe',
    });
    assert.equal(checked.status, 200);
    assert.deepEqual([checked.body.organizationTier, checked.body.license.tier, checked.body.tenantScope], ['expert', 'prime', null]);
    assert.deepEqual(checked.body.tenants.map((tenant) => tenant.id), service.app.mdr.db.tenants.list(null, { field: 'createdOn', direction: 'asc' }).map((tenant) => tenant.id));
    assert.ok(checked.body.tenants.length > 1);
  });

  test('bad input is refused next to its field and changes nothing', async () => {
    const db = service.app.mdr.db;
    const before = { organization: db.organization.require(), licenses: db.licenses.list().length };
    const { ticket } = await signIn();
    const europe = makeLicenseKey({ tier: 'expert', region: 'europe', assetLimit: 300 });
    const canada = makeLicenseKey({ tier: 'expert', region: 'canada', assetLimit: 300 });
    const cases: [unknown, string, string][] = [
      [{ ticket, activationCode: 'short', region: 'europe', expectedVersion: version() }, 'activationCode', 'codeFormat'],
      [{ ticket, activationCode: typo(europe), region: 'europe', expectedVersion: version() }, 'activationCode', 'codeInvalid'],
      [{ ticket, activationCode: canada, region: 'europe', expectedVersion: version() }, 'region', 'codeRegionMismatch'],
      // A code of another region than the organization's other codes (the help asks for "your region").
      [{ ticket, activationCode: canada, region: 'canada', expectedVersion: version() }, 'region', 'regionMismatch'],
      [{ ticket, activationCode: europe, region: 'europe', tenantIds: [], expectedVersion: version() }, 'tenantIds', 'tenantsRequired'],
      [{ ticket, activationCode: europe, region: 'europe', tenantIds: ['no-such-tenant'], expectedVersion: version() }, 'tenantIds', 'tenantUnknown'],
      [{ ticket, activationCode: db.licenses.list()[0]!.activationCode, region: 'europe', expectedVersion: version() }, 'activationCode', 'codeInUse'],
    ];
    for (const [json, field, rule] of cases) {
      const refused = await call<{ error: string; field: string; rule: string }>('POST', '/activation/code', json);
      assert.deepEqual([refused.status, refused.body.error, refused.body.field, refused.body.rule], [400, 'validation', field, rule], JSON.stringify(json));
    }
    const stale = await call<{ error: string }>('POST', '/activation/code', { ticket, activationCode: europe, region: 'europe', expectedVersion: version() + 1 });
    assert.deepEqual([stale.status, stale.body.error], [409, 'conflict']);
    assert.deepEqual({ organization: db.organization.require(), licenses: db.licenses.list().length }, before);
  });

  test('needs a vendor sign-in of the same console user', async () => {
    const europe = makeLicenseKey({ tier: 'expert', region: 'europe', assetLimit: 300 });
    const missing = await call<{ field: string; rule: string }>('POST', '/activation/code', { ticket: 'never-issued', activationCode: europe, region: 'europe', expectedVersion: version() });
    assert.deepEqual([missing.status, missing.body.field, missing.body.rule], [400, 'ticket', 'vendorSessionExpired']);
    const { ticket } = await signIn('someone-else');
    const borrowed = await call<{ rule: string }>('POST', '/activation/code', { ticket, activationCode: europe, region: 'europe', expectedVersion: version() });
    assert.deepEqual([borrowed.status, borrowed.body.rule], [400, 'vendorSessionExpired'], "another console user's sign-in is not this user's");
    const checked = await call<{ rule: string }>('POST', '/activation/check-code', { ticket, activationCode: europe, region: 'europe' });
    assert.equal(checked.body.rule, 'vendorSessionExpired');
  });

  test('an upgrade to another tier is applied with the tenants chosen, in one change', async () => {
    const db = service.app.mdr.db;
    const { ticket } = await signIn();
    const [first, second] = db.tenants.list(null, { field: 'createdOn', direction: 'asc' });
    const prime = makeLicenseKey({ tier: 'prime', region: 'europe', assetLimit: 800 });
    const before = db.licenses.list().length;
    const applied = await call<{ license: { tier: string; name: string }; previousTier: string; status: { status: string; version: number } }>('POST', '/activation/code', {
      ticket,
      activationCode: prime.toLowerCase().replace(/(.{5})(?!$)/g, '$1-'),
      region: 'europe',
      tenantIds: ['root', first!.id, second!.id],
      expectedVersion: version(),
    });
    assert.equal(applied.status, 200, JSON.stringify(applied.body));
    assert.deepEqual([applied.body.previousTier, applied.body.license.tier, applied.body.status.status], ['expert', 'prime', 'active']);
    const organization = db.organization.require();
    assert.equal(organization.tier, 'prime', 'the organization works under the upgraded tier');
    assert.deepEqual(organization.consoleTenantScope, ['root', first!.id, second!.id]);
    assert.equal(applied.body.status.version, organization.version);
    assert.equal(db.licenses.list().length, before + 1);
    assert.equal(db.licenses.getByActivationCode(prime)?.tier, 'prime');
    // The same sign-in goes on (step 5: only "if you are not signed in" does the user sign in again).
    const renewal = makeLicenseKey({ tier: 'prime', region: 'europe', assetLimit: 900 });
    const renewed = await call<{ previousTier: string }>('POST', '/activation/code', { ticket, activationCode: renewal, region: 'europe', expectedVersion: organization.version });
    assert.equal(renewed.status, 200);
    assert.equal(renewed.body.previousTier, 'prime');
    assert.deepEqual(db.organization.require().consoleTenantScope, ['root', first!.id, second!.id], 'without tenants in the request the scope stays');
  });

  test('needs Application Integration in the MDR service and at the console', async () => {
    const db = service.app.mdr.db;
    const before = db.licenses.list().length;
    const { ticket } = await signIn();
    const json = { ticket, activationCode: makeLicenseKey({ tier: 'expert', region: 'europe', assetLimit: 100 }), region: 'europe', expectedVersion: version() };
    const direct = await call<{ missingRights: string[] }>('POST', '/activation/code', json, ['incidentAccess', 'autoAcceptSettings', 'responseManagement', 'tenantManagement', 'incidentSummaryScheduling', 'restApiAccess']);
    assert.deepEqual([direct.status, direct.body.missingRights], [403, ['applicationIntegration']]);
    const consoleServer = await startWiredConsole({ service });
    try {
      for (const user of ['officer', 'senior']) {
        const refused = await consoleServer.call(user, 'POST', 'activation/code', json);
        assert.deepEqual([refused.status, refused.body.missingRights], [403, ['applicationIntegration']], user);
      }
    } finally {
      await consoleServer.close();
    }
    assert.equal(db.licenses.list().length, before, 'no license was added');
  });
});

/**
 * The agreements and the KSN Statement as texts (help topic *Activating Kaspersky Managed Detection and
 * Response in Kaspersky Security Center*, step 8: "Read and accept the agreements applicable to the region
 * you select"; step 9: "Read and accept the KSN Statement"), the accepted ones readable from *MDR Usage*
 * (topic *About the MDR Agreement*: "By clicking the Terms of using the MDR solution link in the Terms of
 * using the MDR solution block"), and the service language the region brings (step 7: "The region that
 * you select affects the choice of language that will be used to provide you the service (Russian or
 * English)").
 */
describe('agreements, the KSN Statement and the language of the region', () => {
  const service = serviceForSuite({ demo: { seed: 4, assets: 0, activated: false } });
  const call = <T>(method: string, path: string, json?: unknown, rights = ADMIN_RIGHTS) =>
    httpsJson<T>(`${service.url}/console/v1${path}`, { method, ca: service.ca, headers: service.consoleHeaders(rights), json });
  const language = () => service.app.mdr.db.settings.get('language').value;

  async function activate(region: 'russia' | 'europe', code?: string) {
    const status = (await call<Status>('GET', '/activation')).body;
    const signIn = await call<{ ticket: string }>('POST', '/activation/sign-in', { email: 'admin@example.com', password: 'demo' });
    const agreements = (await call<{ agreements: string[]; ksnVersion: string }>('GET', `/activation/agreements?region=${region}`)).body;
    return call<Status>('POST', '/activation', {
      ticket: signIn.body.ticket,
      ...(code ? { activationCode: code, region } : {}),
      acceptedAgreements: agreements.agreements,
      ksnStatementAccepted: true,
      ksnVersion: agreements.ksnVersion,
      expectedVersion: status.version,
    });
  }

  test("serves each agreement of a region as text in the region's language, and nothing of another region", async () => {
    const europe = await call<string>('GET', '/activation/agreements/termsOfUse?region=europe');
    assert.equal(europe.status, 200);
    assert.match(String(europe.headers['content-type']), /^text\/plain; charset=utf-8/);
    assert.equal(europe.headers['content-language'], 'en');
    assert.match(String(europe.headers['content-disposition']), /^inline; filename="termsOfUse-europe-/);
    assert.match(europe.body, /^Kaspersky Managed Detection and Response Agreement\n/);
    const russia = await call<string>('GET', '/activation/agreements/termsOfUse?region=russia');
    assert.equal(russia.headers['content-language'], 'ru');
    assert.match(russia.body, /^Соглашение о Kaspersky Managed Detection and Response\n/);
    const languages = await call<{ language: string; agreements: string[] }>('GET', '/activation/agreements?region=russia');
    assert.deepEqual([languages.body.language, languages.body.agreements], ['ru', ['termsOfUse', 'personalDataRussia']]);
    for (const region of ['europe', 'canada', 'saudiArabia', 'russia', 'other']) {
      const list = (await call<{ agreements: string[] }>('GET', `/activation/agreements?region=${region}`)).body.agreements;
      for (const id of [...list, 'ksnStatement']) {
        const text = await call<string>('GET', `/activation/agreements/${id}?region=${region}`);
        assert.equal(text.status, 200, `${id} of ${region}`);
        assert.ok(text.body.length > 500, `${id} of ${region} is a text to read`);
      }
    }
    const elsewhere = await call<{ error: string }>('GET', '/activation/agreements/dataProcessing?region=russia');
    assert.deepEqual([elsewhere.status, elsewhere.body.error], [404, 'notFound'], 'the DPA is not an agreement of Russia');
    const unknown = await call<{ error: string; field: string }>('GET', '/activation/agreements/anything?region=europe');
    assert.equal(unknown.status, 400);
    const noRegion = await call<{ error: string }>('GET', '/activation/agreements/termsOfUse');
    assert.equal(noRegion.status, 400);
    const officer = await call<{ missingRights: string[] }>('GET', '/activation/agreements/termsOfUse?region=europe', undefined, ['incidentAccess']);
    assert.deepEqual([officer.status, officer.body.missingRights], [403, ['applicationIntegration']]);
  });

  test('MDR Usage links to the agreements accepted; the region sets the service language; revoking leaves nothing accepted', async () => {
    const before = await call<{ error: string }>('GET', '/terms/agreements/termsOfUse', undefined, ['incidentAccess']);
    assert.equal(before.status, 404, 'nothing is accepted before activation');
    assert.equal(language(), 'en');
    const done = await activate('russia', makeLicenseKey({ tier: 'expert', region: 'russia', assetLimit: 100 }));
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(language(), 'ru', 'Russia brings Russian as the language of incident data, notifications and reports');
    const usage = await call<{ terms: { acceptedOn: string; agreements: string[]; ksnStatementAcceptedOn: string } }>('GET', '/usage', undefined, ['incidentAccess']);
    assert.deepEqual(usage.body.terms.agreements, ['termsOfUse', 'personalDataRussia']);
    assert.ok(usage.body.terms.acceptedOn && usage.body.terms.ksnStatementAcceptedOn);
    // Incident access is enough to read what the organization accepted.
    for (const id of ['termsOfUse', 'personalDataRussia', 'ksnStatement']) {
      const accepted = await call<string>('GET', `/terms/agreements/${id}`, undefined, ['incidentAccess']);
      assert.equal(accepted.status, 200, id);
      assert.equal(accepted.headers['content-language'], 'ru', id);
    }
    const notAccepted = await call<{ error: string }>('GET', '/terms/agreements/dataProcessing', undefined, ['incidentAccess']);
    assert.equal(notAccepted.status, 404);
    const noRight = await call<{ missingRights: string[] }>('GET', '/terms/agreements/termsOfUse', undefined, []);
    assert.deepEqual([noRight.status, noRight.body.missingRights], [403, ['incidentAccess']]);

    const { version } = (await call<Status>('GET', '/activation')).body;
    await call('POST', '/terms/revoke', { expectedVersion: version });
    const revoked = await call<{ terms: { agreements: string[]; ksnStatementAcceptedOn: unknown } }>('GET', '/usage', undefined, ['incidentAccess']);
    assert.deepEqual([revoked.body.terms.agreements, revoked.body.terms.ksnStatementAcceptedOn], [[], null]);
    assert.equal((await call('GET', '/terms/agreements/termsOfUse', undefined, ['incidentAccess'])).status, 404);
  });

  test("an administrator's choice of language stays through a new activation", async () => {
    // Help topic *Switching the language for notifications and reports in Kaspersky Security Center*.
    const settings = (await call<{ general: { version: string; extendedNotifications: boolean } }>('GET', '/settings')).body.general;
    const saved = await call('PUT', '/settings/general', { extendedNotifications: settings.extendedNotifications, language: 'en', expectedVersion: settings.version });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(service.app.mdr.db.settings.get('languageChosen').value, true);
    const again = await activate('russia');
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(language(), 'en', 'the region does not override the administrator');
  });

  test('the texts reach the browser through the console as plain text, for Application Integration only', async () => {
    const consoleServer = await startWiredConsole({ service });
    try {
      const admin = await signInAs(consoleServer.console.app, 'admin');
      const text = await consoleServer.console.app.inject({ method: 'GET', url: '/api/plugins/mdr/activation/agreements/ksnStatement?region=europe', headers: { cookie: admin.cookie } });
      assert.equal(text.statusCode, 200);
      assert.match(String(text.headers['content-type']), /^text\/plain/);
      assert.match(String(text.headers['content-disposition']), /^inline/);
      assert.match(text.body, /^Kaspersky Security Network Statement\n/);
      const accepted = await consoleServer.console.app.inject({ method: 'GET', url: '/api/plugins/mdr/terms/agreements/termsOfUse', headers: { cookie: (await signInAs(consoleServer.console.app, 'officer')).cookie } });
      assert.equal(accepted.statusCode, 200, 'an officer reads the accepted agreement');
      const officer = await consoleServer.console.app.inject({ method: 'GET', url: '/api/plugins/mdr/activation/agreements/ksnStatement?region=europe', headers: { cookie: (await signInAs(consoleServer.console.app, 'officer')).cookie } });
      assert.deepEqual([officer.statusCode, officer.json().missingRights], [403, ['applicationIntegration']]);
    } finally {
      await consoleServer.close();
    }
  });
});

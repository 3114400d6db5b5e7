import './support/accessibility-hook.ts';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../plugin/index.ts';
import { onSignIn, updateKsnAtSignIn } from '../../plugin/ksn-update.ts';
import type { MdrSection } from '../../plugin/mdr-section.ts';
import { createTestHost } from './support/test-host.ts';
import { deepQuery, visibleText, waitForText } from './support/dom.ts';

/**
 * Help topic *Periodic update of KSN configuration files*: "When you log in, MDR Plug-in tries to install
 * the new KSN configuration file … If MDR Plug-in successfully updates the file, you will get a
 * notification about the change of the KSN configuration file. If MDR Plug-in fails to update the KSN
 * configuration file, you will get a notification about the cause of the problem: Your account does not
 * have sufficient access rights to update the file. An unexpected error occurred while updating the KSN
 * configuration file. … If no notifications are displayed, it is likely that the KSN configuration file was
 * successfully updated when another specialist connected."
 */
const usage = (ksn: Record<string, unknown>, activation = 'active', version = 7) => ({
  organization: { name: 'Example Corp' },
  activation: { status: activation, activatedOn: '2026-01-10T00:00:00.000Z' },
  license: null,
  licenses: [],
  region: { code: 'europe', telemetryLocation: 'northernEurope' },
  ksn,
  terms: { acceptedOn: '2026-01-10T00:00:00.000Z', agreements: ['termsOfUse'], ksnStatementAcceptedOn: '2026-01-10T00:00:00.000Z' },
  customIncidents: null,
  version,
});
const newer = { installedVersion: '1.0.0.163', latestVersion: '1.0.0.171', updateAvailable: true, status: 'updateAvailable' };
const current = { installedVersion: '1.0.0.171', latestVersion: '1.0.0.171', updateAvailable: false, status: 'upToDate' };
const administrator = ['incidentAccess', 'applicationIntegration'] as const;

describe('KSN configuration file at sign-in', () => {
  it('installs a newer file for a user who may, and says so', async () => {
    const { host, api, requests, notices } = createTestHost({
      rights: [...administrator],
      routes: { 'GET /usage': [200, usage(newer)], 'POST /ksn/update': [200, { installedVersion: '1.0.0.171', version: 8 }] },
    });
    expect(await updateKsnAtSignIn(host, api)).to.equal('updated');
    expect(requests.find((r) => r.url === '/ksn/update')!.body).to.deep.equal({ version: '1.0.0.171', expectedVersion: 7 });
    expect(notices).to.deep.equal([{ kind: 'success', text: 'The KSN configuration file was updated to version 1.0.0.171.' }]);
  });

  it('tells a user without Application Integration that their account does not have sufficient access rights', async () => {
    const { host, api, requests, notices } = createTestHost({ rights: ['incidentAccess'], routes: { 'GET /usage': [200, usage(newer)] } });
    expect(await updateKsnAtSignIn(host, api)).to.equal('insufficientRights');
    expect(requests.some((r) => r.method === 'POST')).to.equal(false, 'nothing is tried that the server would refuse');
    expect(notices).to.have.length(1);
    expect(notices[0]!.kind).to.equal('warning');
    expect(notices[0]!.text).to.include('your account does not have sufficient access rights to update the file: it needs the Application Integration right');
  });

  it('names a refusal by the server as insufficient rights too', async () => {
    const { host, api, notices } = createTestHost({
      rights: [...administrator],
      routes: { 'GET /usage': [200, usage(newer)], 'POST /ksn/update': [403, { error: 'forbidden', missingRights: ['applicationIntegration'] }] },
    });
    expect(await updateKsnAtSignIn(host, api)).to.equal('insufficientRights');
    expect(notices[0]!.text).to.include('does not have sufficient access rights');
  });

  it('reports any other failure as an unexpected error, with its reason and the way to Technical Support', async () => {
    const { host, api, notices } = createTestHost({
      rights: [...administrator],
      routes: { 'GET /usage': [200, usage(newer)], 'POST /ksn/update': [504, { error: 'serviceTimeout' }] },
    });
    expect(await updateKsnAtSignIn(host, api)).to.equal('unexpectedError');
    expect(notices).to.have.length(1);
    expect(notices[0]!.kind).to.equal('error');
    expect(notices[0]!.text).to.match(/^An unexpected error occurred while updating the KSN configuration file to version 1\.0\.0\.171: .*did not answer in time.* contact Technical Support\.$/);
  });

  it('says nothing when another specialist updated the file meanwhile', async () => {
    let reads = 0;
    const { host, api, requests, notices } = createTestHost({
      rights: [...administrator],
      routes: {
        'GET /usage': () => [200, ++reads === 1 ? usage(newer) : usage(current, 'active', 8)],
        'POST /ksn/update': [409, { error: 'conflict' }],
      },
    });
    expect(await updateKsnAtSignIn(host, api)).to.equal('upToDate');
    expect(notices).to.deep.equal([]);
    expect(requests.filter((r) => r.url === '/usage').length).to.equal(2, 'the state is read again after the lost race');
  });

  it('tries nothing when the file is the newest, MDR is not active (KPSN is off), MDR features are hidden or the user has no MDR right', async () => {
    const cases: Parameters<typeof createTestHost>[0][] = [
      { rights: [...administrator], routes: { 'GET /usage': [200, usage(current)] } },
      { rights: [...administrator], routes: { 'GET /usage': [200, usage({ ...newer, status: 'disabled' }, 'notActivated')] } },
      { rights: [...administrator], showMdrFeatures: false, routes: { 'GET /usage': [200, usage(newer)] } },
      { rights: ['applicationIntegration'], routes: { 'GET /usage': [200, usage(newer)] } },
      { rights: [...administrator], routes: { 'GET /usage': [502, { error: 'serviceUnreachable' }] } },
    ];
    const outcomes: string[] = [];
    for (const options of cases) {
      const { host, api, requests, notices } = createTestHost(options);
      outcomes.push(await updateKsnAtSignIn(host, api));
      expect(notices).to.deep.equal([]);
      expect(requests.some((r) => r.method === 'POST')).to.equal(false);
    }
    expect(outcomes).to.deep.equal(['upToDate', 'notTried', 'notTried', 'notTried', 'notTried']);
  });

  it('is what the entry module offers hosts as onSignIn', async () => {
    const entry = await import('../../plugin/index.ts');
    expect(entry.onSignIn).to.equal(onSignIn);
    const { host, notices } = createTestHost({ rights: ['incidentAccess'], routes: { 'GET /usage': [200, usage(newer)] } });
    await entry.onSignIn(host);
    expect(notices).to.have.length(1);
  });
});

describe('MDR Usage: the KPSN block', () => {
  const connection = { mode: 'direct', extraCertificates: { count: 0 }, restartNeeded: false };

  it("shows the file's status and version in the help's words", async () => {
    const { host } = createTestHost({ rights: ['incidentAccess'], routes: { 'GET /usage': [200, usage(newer)], 'GET /connection': [200, connection] } });
    const element = await fixture<MdrSection>(html`<mdr-section .host=${host} tab="usage"></mdr-section>`);
    await waitForText(element, 'Example Corp');
    const block = visibleText(deepQuery<HTMLElement>(element, '[data-testid="kpsn"]')!).replace(/\s+/g, ' ').trim();
    // Help topic *Using MDR Plug-in functions on a virtual Administration Server*.
    expect(block).to.include('To send telemetry data to the Kaspersky MDR infrastructure, the KPSN configuration file with version 1.0.0.163 is used.');
    expect(block).to.include('A new version of the KSN configuration file is available: 1.0.0.171.');
    expect(block).to.include('If the file status or version is incorrect, contact Technical Support.');
    expect(deepQuery<HTMLButtonElement>(element, '#ksn-update')!.textContent!.trim()).to.equal('Update the KSN configuration file');
    expect(visibleText(element)).to.include('KPSN');
  });

  it('names the outcome of Update as the help lists it', async () => {
    const { host, notices } = createTestHost({
      rights: [...administrator],
      routes: { 'GET /usage': [200, usage(newer)], 'GET /connection': [200, connection], 'POST /ksn/update': [500, { error: 'serviceError' }] },
    });
    const element = await fixture<MdrSection>(html`<mdr-section .host=${host} tab="usage"></mdr-section>`);
    await waitForText(element, 'Example Corp');
    deepQuery<HTMLButtonElement>(element, '#ksn-update')!.click();
    await waitUntil(() => notices.length > 0);
    expect(notices[0]!.text).to.match(/^An unexpected error occurred while updating the KSN configuration file to version 1\.0\.0\.171: /);
  });
});

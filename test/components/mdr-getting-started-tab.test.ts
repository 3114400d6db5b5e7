import './support/accessibility-hook.ts';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../plugin/index.ts';
import type { MdrSection } from '../../plugin/mdr-section.ts';
import { createTestHost } from './support/test-host.ts';
import { deepQuery, visibleText, waitForText } from './support/dom.ts';

const connection = { mode: 'direct', extraCertificates: { count: 0 }, restartNeeded: false };

describe('mdr-getting-started-tab', () => {
  it('creates the missing MDR roles in step 1 and marks the step done', async () => {
    let exists = false;
    const { host, requests, notices } = createTestHost({
      rights: ['incidentAccess'],
      routes: {
        'GET /connection': [200, connection],
        'GET /roles/predefined': () => [
          200,
          { roles: ['mdrAdministrator', 'seniorSecurityOfficer', 'securityOfficer'].map((key) => ({ key, exists: exists || key === 'mdrAdministrator' })), canManageRoles: true },
        ],
        'POST /roles/predefined': () => {
          exists = true;
          return [200, { created: ['seniorSecurityOfficer', 'securityOfficer'], existing: ['mdrAdministrator'] }];
        },
      },
    });
    const element = await fixture<MdrSection>(html`<mdr-section .host=${host} tab="getting-started"></mdr-section>`);
    await waitUntil(() => deepQuery(element, '#create-roles'));
    const rolesStep = () => deepQuery<HTMLElement>(element, '[data-step="roles"]')!;
    expect(visibleText(rolesStep())).to.include('To do');
    deepQuery<HTMLButtonElement>(element, '#create-roles')!.click();
    await waitUntil(() => visibleText(rolesStep()).includes('Done'));
    expect(notices).to.deep.equal([{ kind: 'success', text: '2 roles were created.' }]);
    expect(requests.filter((r) => r.method === 'POST').map((r) => r.url)).to.deep.equal(['/roles/predefined']);
    expect(deepQuery(element, '#create-roles')).to.equal(undefined);
  });

  it('marks activation and connected assets done and offers the root tenant configuration file', async () => {
    const { host, requests } = createTestHost({
      rights: ['incidentAccess'],
      routes: {
        'GET /connection': [200, connection],
        'GET /roles/predefined': [200, { roles: [], canManageRoles: false }],
        'GET /assets/summary': [200, { ok: 10, warning: 1, critical: 0, absent: 2, total: 13 }],
        'GET /configuration-file/licenses': [200, { items: [{ id: 'l-1', name: 'Kaspersky Managed Detection and Response Optimum', tier: 'optimum', assetLimit: 500, expirationDate: '2027-01-10T00:00:00.000Z' }] }],
        'GET /configuration-file': () => [200, new Blob(['PK'], { type: 'application/zip' })],
      },
    });
    const element = await fixture<MdrSection>(html`<mdr-section .host=${host} tab="getting-started"></mdr-section>`);
    await waitUntil(() => deepQuery(element, '#root-configuration-bat'));
    expect(visibleText(deepQuery<HTMLElement>(element, '[data-step="activate"]')!)).to.include('Done');
    await waitUntil(() => visibleText(deepQuery<HTMLElement>(element, '[data-step="deploy"]')!).includes('Done'));
    // One active license: nothing to choose, two links as in the help (BLOB or BAT file included).
    expect(deepQuery(element, '#root-configuration-license')).to.equal(undefined);
    expect(visibleText(deepQuery<HTMLElement>(element, '#root-configuration-blob')!)).to.equal('Download (BLOB file included)');
    deepQuery<HTMLButtonElement>(element, '#root-configuration-bat')!.click();
    await waitUntil(() => requests.some((request) => request.url === '/configuration-file'));
    expect(requests.find((request) => request.url === '/configuration-file')!.params).to.deep.equal({ licenseId: 'l-1', variant: 'bat' });
  });

  it('with several licenses, downloads the root tenant file of the license chosen, one download at a time', async () => {
    let finish: (answer: [number, unknown]) => void = () => undefined;
    const { host, requests, notices } = createTestHost({
      rights: ['incidentAccess'],
      routes: {
        'GET /connection': [200, connection],
        'GET /roles/predefined': [200, { roles: [], canManageRoles: false }],
        'GET /assets/summary': [200, { ok: 1, warning: 0, critical: 0, absent: 0, total: 1 }],
        'GET /configuration-file/licenses': [
          200,
          {
            items: [
              { id: 'l-1', name: 'Kaspersky Managed Detection and Response Optimum', tier: 'optimum', assetLimit: 500, expirationDate: '2027-01-10T00:00:00.000Z' },
              { id: 'l-2', name: 'Kaspersky Managed Detection and Response Expert', tier: 'expert', assetLimit: 2000, expirationDate: '2027-06-30T00:00:00.000Z' },
            ],
          },
        ],
        'GET /configuration-file': () => new Promise<[number, unknown]>((resolve) => (finish = resolve)),
      },
    });
    const element = await fixture<MdrSection>(html`<mdr-section .host=${host} tab="getting-started"></mdr-section>`);
    await waitUntil(() => deepQuery(element, '#root-configuration-license'));
    const select = deepQuery<HTMLSelectElement>(element, '#root-configuration-license')!;
    expect([...select.options].map((option) => option.textContent!.trim())).to.deep.equal([
      'MDR Optimum, 500 assets, expires Jan 10, 2027',
      'MDR Expert, 2,000 assets, expires Jun 30, 2027',
    ]);
    select.value = 'l-2';
    select.dispatchEvent(new Event('change'));
    await waitUntil(() => !deepQuery<HTMLButtonElement>(element, '#root-configuration-blob')!.disabled);
    deepQuery<HTMLButtonElement>(element, '#root-configuration-blob')!.click();
    await waitUntil(() => deepQuery<HTMLButtonElement>(element, '#root-configuration-bat')!.disabled, 'busy while the file is made');
    deepQuery<HTMLButtonElement>(element, '#root-configuration-blob')!.click();
    expect(requests.filter((request) => request.url === '/configuration-file').map((request) => request.params)).to.deep.equal([{ licenseId: 'l-2', variant: 'blob' }]);
    finish([503, { error: 'upstream', failure: 'serviceUnreachable' }]);
    await waitUntil(() => notices.length > 0);
    expect(notices[0]!.kind).to.equal('error');
    await waitUntil(() => !deepQuery<HTMLButtonElement>(element, '#root-configuration-bat')!.disabled, 'usable again after a failure');
  });

  it('uses Russian plural forms for the created roles', async () => {
    const { host, notices } = createTestHost({
      rights: ['incidentAccess'],
      language: 'ru',
      routes: {
        'GET /connection': [200, connection],
        'GET /roles/predefined': [200, { roles: [{ key: 'securityOfficer', exists: false }], canManageRoles: true }],
        'POST /roles/predefined': [200, { created: ['seniorSecurityOfficer', 'securityOfficer'], existing: [] }],
      },
    });
    const element = await fixture<MdrSection>(html`<mdr-section .host=${host} tab="getting-started"></mdr-section>`);
    await waitUntil(() => deepQuery(element, '#create-roles'));
    await waitForText(element, 'Создать роли MDR');
    deepQuery<HTMLButtonElement>(element, '#create-roles')!.click();
    await waitUntil(() => notices.length > 0);
    expect(notices[0]!.text).to.equal('Создано 2 роли.');
  });
});

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
    const { host } = createTestHost({
      rights: ['incidentAccess'],
      routes: {
        'GET /connection': [200, connection],
        'GET /roles/predefined': [200, { roles: [], canManageRoles: false }],
        'GET /assets/summary': [200, { ok: 10, warning: 1, critical: 0, absent: 2, total: 13 }],
      },
    });
    const element = await fixture<MdrSection>(html`<mdr-section .host=${host} tab="getting-started"></mdr-section>`);
    await waitUntil(() => deepQuery(element, '#root-configuration'));
    expect(deepQuery<HTMLAnchorElement>(element, '#root-configuration')!.getAttribute('href')).to.equal('/api/plugins/mdr/configuration-file');
    expect(visibleText(deepQuery<HTMLElement>(element, '[data-step="activate"]')!)).to.include('Done');
    await waitUntil(() => visibleText(deepQuery<HTMLElement>(element, '[data-step="deploy"]')!).includes('Done'));
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

import './support/accessibility-hook.ts';
import { expect, fixture, html } from '@open-wc/testing';
import '../../plugin/index.ts';
import type { MdrSection } from '../../plugin/mdr-section.ts';
import { allRights, createTestHost } from './support/test-host.ts';
import { deepQuery, visibleText, waitForText } from './support/dom.ts';

const routes = { 'GET /roles/predefined': [200, { roles: [], canManageRoles: false }] as [number, unknown] };

describe("mdr-section: Why can't I see this?", () => {
  it('names, for each hidden tab, the functional areas the user lacks', async () => {
    const { host } = createTestHost({ rights: ['restApiAccess'], routes });
    const element = await fixture<MdrSection>(html`<mdr-section .host=${host}></mdr-section>`);
    await waitForText(element, "Why can't I see this?");
    deepQuery<HTMLElement>(element, 'details.why summary')!.click();
    const text = visibleText(deepQuery(element, 'details.why')!);
    expect(text).to.include('API needs: Incident access.');
    expect(text).to.include('Reports needs: Incident access and Incident summary scheduling.');
    expect(text).to.include('Licenses needs: Incident access, Auto-accept settings, Response management, Tenant management, and Incident summary scheduling.');
    expect(text).to.include('Ask your console administrator');
    expect(text).not.to.include('Getting Started needs');
  });

  it('points an administrator who may manage roles to the roles set-up', async () => {
    const { host } = createTestHost({ rights: ['incidentAccess'], routes });
    const opened: string[] = [];
    const element = await fixture<MdrSection>(
      html`<mdr-section .host=${{ ...host, canManageRoles: true, navigation: { ...host.navigation, openConsolePage: (page: string) => opened.push(page) } }}></mdr-section>`,
    );
    await waitForText(element, "Why can't I see this?");
    deepQuery<HTMLElement>(element, 'details.why summary')!.click();
    [...deepQuery(element, 'details.why')!.querySelectorAll('button')].find((button) => button.textContent?.includes('Open roles'))!.click();
    expect(opened).to.deep.equal(['roles']);
  });

  it('is absent when every tab is visible', async () => {
    const { host } = createTestHost({ rights: allRights, routes });
    const element = await fixture<MdrSection>(html`<mdr-section .host=${host}></mdr-section>`);
    await waitForText(element, 'Getting Started');
    expect(deepQuery(element, 'details.why')).to.equal(undefined);
  });

  it('follows the language', async () => {
    const { host } = createTestHost({ rights: [], language: 'de', routes });
    const element = await fixture<MdrSection>(html`<mdr-section .host=${host}></mdr-section>`);
    await waitForText(element, 'Warum sehe ich das nicht?');
  });
});

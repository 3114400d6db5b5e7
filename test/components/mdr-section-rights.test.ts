import './support/accessibility-hook.ts';
import { expect, fixture, html } from '@open-wc/testing';
import '../../plugin/index.ts';
import type { RightId } from '../../plugin/context.ts';
import type { MdrSection } from '../../plugin/mdr-section.ts';
import { allRights, createTestHost } from './support/test-host.ts';
import { deepQueryAll, waitForText } from './support/dom.ts';

/** Tab titles the specification's gating table (section 3) gives a set of rights, in the section's order. */
function tabsBySpecification(rights: readonly RightId[]): string[] {
  const has = (right: RightId) => rights.includes(right);
  if (!has('incidentAccess')) return ['Getting Started'];
  const mdrAreas = allRights.filter((right) => right !== 'applicationIntegration');
  return [
    'Incidents',
    has('incidentSummaryScheduling') ? 'Reports' : '',
    'Settings',
    'Notifications',
    has('restApiAccess') ? 'API' : '',
    has('tenantManagement') ? 'Tenants' : '',
    'MDR Health',
    mdrAreas.every(has) ? 'Licenses' : '',
    'Getting Started',
    'MDR Usage',
  ].filter(Boolean);
}

describe('mdr-section: visible tabs for every combination of rights', () => {
  it('shows exactly the tabs of the specification for all 128 combinations', async function () {
    // 128 renders in one test: more than the default per-test time on a busy machine.
    this.timeout(120_000);
    const routes = { 'GET /roles/predefined': [200, { roles: [], canManageRoles: false }] as [number, unknown] };
    for (let mask = 0; mask < 2 ** allRights.length; mask++) {
      const rights = allRights.filter((_, bit) => (mask >> bit) & 1);
      const { host } = createTestHost({ rights, routes });
      const element = await fixture<MdrSection>(html`<mdr-section .host=${host} tab="getting-started"></mdr-section>`);
      await waitForText(element, 'Getting Started');
      const tabs = deepQueryAll<HTMLElement>(element, '[role="tab"]').map((tab) => tab.textContent!.trim());
      expect(tabs, rights.join('+') || 'no rights').to.deep.equal(tabsBySpecification(rights));
    }
  });
});

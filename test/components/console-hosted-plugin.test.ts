import './support/accessibility-hook.ts';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { LitElement } from 'lit';
import type { ConsoleSession, InstalledPlugin } from '../../host-shim/console/console-api.ts';
import { HostedPlugin } from '../../host-shim/console/plugin-host.ts';

class HostingElement extends LitElement {
  readonly hosted = new HostedPlugin(this);
}
customElements.define('test-hosting-element', HostingElement);

const session: ConsoleSession = {
  user: { id: 'user-1', userName: 'officer', displayName: 'Officer' },
  rights: ['incidentAccess'],
  administration: false,
  csrfToken: 'token',
  language: 'en',
  showMdrFeatures: true,
};

/** The installed plug-in as `GET /api/plugins` answers it: a new object at every read of the list. */
function installed(): InstalledPlugin {
  return {
    baseUrl: '/test/components/support/hosted-plugin/',
    localeBaseUrl: '/test/components/support/hosted-plugin/',
    languages: ['en'],
    manifest: {
      id: 'hosted',
      version: '1.0.0',
      entry: 'entry.ts',
      titleKey: 'title',
      localeNamespace: 'hosted',
      elements: { section: 'hosted-section', widgets: [] },
      section: { path: '/hosted', navigationGroup: 'monitoring' },
      tabs: [],
      widgets: [],
      rights: [],
    },
  };
}

describe('a plug-in hosted by the console', () => {
  it('becomes ready when its module loads, though the plug-in list was read again before it was asked to load', async () => {
    const element = await fixture<HostingElement>(html`<test-hosting-element></test-hosting-element>`);
    // Shown without loading (no widget right yet), then the list is read again (another plug-in changed).
    element.hosted.show(session, installed(), false);
    element.hosted.show(session, installed(), false);
    // Now its module is wanted.
    element.hosted.show(session, installed(), true);
    await waitUntil(() => element.hosted.ready || element.hosted.loadFailed, 'the module neither loaded nor failed', { timeout: 5000 });
    expect(element.hosted.loadFailed).to.equal(false);
    expect(element.hosted.ready).to.equal(true);
    expect((window as unknown as { hostedPluginEntryRan?: boolean }).hostedPluginEntryRan).to.equal(true);
  });
});

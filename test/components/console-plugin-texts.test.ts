import './support/accessibility-hook.ts';
import { expect } from '@open-wc/testing';
import type { InstalledPlugin } from '../../host-shim/console/console-api.ts';
import { loadPluginTexts } from '../../host-shim/console/plugin-texts.ts';

/** A plug-in whose texts the console reads from `/plugin-texts-test/<language>/greetings.json`. */
const plugin: InstalledPlugin = {
  baseUrl: '/plugin-texts-test/',
  localeBaseUrl: '/plugin-texts-test/',
  languages: ['en'],
  manifest: {
    id: 'greetings',
    version: '1.0.0',
    entry: 'index.js',
    titleKey: 'title',
    localeNamespace: 'greetings',
    elements: { section: 'greetings-section', widgets: [] },
    section: { path: '/greetings', navigationGroup: 'monitoring' },
    tabs: [],
    widgets: [],
    rights: [],
  },
};

describe("the console's texts of a plug-in", () => {
  let original: typeof window.fetch;
  let answers: (() => Response)[];
  const fetched: string[] = [];
  before(() => {
    original = window.fetch;
    window.fetch = async (input: RequestInfo | URL) => {
      const url = String(input);
      if (!url.startsWith('/plugin-texts-test/')) return original(input);
      fetched.push(url);
      return answers.shift()!();
    };
  });
  after(() => {
    window.fetch = original;
  });

  it('asks again for a file that did not arrive, instead of showing raw keys until a reload', async () => {
    answers = [() => new Response('unavailable', { status: 503 }), () => new Response(JSON.stringify({ title: 'Greetings' }), { status: 200 })];
    expect((await loadPluginTexts(plugin, 'en')).text('title')).to.equal('title');
    expect((await loadPluginTexts(plugin, 'en')).text('title')).to.equal('Greetings');
    // Once it has arrived, it is not fetched again.
    expect((await loadPluginTexts(plugin, 'en')).text('title')).to.equal('Greetings');
    expect(fetched).to.deep.equal(['/plugin-texts-test/en/greetings.json', '/plugin-texts-test/en/greetings.json']);
  });
});

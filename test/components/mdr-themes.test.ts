import './support/accessibility-hook.ts';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../../plugin/index.ts';
import type { MdrSection } from '../../plugin/mdr-section.ts';
import { allRights, createTestHost } from './support/test-host.ts';
import { deepQuery, waitForText } from './support/dom.ts';
import { accessibilityViolations } from './support/accessibility.ts';

/**
 * Themes: the plug-in takes the light or dark variant of its colours from the colour scheme it
 * inherits from the host (the test page declares `color-scheme: light dark`, as the console does),
 * stays light in a host that declares no scheme, and takes the host's own `--mdr-*` tokens first.
 */
const routes = {
  'GET /settings': [200, { general: { extendedNotifications: false, termsAcceptedOn: null, language: 'en', version: '1.1' } }] as [number, unknown],
};

async function renderSettings(style = ''): Promise<MdrSection> {
  const { host } = createTestHost({ rights: allRights, routes });
  const wrapper = await fixture<HTMLDivElement>(html`<div style=${style}><mdr-section .host=${host} tab="settings"></mdr-section></div>`);
  const element = wrapper.querySelector<MdrSection>('mdr-section')!;
  await waitForText(element, 'Notifications and language');
  return element;
}

const textColour = (element: Element) => getComputedStyle(deepQuery<HTMLElement>(element, 'h2')!).color;
const primaryButton = (element: Element) => deepQuery<HTMLButtonElement>(element, 'button.primary')!;
/** Relative luminance of an `rgb(r, g, b)` colour (WCAG). */
function luminance(colour: string): number {
  const [r, g, b] = colour.match(/\d+/g)!.slice(0, 3).map((part) => {
    const channel = Number(part) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('mdr themes', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light' }));

  it('is dark text on light in the light scheme and light text on dark in the dark one', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const element = await renderSettings();
    expect(luminance(textColour(element))).to.be.below(0.1);
    await emulateMedia({ colorScheme: 'dark' });
    await waitUntil(() => luminance(textColour(element)) > 0.6, 'the text turned light');
    const button = primaryButton(element);
    expect(luminance(getComputedStyle(button).backgroundColor)).to.be.above(0.3, 'the dark accent is light enough for dark text');
  });

  it('stays light inside a host that declares no colour scheme, whatever the user prefers', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const element = await renderSettings('color-scheme: light; background: #fff');
    expect(luminance(textColour(element))).to.be.below(0.1);
  });

  it('has an accessibility check after every test that finds what it should', async () => {
    // The check every component test ends with (support/accessibility-hook.ts) is live: it names a
    // planted contrast failure. The element goes before the check after this test would see it.
    const planted = await fixture<HTMLParagraphElement>(html`<p style="color: #777; background: #888">Too faint</p>`);
    const problems = await accessibilityViolations(planted);
    planted.remove();
    expect(problems.some((problem) => problem.startsWith('color-contrast (serious)'))).to.equal(true, problems.join('\n'));
  });

  it("uses the host's theme tokens before its own", async () => {
    const element = await renderSettings('color-scheme: light; background: #fff; --mdr-accent: rgb(10, 20, 200); --mdr-on-accent: rgb(255, 255, 0); --mdr-text: rgb(40, 40, 40)');
    const button = primaryButton(element);
    expect(getComputedStyle(button).backgroundColor).to.equal('rgb(10, 20, 200)');
    expect(getComputedStyle(button).color).to.equal('rgb(255, 255, 0)');
    expect(textColour(element)).to.equal('rgb(40, 40, 40)');
  });
});

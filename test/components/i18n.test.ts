import './support/accessibility-hook.ts';
import { expect, waitUntil } from '@open-wc/testing';
import { i18n, setLocaleBaseUrl, t, useLanguage } from '../../plugin/i18n.ts';

/** Locale files this page has fetched so far. */
function fetchedLocales(): string[] {
  return performance
    .getEntriesByType('resource')
    .map((entry) => new URL(entry.name).pathname)
    .filter((path) => path.startsWith('/locales/'));
}

describe('plug-in locale loading', () => {
  before(() => setLocaleBaseUrl('/locales/'));

  it('fetches only the language in use, not English as well', async () => {
    await useLanguage('de');
    expect(t('tabs.usage')).to.equal('MDR-Nutzung');
    expect(fetchedLocales()).to.deep.equal(['/locales/de/mdr.json']);
  });

  it('falls back to English for a missing key, fetching English then, and reports the key once', async () => {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
    try {
      expect(t('noSuchKey.anywhere')).to.equal('noSuchKey.anywhere');
      t('noSuchKey.anywhere');
      await waitUntil(() => fetchedLocales().includes('/locales/en/mdr.json'), 'English is fetched once a key is missing');
      await waitUntil(() => i18n.hasResourceBundle('en', 'mdr'), 'English is loaded');
      expect(warnings.filter((warning) => warning.includes('noSuchKey.anywhere'))).to.have.length(1);

      // A key the German file lacks shows the English text.
      i18n.addResourceBundle('en', 'mdr', { onlyInEnglish: 'Only in English' }, true, true);
      expect(i18n.language).to.equal('de');
      expect(t('onlyInEnglish')).to.equal('Only in English');
    } finally {
      console.warn = original;
    }
  });
});

import './support/accessibility-hook.ts';
import { expect, waitUntil } from '@open-wc/testing';
import { codeText, formatDate, formatList, formatNumber, formatWait, i18n, keyIn, setLocaleBaseUrl, t, useLanguage, type TranslationKey } from '../../plugin/i18n.ts';
import { consoleCodeText, consoleI18n, consoleKeyIn, ct } from '../../host-shim/console/console-i18n.ts';

/** Keys the compiler refuses, to see what happens when one reaches `t()` at run time anyway. */
const missingKey = 'noSuchKey.anywhere' as TranslationKey;
const onlyInEnglish = 'onlyInEnglish' as TranslationKey;

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
      expect(t(missingKey)).to.equal('noSuchKey.anywhere');
      t(missingKey);
      await waitUntil(() => fetchedLocales().includes('/locales/en/mdr.json'), 'English is fetched once a key is missing');
      await waitUntil(() => i18n.hasResourceBundle('en', 'mdr'), 'English is loaded');
      expect(warnings.filter((warning) => warning.includes('noSuchKey.anywhere'))).to.have.length(1);

      // A key the German file lacks shows the English text.
      i18n.addResourceBundle('en', 'mdr', { onlyInEnglish: 'Only in English' }, true, true);
      expect(i18n.language).to.equal('de');
      expect(t(onlyInEnglish)).to.equal('Only in English');
    } finally {
      console.warn = original;
    }
  });
});

describe('dates, numbers, lists and waits', () => {
  before(() => setLocaleBaseUrl('/locales/'));
  after(() => useLanguage('en'));

  it('follow the language in use, each formatter made once per language and options', async () => {
    const date = '2026-03-05T14:30:00.000Z';
    const formats = () => [formatDate('2026-03-05'), formatDate(date, 'dateTime', { timeZone: 'UTC' }), formatNumber(1234567.5), formatNumber(0.25, { style: 'percent' }), formatList(['A', 'B', 'C']), formatWait(90)];
    await useLanguage('en');
    const english = formats();
    expect(english).to.deep.equal(['Mar 5, 2026', 'Mar 5, 2026, 2:30 PM', '1,234,567.5', '25%', 'A, B, and C', 'in 2 minutes']);
    await useLanguage('de');
    expect(formats()).to.deep.equal(['05.03.2026', '05.03.2026, 14:30', '1.234.567,5', '25\u00a0%', 'A, B und C', 'in 2 Minuten']);
    // Back in English, the English formatters again: a formatter is never reused across languages.
    await useLanguage('en');
    expect(formats()).to.deep.equal(english);
    // Other options, another formatter: a time zone given for one date does not stick to the next.
    expect(formatDate('2026-03-05T23:30:00.000Z', 'dateTime', { timeZone: 'Asia/Tokyo' })).to.equal('Mar 6, 2026, 8:30 AM');
    expect(formatDate(date, 'dateTime', { timeZone: 'UTC' })).to.equal('Mar 5, 2026, 2:30 PM');
  });

  it('makes each formatter once per language and options, however many values it formats', async () => {
    // Formatters counted as they are made (the functions take the constructor from Intl when called).
    const made: string[] = [];
    const original = { DateTimeFormat: Intl.DateTimeFormat, NumberFormat: Intl.NumberFormat };
    Intl.DateTimeFormat = class CountedDateTimeFormat extends original.DateTimeFormat {
      constructor(...args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
        super(...args);
        made.push(`date ${String(args[0])}`);
      }
    } as typeof Intl.DateTimeFormat;
    Intl.NumberFormat = class CountedNumberFormat extends original.NumberFormat {
      constructor(...args: ConstructorParameters<typeof Intl.NumberFormat>) {
        super(...args);
        made.push(`number ${String(args[0])}`);
      }
    } as typeof Intl.NumberFormat;
    try {
      await useLanguage('en');
      // A table's worth of cells: one formatter of each kind.
      for (let row = 0; row < 25; row++) {
        formatDate(`2026-03-${String(row + 1).padStart(2, '0')}`);
        formatNumber(row * 1000);
      }
      expect(made).to.deep.equal(['date en', 'number en']);
      await useLanguage('de');
      formatDate('2026-03-05');
      formatNumber(1000);
      formatNumber(1000);
      expect(made).to.deep.equal(['date en', 'number en', 'date de', 'number de']);
      // Other options are another formatter, made once as well.
      formatNumber(0.5, { style: 'percent' });
      formatNumber(0.7, { style: 'percent' });
      expect(made).to.have.length(5);
    } finally {
      Intl.DateTimeFormat = original.DateTimeFormat;
      Intl.NumberFormat = original.NumberFormat;
    }
  });
});

describe('translation keys', () => {
  before(() => useLanguage('en'));

  it('are checked by the compiler: a misspelt key, or a key made from any string, does not compile', () => {
    // `npm run typecheck` fails if either line compiles, that is if `t()` took any string.
    // @ts-expect-error — no such key in locales/en/mdr.json
    const misspelt = () => t('tabs.usagee');
    const anyTier: string = 'optimum';
    // @ts-expect-error — a key made from a plain string is not known to exist
    const madeFromString = () => t(`licenses.tiers.${anyTier}`);
    expect([misspelt, madeFromString]).to.have.length(2);
  });

  it('made from a code the server sends are used only when the locale has them', () => {
    expect(keyIn('errors', 'forbidden')).to.equal('errors.forbidden');
    expect(keyIn('errors', 'somethingNew')).to.equal(undefined);
    expect(keyIn('errors', undefined)).to.equal(undefined);
    expect(codeText('health.mdrStates', 'running')).to.equal(t('health.mdrStates.running'));
    expect(codeText('health.mdrStates', 'stateOfANewerService')).to.equal('stateOfANewerService');
  });
});

describe('console translation keys', () => {
  before(() => consoleI18n.addResourceBundle('en', 'console', { devices: { states: { running: 'Running' } } }, true, true));

  it('are checked by the compiler as well', () => {
    // `npm run typecheck` fails if this line compiles, that is if `ct()` took any string.
    // @ts-expect-error — no such key in locales/en/console.json
    const misspelt = () => ct('devices.stats.running');
    expect(misspelt).to.be.a('function');
  });

  it('made from a code the server sends are used only when the console has them', () => {
    expect(consoleKeyIn('devices.states', 'running')).to.equal('devices.states.running');
    expect(consoleKeyIn('devices.states', 'hibernating')).to.equal(undefined);
    expect(consoleCodeText('devices.states', 'running')).to.equal('Running');
    expect(consoleCodeText('devices.states', 'hibernating')).to.equal('hibernating');
  });
});

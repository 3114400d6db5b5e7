/**
 * Texts of the mails and reports the MDR service sends, in the organization's notification
 * language. They live with every other string in `locales/<lang>/mdr.json`, group `mail`, and go
 * through i18next as in the browser: the same plural rules (`_one`, `_few`, … by `Intl.PluralRules`)
 * and numbers formatted for the language (`{{count, number}}`).
 */
import fs from 'node:fs';
import path from 'node:path';
import i18next, { type i18n as I18n } from 'i18next';
import { repoRoot } from '../../common/paths.ts';

const namespace = 'mdr';
const sourceLanguage = 'en';
const instances = new Map<string, I18n>();

function bundle(language: string): object | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(repoRoot, 'locales', language, `${namespace}.json`), 'utf8')) as object;
  } catch {
    return undefined;
  }
}

/** One i18next instance per language, made once, with English behind it for a missing key. */
function instanceFor(language: string): I18n {
  let instance = instances.get(language);
  if (!instance) {
    instance = i18next.createInstance();
    const resources: Record<string, Record<string, object>> = { [sourceLanguage]: { [namespace]: bundle(sourceLanguage) ?? {} } };
    const own = language === sourceLanguage ? undefined : bundle(language);
    if (own) resources[language] = { [namespace]: own };
    void instance.init({
      lng: own ? language : sourceLanguage,
      fallbackLng: sourceLanguage,
      ns: [namespace],
      defaultNS: namespace,
      resources,
      initAsync: false,
      // Plain text and PDF, never HTML: nothing to escape.
      interpolation: { escapeValue: false },
      returnNull: false,
    });
    instances.set(language, instance);
  }
  return instance;
}

/** A translator for one language: `mail.<key>`, with plurals by `count` and numbers in the language's form. */
export function mailTexts(language: string): (key: string, values?: Record<string, string | number>) => string {
  const instance = instanceFor(language);
  return (key, values = {}) => instance.t(`mail.${key}`, values) as string;
}

/** A number in the notification language ("1,234", "1 234"). */
export function formatNumber(value: number, language: string): string {
  return new Intl.NumberFormat(language).format(value);
}

/** A UTC date and time for mails and reports ("2026-06-10 12:00 UTC" style, per language). */
export function formatUtc(time: number, language: string, withTime = true): string {
  return new Intl.DateTimeFormat(language, {
    dateStyle: 'medium',
    ...(withTime ? { timeStyle: 'short' } : {}),
    timeZone: 'UTC',
  }).format(new Date(time));
}

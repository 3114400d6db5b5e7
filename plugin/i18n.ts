import i18next, { type i18n as I18n } from 'i18next';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TranslationGroup, TranslationKey } from './translation-key.ts';
import { intlFormatter } from '../contract/intl.ts';

export type { GroupWith, TranslationGroup, TranslationKey } from './translation-key.ts';

/** The plug-in's locale namespace: `locales/<lang>/mdr.json`. */
export const namespace = 'mdr';
export const sourceLanguage = 'en';

/** The plug-in's own i18next instance, independent of whatever the host uses. */
export const i18n: I18n = i18next.createInstance();

let localeBaseUrl = new URL(/* @vite-ignore */ './locales/', import.meta.url).href;
const reportedMissing = new Set<string>();
const loading = new Map<string, Promise<void>>();

const ready = i18n.init({
  lng: sourceLanguage,
  fallbackLng: sourceLanguage,
  ns: [namespace],
  defaultNS: namespace,
  resources: {},
  partialBundledLanguages: true,
  interpolation: { escapeValue: false },
  returnNull: false,
  saveMissing: true,
  missingKeyHandler: (languages, ns, key) => {
    // English, the fallback, is fetched only when a translation turns out to be missing (a key asked
    // for before the language's file has arrived is early, not missing).
    if (i18n.hasResourceBundle(i18n.language, namespace) && !i18n.hasResourceBundle(sourceLanguage, namespace)) void loadLanguage(sourceLanguage);
    const id = `${languages.join(',')}:${ns}:${key}`;
    if (reportedMissing.has(id)) return;
    reportedMissing.add(id);
    console.warn(`[mdr] missing translation "${ns}:${key}" for ${languages.join(', ')}`);
  },
});

/** Sets where locale files are fetched from (the host knows its URL layout). */
export function setLocaleBaseUrl(url: string): void {
  localeBaseUrl = new URL(url, document.baseURI).href;
}

async function loadLanguage(language: string): Promise<void> {
  if (i18n.hasResourceBundle(language, namespace)) return;
  let pending = loading.get(language);
  if (!pending) {
    pending = fetch(new URL(`${language}/${namespace}.json`, localeBaseUrl))
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`))))
      .then((bundle: object) => {
        i18n.addResourceBundle(language, namespace, bundle, true, true);
      })
      .catch((error: unknown) => {
        loading.delete(language);
        console.warn(`[mdr] cannot load the "${language}" locale; English is used instead`, error);
      });
    loading.set(language, pending);
  }
  await pending;
}

/**
 * Switches the plug-in to `language`, fetching only that language's file on first use (English, the
 * fallback, follows only if a key is missing). Resolves when the strings are ready; a language whose
 * file cannot be loaded falls back to English.
 */
export async function useLanguage(language: string): Promise<void> {
  await ready;
  await loadLanguage(language);
  if (!i18n.hasResourceBundle(language, namespace)) await loadLanguage(sourceLanguage);
  if (i18n.language !== language) await i18n.changeLanguage(language);
}

/** Translates a key of the plug-in's namespace. */
export function t(key: TranslationKey, options?: Record<string, unknown>): string {
  return (i18n.t as (key: string, options?: Record<string, unknown>) => string)(key, options);
}

/**
 * Whether `key` — made at run time from a code the server sends — has a string: the one way such a
 * key becomes a `TranslationKey`.
 */
export function hasTranslation(key: string): key is TranslationKey {
  return i18n.exists(key);
}

/** The key of `code` under `group` (`licenses.validation` + `tierMismatch`) if it has a string. */
export function keyIn(group: TranslationGroup, code: string | undefined): TranslationKey | undefined {
  if (!code) return undefined;
  const key = `${group}.${code}`;
  return hasTranslation(key) ? key : undefined;
}

/**
 * The string of `code` under `group` for a value the server names (a problem code, a component state),
 * or the code itself where the locale has none: a value newer than this plug-in.
 */
export function codeText(group: TranslationGroup, code: string, options?: Record<string, unknown>): string {
  const key = keyIn(group, code);
  return key ? t(key, options) : code;
}

/** The current language, for Intl formatters. */
export function currentLanguage(): string {
  return i18n.language || sourceLanguage;
}

/** The `Intl` formatter of `kind` for the current language and `options` (made once, contract/intl.ts). */
function formatter<O extends object, F>(kind: new (language: string, options?: O) => F, options: NoInfer<O>): F {
  return intlFormatter(kind, currentLanguage(), options);
}

/**
 * A date (and optionally time) in the current language; `timeZone: 'UTC'` for times the product
 * states in UTC (report schedules).
 */
export function formatDate(value: string | number | Date | null | undefined, style: 'date' | 'dateTime' = 'date', options: { timeZone?: string } = {}): string {
  if (value === null || value === undefined || value === '') return '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  // A calendar day ('YYYY-MM-DD') is the same day everywhere: shown in UTC it never shifts by a time zone.
  const calendarDay = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
  const timeZone = options.timeZone ?? (calendarDay ? 'UTC' : undefined);
  return formatter(Intl.DateTimeFormat, {
    ...(style === 'date' ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' }),
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}

/**
 * How long until something may be tried again, in the current language ("in 45 seconds", "in 25
 * minutes"): seconds under a minute, whole minutes (rounded up) from then on.
 */
export function formatWait(seconds: number): string {
  const format = formatter(Intl.RelativeTimeFormat, { numeric: 'always' });
  return seconds < 60 ? format.format(Math.max(1, Math.ceil(seconds)), 'second') : format.format(Math.ceil(seconds / 60), 'minute');
}

/** A list in the current language ("A, B and C", "A, B et C"). */
export function formatList(items: readonly string[]): string {
  return formatter(Intl.ListFormat, { style: 'long', type: 'conjunction' }).format(items);
}

/** A number in the current language. */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return formatter(Intl.NumberFormat, options ?? {}).format(value);
}

/**
 * Re-renders its element when the language changes or strings finish loading, so that an open tab
 * follows the user menu at once, without a reload and without losing unsaved input.
 */
export class LocalizeController implements ReactiveController {
  private readonly update = () => this.host.requestUpdate();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    i18n.on('languageChanged', this.update);
    i18n.on('loaded', this.update);
    i18n.store?.on('added', this.update);
  }

  hostDisconnected(): void {
    i18n.off('languageChanged', this.update);
    i18n.off('loaded', this.update);
    i18n.store?.off('added', this.update);
  }
}

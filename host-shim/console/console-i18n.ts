import i18next from 'i18next';
import type { ReactiveControllerHost } from 'lit';
import type { LocaleGroup, LocaleKey } from '../../contract/locale-keys.ts';
import { intlFormatter } from '../../contract/intl.ts';
import type english from '../../locales/en/console.json';
import { SubscriptionController } from './subscription-controller.ts';

/** Every key of the console's strings (`locales/en/console.json`): `ct()` takes nothing else. */
export type ConsoleKey = LocaleKey<typeof english>;
/** The groups of the console's keys, for a message looked up by a code the server sends. */
export type ConsoleGroup = LocaleGroup<typeof english>;

/** The console's own strings: `locales/<lang>/console.json`. */
export const consoleI18n = i18next.createInstance();

const ready = consoleI18n.init({
  lng: 'en',
  fallbackLng: 'en',
  ns: ['console'],
  defaultNS: 'console',
  resources: {},
  partialBundledLanguages: true,
  interpolation: { escapeValue: false },
  saveMissing: true,
  // English, the fallback, is fetched only when a translation turns out to be missing.
  // (Keys asked for before the language's file has arrived are not missing, only early.)
  missingKeyHandler: () => {
    if (consoleI18n.hasResourceBundle(consoleI18n.language, 'console') && !consoleI18n.hasResourceBundle('en', 'console')) void load('en');
  },
});

async function load(language: string): Promise<void> {
  if (consoleI18n.hasResourceBundle(language, 'console')) return;
  const response = await fetch(`/locales/${language}/console.json`);
  if (response.ok) consoleI18n.addResourceBundle(language, 'console', await response.json(), true, true);
}

/** Switches the console's language, fetching only that language's file on first use. */
export async function setConsoleLanguage(language: string): Promise<void> {
  await ready;
  await load(language);
  if (!consoleI18n.hasResourceBundle(language, 'console')) await load('en');
  await consoleI18n.changeLanguage(language);
  document.documentElement.lang = language;
}

/** Whether the strings of the language in use have arrived (before that, a key would show as itself). */
export function consoleStringsReady(): boolean {
  return consoleI18n.hasResourceBundle(consoleI18n.language, 'console');
}

/** A console string in the language in use. */
export function ct(key: ConsoleKey, options?: Record<string, unknown>): string {
  return consoleI18n.t(key, options) as string;
}

/** The key of `code` under `group` (`webPlugins.refused` + `signature`) if the console has a string for it. */
export function consoleKeyIn(group: ConsoleGroup, code: string | undefined): ConsoleKey | undefined {
  if (!code) return undefined;
  const key = `${group}.${code}`;
  return consoleI18n.exists(key) ? (key as ConsoleKey) : undefined;
}

/** The console's string of a `code` the server names under `group`, or the code itself where it has none. */
export function consoleCodeText(group: ConsoleGroup, code: string): string {
  const key = consoleKeyIn(group, code);
  return key ? ct(key) : code;
}

/** The name of a language in that language itself, e.g. `Deutsch`. */
export function languageName(code: string): string {
  try {
    const name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
    return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
  } catch {
    return code;
  }
}

/** Re-renders a console element when the language changes. */
export class ConsoleLocalizeController extends SubscriptionController {
  constructor(host: ReactiveControllerHost) {
    const update = () => host.requestUpdate();
    super(host, () => {
      consoleI18n.on('languageChanged', update);
      // English arriving late (a missing key) re-renders what showed the key meanwhile.
      consoleI18n.store.on('added', update);
      return () => {
        consoleI18n.off('languageChanged', update);
        consoleI18n.store.off('added', update);
      };
    });
  }
}

/** A number in the console's current language. */
export function formatConsoleNumber(value: number): string {
  return intlFormatter(Intl.NumberFormat, consoleI18n.language || 'en', {}).format(value);
}

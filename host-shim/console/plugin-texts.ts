import type { InstalledPlugin } from './console-api.ts';

/** Each plug-in's strings by plug-in id and language, as fetched from its installed bundle. */
const texts = new Map<string, Promise<Record<string, unknown> | undefined>>();

function fetchTexts(plugin: InstalledPlugin, language: string): Promise<Record<string, unknown> | undefined> {
  const url = `${plugin.localeBaseUrl}${encodeURIComponent(language)}/${encodeURIComponent(plugin.manifest.localeNamespace)}.json`;
  const key = `${plugin.manifest.id}@${plugin.manifest.version} ${url}`;
  let pending = texts.get(key);
  if (!pending) {
    pending = fetch(url, { credentials: 'same-origin' })
      .then((response) => (response.ok ? (response.json() as Promise<Record<string, unknown>>) : undefined))
      .catch(() => undefined)
      .then((strings) => {
        // A file that did not arrive is asked for again next time, not remembered as missing.
        if (strings === undefined) texts.delete(key);
        return strings;
      });
    texts.set(key, pending);
  }
  return pending;
}

function lookUp(strings: Record<string, unknown> | undefined, key: string): string | undefined {
  let value: unknown = strings;
  for (const part of key.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** A plug-in's texts in one language, English where it has no translation; a key it lacks shows as itself. */
export interface PluginTexts {
  text(key: string): string;
}

/**
 * The texts the console itself shows for a plug-in (its section's name, its rights' names), read
 * from the plug-in's own locale files: in `language` when it has it; English is fetched only when
 * that file lacks one of them.
 */
export async function loadPluginTexts(plugin: InstalledPlugin, language: string): Promise<PluginTexts> {
  const wanted = plugin.languages.includes(language) ? language : 'en';
  const own = await fetchTexts(plugin, wanted);
  const needed = [plugin.manifest.section.titleKey ?? plugin.manifest.titleKey, ...plugin.manifest.rights.map((right) => right.titleKey)];
  const english = wanted !== 'en' && needed.some((key) => lookUp(own, key) === undefined) ? await fetchTexts(plugin, 'en') : undefined;
  return { text: (key) => lookUp(own, key) ?? lookUp(english, key) ?? key };
}

/** The name of a plug-in's section in the navigation. */
export function sectionTitle(plugin: InstalledPlugin, texts: PluginTexts | undefined): string {
  const key = plugin.manifest.section.titleKey ?? plugin.manifest.titleKey;
  return texts?.text(key) ?? key;
}

/** Whether a user holding `rights` may open one of the plug-in's tabs (a tab needing no right counts). */
export function sectionVisible(plugin: InstalledPlugin, rights: readonly string[]): boolean {
  return plugin.manifest.tabs.some((tab) => tab.rights.every((right) => rights.includes(right)));
}

/** The name of a right in the roles: its declaring plug-in's text for it, or the id of a right no installed plug-in declares. */
export function rightTitle(plugins: readonly InstalledPlugin[], texts: ReadonlyMap<string, PluginTexts>, right: string): string {
  const plugin = plugins.find((candidate) => candidate.manifest.rights.some((declared) => declared.id === right));
  const titleKey = plugin?.manifest.rights.find((declared) => declared.id === right)?.titleKey;
  return plugin && titleKey ? (texts.get(plugin.manifest.id)?.text(titleKey) ?? right) : right;
}

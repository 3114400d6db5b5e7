import fs from 'node:fs';
import path from 'node:path';

/** Languages present as `locales/<code>/<namespace>.json`; adding a folder adds a language. */
export function discoverLanguages(localesDir: string, namespace: string): string[] {
  if (!fs.existsSync(localesDir)) return [];
  return fs
    .readdirSync(localesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(localesDir, entry.name, `${namespace}.json`)))
    .map((entry) => entry.name)
    .sort((a, b) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b)));
}

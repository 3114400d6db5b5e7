/**
 * Texts of the mails and reports the MDR service sends, in the organization's notification
 * language (English or Russian). They live with every other string in `locales/<lang>/mdr.json`,
 * group `mail`, so translators find them in one place.
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../common/paths.ts';

type Tree = { [key: string]: string | Tree };

const cache = new Map<string, Tree>();

function load(language: string): Tree {
  let tree = cache.get(language);
  if (!tree) {
    try {
      const bundle = JSON.parse(fs.readFileSync(path.join(repoRoot, 'locales', language, 'mdr.json'), 'utf8')) as { mail?: Tree };
      tree = bundle.mail ?? {};
    } catch {
      tree = {};
    }
    cache.set(language, tree);
  }
  return tree;
}

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** A translator for one language: `mail.<key>` with `{{name}}` placeholders; English when missing. */
export function mailTexts(language: string): (key: string, values?: Record<string, string | number>) => string {
  const primary = load(language);
  const fallback = load('en');
  return (key, values = {}) => {
    const text = lookup(primary, key) ?? lookup(fallback, key) ?? key;
    return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_all, name: string) => String(values[name] ?? ''));
  };
}

/** A UTC date and time for mails and reports ("2026-06-10 12:00 UTC" style, per language). */
export function formatUtc(time: number, language: string, withTime = true): string {
  return new Intl.DateTimeFormat(language, {
    dateStyle: 'medium',
    ...(withTime ? { timeStyle: 'short' } : {}),
    timeZone: 'UTC',
  }).format(new Date(time));
}

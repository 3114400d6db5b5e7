import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.ts';

const cache = new Map<string, Record<string, unknown> | null>();

function load(language: string): Record<string, unknown> | null {
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]+)?$/.test(language)) return null;
  if (!cache.has(language)) {
    const file = path.join(repoRoot, 'locales', language, 'mdr.json');
    cache.set(language, fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : null);
  }
  return cache.get(language)!;
}

function lookup(strings: Record<string, unknown> | null, key: string): string | undefined {
  let node: unknown = strings;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/**
 * A string of the plug-in's locale files for texts a server writes into files the user downloads
 * (CSV column names and values); English when the language or the key is missing.
 */
export function pluginString(language: string, key: string): string {
  return lookup(load(language), key) ?? lookup(load('en'), key) ?? key;
}

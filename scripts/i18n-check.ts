/**
 * `npm run i18n:check`: for every language folder in locales/, compares each namespace with English
 * (the source) and lists missing keys, keys English no longer has, placeholders ({{…}}) that differ,
 * and plural forms the language needs but lacks. Exits non-zero when anything is wrong.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const localesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'locales');
const source = 'en';
/** Folders that are generated for development, not translated by people. */
const generated = new Set(['en-XA']);
const pluralSuffixes = ['zero', 'one', 'two', 'few', 'many', 'other'];

type Bundle = Record<string, string>;

function flatten(value: unknown, prefix = '', into: Bundle = {}): Bundle {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, into);
  } else {
    into[prefix] = String(value);
  }
  return into;
}

function pluralBase(key: string): { base: string; category: string } | undefined {
  const match = /^(.*)_(zero|one|two|few|many|other)$/.exec(key);
  return match ? { base: match[1]!, category: match[2]! } : undefined;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^}]+?)\s*\}\}/g)].map((match) => match[1]!).sort();
}

/** Problems of one language's namespace compared with English. */
export function checkBundle(language: string, english: Bundle, translated: Bundle): string[] {
  const problems: string[] = [];
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories as string[];
  const englishPlurals = new Map<string, string>();
  for (const key of Object.keys(english)) {
    const plural = pluralBase(key);
    if (plural) englishPlurals.set(plural.base, english[`${plural.base}_other`] ?? english[key]!);
  }
  // Keys that must exist: every non-plural English key, and each plural base in every category the language has.
  const expected = new Map<string, string>();
  for (const [key, value] of Object.entries(english)) if (!pluralBase(key)) expected.set(key, value);
  for (const [base, other] of englishPlurals) for (const category of categories) expected.set(`${base}_${category}`, other);

  for (const [key, englishText] of expected) {
    const text = translated[key];
    if (text === undefined) {
      const plural = pluralBase(key);
      problems.push(plural && englishPlurals.has(plural.base) ? `missing plural form "${key}"` : `missing key "${key}"`);
      continue;
    }
    if (text.trim() === '') problems.push(`empty value for "${key}"`);
    const want = placeholders(englishText).filter((name) => name !== 'count');
    const have = placeholders(text).filter((name) => name !== 'count');
    if (JSON.stringify([...new Set(want)]) !== JSON.stringify([...new Set(have)])) {
      problems.push(`placeholders of "${key}" differ: English {{${want.join('}}, {{')}}}, ${language} {{${have.join('}}, {{')}}}`);
    }
  }
  for (const key of Object.keys(translated)) {
    const plural = pluralBase(key);
    if (expected.has(key)) continue;
    if (plural && englishPlurals.has(plural.base) && pluralSuffixes.includes(plural.category)) {
      if (!categories.includes(plural.category)) problems.push(`plural form "${key}" is not used by ${language}`);
      continue;
    }
    problems.push(`key "${key}" is not in English (unused)`);
  }
  return problems;
}

function readBundle(file: string): Bundle {
  return flatten(JSON.parse(fs.readFileSync(file, 'utf8')));
}

function main(): void {
  const languages = fs
    .readdirSync(localesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== source && !generated.has(entry.name))
    .map((entry) => entry.name)
    .sort();
  const namespaces = fs.readdirSync(path.join(localesDir, source)).filter((file) => file.endsWith('.json'));
  let total = 0;
  for (const language of languages) {
    for (const namespace of namespaces) {
      const file = path.join(localesDir, language, namespace);
      const english = readBundle(path.join(localesDir, source, namespace));
      const problems = fs.existsSync(file) ? checkBundle(language, english, readBundle(file)) : [`file ${language}/${namespace} is missing`];
      for (const problem of problems) console.log(`${language}/${namespace}: ${problem}`);
      total += problems.length;
    }
  }
  const checked = `${languages.length} languages × ${namespaces.length} namespaces against English`;
  if (total > 0) {
    console.log(`i18n check: ${total} problem(s) in ${checked}.`);
    process.exit(1);
  }
  console.log(`i18n check: no problems in ${checked}.`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main();

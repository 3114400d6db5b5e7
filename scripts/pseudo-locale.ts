/**
 * The pseudo-locale `en-XA`: English with accented letters, lengthened by about 40 % and wrapped in
 * ⟦ ⟧, so that a hard-coded string, a clipped label or a concatenation shows at a glance.
 * `npm run i18n:pseudo` writes `locales/en-XA/` (not committed; `npm start` writes it when
 * `MDR_PSEUDO_LOCALE=1`). Placeholders (`{{name}}`), nesting (`$t(key)`) and keys stay as they are.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const pseudoLanguage = 'en-XA';
export const pseudoOpen = '⟦';
export const pseudoClose = '⟧';

const accents: Record<string, string> = {
  a: 'á', b: 'ƀ', c: 'ç', d: 'đ', e: 'é', f: 'ƒ', g: 'ĝ', h: 'ĥ', i: 'í', j: 'ĵ', k: 'ķ', l: 'ĺ', m: 'ɱ',
  n: 'ñ', o: 'ö', p: 'þ', q: 'ǫ', r: 'ŕ', s: 'š', t: 'ţ', u: 'ú', v: 'ṽ', w: 'ŵ', x: 'ẋ', y: 'ý', z: 'ž',
  A: 'Á', B: 'Ɓ', C: 'Ç', D: 'Đ', E: 'É', F: 'Ƒ', G: 'Ĝ', H: 'Ĥ', I: 'Í', J: 'Ĵ', K: 'Ķ', L: 'Ĺ', M: 'Ṁ',
  N: 'Ñ', O: 'Ö', P: 'Þ', Q: 'Ǫ', R: 'Ŕ', S: 'Š', T: 'Ţ', U: 'Ú', V: 'Ṽ', W: 'Ŵ', X: 'Ẋ', Y: 'Ý', Z: 'Ž',
};

/** Parts a translation must keep verbatim: interpolations, nesting and HTML-like tags. */
const verbatim = /(\{\{[^}]*\}\}|\$t\([^)]*\)|<[^>]+>)/g;

/** One string in the pseudo-locale. */
export function pseudoLocalize(text: string): string {
  if (text === '') return text;
  let letters = 0;
  const body = text
    .split(verbatim)
    .map((part, index) => {
      if (index % 2 === 1) return part;
      return part.replace(/[A-Za-z]/g, (letter) => {
        letters++;
        return accents[letter] ?? letter;
      });
    })
    .join('');
  const padding = '·'.repeat(Math.max(1, Math.round(letters * 0.4)));
  return `${pseudoOpen}${body}${padding}${pseudoClose}`;
}

type Bundle = { [key: string]: string | Bundle };

/** A whole namespace in the pseudo-locale, same keys as English. */
export function pseudoBundle(english: Bundle): Bundle {
  return Object.fromEntries(Object.entries(english).map(([key, value]) => [key, typeof value === 'string' ? pseudoLocalize(value) : pseudoBundle(value)]));
}

/** Writes `<localesDir>/en-XA/<namespace>.json` for every English namespace. */
export function writePseudoLocale(localesDir: string): string {
  const target = path.join(localesDir, pseudoLanguage);
  fs.mkdirSync(target, { recursive: true });
  for (const file of fs.readdirSync(path.join(localesDir, 'en')).filter((name) => name.endsWith('.json'))) {
    const english = JSON.parse(fs.readFileSync(path.join(localesDir, 'en', file), 'utf8')) as Bundle;
    fs.writeFileSync(path.join(target, file), `${JSON.stringify(pseudoBundle(english), null, 2)}\n`);
  }
  return target;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const localesDir = path.resolve(fileURLToPath(new URL('../locales', import.meta.url)));
  console.log(`Wrote ${path.relative(process.cwd(), writePseudoLocale(localesDir))}/ (pseudo-locale for development).`);
}

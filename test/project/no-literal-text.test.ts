import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../../host-shim/common/paths.ts';

/** Folders whose Lit templates a user sees: the plug-in and the console around it. */
const folders = ['plugin', 'host-shim/console'];
/** Attributes that a user reads or a screen reader speaks. */
const spokenAttributes = ['aria-label', 'aria-description', 'aria-roledescription', 'title', 'placeholder', 'alt'];

function sourceFiles(folder: string): string[] {
  return (fs.readdirSync(path.join(repoRoot, folder), { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(folder, file));
}

/** The bodies of every html`…` template in `source` (nested ones each on their own), with each ${…} expression replaced by a blank. */
export function templates(source: string): string[] {
  const found: string[] = [];
  const tag = /\bhtml`/g;
  for (let match = tag.exec(source); match; match = tag.exec(source)) {
    let index = match.index + match[0].length;
    let text = '';
    while (index < source.length && source[index] !== '`') {
      if (source[index] === '\\') {
        text += source.slice(index, index + 2);
        index += 2;
      } else if (source.startsWith('${', index)) {
        // Skip the expression, nested templates and braces included.
        let depth = 1;
        index += 2;
        while (index < source.length && depth > 0) {
          const char = source[index]!;
          if (char === '`') {
            index++;
            while (index < source.length && source[index] !== '`') index += source[index] === '\\' ? 2 : 1;
          } else if (char === '{') depth++;
          else if (char === '}') depth--;
          index++;
        }
        text += ' ';
      } else {
        text += source[index++];
      }
    }
    found.push(text);
  }
  return found;
}

/** Literal words a user would see in a template: text between tags, and spoken attribute values. */
export function literalWords(template: string): string[] {
  const words: string[] = [];
  const withoutComments = template.replace(/<!--[\s\S]*?-->/g, ' ');
  for (const attribute of spokenAttributes) {
    for (const match of withoutComments.matchAll(new RegExp(`\\s${attribute}=(["'])([^"']*)\\1`, 'g'))) words.push(...(match[2]!.match(/[A-Za-z]{2,}/g) ?? []));
  }
  const text = withoutComments.replace(/<style[\s\S]*?<\/style>/g, ' ').replace(/<[^>]*>/g, ' ').replace(/&[a-z]+;/g, ' ');
  words.push(...(text.match(/[A-Za-z]{2,}/g) ?? []));
  // A format mask such as XXXXX-XXXXX of an activation code is the same in every language.
  return words.filter((word) => !/^X+$/.test(word));
}

/**
 * Every string a user sees comes from locales/: a word written into a Lit template is caught here
 * for every template, including forms, side panels, dialogs and error states the walk in the
 * pseudo-locale may not open.
 */
describe('no literal text in templates', () => {
  it('finds the words of a planted literal, and none in a localized template', () => {
    assert.deepEqual(literalWords(templates('html`<p>${t("a")}</p><button title="Close now">${x}</button>`').join('')), ['Close', 'now']);
    assert.deepEqual(literalWords(templates('html`<p>Hello ${html`<b>${name}</b>`} there</p>`').join('')), ['Hello', 'there']);
    assert.deepEqual(literalWords(templates('html`<div class="card" aria-label=${t("x")}>${t("y")}</div>`').join('')), []);
  });

  it('holds for every template of the plug-in and the console', () => {
    const findings: string[] = [];
    let count = 0;
    for (const folder of folders) {
      for (const file of sourceFiles(folder)) {
        for (const template of templates(fs.readFileSync(path.join(repoRoot, file), 'utf8'))) {
          count++;
          const words = literalWords(template);
          if (words.length > 0) findings.push(`${file}: ${words.join(' ')}`);
        }
      }
    }
    assert.ok(count > 300, `${count} templates read`);
    assert.deepEqual(findings, []);
  });
});

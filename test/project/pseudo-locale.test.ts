import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../../host-shim/common/paths.ts';
import { discoverLanguages } from '../../host-shim/server/languages.ts';
import { checkBundle } from '../../scripts/i18n-check.ts';
import { pseudoBundle, pseudoLocalize, writePseudoLocale } from '../../scripts/pseudo-locale.ts';

/** Flattens a nested bundle into dotted keys, as the check reads it. */
function flatten(bundle: Record<string, unknown>, prefix = ''): Record<string, string> {
  return Object.fromEntries(
    Object.entries(bundle).flatMap(([key, value]) =>
      typeof value === 'string' ? [[`${prefix}${key}`, value]] : Object.entries(flatten(value as Record<string, unknown>, `${prefix}${key}.`)),
    ),
  );
}

describe('pseudo-locale', () => {
  it('accents and lengthens the text but keeps placeholders, nesting and tags', () => {
    const pseudo = pseudoLocalize('{{count}} of {{limit}} assets, see $t(tabs.usage) <b>now</b>');
    assert.match(pseudo, /^⟦.*⟧$/);
    assert.ok(pseudo.includes('{{count}}') && pseudo.includes('{{limit}}') && pseudo.includes('$t(tabs.usage)') && pseudo.includes('<b>'));
    assert.ok(!/\b(of|assets|see|now)\b/.test(pseudo), 'no English word is left readable');
    assert.ok(pseudo.length > 'xx of xx assets, see now'.length * 1.3);
  });

  it('is complete by the same check the translations pass, for every namespace', () => {
    for (const file of fs.readdirSync(path.join(repoRoot, 'locales', 'en')).filter((name) => name.endsWith('.json'))) {
      const english = JSON.parse(fs.readFileSync(path.join(repoRoot, 'locales', 'en', file), 'utf8')) as Record<string, unknown>;
      assert.deepEqual(checkBundle('en-XA', flatten(english), flatten(pseudoBundle(english as never))), [], file);
    }
  });

  it('appears as a language once its files are written, without a code change', (t) => {
    const localesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'locales-'));
    t.after(() => fs.rmSync(localesDir, { recursive: true, force: true }));
    fs.cpSync(path.join(repoRoot, 'locales', 'en'), path.join(localesDir, 'en'), { recursive: true });
    assert.deepEqual(discoverLanguages(localesDir, 'mdr'), ['en']);
    writePseudoLocale(localesDir);
    assert.deepEqual(discoverLanguages(localesDir, 'mdr'), ['en', 'en-XA']);
  });
});

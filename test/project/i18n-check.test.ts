import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../../host-shim/common/paths.ts';
import { checkBundle } from '../../scripts/i18n-check.ts';

const english = {
  'tabs.usage': 'MDR Usage',
  'usage.assetsOfLimit': '{{connected}} of {{limit}} assets',
  'certificates.loaded_one': '{{count}} certificate loaded.',
  'certificates.loaded_other': '{{count}} certificates loaded.',
};

describe('i18n check', () => {
  it('passes every language shipped in locales/', () => {
    const output = execFileSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts', 'i18n-check.ts')], { cwd: repoRoot, encoding: 'utf8' });
    assert.match(output, /no problems in \d+ languages/);
  });

  const bundles: [name: string, language: string, translation: Record<string, string>, problems: string[]][] = [
    [
      'finds a missing key, an unused key and a changed placeholder',
      'de',
      {
        'usage.assetsOfLimit': '{{connected}} von {{max}} Geräten',
        'certificates.loaded_one': '{{count}} Zertifikat geladen.',
        'certificates.loaded_other': '{{count}} Zertifikate geladen.',
        'tabs.old': 'Alt',
      },
      [
        'key "tabs.old" is not in English (unused)',
        'missing key "tabs.usage"',
        'placeholders of "usage.assetsOfLimit" differ: English {{connected}}, {{limit}}, de {{connected}}, {{max}}',
      ],
    ],
    [
      'asks Russian for all of its plural forms',
      'ru',
      {
        'tabs.usage': 'Использование MDR',
        'usage.assetsOfLimit': '{{connected}} из {{limit}} устройств',
        'certificates.loaded_one': 'Загружен {{count}} сертификат.',
        'certificates.loaded_other': 'Загружено {{count}} сертификата.',
      },
      ['missing plural form "certificates.loaded_few"', 'missing plural form "certificates.loaded_many"'],
    ],
    [
      'accepts a complete translation',
      'it',
      {
        'tabs.usage': 'Utilizzo di MDR',
        'usage.assetsOfLimit': '{{connected}} di {{limit}} dispositivi',
        'certificates.loaded_one': '{{count}} certificato caricato.',
        'certificates.loaded_many': '{{count}} di certificati caricati.',
        'certificates.loaded_other': '{{count}} certificati caricati.',
      },
      [],
    ],
  ];
  for (const [name, language, translation, problems] of bundles) {
    it(name, () => {
      assert.deepEqual(checkBundle(language, english, translation).sort(), problems);
    });
  }
});

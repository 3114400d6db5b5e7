import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareVersions, isVersion, isVersionRange, satisfiesRange } from '../../host-shim/server/plugins/versions.ts';

describe('plug-in versions', () => {
  it('orders versions by their numbers, a pre-release before its release', () => {
    const ordered = ['0.9.9', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0', '1.0.1', '1.2.0', '1.10.0', '2.0.0'];
    for (let index = 1; index < ordered.length; index++) {
      assert.ok(compareVersions(ordered[index - 1]!, ordered[index]!) < 0, `${ordered[index - 1]} < ${ordered[index]}`);
      assert.ok(compareVersions(ordered[index]!, ordered[index - 1]!) > 0, `${ordered[index]} > ${ordered[index - 1]}`);
    }
    assert.equal(compareVersions('1.2.3', '1.2.3'), 0);
    assert.throws(() => compareVersions('1.2', '1.2.3'));
    assert.equal(isVersion('1.2.3-rc.1'), true);
    assert.equal(isVersion('01.2'), false);
  });

  it('reads comparator ranges: all comparators of an alternative must hold, one alternative is enough', () => {
    const cases: [string, string, boolean][] = [
      ['1.0.0', '^1.0.0', true],
      ['1.9.3', '^1.0.0', true],
      ['2.0.0', '^1.0.0', false],
      ['0.9.0', '^1.0.0', false],
      ['0.2.5', '^0.2.0', true],
      ['0.3.0', '^0.2.0', false],
      ['0.0.3', '^0.0.3', true],
      ['0.0.4', '^0.0.3', false],
      ['1.2.9', '~1.2.0', true],
      ['1.3.0', '~1.2.0', false],
      ['1.5.0', '>=1.0.0 <2.0.0', true],
      ['2.0.0', '>=1.0.0 <2.0.0', false],
      ['1.0.0', '>1.0.0', false],
      ['1.0.0', '<=1.0.0', true],
      ['1.0.0', '=1.0.0', true],
      ['1.0.1', '1.0.0', false],
      ['3.1.0', '^1.0.0 || ^3.0.0', true],
      ['2.1.0', '^1.0.0 || ^3.0.0', false],
      ['2.0.0-beta.1', '>=2.0.0', false],
    ];
    for (const [version, range, expected] of cases) assert.equal(satisfiesRange(version, range), expected, `${version} in ${range}`);
  });

  it('satisfies nothing with a malformed range or version', () => {
    for (const range of ['', '||', '^1.0.0 ||', 'latest', '>= 1.0.0', '^1.0']) {
      assert.equal(isVersionRange(range), false, range);
      assert.equal(satisfiesRange('1.0.0', range), false, range);
    }
    assert.equal(satisfiesRange('1.0', '^1.0.0'), false);
  });
});

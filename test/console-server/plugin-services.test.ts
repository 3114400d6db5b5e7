/**
 * `KSC_PLUGIN_SERVICES`: the console's configuration, not a manifest, says where another plug-in's
 * routes go; an entry that is not `<plug-in id>=<origin>` stops the console at start with its reason.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePluginServices } from '../../host-shim/server/gateway/plugin-services.ts';

describe('plug-in services (KSC_PLUGIN_SERVICES)', () => {
  it('reads plug-in ids and their origins, and nothing from an empty setting', () => {
    assert.deepEqual([...parsePluginServices('sample=http://127.0.0.1:4000, other-one=https://svc.example:8443/')], [
      ['sample', 'http://127.0.0.1:4000'],
      ['other-one', 'https://svc.example:8443'],
    ]);
    assert.equal(parsePluginServices(undefined).size, 0);
    assert.equal(parsePluginServices(' , ').size, 0);
  });

  it('refuses an entry without an id, a URL that is not http(s), and one with a path, query or credentials', () => {
    for (const [value, reason] of [
      ['http://127.0.0.1:4000', /is not <plug-in id>=<base URL>/],
      ['Sample=http://127.0.0.1:4000', /is not <plug-in id>=<base URL>/],
      ['sample=not a url', /is not a URL/],
      ['sample=file:///etc/passwd', /must be http\(s\)/],
      ['sample=http://127.0.0.1:4000/api', /must be http\(s\)/],
      ['sample=http://127.0.0.1:4000/?x=1', /must be http\(s\)/],
      ['sample=http://user:secret@127.0.0.1:4000', /must be http\(s\)/],
    ] as const) {
      assert.throws(() => parsePluginServices(value), reason, value);
    }
  });
});

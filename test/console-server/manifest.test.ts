import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { repoRoot } from '../../host-shim/common/paths.ts';
import { HOST_CONTRACT_VERSION } from '../../contract/host-contract.ts';
import { loadManifest, RouteTable } from '../../host-shim/server/manifest.ts';
import { satisfiesRange } from '../../host-shim/server/plugins/versions.ts';

const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'manifest', 'mdr-plugin.schema.json'), 'utf8'));
const manifest = loadManifest();

function lookup(bundle: Record<string, unknown>, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), bundle);
}

describe('plug-in manifest', () => {
  const validate = new Ajv({ allErrors: true }).compile(schema);

  it('is valid against its JSON Schema', () => {
    assert.equal(validate(manifest), true, JSON.stringify(validate.errors));
  });

  // A right the manifest does not declare is the verifier's refusal (manifestInvalid, naming where):
  // test/console-server/manifest-rights.test.ts. The schema refuses what cannot be a right id at all.
  it('is rejected by the schema when a route names something that is not a right id, or leaves the plug-in prefix', () => {
    for (const right of ['', 'Everything', 'incident access', '../admin', 'a'.repeat(65)]) {
      const badRight = structuredClone(manifest);
      badRight.routes[0]!.rights = [right as never];
      assert.equal(validate(badRight), false, right);
    }
    const outside = structuredClone(manifest);
    outside.routes[0]!.path = '/api/session';
    assert.equal(validate(outside), false);
  });

  it('declares who it is: a publisher-qualified id made of the publisher and the plug-in id, display metadata, and a host contract range that includes this console', () => {
    assert.equal(manifest.qualifiedId, `${manifest.publisher.id}.${manifest.id}`);
    for (const text of [manifest.name, manifest.description, manifest.publisher.name, manifest.license]) assert.ok(text.trim().length > 0);
    assert.ok(satisfiesRange(HOST_CONTRACT_VERSION, manifest.hostContract), `${manifest.hostContract} excludes ${HOST_CONTRACT_VERSION}`);
  });

  it('is rejected by the schema without each of the metadata fields', () => {
    for (const field of ['qualifiedId', 'name', 'description', 'publisher', 'version', 'license', 'hostContract'] as const) {
      const without: Partial<typeof manifest> = structuredClone(manifest);
      delete without[field];
      assert.equal(validate(without), false, field);
    }
    const withoutPublisherId = structuredClone(manifest) as unknown as { publisher: { id?: string } };
    delete withoutPublisherId.publisher.id;
    assert.equal(validate(withoutPublisherId), false, 'publisher.id');
  });

  it('is rejected by the schema for a malformed id, version, host contract range, display text or entry', () => {
    const refused = (change: (copy: typeof manifest) => void) => {
      const copy = structuredClone(manifest);
      change(copy);
      return !validate(copy);
    };
    for (const qualifiedId of ['mdr', 'Example.mdr', 'example..mdr', 'example.mdr.extra', '.mdr']) assert.ok(refused((copy) => (copy.qualifiedId = qualifiedId)), qualifiedId);
    for (const version of ['1.0', 'v1.0.0', '1.0.0.0', '']) assert.ok(refused((copy) => (copy.version = version)), version);
    for (const range of ['', '1.0', '>= 1.0.0', '^1.0.0 ||', 'latest', '*', '1.x']) assert.ok(refused((copy) => (copy.hostContract = range)), range);
    for (const range of ['^1.0.0', '>=1.0.0 <2.0.0', '~1.2.0 || ^2.0.0', '1.0.0']) assert.ok(!refused((copy) => (copy.hostContract = range)), range);
    assert.ok(refused((copy) => (copy.name = 'two\nlines')), 'a control character in the name');
    assert.ok(refused((copy) => (copy.name = 'x'.repeat(101))), 'a name of 101 characters');
    assert.ok(refused((copy) => (copy.description = '')), 'an empty description');
    assert.ok(refused((copy) => (copy.publisher.id = 'Example Security')), 'a publisher id with a space');
    for (const entry of ['../outside.js', 'chunks/../../outside.js', '/absolute.js', './here.js', 'entry.mjs']) assert.ok(refused((copy) => (copy.entry = entry)), entry);
  });

  it('declares the ten tabs of the specification with their rights', () => {
    assert.deepEqual(
      manifest.tabs.map((tab) => tab.id),
      ['incidents', 'reports', 'settings', 'notifications', 'api', 'tenants', 'health', 'licenses', 'gettingStarted', 'usage'],
    );
    assert.deepEqual(manifest.tabs.find((tab) => tab.id === 'gettingStarted')!.rights, []);
    for (const tab of manifest.tabs.filter((tab) => tab.id !== 'gettingStarted')) assert.ok(tab.rights.includes('incidentAccess'), tab.id);
    assert.equal(manifest.tabs.find((tab) => tab.id === 'licenses')!.rights.length, 6);
  });

  it('has every tab, widget and section title in the English locale', () => {
    const english = JSON.parse(fs.readFileSync(path.join(repoRoot, 'locales', 'en', `${manifest.localeNamespace}.json`), 'utf8'));
    for (const key of [manifest.titleKey, ...manifest.tabs.map((tab) => tab.titleKey), ...manifest.widgets.map((widget) => widget.titleKey)]) {
      assert.equal(typeof lookup(english, key), 'string', `missing ${key}`);
    }
  });

  it('lists languages that exist as locale folders', () => {
    for (const code of manifest.locales) {
      assert.ok(fs.existsSync(path.join(repoRoot, 'locales', code, `${manifest.localeNamespace}.json`)), `locales/${code} is missing`);
    }
  });
});

describe('route table', () => {
  const table = new RouteTable([
    { method: 'GET', path: '/api/plugins/mdr/tenants', rights: ['tenantManagement'] },
    { method: 'PUT', path: '/api/plugins/mdr/tenants/:tenantId', rights: ['tenantManagement'] },
  ]);

  it('matches declared routes with their parameters', () => {
    const match = table.match('PUT', '/api/plugins/mdr/tenants/abc-1');
    assert.equal(match.kind, 'found');
    assert.deepEqual(match.kind === 'found' && match.params, { tenantId: 'abc-1' });
  });

  it('tells an undeclared method from an undeclared path', () => {
    assert.deepEqual(table.match('DELETE', '/api/plugins/mdr/tenants/abc-1'), { kind: 'methodNotAllowed', allowed: ['PUT'] });
    assert.deepEqual(table.match('GET', '/api/plugins/mdr/tenants/abc-1/secrets'), { kind: 'notDeclared' });
    assert.deepEqual(table.match('GET', '/api/plugins/mdr/tenantsx'), { kind: 'notDeclared' });
  });

  it('does not let a parameter swallow path separators or dots that climb', () => {
    assert.equal(table.match('PUT', '/api/plugins/mdr/tenants/a/b').kind, 'notDeclared');
    const refused = (raw: string) => {
      const match = table.match('PUT', `/api/plugins/mdr/tenants/${raw}`);
      return match.kind === 'invalidParameter' ? `${match.field}:${match.rule}` : match.kind;
    };
    for (const raw of ['..%2f', '..%2Fapi-connections', 'a%2Fb', 'a%5cb', '%5C', 'a%252fb']) assert.equal(refused(raw), 'tenantId:encodedSeparator', raw);
    for (const raw of ['.', '..', '%2e', '%2E%2e', '.%2e', '%252e%252e']) assert.equal(refused(raw), 'tenantId:dotSegment', raw);
    for (const raw of ['a%20b', 'a%00', '%zz', 'a;b', "a'b"]) assert.equal(refused(raw), 'tenantId:invalidCharacters', raw);
    const dotted = table.match('PUT', '/api/plugins/mdr/tenants/a.b_c~d-1');
    assert.deepEqual(dotted.kind === 'found' && dotted.params, { tenantId: 'a.b_c~d-1' }, 'dots inside an id are fine');
  });
});

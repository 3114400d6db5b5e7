import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import type { RouteOptions } from 'fastify';
import { startTestService, type TestService } from '../../host-shim/mdr-service/test-support.ts';

/** The subset of JSON Schema the service's route schemas use. */
interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
}

interface BodyRoute {
  method: string;
  url: string;
  body: Schema;
}

const allRights = ['applicationIntegration', 'incidentAccess', 'autoAcceptSettings', 'responseManagement', 'tenantManagement', 'incidentSummaryScheduling', 'restApiAccess'];

const runsPerRoute = Number(process.env.HOSTILE_RUNS ?? 200);

/** Strings an attacker or a careless integration sends. */
const hostileStrings = [
  "'; DROP TABLE tenants; --",
  '" OR 1=1 --',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '=HYPERLINK("http://evil.example","x")',
  '+cmd|" /C calc"!A0',
  '../../../../etc/passwd',
  '\u0000',
  '\u202Eevil',
  '\uD800',
  '👩‍👩‍👧‍👦'.repeat(20),
  'ｆｕｌｌ　ｗｉｄｔｈ',
  '${7*7}{{7*7}}',
  '__proto__',
  '\r\nSet-Cookie: x=1',
];

const typeOf = (schema: Schema): string | undefined => (Array.isArray(schema.type) ? schema.type[0] : schema.type);

/** A value that satisfies `schema` as simply as possible (patterns aside), to carry the other fields. */
function plainValid(schema: Schema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  switch (typeOf(schema)) {
    case 'string':
      return 'a'.repeat(Math.max(1, schema.minLength ?? 1));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => plainValid(schema.items ?? {}));
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((key) => [key, plainValid(schema.properties?.[key] ?? {})]));
    default:
      return null;
  }
}

/** Values that `schema` refuses, whatever else the body holds. */
function invalidValue(schema: Schema): fc.Arbitrary<unknown> | null {
  if (schema.anyOf || schema.oneOf) return null;
  const wrongTypes: Record<string, fc.Arbitrary<unknown>> = {
    string: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant({}), fc.constant([])),
    integer: fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.constant({}), fc.double({ noInteger: true, noDefaultInfinity: true, noNaN: true })),
    number: fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.constant([])),
    boolean: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant({})),
    array: fc.oneof(fc.string(), fc.integer(), fc.constant({}), fc.constant(null)),
    object: fc.oneof(fc.string(), fc.integer(), fc.constant([]), fc.constant(null)),
  };
  const type = typeOf(schema);
  if (Array.isArray(schema.type) && schema.type.includes('null')) return null;
  const options: fc.Arbitrary<unknown>[] = [];
  if (type && wrongTypes[type]) options.push(wrongTypes[type]!);
  if (schema.enum) options.push(fc.oneof(fc.string(), fc.constantFrom(...hostileStrings)).filter((value) => !schema.enum!.includes(value)));
  if (type === 'string') {
    if (schema.maxLength !== undefined) options.push(fc.constantFrom('x', '€', '👩‍👩‍👧').map((unit) => unit.repeat(schema.maxLength! + 1)));
    if (schema.minLength !== undefined && schema.minLength > 0) options.push(fc.constant('x'.repeat(schema.minLength - 1)));
    if (schema.pattern) {
      const pattern = new RegExp(schema.pattern, 'u');
      options.push(fc.oneof(fc.constantFrom(...hostileStrings), fc.string()).filter((value) => !pattern.test(value)));
    }
  }
  if (type === 'integer' || type === 'number') {
    if (schema.minimum !== undefined) options.push(fc.constant(schema.minimum - 1));
    if (schema.maximum !== undefined) options.push(fc.constant(schema.maximum + 1));
  }
  if (type === 'array') {
    if (schema.maxItems !== undefined) options.push(fc.constant(Array.from({ length: schema.maxItems + 1 }, () => plainValid(schema.items ?? {}))));
    const item = schema.items ? invalidValue(schema.items) : null;
    if (item) options.push(item.map((value) => [value]));
  }
  if (type === 'object' && schema.properties) {
    const nested = invalidBody(schema);
    if (nested) options.push(nested.map(({ body }) => body));
  }
  return options.length > 0 ? fc.oneof(...options) : null;
}

/** A body the schema refuses: the whole of it wrong, one field wrong, or a field it does not know. */
function invalidBody(schema: Schema): fc.Arbitrary<{ body: unknown; field: string }> | null {
  const base = plainValid(schema) as Record<string, unknown>;
  const choices: fc.Arbitrary<{ body: unknown; field: string }>[] = [
    fc.constantFrom<unknown>([], 'text', 42, null, true).map((body) => ({ body, field: '(body)' })),
  ];
  for (const [key, propertySchema] of Object.entries(schema.properties ?? {})) {
    const invalid = invalidValue(propertySchema);
    if (invalid) choices.push(invalid.map((value) => ({ body: { ...base, [key]: value }, field: key })));
  }
  if (schema.additionalProperties === false) {
    choices.push(fc.constantFrom('unexpected', 'constructor', 'isAdmin', 'version2').map((key) => ({ body: { ...base, [key]: 1 }, field: key })));
  }
  for (const key of schema.required ?? []) {
    const { [key]: _dropped, ...rest } = base;
    choices.push(fc.constant({ body: rest, field: key }));
  }
  return fc.oneof(...choices);
}

/** Valid-shaped bodies whose free-text fields carry hostile strings: stored or refused, never a crash. */
function hostileButWellTyped(schema: Schema): fc.Arbitrary<unknown> | null {
  const base = plainValid(schema) as Record<string, unknown>;
  const textFields = Object.entries(schema.properties ?? {}).filter(([, property]) => typeOf(property) === 'string' && !property.enum && !property.pattern);
  if (textFields.length === 0) return null;
  return fc
    .tuple(fc.constantFrom(...textFields.map(([key]) => key)), fc.oneof(fc.constantFrom(...hostileStrings), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 })))
    .map(([key, value]) => ({ ...base, [key]: value }));
}

describe('hostile input against every route with a body schema', () => {
  let service: TestService;
  let sql: Database.Database;
  let token: string;
  let clientId: string;
  const routes: BodyRoute[] = [];

  /** Row counts and summed versions of every table: any write changes it. */
  function fingerprint(): string {
    const tables = sql.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
    return tables
      .map((table) => {
        const columns = (sql.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((column) => column.name);
        const version = columns.includes('version') ? ', total(version)' : '';
        return `${table}:${JSON.stringify(sql.prepare(`SELECT count(*)${version} FROM "${table}"`).raw().get())}`;
      })
      .join(' ');
  }

  function send(route: BodyRoute, body: unknown) {
    const isRest = route.url.startsWith('/api/v1/');
    const url = route.url.replace(':clientId', clientId).replace(/:[A-Za-z]+/g, 'id-0001');
    return service.app.inject({
      method: route.method as 'POST',
      url,
      headers: { 'content-type': 'application/json', ...(isRest ? { authorization: `Bearer ${token}` } : service.consoleHeaders(allRights)) },
      payload: JSON.stringify(body),
    });
  }

  before(async () => {
    service = await startTestService({
      demo: { seed: 3, assets: 60 },
      onRoute: (route: RouteOptions) => {
        const body = (route.schema as { body?: Schema } | undefined)?.body;
        for (const method of [route.method].flat()) {
          if (body && method !== 'GET' && method !== 'HEAD') routes.push({ method, url: route.url, body });
        }
      },
    });
    sql = new Database(path.join(service.dataDir, 'mdr.db'), { readonly: true });
    const { db, tokens } = service.app.mdr;
    const tenantIds = [...db.tenants.list(null).map((tenant) => tenant.id), 'root'];
    const connection = db.apiConnections.insert({ id: 'conn-hostile', clientId: 'clienthostile01', name: 'Hostile input', accessLevel: 'full', tenantIds, created: Date.now(), createdBy: 'admin' });
    const issued = await tokens.issueConsoleRefreshToken(connection.id);
    clientId = connection.clientId;
    const confirmed = await service.app.inject({
      method: 'POST',
      url: `/api/v1/${clientId}/session/confirm`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ refresh_token: issued.refreshToken }),
    });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    token = (confirmed.json() as { access_token: string }).access_token;
  });

  after(async () => {
    sql?.close();
    await service?.close();
  });

  it('finds the routes to attack', () => {
    assert.ok(routes.length >= 8, `${routes.length} routes with a body schema`);
  });

  it('refuses every body its schema refuses with 400 naming the field, and stores nothing', async () => {
    let tried = 0;
    for (const route of routes) {
      if (route.url.endsWith('/session/confirm')) continue; // its refusals revoke tokens: covered below
      const bodies = invalidBody(route.body);
      if (!bodies) continue;
      const before = fingerprint();
      await fc.assert(
        fc.asyncProperty(bodies, async ({ body, field }) => {
          tried++;
          const response = await send(route, body);
          assert.equal(response.statusCode, 400, `${route.method} ${route.url} with ${field} = ${JSON.stringify(body).slice(0, 200)}: ${response.body.slice(0, 300)}`);
          const answer = response.json() as { error: string; field?: string };
          assert.equal(answer.error, 'validation', response.body);
          if (body !== null && typeof body === 'object' && !Array.isArray(body)) assert.ok(answer.field, `a field is named: ${response.body}`);
        }),
        { numRuns: runsPerRoute, seed: 20261123 },
      );
      assert.equal(fingerprint(), before, `${route.method} ${route.url} stored nothing`);
    }
    assert.ok(tried >= routes.length * Math.min(runsPerRoute, 50));
  });

  it('stores or refuses hostile text in well-typed bodies, never fails, and stays healthy', async () => {
    for (const route of routes) {
      if (route.url.endsWith('/session/confirm')) continue;
      const bodies = hostileButWellTyped(route.body);
      if (!bodies) continue;
      await fc.assert(
        fc.asyncProperty(bodies, async (body) => {
          const response = await send(route, body);
          assert.ok(response.statusCode < 500, `${route.method} ${route.url} answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
          assert.doesNotThrow(() => response.json(), 'the answer is JSON');
        }),
        { numRuns: Math.ceil(runsPerRoute / 2), seed: 20261123 },
      );
    }
    const health = await service.app.inject({ method: 'GET', url: '/console/v1/health' });
    assert.equal(health.statusCode, 200);
  });

  it('refuses malformed refresh tokens without revoking anything or failing', async () => {
    const route = routes.find((candidate) => candidate.url.endsWith('/session/confirm'))!;
    await fc.assert(
      fc.asyncProperty(fc.oneof(invalidBody(route.body)!.map(({ body }) => body), fc.record({ refresh_token: fc.oneof(fc.constantFrom(...hostileStrings), fc.string()) })), async (body) => {
        const response = await send(route, body);
        // 413: a long token of multi-byte characters passes the schema's length but not the 8 KiB body limit.
        assert.ok([400, 401, 413].includes(response.statusCode), `${response.statusCode}: ${response.body.slice(0, 200)}`);
      }),
      { numRuns: runsPerRoute, seed: 20261123 },
    );
    const still = await send(routes.find((candidate) => candidate.url.endsWith('/assets/count'))!, {});
    assert.equal(still.statusCode, 200, 'the connection still works');
  });
});

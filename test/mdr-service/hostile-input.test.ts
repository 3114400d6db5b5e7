import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import type { RouteOptions } from 'fastify';
import { startTestService, type TestService } from '../support/mdr-service.ts';
import { loadManifest } from '../../host-shim/server/manifest.ts';
import { signInAs, startConsole } from '../support/console-fixture.ts';

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

/** Query values that reach number parsing, sort columns, SQL and the prototype of a lookup table. */
const hostileQueryValues = [
  'toString',
  'constructor',
  '__proto__',
  'hasOwnProperty',
  'valueOf',
  '12345678901234567890',
  '-12345678901234567890',
  '-1',
  '0',
  '1.5',
  '1e400',
  '0x1f',
  'NaN',
  'Infinity',
  '',
  ' ',
  'x'.repeat(4000),
  'Ωmega ünïcødé 日本',
  '👩‍👩‍👧‍👦',
  '\u0000',
  "' OR 1=1 --",
  'asc,desc',
  'name;DROP TABLE devices',
  '[object Object]',
  'true',
  'null',
];
/** Sent into the URL as they are: a NUL byte, broken and overlong percent-encodings, encoded dots. */
const rawQueryValues = ['%00', '%', '%E0%A4%A', '%FF', '%C0%AE', '%2e%2e%2f'];
/** Path parameter values (encoded, except the raw ones). */
const hostilePathValues = ['toString', 'constructor', '__proto__', 'hasOwnProperty', '12345678901234567890', '-1', '1.5', 'x'.repeat(300), 'Ωmega', '%00', '%', '.', '..', '%2e%2e', '%2F', 'a b'];
/** Query names that are no parameter of any route but a property of every object. */
const prototypeNames = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
/** Names some handler reads without a schema naming them (`expectedVersion` of the deletions), tried on every route. */
const commonNames = ['page', 'pageSize', 'sort', 'direction', 'search', 'expectedVersion', 'version'];
/** The values that found failures before: tried with every common name on every route. */
const sharpValues = ['toString', '__proto__', '12345678901234567890', '-1', '1.5', ''];

/** What the console's own handlers read from the query string (they have no schema to list them). */
const consoleQueryNames: Record<string, string[]> = {
  'GET /api/devices': ['page', 'pageSize', 'search'],
  'GET /api/plugins/mdr/health/devices': ['states', 'sort', 'direction', 'page', 'pageSize'],
  'GET /api/plugins/mdr/health/devices/export': ['states', 'sort', 'direction'],
};

interface AttackedRoute {
  method: string;
  path: string;
  queryNames: string[];
  pathNames: string[];
}

type QueryPart = { name: string; values: string[]; raw: boolean };

function encodeQuery(parts: QueryPart[]): string {
  return parts.flatMap(({ name, values, raw }) => values.map((value) => `${encodeURIComponent(name)}=${raw ? value : encodeURIComponent(value)}`)).join('&');
}

/**
 * Every query and path parameter of every route, through the console with an administrator's
 * session: the manifest's plug-in routes (the MDR service behind them included) and the console's
 * own. Refusing is fine; failing (5xx) is not.
 */
describe('hostile query strings and path parameters on every route, through the console', () => {
  let service: TestService;
  let consoleServer: Awaited<ReturnType<typeof startConsole>>;
  let headers: Record<string, string>;
  const serviceQueryNames = new Map<string, string[]>();
  const ownRoutes: { method: string; path: string }[] = [];
  const routes: AttackedRoute[] = [];
  /** Ids of real records (`tenants:id` → a tenant's id), so that query parameters reach the handlers behind the lookups. */
  const realIds = new Map<string, string>();
  const idKey = (routePath: string, name: string) => `${routePath.replace(/^\/api\/(plugins\/mdr\/)?/, '').split('/')[0]}:${name}`;
  /** `GET /tenants/:` for both `/api/plugins/mdr/tenants/:id` and `/console/v1/tenants/:tenantId`. */
  const shape = (method: string, routePath: string, prefix: string) => `${method} ${routePath.slice(prefix.length).replace(/:[A-Za-z]+/g, ':')}`;

  before(async () => {
    service = await startTestService({
      demo: { seed: 3, assets: 60 },
      onRoute: (route: RouteOptions) => {
        if (!route.url.startsWith('/console/v1/')) return;
        const querystring = (route.schema as { querystring?: Schema } | undefined)?.querystring;
        for (const method of [route.method].flat()) serviceQueryNames.set(shape(method, route.url, '/console/v1'), Object.keys(querystring?.properties ?? {}));
      },
    });
    consoleServer = await startConsole({
      serviceUrl: service.url,
      credential: service.consoleCredential,
      env: { NODE_EXTRA_CA_CERTS: service.app.mdr.pki.caCertPath },
      onRoute: (route: RouteOptions) => {
        if (!route.url.startsWith('/api/') || route.url.includes('*')) return;
        for (const method of [route.method].flat()) if (method !== 'HEAD') ownRoutes.push({ method, path: route.url });
      },
    });
    const admin = await signInAs(consoleServer.app, 'admin');
    headers = { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken };
    const read = async (url: string) => (await consoleServer.app.inject({ method: 'GET', url, headers })).json() as Record<string, { id: string; userName?: string; configFiles?: { id: string }[] }[]>;
    const firstId = async (url: string, key: string) => (await read(url))[key]?.[0]?.id;
    const tenantId = await firstId('/api/plugins/mdr/tenants', 'items');
    const tenant = tenantId ? ((await consoleServer.app.inject({ method: 'GET', url: `/api/plugins/mdr/tenants/${tenantId}`, headers })).json() as { configFiles?: { id: string }[] }) : {};
    const found: [string, string | undefined][] = [
      ['tenants:id', tenantId],
      ['tenants:fileId', tenant.configFiles?.[0]?.id],
      ['licenses:id', await firstId('/api/plugins/mdr/licenses', 'items')],
      ['api-connections:id', await firstId('/api/plugins/mdr/api-connections', 'items')],
      ['report-schedules:id', await firstId('/api/plugins/mdr/report-schedules', 'items')],
      ['users:userId', (await read('/api/users')).users?.find((user) => user.userName === 'guest')?.id],
      ['roles:roleId', await firstId('/api/roles', 'roles')],
    ];
    for (const [key, id] of found) {
      assert.ok(id, `a real record for ${key}`);
      realIds.set(key, id);
    }
    const pluginRoutes = loadManifest().routes.map((route) => ({ method: route.method, path: route.path }));
    // Signing out would end the session every other call uses; its handler reads no parameter.
    const own = ownRoutes.filter((route) => !(route.method === 'DELETE' && route.path === '/api/session'));
    for (const route of [...pluginRoutes, ...own]) {
      const key = `${route.method} ${route.path}`;
      const fromService = route.path.startsWith('/api/plugins/mdr/') ? serviceQueryNames.get(shape(route.method, route.path, '/api/plugins/mdr')) : undefined;
      routes.push({
        ...route,
        queryNames: [...new Set([...(fromService ?? []), ...(consoleQueryNames[key] ?? [])])],
        pathNames: (route.path.match(/:[A-Za-z]+/g) ?? []).map((name) => name.slice(1)),
      });
    }
    // Reading first: a change (revoking the terms, say) must not hide what the reading routes do.
    routes.sort((a, b) => Number(a.method !== 'GET') - Number(b.method !== 'GET'));
  });

  after(async () => {
    await consoleServer?.close();
    await service?.close();
  });

  async function call(route: AttackedRoute, pathValues: Record<string, string>, query: QueryPart[]) {
    const url = route.path.replace(/:([A-Za-z]+)/g, (_match, name: string) => pathValues[name] ?? realIds.get(idKey(route.path, name)) ?? 'id-0001') + (query.length > 0 ? `?${encodeQuery(query)}` : '');
    const response = await consoleServer.app.inject({
      method: route.method as 'GET',
      url,
      headers: { ...headers, ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { 'content-type': 'application/json' }) },
      ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: '{}' }),
    });
    assert.ok(response.statusCode < 500, `${route.method} ${url.slice(0, 300)} answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
    return response;
  }

  it('finds the routes and their parameters', () => {
    assert.ok(routes.length >= 60, `${routes.length} routes`);
    assert.ok(routes.some((route) => route.path === '/api/devices'), 'the console\'s own routes are there');
    assert.deepEqual(routes.find((route) => route.path === '/api/plugins/mdr/health/assets')?.queryNames.slice(0, 4), ['page', 'pageSize', 'sort', 'direction'], 'the service\'s query schemas are read');
  });

  it('answers every hostile value of every query and path parameter without failing', async () => {
    for (const route of routes) {
      const names = [...new Set([...route.queryNames, ...commonNames, ...prototypeNames])];
      const values = fc.oneof(
        fc.constantFrom(...hostileQueryValues).map((value) => ({ value, raw: false })),
        fc.constantFrom(...rawQueryValues).map((value) => ({ value, raw: true })),
        fc.string({ unit: 'grapheme', maxLength: 30 }).map((value) => ({ value, raw: false })),
      );
      // One parameter, twice (a=1&a=2), or several at once.
      const parts = fc.array(
        fc.record({ name: fc.constantFrom(...names), values: fc.array(values, { minLength: 1, maxLength: 2 }) }).map(({ name, values: list }) => ({ name, values: list.map((item) => item.value), raw: list.some((item) => item.raw) && list.every((item) => item.raw) })),
        { minLength: 1, maxLength: 3 },
      );
      // Every value of the fixed lists for every parameter the route reads, the sharpest for the
      // common names and a prototype name each, then random combinations.
      const single = (name: string, values: string[], raw = false): [QueryPart[]] => [[{ name, values, raw }]];
      const examples: [QueryPart[]][] = [
        ...route.queryNames.flatMap((name) => [
          ...hostileQueryValues.map((value) => single(name, [value])),
          ...rawQueryValues.map((value) => single(name, [value], true)),
          single(name, ['1', '2']),
        ]),
        ...commonNames.filter((name) => !route.queryNames.includes(name)).flatMap((name) => [...sharpValues.map((value) => single(name, [value])), single(name, ['1', '2'])]),
        ...prototypeNames.map((name) => single(name, ['1'])),
      ];
      await fc.assert(
        fc.asyncProperty(parts, async (query) => {
          await call(route, {}, query);
        }),
        // Examples count towards numRuns: the random runs come on top of them.
        { numRuns: examples.length + Math.ceil(runsPerRoute / 5), seed: 20261123, examples },
      );
    }
    for (const route of routes.filter((candidate) => candidate.pathNames.length > 0)) {
      const value = fc.oneof(fc.constantFrom(...hostilePathValues), fc.string({ unit: 'grapheme', maxLength: 30 }).map(encodeURIComponent));
      const examples = route.pathNames.flatMap((name) => hostilePathValues.map((hostile): [Record<string, string>] => [{ [name]: /^%|^\.+$/.test(hostile) ? hostile : encodeURIComponent(hostile) }]));
      await fc.assert(
        fc.asyncProperty(fc.record(Object.fromEntries(route.pathNames.map((name) => [name, value]))), async (pathValues) => {
          await call(route, pathValues, []);
        }),
        { numRuns: examples.length + Math.ceil(runsPerRoute / 10), seed: 20261123, examples },
      );
    }
    const health = await consoleServer.app.inject({ method: 'GET', url: '/api/plugins/mdr/usage', headers });
    assert.ok(health.statusCode < 500, 'the console and the MDR service still answer');
  });
});


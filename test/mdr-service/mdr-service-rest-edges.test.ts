/**
 * REST API v1 edge cases: concurrent use of one refresh token, token lifetimes and revocation,
 * signing keys kept in the data folder, rights and tenant scoping of connections, paging that stays
 * complete under sorting and concurrent changes, a restart in the middle, and error bodies.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { after, before, describe, test } from 'node:test';
import { effectiveConnectionStatus, type ApiAccessLevel } from '../../host-shim/mdr-service/db.ts';
import {
  createApiConnection,
  httpsJson,
  startTestService,
  tempDataDir,
  type TestApiConnection,
  type TestService,
} from '../support/mdr-service.ts';

const START = Date.UTC(2026, 4, 4, 9, 30);
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

let clock = START;
let service: TestService;

function post<T = unknown>(target: TestService, clientId: string, route: string, body: unknown, token?: string) {
  return httpsJson<T>(`${target.url}/api/v1/${clientId}/${route}`, {
    ca: target.ca,
    json: body,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

async function exchange(target: TestService, clientId: string, refreshToken: string): Promise<{ access: string; refresh: string }> {
  const response = await post<{ access_token: string; refresh_token: string }>(target, clientId, 'session/confirm', { refresh_token: refreshToken });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return { access: response.body.access_token, refresh: response.body.refresh_token };
}

async function connect(accessLevel: ApiAccessLevel = 'full', tenantIds: string[] = [], target = service) {
  const connection = await createApiConnection(target.app, { accessLevel, tenantIds, name: `Edge ${accessLevel} ${tenantIds.length}` });
  return { connection, tokens: await exchange(target, connection.clientId, connection.refreshToken) };
}

before(async () => {
  service = await startTestService({ demo: { seed: 2, assets: 400 }, now: () => clock });
});
after(async () => {
  await service.close();
});

describe('REST API tokens: edge cases', () => {
  test('two concurrent exchanges of one refresh token: exactly one succeeds, the other is reuse', async () => {
    for (let round = 0; round < 3; round++) {
      const connection = await createApiConnection(service.app);
      const answers = await Promise.all(
        [1, 2].map(() => post<{ access_token?: string; error?: string }>(service, connection.clientId, 'session/confirm', { refresh_token: connection.refreshToken })),
      );
      assert.deepEqual(answers.map((a) => a.status).sort(), [200, 401], JSON.stringify(answers.map((a) => a.body)));
      assert.equal(answers.find((a) => a.status === 401)!.body.error, 'refreshTokenReused');
      // A second presentation is theft by definition: the whole chain is revoked.
      assert.equal(service.app.mdr.db.apiConnections.require(connection.id).status, 'revoked');
      const winner = answers.find((a) => a.status === 200)!.body.access_token!;
      assert.equal((await post(service, connection.clientId, 'assets/count', {}, winner)).status, 401);
    }
  });

  test('many exchanges interleaved inside the service: still exactly one success', async () => {
    const { tokens } = service.app.mdr;
    const connection = await createApiConnection(service.app);
    // Started together, so every one of them verifies the token before any of them rotates it.
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => tokens.exchange(connection.clientId, connection.refreshToken)));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const rejected of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
      assert.equal((rejected.reason as { code: string }).code, 'refreshTokenReused');
    }
  });

  test('an API-generated refresh token lasts 7 days, not longer; an expired one does not revoke the connection', async () => {
    const { connection, tokens } = await connect();
    assert.equal(decodeJwt(tokens.refresh).exp, Math.floor((clock + 7 * DAY) / 1000));
    const saved = clock;
    try {
      clock = saved + 7 * DAY - 60_000;
      const next = await exchange(service, connection.clientId, tokens.refresh);
      clock += 7 * DAY + 60_000;
      const late = await post<{ error: string }>(service, connection.clientId, 'session/confirm', { refresh_token: next.refresh });
      assert.equal(late.status, 401);
      assert.equal(late.body.error, 'tokenExpired');
      assert.notEqual(service.app.mdr.db.apiConnections.require(connection.id).status, 'revoked');
    } finally {
      clock = saved;
    }
  });

  test('status: Pending activation → Active on exchange → Idle when no access token can be alive → Active again', async () => {
    const { db } = service.app.mdr;
    const status = (id: string) => effectiveConnectionStatus(db.apiConnections.require(id), clock);
    const connection = await createApiConnection(service.app);
    assert.equal(status(connection.id), 'pendingActivation');
    const tokens = await exchange(service, connection.clientId, connection.refreshToken);
    assert.equal(status(connection.id), 'active');
    const saved = clock;
    try {
      clock = saved + HOUR + 1000;
      assert.equal(status(connection.id), 'idle');
      assert.equal((await post(service, connection.clientId, 'assets/count', {}, tokens.access)).status, 401, 'its access token has expired');
      await exchange(service, connection.clientId, tokens.refresh);
      assert.equal(status(connection.id), 'active');
      db.apiConnections.revoke(connection.id);
      assert.equal(status(connection.id), 'revoked');
    } finally {
      clock = saved;
    }
  });

  test('revoking stops access and refresh tokens at once; deleting the connection too', async () => {
    const { db } = service.app.mdr;
    const revoked = await connect();
    db.apiConnections.revoke(revoked.connection.id);
    assert.equal((await post<{ error: string }>(service, revoked.connection.clientId, 'assets/count', {}, revoked.tokens.access)).body.error, 'connectionRevoked');
    assert.equal((await post<{ error: string }>(service, revoked.connection.clientId, 'session/confirm', { refresh_token: revoked.tokens.refresh })).body.error, 'connectionRevoked');

    const deleted = await connect();
    assert.equal((await post(service, deleted.connection.clientId, 'assets/count', {}, deleted.tokens.access)).status, 200);
    db.apiConnections.delete(deleted.connection.id);
    const after = await post<{ error: string }>(service, deleted.connection.clientId, 'assets/count', {}, deleted.tokens.access);
    assert.equal(after.status, 401);
    assert.equal(after.body.error, 'invalidToken');
    assert.equal((await post(service, deleted.connection.clientId, 'session/confirm', { refresh_token: deleted.tokens.refresh })).status, 401);
  });

  test('signing keys are made on first start in the data folder (0600) and only tokens signed with them count', async () => {
    const file = path.join(service.dataDir, 'jwt-keys.json');
    assert.ok(fs.existsSync(file));
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const keys = JSON.parse(fs.readFileSync(file, 'utf8')) as { privateJwk: { d?: string } };
    assert.ok(keys.privateJwk.d, 'a private key');
    // Another service (another data folder) signs with other keys: its tokens are worthless here.
    const other = await startTestService({ demo: false, now: () => clock });
    try {
      const stranger = await createApiConnection(other.app);
      const { connection } = await connect();
      const forged = await other.app.mdr.tokens.issueConsoleRefreshToken(stranger.id);
      const answer = await post<{ error: string }>(service, connection.clientId, 'session/confirm', { refresh_token: forged.refreshToken });
      assert.equal(answer.status, 401);
      assert.equal(answer.body.error, 'invalidToken');
    } finally {
      await other.close();
    }
  });
});

describe('REST API: rights and tenant scoping of a connection', () => {
  const scoped = (tenantIds: string[]) => service.app.mdr.db.assets.count(tenantIds);

  test('root only, two tenants, or no tenant chosen (= everything)', async () => {
    const { db } = service.app.mdr;
    const [first, second] = db.tenants.list(null);
    const rootOnly = await connect('incident', ['root']);
    const two = await connect('incident', [first!.id, second!.id]);
    const everything = await connect('incident', []);
    const count = async (c: typeof rootOnly) => (await post<{ count: number }>(service, c.connection.clientId, 'assets/count', {}, c.tokens.access)).body.count;
    assert.equal(await count(rootOnly), scoped(['root']));
    assert.ok(scoped(['root']) > 0 && scoped(['root']) < 400);
    assert.equal(await count(two), scoped([first!.id, second!.id]));
    assert.equal(await count(everything), 400);
    const rootList = await post<{ tenant_name: string | null }[]>(service, rootOnly.connection.clientId, 'assets/list', { page_size: 1000 }, rootOnly.tokens.access);
    assert.ok(rootList.body.every((a) => a.tenant_name === null));
    const incidents = await post<{ tenant_name: string | null }[]>(service, rootOnly.connection.clientId, 'incidents/list', { page_size: 1000 }, rootOnly.tokens.access);
    assert.equal(incidents.body.length, db.incidents.count(['root']));
    assert.ok(incidents.body.every((i) => i.tenant_name === null));
  });

  test("another tenant's incident: no comment, no decision, nothing changed — even inside a batch", async () => {
    const { db } = service.app.mdr;
    const tenant = db.tenants.list(null)[0]!;
    const { connection, tokens } = await connect('senior', [tenant.id]);
    const waiting = (tenantId: string | null, not = false) =>
      db.responses
        .listByIncident(
          db.incidents.list(null, { responseStatuses: ['waiting'], pageSize: 1000 }).items.find((i) => (not ? i.tenantId !== tenantId : i.tenantId === tenantId))!.id,
        )
        .items.find((r) => r.status === 'waiting')!;
    const own = waiting(tenant.id);
    const foreign = waiting(tenant.id, true);
    const comments = db.comments.listByIncident(foreign.incidentId).length;
    assert.equal((await post(service, connection.clientId, 'comment/create', { incident_id: foreign.incidentId, text: 'hello' }, tokens.access)).status, 404);
    assert.equal(db.comments.listByIncident(foreign.incidentId).length, comments);
    assert.equal((await post(service, connection.clientId, 'response/update', { response_id: foreign.id, status: 'Confirmed' }, tokens.access)).status, 404);
    const batch = await post(service, connection.clientId, 'responses/update', { responses_ids: [own.id, foreign.id], status: 'Confirmed' }, tokens.access);
    assert.equal(batch.status, 404);
    assert.equal(db.responses.get(own.id)!.status, 'waiting', 'all or nothing');
    assert.equal(db.responses.get(foreign.id)!.status, 'waiting');
    assert.equal((await post(service, connection.clientId, 'responses/update', { responses_ids: [own.id], status: 'Confirmed' }, tokens.access)).status, 200);
  });

  test('Incident access: reads and comments, never decides; changing rights or tenants applies to live tokens', async () => {
    const { db } = service.app.mdr;
    const { connection, tokens } = await connect('incident', []);
    // A waiting response on an incident of no tenant, so that narrowing the tenants to 'root' keeps it in reach.
    const rootIncident = db.incidents.list(['root'], { responseStatuses: ['waiting'], pageSize: 1 }).items[0]!;
    const response = db.responses.listByIncident(rootIncident.id).items.find((r) => r.status === 'waiting')!;
    for (const [route, body] of [
      ['response/update', { response_id: response.id, status: 'Confirmed' }],
      ['responses/update', { responses_ids: [response.id], status: 'Declined', comment: 'no' }],
    ] as const) {
      const denied = await post<{ error: string }>(service, connection.clientId, route, body, tokens.access);
      assert.equal(denied.status, 403, route);
      assert.equal(denied.body.error, 'forbidden');
    }
    assert.equal(db.responses.get(response.id)!.status, 'waiting');
    const comment = await post<{ author_name: string }>(service, connection.clientId, 'comment/create', { incident_id: response.incidentId, text: 'Looking into it.' }, tokens.access);
    assert.equal(comment.status, 200);
    assert.equal(comment.body.author_name, connection.name);

    // The administrator raises the rights: the same access token may now decide.
    const current = db.apiConnections.require(connection.id);
    db.apiConnections.update(connection.id, { accessLevel: 'senior', tenantIds: ['root'] }, current.version);
    const root = await post<{ count: number }>(service, connection.clientId, 'assets/count', {}, tokens.access);
    assert.equal(root.body.count, scoped(['root']), 'tenants narrowed at once');
    const decided = await post(service, connection.clientId, 'response/update', { response_id: response.id, status: 'Confirmed' }, tokens.access);
    assert.equal(decided.status, 200);
    const foreign = db.incidents.list(null, { tenantIds: [db.tenants.list(null)[0]!.id], pageSize: 1 }).items[0]!;
    assert.equal((await post(service, connection.clientId, 'incidents/details', { incident_id: foreign.id }, tokens.access)).status, 404, 'a tenant it no longer has');
  });
});

describe('REST API: a deleted tenant', () => {
  test("a connection whose only tenant was deleted sees nothing, never everything", async () => {
    const own = await startTestService({ demo: { seed: 2, assets: 200 }, now: () => clock });
    try {
      const tenant = own.app.mdr.db.tenants.list(null)[0]!;
      const { connection, tokens } = await connect('incident', [tenant.id], own);
      assert.ok((await post<{ count: number }>(own, connection.clientId, 'assets/count', {}, tokens.access)).body.count > 0);
      own.app.mdr.db.tenants.delete(tenant.id);
      assert.equal((await post<{ count: number }>(own, connection.clientId, 'assets/count', {}, tokens.access)).body.count, 0);
      assert.deepEqual((await post(own, connection.clientId, 'incidents/list', {}, tokens.access)).body, []);
    } finally {
      await own.close();
    }
  });
});

describe('REST API: paging', () => {
  let conn: { connection: TestApiConnection; tokens: { access: string; refresh: string } };
  before(async () => {
    conn = await connect();
  });

  const page = async <T>(route: string, body: Record<string, unknown>) => {
    const answer = await post<T[]>(service, conn.connection.clientId, route, body, conn.tokens.access);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body;
  };

  test('assets: every sort field and direction pages through everything exactly once, in order, repeatably', async () => {
    type Row = { asset_id: string; first_seen: number; last_seen: number; host_name: string; domain: string; os_version: string; status: string };
    const rank: Record<string, number> = { OK: 0, WARNING: 1, CRITICAL: 2, ABSENT: 3 };
    const keys: Record<string, (a: Row) => string | number> = {
      first_seen: (a) => a.first_seen,
      last_seen: (a) => a.last_seen,
      host_name: (a) => a.host_name.toLowerCase(),
      domain: (a) => a.domain.toLowerCase(),
      os_version: (a) => a.os_version.toLowerCase(),
      status: (a) => rank[a.status]!,
    };
    for (const [field, key] of Object.entries(keys)) {
      for (const direction of ['asc', 'desc']) {
        const sort = `${field}:${direction}`;
        const rows: Row[] = [];
        for (let p = 1; p <= Math.ceil(400 / 47); p++) rows.push(...(await page<Row>('assets/list', { sort, page: p, page_size: 47, version: 2 })));
        assert.equal(rows.length, 400, sort);
        assert.equal(new Set(rows.map((a) => a.asset_id)).size, 400, `${sort}: each asset once`);
        for (let i = 1; i < rows.length; i++) {
          const [a, b] = [key(rows[i - 1]!), key(rows[i]!)];
          assert.ok(direction === 'asc' ? a <= b : a >= b, `${sort} out of order at ${i}`);
        }
        // Ties (same status, same domain) are broken the same way every time.
        const again = await page<Row>('assets/list', { sort, page: 3, page_size: 47 });
        assert.deepEqual(again.map((a) => a.asset_id), rows.slice(94, 141).map((a) => a.asset_id), `${sort}: page 3 repeatable`);
      }
    }
  });

  test('paging by first_seen stays complete while telemetry changes last_seen and status between pages', async () => {
    const { db } = service.app.mdr;
    const all = db.assets.list(null, { pageSize: 1000 }).items;
    const seen: string[] = [];
    for (let p = 1; p <= 8; p++) {
      seen.push(...(await page<{ asset_id: string }>('assets/list', { sort: 'first_seen:asc', page: p, page_size: 50 })).map((a) => a.asset_id));
      // Telemetry arrives while the client pages: a tenth of the assets move.
      for (const asset of all.filter((_, i) => i % 10 === p)) db.assets.updateState(asset.id, { lastSeen: clock, status: asset.status === 'ok' ? 'warning' : 'ok' });
    }
    assert.equal(seen.length, 400);
    assert.equal(new Set(seen).size, 400);
  });

  test('incidents by creation_time stay complete while comments move update_time between pages', async () => {
    const { db } = service.app.mdr;
    const total = db.incidents.count(null);
    const seen: string[] = [];
    const pages = Math.ceil(total / 7);
    for (let p = 1; p <= pages; p++) {
      const rows = await page<{ incident_id: string; creation_time: number }>('incidents/list', { sort: 'creation_time:asc', page: p, page_size: 7 });
      seen.push(...rows.map((i) => i.incident_id));
      const target = rows[0];
      if (target) {
        clock += 1000;
        await post(service, conn.connection.clientId, 'comment/create', { incident_id: target.incident_id, text: `Seen on page ${p}` }, conn.tokens.access);
      }
    }
    assert.equal(seen.length, total);
    assert.equal(new Set(seen).size, total);
  });
});

describe('REST API: a restart in the middle', () => {
  test('tokens, the token chain, decisions, comments and a paging session survive a restart', async () => {
    const dataDir = tempDataDir();
    let first: TestService | null = await startTestService({ dataDir, demo: { seed: 2, assets: 400 }, now: () => clock });
    let second: TestService | null = null;
    try {
      const keys = fs.readFileSync(path.join(dataDir, 'jwt-keys.json'), 'utf8');
      const { connection, tokens } = await connect('senior', [], first);
      const pageOne = await post<{ asset_id: string }[]>(first, connection.clientId, 'assets/list', { sort: 'first_seen:asc', page: 1, page_size: 200 }, tokens.access);
      const incident = first.app.mdr.db.incidents.list(null, { responseStatuses: ['waiting'], pageSize: 1 }).items[0]!;
      const response = first.app.mdr.db.responses.listByIncident(incident.id).items.find((r) => r.status === 'waiting')!;
      const comment = await post<{ comment_id: string }>(first, connection.clientId, 'comment/create', { incident_id: incident.id, text: 'Before the restart' }, tokens.access);
      assert.equal((await post(first, connection.clientId, 'response/update', { response_id: response.id, status: 'Declined', comment: 'Manual handling' }, tokens.access)).status, 200);

      await first.close({ keepData: true });
      first = null;
      second = await startTestService({ dataDir, demo: { seed: 2, assets: 400 }, now: () => clock });
      assert.equal(fs.readFileSync(path.join(dataDir, 'jwt-keys.json'), 'utf8'), keys, 'the signing keys are kept, not regenerated');

      // The access token issued before the restart still works; the paging session goes on.
      const pageTwo = await post<{ asset_id: string }[]>(second, connection.clientId, 'assets/list', { sort: 'first_seen:asc', page: 2, page_size: 200 }, tokens.access);
      assert.equal(pageTwo.status, 200);
      const ids = [...pageOne.body, ...pageTwo.body].map((a) => a.asset_id);
      assert.equal(new Set(ids).size, 400);
      const comments = await post<{ comment_id: string; text: string }[]>(second, connection.clientId, 'comments/list', { incident_id: incident.id, markdown_to_html: false }, tokens.access);
      assert.ok(comments.body.some((c) => c.comment_id === comment.body.comment_id && c.text === 'Before the restart'));
      const responses = await post<{ response_id: string; status: string; comment: string }[]>(second, connection.clientId, 'responses/list', { incident_id: incident.id }, tokens.access);
      const decided = responses.body.find((r) => r.response_id === response.id)!;
      assert.deepEqual([decided.status, decided.comment], ['Declined', 'Manual handling']);
      assert.equal(second.app.mdr.demo, null, 'no demo data loaded over existing data');

      // The refresh token from before the restart is still the current one: usable exactly once.
      const next = await exchange(second, connection.clientId, tokens.refresh);
      assert.equal((await post(second, connection.clientId, 'assets/count', {}, next.access)).status, 200);
      const replay = await post<{ error: string }>(second, connection.clientId, 'session/confirm', { refresh_token: tokens.refresh });
      assert.equal(replay.body.error, 'refreshTokenReused');
    } finally {
      await first?.close();
      await second?.close();
    }
  });
});

describe('REST API: error bodies', () => {
  test('every failure is JSON with an error code and a proper status', async () => {
    const { connection, tokens } = await connect();
    const base = `${service.url}/api/v1/${connection.clientId}`;
    const raw = (route: string, body: string, contentType = 'application/json') =>
      new Promise<{ status: number; body: { error?: string; field?: string } }>((resolve, reject) => {
        import('node:https')
          .then(({ request }) => {
            const req = request(`${base}/${route}`, { method: 'POST', ca: service.ca, agent: false, headers: { 'content-type': contentType, authorization: `Bearer ${tokens.access}` } }, (res) => {
              let text = '';
              res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
              res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as { error?: string } }));
            });
            req.on('error', reject);
            req.end(body);
          })
          .catch(reject);
      });
    const broken = await raw('assets/list', '{"page": ');
    assert.equal(broken.status, 400);
    assert.equal(typeof broken.body.error, 'string');
    const text = await raw('assets/list', '<page>1</page>', 'application/xml');
    assert.equal(text.status, 415);
    assert.equal(text.body.error, 'unsupportedMediaType');
    const unknown = await post<{ error: string }>(service, connection.clientId, 'assets/nothing', {}, tokens.access);
    assert.deepEqual([unknown.status, unknown.body.error], [404, 'notFound']);
    const version = await post<{ error: string; field: string }>(service, connection.clientId, 'assets/list', { version: 3 }, tokens.access);
    assert.deepEqual([version.status, version.body.error, version.body.field], [400, 'validation', 'version']);
    const missing = await post<{ error: string }>(service, connection.clientId, 'incidents/details', { incident_id: 'no-such-incident' }, tokens.access);
    assert.deepEqual([missing.status, missing.body.error], [404, 'notFound']);
  });
});

import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { describe, test } from 'node:test';
import type { ApiAccessLevel } from '../../host-shim/mdr-service/db.ts';
import { serviceForSuite } from '../support/mdr-service.ts';
import { hashToken } from '../../host-shim/mdr-service/tokens.ts';

const START = Date.UTC(2026, 3, 14, 8, 0);
const HOUR = 60 * 60 * 1000;

let clock = START;
const service = serviceForSuite({ demo: { seed: 2, assets: 400 }, now: () => clock });
let connectionSeq = 0;

interface Connection {
  id: string;
  clientId: string;
  name: string;
  refreshToken: string;
}

/** Creates an API connection as the console would, and its first refresh token. */
async function connection(accessLevel: ApiAccessLevel, tenantIds: string[]): Promise<Connection> {
  const { db, tokens } = service.app.mdr;
  connectionSeq++;
  const created = db.apiConnections.insert({
    id: `conn-${connectionSeq}`,
    clientId: `client${connectionSeq}abc`,
    name: `Connection ${connectionSeq} (${accessLevel})`,
    accessLevel,
    tenantIds,
    created: clock,
    createdBy: 'admin',
  });
  const issued = await tokens.issueConsoleRefreshToken(created.id);
  return { id: created.id, clientId: created.clientId, name: created.name, refreshToken: issued.refreshToken };
}

const post = <T = unknown>(clientId: string, route: string, body: unknown, token?: string) => service.restCall<T>(clientId, route, body, token);

async function session(conn: Connection): Promise<{ access: string; refresh: string }> {
  const response = await post<{ access_token: string; refresh_token: string }>(conn.clientId, 'session/confirm', { refresh_token: conn.refreshToken });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return { access: response.body.access_token, refresh: response.body.refresh_token };
}


const allTenants = () => [...service.app.mdr.db.tenants.list(null).map((t) => t.id), 'root'];

describe('REST API: tokens (session/confirm)', () => {
  test('a console refresh token (24 h) gives an access token (1 h) and a new refresh token (7 days); only hashes are stored', async () => {
    const conn = await connection('full', allTenants());
    assert.equal(decodeJwt(conn.refreshToken).exp, Math.floor((clock + 24 * HOUR) / 1000));
    const { access, refresh } = await session(conn);
    assert.equal(decodeJwt(access).exp, Math.floor((clock + HOUR) / 1000));
    assert.equal(decodeJwt(refresh).exp, Math.floor((clock + 7 * 24 * HOUR) / 1000));
    assert.equal(decodeJwt(access).sub, conn.clientId);

    const row = service.readOnlySql().prepare('SELECT * FROM api_connections WHERE id = ?').get(conn.id) as Record<string, unknown>;
    assert.equal(row.status, 'active');
    assert.equal(row.refresh_token_hash, hashToken(refresh));
    const dump = JSON.stringify(service.readOnlySql().prepare('SELECT * FROM api_connections').all());
    for (const token of [conn.refreshToken, access, refresh]) assert.ok(!dump.includes(token), 'no token stored in plain');

    // The new refresh token works once more, and the chain goes on.
    const next = await session({ ...conn, refreshToken: refresh });
    assert.notEqual(next.refresh, refresh);
    const count = await post<{ count: number }>(conn.clientId, 'assets/count', {}, next.access);
    assert.equal(count.status, 200);
    assert.equal(count.body.count, 400);
  });

  test('a refresh token used twice is refused and revokes the whole chain at once', async () => {
    const conn = await connection('full', allTenants());
    const first = await session(conn);
    const replay = await post<{ error: string }>(conn.clientId, 'session/confirm', { refresh_token: conn.refreshToken });
    assert.equal(replay.status, 401);
    assert.equal(replay.body.error, 'refreshTokenReused');
    assert.equal((service.readOnlySql().prepare('SELECT status FROM api_connections WHERE id = ?').get(conn.id) as { status: string }).status, 'revoked');
    // The access token issued before and the legitimate next refresh token stop working too.
    assert.equal((await post(conn.clientId, 'assets/count', {}, first.access)).status, 401);
    const next = await post<{ error: string }>(conn.clientId, 'session/confirm', { refresh_token: first.refresh });
    assert.equal(next.status, 401);
    assert.equal(next.body.error, 'connectionRevoked');
  });

  test('revoking a connection in the console stops its tokens immediately; Refresh replaces the chain', async () => {
    const conn = await connection('full', allTenants());
    const tokens = await session(conn);
    assert.equal((await post(conn.clientId, 'assets/count', {}, tokens.access)).status, 200);
    // Refresh (a new console token) invalidates the old chain's tokens.
    const refreshed = await service.app.mdr.tokens.issueConsoleRefreshToken(conn.id);
    assert.equal((await post(conn.clientId, 'assets/count', {}, tokens.access)).status, 401);
    const old = await post<{ error: string }>(conn.clientId, 'session/confirm', { refresh_token: tokens.refresh });
    assert.equal(old.body.error, 'tokenRevoked');
    const fresh = await session({ ...conn, refreshToken: refreshed.refreshToken });
    assert.equal((await post(conn.clientId, 'assets/count', {}, fresh.access)).status, 200);
    service.app.mdr.db.apiConnections.revoke(conn.id);
    assert.equal((await post(conn.clientId, 'assets/count', {}, fresh.access)).status, 401);
  });

  test('expired tokens are refused: console token after 24 h, access token after 1 h', async () => {
    const conn = await connection('full', allTenants());
    const tokens = await session(conn);
    const unused = await connection('full', allTenants());
    const saved = clock;
    try {
      clock = saved + HOUR + 60_000;
      const late = await post<{ error: string }>(conn.clientId, 'assets/count', {}, tokens.access);
      assert.equal(late.status, 401);
      assert.equal(late.body.error, 'tokenExpired');
      // The refresh token (7 days) still gets a new access token.
      await session({ ...conn, refreshToken: tokens.refresh });
      clock = saved + 24 * HOUR + 60_000;
      const stale = await post<{ error: string }>(unused.clientId, 'session/confirm', { refresh_token: unused.refreshToken });
      assert.equal(stale.status, 401);
      assert.equal(stale.body.error, 'tokenExpired');
    } finally {
      clock = saved;
    }
  });

  test('no token, a malformed token, or a token of another client: 401 with an error code', async () => {
    const conn = await connection('full', allTenants());
    const other = await connection('full', allTenants());
    const tokens = await session(conn);
    const none = await post<{ error: string }>(conn.clientId, 'assets/count', {});
    assert.equal(none.status, 401);
    assert.equal(none.body.error, 'unauthorized');
    assert.equal((await post(conn.clientId, 'assets/count', {}, 'not-a-jwt')).status, 401);
    assert.equal((await post(other.clientId, 'assets/count', {}, tokens.access)).status, 401);
    // A refresh token is not an access token.
    assert.equal((await post(conn.clientId, 'assets/count', {}, tokens.refresh)).status, 401);
    // An access token is not a refresh token.
    assert.equal((await post(conn.clientId, 'session/confirm', { refresh_token: tokens.access })).status, 401);
  });
});

describe('REST API: data', () => {
  test('a tenant-limited token never sees another tenant', async () => {
    const tenant = service.app.mdr.db.tenants.list(null)[0]!;
    const conn = await connection('incident', [tenant.id]);
    const { access } = await session(conn);
    const expected = (service.readOnlySql().prepare('SELECT count(*) AS n FROM assets WHERE tenant_id = ?').get(tenant.id) as { n: number }).n;
    assert.ok(expected > 0 && expected < 400);
    assert.equal((await post<{ count: number }>(conn.clientId, 'assets/count', {}, access)).body.count, expected);
    const list = await post<{ asset_id: string; tenant_name: string }[]>(conn.clientId, 'assets/list', { page_size: 1000 }, access);
    assert.equal(list.body.length, expected);
    assert.ok(list.body.every((a) => a.tenant_name === tenant.name));
    const foreign = service.readOnlySql().prepare('SELECT id FROM assets WHERE tenant_id IS NOT ? LIMIT 1').get(tenant.id) as { id: string };
    assert.equal((await post(conn.clientId, 'assets/details', { asset_id: foreign.id }, access)).status, 404);
    const incidents = await post<{ incident_id: string }[]>(conn.clientId, 'incidents/list', { page_size: 1000 }, access);
    const expectedIncidents = (service.readOnlySql().prepare('SELECT count(*) AS n FROM incidents WHERE tenant_id = ?').get(tenant.id) as { n: number }).n;
    assert.equal(incidents.body.length, expectedIncidents);
    const foreignIncident = service.readOnlySql().prepare('SELECT id FROM incidents WHERE tenant_id IS NOT ? LIMIT 1').get(tenant.id) as { id: string };
    assert.equal((await post(conn.clientId, 'incidents/details', { incident_id: foreignIncident.id }, access)).status, 404);
    assert.equal((await post(conn.clientId, 'responses/list', { incident_id: foreignIncident.id }, access)).status, 404);
    assert.equal((await post(conn.clientId, 'comments/list', { incident_id: foreignIncident.id }, access)).status, 404);
  });

  test('assets/list: the seed example body, sorting, paging, filters; assets/details', async () => {
    const conn = await connection('full', allTenants());
    const { access } = await session(conn);
    const body = {
      max_last_seen: clock,
      min_last_seen: 1639311132000,
      domain: '',
      host_names: [],
      product: '',
      search_phrase: '',
      statuses: ['OK', 'ABSENT'],
      sort: 'first_seen:asc',
      page_size: 100,
      page: 1,
      version: 2,
    };
    const expected = (service.readOnlySql().prepare("SELECT count(*) AS n FROM assets WHERE status IN ('ok','absent') AND last_seen <= ?").get(clock) as { n: number }).n;
    const pages: { asset_id: string; first_seen: number; status: string }[] = [];
    for (let page = 1; page <= Math.ceil(expected / 100); page++) {
      const response = await post<typeof pages>(conn.clientId, 'assets/list', { ...body, page }, access);
      assert.equal(response.status, 200);
      pages.push(...response.body);
    }
    assert.equal(pages.length, expected);
    assert.equal(new Set(pages.map((a) => a.asset_id)).size, expected);
    assert.ok(pages.every((a, i) => i === 0 || pages[i - 1]!.first_seen <= a.first_seen));
    assert.ok(pages.every((a) => a.status === 'OK' || a.status === 'ABSENT'));

    const details = await post<Record<string, unknown>>(conn.clientId, 'assets/details', { asset_id: pages[0]!.asset_id, version: 2 }, access);
    assert.equal(details.status, 200);
    for (const field of ['asset_id', 'host_name', 'domain', 'os_version', 'network_interfaces', 'installed_product_info', 'first_seen', 'last_seen', 'status', 'is_isolated']) {
      assert.ok(field in details.body, field);
    }
    const ip = (details.body.network_interfaces as { ip: string }[])[0]!.ip;
    const byIp = await post<{ asset_id: string }[]>(conn.clientId, 'assets/list', { network_interface: ip }, access);
    assert.ok(byIp.body.some((a) => a.asset_id === pages[0]!.asset_id));
    const byName = await post<{ count: number }>(conn.clientId, 'assets/count', { host_names: [String(details.body.host_name).toLowerCase()] }, access);
    assert.equal(byName.body.count, 1);
  });

  test('validation errors are 400 with the offending field', async () => {
    const conn = await connection('full', allTenants());
    const { access } = await session(conn);
    const cases: [string, unknown, string][] = [
      ['assets/list', { sort: 'nonsense:asc' }, 'sort'],
      ['assets/list', { statuses: ['GREEN'] }, 'statuses'],
      ['assets/list', { page_size: 5000 }, 'page_size'],
      ['assets/list', { page: 0 }, 'page'],
      ['assets/count', { min_last_seen: 'yesterday' }, 'min_last_seen'],
      ['incidents/list', { priorities: ['URGENT'] }, 'priorities'],
      ['assets/details', {}, 'asset_id'],
      ['response/update', { response_id: 'x' }, 'status'],
    ];
    for (const [route, body, field] of cases) {
      const response = await post<{ error: string; field: string }>(conn.clientId, route, body, access);
      assert.equal(response.status, 400, `${route} ${JSON.stringify(body)}`);
      assert.equal(response.body.error, 'validation');
      assert.equal(response.body.field, field, `${route} ${JSON.stringify(body)}`);
    }
  });

  test('incidents: count, list with filters and Markdown as HTML, details', async () => {
    const conn = await connection('full', allTenants());
    const { access } = await session(conn);
    const total = (service.readOnlySql().prepare('SELECT count(*) AS n FROM incidents').get() as { n: number }).n;
    assert.equal((await post<{ count: number }>(conn.clientId, 'incidents/count', {}, access)).body.count, total);
    const high = (service.readOnlySql().prepare("SELECT count(*) AS n FROM incidents WHERE priority = 'high' AND status = 'closed'").get() as { n: number }).n;
    const filtered = await post<{ priority: string; status: string; description: string }[]>(
      conn.clientId,
      'incidents/list',
      { priorities: ['HIGH'], statuses: ['Closed'], markdown_to_html: true, sort: 'creation_time:asc', page_size: 1000 },
      access,
    );
    assert.equal(filtered.body.length, high);
    assert.ok(filtered.body.every((i) => i.priority === 'HIGH' && i.status === 'Closed'));
    assert.ok(filtered.body.every((i) => i.description.includes('<h2>Summary</h2>')));

    const link = service.readOnlySql().prepare('SELECT ia.incident_id, ia.asset_id, a.host_name FROM incident_assets ia JOIN assets a ON a.id = ia.asset_id LIMIT 1').get() as {
      incident_id: string;
      asset_id: string;
      host_name: string;
    };
    const byHost = await post<{ count: number }>(conn.clientId, 'incidents/count', { affected_hosts: [`${link.host_name}:${link.asset_id}`] }, access);
    const expectedByHost = (service.readOnlySql().prepare('SELECT count(*) AS n FROM incident_assets WHERE asset_id = ?').get(link.asset_id) as { n: number }).n;
    assert.equal(byHost.body.count, expectedByHost);
    const details = await post<{ incident_id: string; affected_hosts: string[]; description: string }>(
      conn.clientId,
      'incidents/details',
      { incident_id: link.incident_id, markdown_to_html: false },
      access,
    );
    assert.equal(details.body.incident_id, link.incident_id);
    assert.ok(details.body.affected_hosts.includes(`${link.host_name}:${link.asset_id}`));
    assert.match(details.body.description, /^## Summary/);
  });

  test('responses: a Security Officer token cannot decide; a Senior one confirms and declines waiting responses', async () => {
    const officer = await connection('incident', allTenants());
    const senior = await connection('senior', allTenants());
    const officerTokens = await session(officer);
    const seniorTokens = await session(senior);
    const waiting = service.readOnlySql()
      .prepare("SELECT id, incident_id FROM responses WHERE status = 'waiting' ORDER BY id LIMIT 4")
      .all() as { id: string; incident_id: string }[];
    assert.equal(waiting.length, 4);

    const list = await post<{ response_id: string; status: string; type: string; parameters: object }[]>(
      officer.clientId,
      'responses/list',
      { incident_id: waiting[0]!.incident_id, page_size: 10, page: 1 },
      officerTokens.access,
    );
    assert.equal(list.status, 200);
    assert.ok(list.body.some((r) => r.response_id === waiting[0]!.id && r.status === 'Waiting'));

    const denied = await post<{ error: string }>(officer.clientId, 'response/update', { response_id: waiting[0]!.id, comment: 'x', status: 'Confirmed' }, officerTokens.access);
    assert.equal(denied.status, 403);
    assert.equal((service.readOnlySql().prepare('SELECT status FROM responses WHERE id = ?').get(waiting[0]!.id) as { status: string }).status, 'waiting');

    const confirmed = await post<{ status: string; comment: string; changed_by: string }>(
      senior.clientId,
      'response/update',
      { response_id: waiting[0]!.id, comment: 'comment_text', status: 'Confirmed' },
      seniorTokens.access,
    );
    assert.equal(confirmed.status, 200);
    assert.deepEqual([confirmed.body.status, confirmed.body.comment, confirmed.body.changed_by], ['Confirmed', 'comment_text', senior.name]);
    assert.equal((service.readOnlySql().prepare('SELECT status FROM responses WHERE id = ?').get(waiting[0]!.id) as { status: string }).status, 'confirmed');
    const again = await post<{ error: string }>(senior.clientId, 'response/update', { response_id: waiting[0]!.id, status: 'Declined', comment: 'no' }, seniorTokens.access);
    assert.equal(again.status, 409);

    const noComment = await post<{ field: string }>(senior.clientId, 'response/update', { response_id: waiting[1]!.id, status: 'Declined' }, seniorTokens.access);
    assert.equal(noComment.status, 400);
    assert.equal(noComment.body.field, 'comment');

    const batch = await post<{ response_id: string; status: string }[]>(
      senior.clientId,
      'responses/update',
      { responses_ids: [waiting[1]!.id, waiting[2]!.id], comment: 'comment_text', status: 'Declined' },
      seniorTokens.access,
    );
    assert.equal(batch.status, 200);
    assert.deepEqual(batch.body.map((r) => r.status), ['Declined', 'Declined']);
  });

  test('comments: created with the connection name as author; listed as sanitized HTML', async () => {
    const conn = await connection('incident', allTenants());
    const { access } = await session(conn);
    const incidentId = (service.readOnlySql().prepare('SELECT id FROM incidents LIMIT 1').get() as { id: string }).id;
    const text = 'This is a **new** comment <script>alert(1)</script> [link](javascript:alert(2))';
    const created = await post<{ comment_id: string; author_name: string; text: string; creation_time: number }>(conn.clientId, 'comment/create', { incident_id: incidentId, text }, access);
    assert.equal(created.status, 200);
    assert.equal(created.body.author_name, conn.name);
    assert.equal(created.body.text, text);
    assert.equal(created.body.creation_time, clock);
    const list = await post<{ comment_id: string; text: string }[]>(conn.clientId, 'comments/list', { incident_id: incidentId }, access);
    const html = list.body.find((c) => c.comment_id === created.body.comment_id)!.text;
    assert.match(html, /<strong>new<\/strong>/);
    assert.doesNotMatch(html, /<script|javascript:/i);
    const history = service.readOnlySql().prepare("SELECT actor FROM incident_history WHERE incident_id = ? AND what = 'commentAdded' ORDER BY id DESC LIMIT 1").get(incidentId) as { actor: string };
    assert.equal(history.actor, conn.name);
    const empty = await post<{ field: string }>(conn.clientId, 'comment/create', { incident_id: incidentId, text: '   ' }, access);
    assert.equal(empty.status, 400);
    assert.equal(empty.body.field, 'text');
  });
});

/**
 * Rights come from each installed plug-in's manifest: a plug-in declares its functional areas, its
 * tabs, widgets and routes need only those, and no plug-in may claim a right of the console or of
 * another installed plug-in (a manifest that tried would open its routes to the roles granted for
 * the other, or make a permission of the console its own). Roles may be given the rights the
 * installed plug-ins declare and keep them when a plug-in is removed. Every open console hears of a
 * change of plug-ins at once (`/api/plugin-events`).
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { describe, it, mock } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { PluginManifest } from '../../host-shim/server/manifest.ts';
import { PLUGIN_EVENT_STREAMS_PER_SESSION } from '../../host-shim/server/routes/console.ts';
import { SIGNATURE_HEADER } from '../../host-shim/server/routes/web-plugins.ts';
import { SessionStore } from '../../host-shim/server/sessions.ts';
import { consoleForSuite, injectAs, signInAs, type ConsoleSession } from '../support/console-fixture.ts';
import { mdrManifest, signedTestBundle, testPublisher, trustPublisher } from '../support/plugin-bundles.ts';

/** A plug-in of its own, by the MDR plug-in's test publisher, with its own right. */
function greetingsManifest(changes: Partial<PluginManifest> = {}): PluginManifest {
  return {
    ...mdrManifest({ locales: ['en'] }),
    id: 'greetings',
    qualifiedId: 'example-security.greetings',
    name: 'Greetings',
    version: '1.0.0',
    entry: 'greetings.js',
    localeNamespace: 'greetings',
    elements: { section: 'greetings-section', widgets: [] },
    section: { path: '/greetings', navigationGroup: 'monitoring' },
    tabs: [{ id: 'greeting', path: 'greeting', titleKey: 'tabs.greeting', rights: ['readGreetings'] }],
    widgets: [],
    rights: [{ id: 'readGreetings', titleKey: 'rights.readGreetings' }],
    routes: [{ method: 'GET', path: '/api/plugins/greetings/greeting', rights: ['readGreetings'] }],
    ...changes,
  };
}

/** The publisher that signs the bundles below, trusted by the console of the suite. */
const publisher = testPublisher();

async function upload(app: FastifyInstance, admin: ConsoleSession, manifest: PluginManifest): Promise<{ status: number; body: Record<string, unknown> }> {
  const bundle = await signedTestBundle(publisher, manifest);
  const response = await app.inject({
    method: 'POST',
    url: '/api/web-plugins',
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': 'application/zip', [SIGNATURE_HEADER]: bundle.signature.toString('base64') },
    payload: bundle.archive,
  });
  return { status: response.statusCode, body: response.json() as Record<string, unknown> };
}

async function installedIds(app: FastifyInstance, admin: ConsoleSession): Promise<string[]> {
  return ((await injectAs(app, admin, 'GET', '/api/plugins')).json() as { plugins: { manifest: { id: string } }[] }).plugins.map((plugin) => plugin.manifest.id);
}

describe('plug-in rights: declared by each manifest, never another’s', () => {
  const fixture = consoleForSuite({ listen: true });
  /** Opens the stream of plug-in notices as the browser's EventSource does, for the user of `session`. */
  const openNotices = (session: ConsoleSession) =>
    new Promise<http.IncomingMessage>((resolve, reject) => {
      const request = http.get({ host: '127.0.0.1', port: fixture.port, path: '/api/plugin-events', headers: { cookie: session.cookie, accept: 'text/event-stream', host: `127.0.0.1:${fixture.port}` } }, resolve);
      request.on('error', reject);
    });

  async function admin(): Promise<ConsoleSession> {
    trustPublisher(path.join(fixture.dir, 'trusted-publishers'), publisher);
    return signInAs(fixture.app, 'admin');
  }

  it('refuses a manifest that declares a right of another installed plug-in (the MDR plug-in’s incidentAccess): 422 rightIdTaken, nothing installed', async () => {
    const session = await admin();
    const manifest = greetingsManifest({
      rights: [
        { id: 'readGreetings', titleKey: 'rights.readGreetings' },
        { id: 'incidentAccess', titleKey: 'rights.incidentAccess' },
      ],
      routes: [{ method: 'GET', path: '/api/plugins/greetings/greeting', rights: ['incidentAccess'] }],
    });
    const answer = await upload(fixture.app, session, manifest);
    assert.equal(answer.status, 422);
    assert.deepEqual([answer.body.error, answer.body.rule, answer.body.field], ['bundleRefused', 'rightIdTaken', 'rights/1/id']);
    assert.deepEqual(await installedIds(fixture.app, session), ['mdr']);
  });

  it('refuses a manifest that declares a permission of the console as its right: 422 rightIdTaken', async () => {
    const session = await admin();
    for (const permission of ['manageUsersAndRoles', 'administration']) {
      const answer = await upload(fixture.app, session, greetingsManifest({ rights: [{ id: permission, titleKey: 'rights.x' }], tabs: [{ id: 'greeting', path: 'greeting', titleKey: 't', rights: [] }], routes: [] }));
      assert.deepEqual([answer.status, answer.body.rule, answer.body.field], [422, 'rightIdTaken', 'rights/0/id'], permission);
    }
    assert.deepEqual(await installedIds(fixture.app, session), ['mdr']);
  });

  it('refuses a route, tab or widget that needs a right its manifest does not declare, and a right declared twice: 422 manifestInvalid naming where', async () => {
    const session = await admin();
    const cases: [Partial<PluginManifest>, string][] = [
      [{ routes: [{ method: 'GET', path: '/api/plugins/greetings/greeting', rights: ['readGreetings', 'incidentAccess'] }] }, 'routes/0/rights/1'],
      [{ tabs: [{ id: 'greeting', path: 'greeting', titleKey: 't', rights: ['tenantManagement'] }] }, 'tabs/0/rights/0'],
      [{ widgets: [{ id: 'count', element: 'greetings-count', titleKey: 'w', rights: ['writeGreetings'] }] }, 'widgets/0/rights/0'],
      [{ rights: [{ id: 'readGreetings', titleKey: 'a' }, { id: 'readGreetings', titleKey: 'b' }] }, 'rights/1/id'],
    ];
    for (const [changes, field] of cases) {
      const answer = await upload(fixture.app, session, greetingsManifest(changes));
      assert.deepEqual([answer.status, answer.body.rule, answer.body.field], [422, 'manifestInvalid', field], field);
    }
    assert.deepEqual(await installedIds(fixture.app, session), ['mdr']);
  });

  it('lets roles be given the rights installed plug-ins declare; a removed plug-in’s right stays in its roles and opens nothing', async () => {
    const session = await admin();
    const before = await injectAs(fixture.app, session, 'POST', '/api/roles', { name: 'Greeting readers', rights: ['readGreetings'] });
    assert.deepEqual([before.statusCode, before.json().rule], [400, 'unknownRight']);

    assert.equal((await upload(fixture.app, session, greetingsManifest())).status, 201);
    const listed = (await injectAs(fixture.app, session, 'GET', '/api/roles')).json() as { rights: string[] };
    assert.deepEqual(listed.rights.slice(-1), ['readGreetings']);
    const created = await injectAs(fixture.app, session, 'POST', '/api/roles', { name: 'Greeting readers', rights: ['readGreetings', 'incidentAccess'] });
    assert.equal(created.statusCode, 201, created.body);
    const role = created.json() as { id: string; rights: string[]; version: number };
    assert.deepEqual(role.rights, ['incidentAccess', 'readGreetings']);
    const madeUp = await injectAs(fixture.app, session, 'PUT', `/api/roles/${role.id}`, { name: 'Greeting readers', rights: ['readGreetings', 'writeGreetings'], expectedVersion: role.version });
    assert.deepEqual([madeUp.statusCode, madeUp.json().rule], [400, 'unknownRight']);

    // The guest, given the role, passes the gate (the console has no service for this plug-in: 404 after it); the officer lacks the right (403).
    const users = (await injectAs(fixture.app, session, 'GET', '/api/users')).json() as { users: { id: string; userName: string; displayName: string; version: number }[] };
    const guest = users.users.find((user) => user.userName === 'guest')!;
    const assigned = await injectAs(fixture.app, session, 'PUT', `/api/users/${guest.id}`, { displayName: guest.displayName, roleIds: [role.id], disabled: false, expectedVersion: guest.version });
    assert.equal(assigned.statusCode, 200, assigned.body);
    const guestSession = await signInAs(fixture.app, 'guest');
    assert.ok(guestSession.rights.includes('readGreetings'));
    const passed = await injectAs(fixture.app, guestSession, 'GET', '/api/plugins/greetings/greeting');
    assert.equal(passed.statusCode, 404);
    const refused = await injectAs(fixture.app, await signInAs(fixture.app, 'officer'), 'GET', '/api/plugins/greetings/greeting');
    assert.deepEqual([refused.statusCode, refused.json().missingRights], [403, ['readGreetings']]);

    const removed = await injectAs(fixture.app, session, 'DELETE', '/api/web-plugins/greetings?expectedVersion=1.0.0');
    assert.equal(removed.statusCode, 204);
    const kept = (await injectAs(fixture.app, session, 'GET', '/api/roles')).json() as { roles: { id: string; rights: string[]; version: number }[]; rights: string[] };
    const stillHeld = kept.roles.find((candidate) => candidate.id === role.id)!;
    assert.deepEqual(stillHeld.rights, ['incidentAccess', 'readGreetings']);
    assert.ok(!kept.rights.includes('readGreetings'));
    // Saved again as it is, the role keeps it (it holds it already); the route is gone.
    const resaved = await injectAs(fixture.app, session, 'PUT', `/api/roles/${role.id}`, { name: 'Greeting readers', rights: stillHeld.rights, expectedVersion: stillHeld.version });
    assert.equal(resaved.statusCode, 200, resaved.body);
    const gone = await injectAs(fixture.app, guestSession, 'GET', '/api/plugins/greetings/greeting');
    assert.deepEqual([gone.statusCode, gone.json().error], [404, 'notFound']);

    // Removed, its right is still its own: another plug-in cannot take it over and reach the role's holders.
    const takeOver = greetingsManifest({ id: 'visitors', qualifiedId: 'example-security.visitors', entry: 'visitors.js', localeNamespace: 'visitors', section: { path: '/visitors', navigationGroup: 'monitoring' }, routes: [] });
    const refusedTakeOver = await upload(fixture.app, session, takeOver);
    assert.deepEqual([refusedTakeOver.status, refusedTakeOver.body.rule, refusedTakeOver.body.field], [422, 'rightIdTaken', 'rights/0/id']);
    // Installed again, the plug-in finds its right granted as before.
    assert.equal((await upload(fixture.app, session, greetingsManifest())).status, 201);
    assert.equal((await injectAs(fixture.app, guestSession, 'GET', '/api/plugins/greetings/greeting')).statusCode, 404, 'through the gate again (no service behind it)');
    assert.equal((await injectAs(fixture.app, session, 'DELETE', '/api/web-plugins/greetings?expectedVersion=1.0.0')).statusCode, 204);
  });

  it('tells every open console at once that the plug-ins changed, and only signed-in ones', async () => {
    const session = await admin();
    const refused = await injectAs(fixture.app, undefined, 'GET', '/api/plugin-events');
    assert.equal(refused.statusCode, 401);
    // A caller that is no event source is answered at once.
    const notAStream = await injectAs(fixture.app, session, 'GET', '/api/plugin-events');
    assert.deepEqual([notAStream.statusCode, notAStream.json().error], [406, 'notAcceptable']);

    const received: string[] = [];
    const response = await openNotices(session);
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/event-stream/);
    response.setEncoding('utf8');
    const notice = new Promise<void>((resolve) => {
      response.on('data', (chunk: string) => {
        received.push(chunk);
        if (received.join('').includes('event: plugins')) resolve();
      });
    });
    assert.equal((await upload(fixture.app, session, greetingsManifest({ version: '2.0.0' }))).status, 201);
    await notice;
    assert.match(received.join(''), /event: plugins\ndata: changed\n\n/);
    response.destroy();
  });

  it('keeps at most a few notice streams open per session: one more is 429, and a closed one makes room', async () => {
    const session = await signInAs(fixture.app, 'senior');
    const open = () => openNotices(session);
    const streams: http.IncomingMessage[] = [];
    try {
      for (let index = 0; index < PLUGIN_EVENT_STREAMS_PER_SESSION; index++) {
        const stream = await open();
        streams.push(stream);
        assert.equal(stream.statusCode, 200, `stream ${index + 1}`);
      }
      const refused = await open();
      refused.resume();
      assert.equal(refused.statusCode, 429, 'one stream beyond the cap of the session');
      // Another user's console is not held back by this session's streams.
      const other = await signInAs(fixture.app, 'officer');
      const otherStream = await openNotices(other);
      streams.push(otherStream);
      assert.equal(otherStream.statusCode, 200);
      const closed = streams.shift()!;
      await new Promise<void>((resolve) => {
        closed.once('close', () => resolve());
        closed.destroy();
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const again = await open();
      streams.push(again);
      assert.equal(again.statusCode, 200, 'a closed stream makes room');
    } finally {
      for (const stream of streams) stream.destroy();
    }
  });

  it('ends an open notice stream at its next keep-alive once its session is signed out, and keeps it while the session is open', async () => {
    const session = await signInAs(fixture.app, 'senior');
    // The stream's keep-alive timer runs on a clock the test moves (only setInterval is mocked).
    mock.timers.enable({ apis: ['setInterval'] });
    const received: string[] = [];
    let ended = false;
    try {
      const response = await openNotices(session);
      assert.equal(response.statusCode, 200);
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => received.push(chunk));
      const end = new Promise<void>((resolve) => response.once('end', () => ((ended = true), resolve())));
      const arrived = async (text: string) => {
        for (let waited = 0; !received.join('').includes(text) && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      };
      await arrived('retry:');
      // A keep-alive while the session is open: the stream stays.
      mock.timers.tick(20_000);
      await arrived(': keep-alive');
      assert.match(received.join(''), /: keep-alive\n\n/);
      assert.equal(ended, false);
      // Signed out: the next keep-alive ends the stream instead.
      assert.equal((await injectAs(fixture.app, session, 'DELETE', '/api/session')).statusCode, 204);
      mock.timers.tick(20_000);
      await Promise.race([end, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      assert.equal(ended, true, 'the stream of a signed-out session ended');
      response.destroy();
    } finally {
      mock.timers.reset();
    }
  });

  it('decides whether a stream\'s session is still open (idle too long, signed out), without counting the check as activity', async () => {
    const session = await signInAs(fixture.app, 'senior');
    const idHash = crypto.createHash('sha256').update(decodeURIComponent(session.cookie.split('=')[1]!)).digest('hex');
    let now = Date.now();
    const sessions = new SessionStore(fixture.database, 60_000, () => now);
    assert.equal(sessions.isOpen(idHash), true);
    const lastSeen = fixture.database.sessions.get(idHash)!.lastSeenAt;
    now += 59_000;
    assert.equal(sessions.isOpen(idHash), true);
    assert.equal(fixture.database.sessions.get(idHash)!.lastSeenAt, lastSeen, 'the check is not activity');
    now += 2_000;
    assert.equal(sessions.isOpen(idHash), false, 'idle too long');
    now -= 61_000;
    assert.equal((await injectAs(fixture.app, session, 'DELETE', '/api/session')).statusCode, 204);
    assert.equal(sessions.isOpen(idHash), false, 'signed out');
  });
});

/**
 * The console's gate, module by module and without a network service: the Host allow-list, the
 * session store and sign-in throttle, the manifest's route table and path parameters, the rights,
 * and the gate's answers (Host, session, Origin, CSRF token, route, rights) through `inject`.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net, { type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { repoRoot } from '../../host-shim/common/paths.ts';
import { isAllowedHost, loopbackHostNames, parseAllowedHosts } from '../../host-shim/server/allowed-hosts.ts';
import { ConsoleDatabase } from '../../host-shim/server/console-db.ts';
import { pathParameterProblem, RouteTable, type ManifestRoute, type RouteMatch } from '../../host-shim/server/manifest.ts';
import { isGrantedRightShape, isRightId, missingRights, predefinedMdrRoles, rightIds, type RightId } from '../../host-shim/server/rights.ts';
import { defaultSignInLimits, sessionCookieName, SessionStore, SignInLimiter, signInSource } from '../../host-shim/server/sessions.ts';
import { storeWithPlugin } from '../support/installed-plugins.ts';
import { mdrManifest } from '../support/plugin-bundles.ts';

const minute = 60_000;

describe('allowed hosts: the KSC_ALLOWED_HOSTS list', () => {
  const invalidEntries = ['bad/name', 'user@host', 'a.example:', 'a.example:123456', ':8080', '[zz]', 'a_b.example', 'a.example:80x', '*.example', 'host?x'];
  const lists: [name: string, values: (string | undefined)[], expected: ReturnType<typeof parseAllowedHosts>][] = [
    ['is empty when the variable is unset or blank', [undefined, '', ' ,, \t\n'], { hosts: [], invalid: [] }],
    [
      'splits at commas and any white space, lower-cases names and reads the port as a number',
      ['Console.Corp.Example,mdr-console:8443\tb.example\n[::1]:9000 ,  10.0.0.5'],
      {
        hosts: [
          { name: 'console.corp.example', port: undefined },
          { name: 'mdr-console', port: 8443 },
          { name: 'b.example', port: undefined },
          { name: '[::1]', port: 9000 },
          { name: '10.0.0.5', port: undefined },
        ],
        invalid: [],
      },
    ],
    [
      'reads blanks around entries and a bare IPv6 literal leniently, and reports what is not a host name',
      [' a.example,b.example:9000  [::1] bad/name'],
      { hosts: [{ name: 'a.example', port: undefined }, { name: 'b.example', port: 9000 }, { name: '[::1]', port: undefined }], invalid: ['bad/name'] },
    ],
    [
      'reports every entry that is not a host name or host:port, and keeps the rest',
      [`ok.example,${invalidEntries.join(',')}`],
      { hosts: [{ name: 'ok.example', port: undefined }], invalid: invalidEntries },
    ],
  ];
  for (const [name, values, expected] of lists) {
    it(name, () => {
      for (const value of values) assert.deepEqual(parseAllowedHosts(value), expected, JSON.stringify(value));
    });
  }
});

describe('allowed hosts: which Host headers the console answers', () => {
  it('answers its loopback names on the port the connection arrived on', () => {
    assert.deepEqual([...loopbackHostNames], ['127.0.0.1', 'localhost', '[::1]']);
    for (const name of loopbackHostNames) {
      assert.equal(isAllowedHost(`${name}:3000`, 3000), true, name);
      assert.equal(isAllowedHost(`${name}:3001`, 3000), false, `${name} on another port`);
      assert.equal(isAllowedHost(name, 3000), false, `${name} without a port means port 80`);
      assert.equal(isAllowedHost(name, 80), true, `${name} without a port on port 80`);
    }
  });

  it('ignores case and surrounding blanks, as browsers and proxies may send them', () => {
    assert.equal(isAllowedHost('LocalHost:3000', 3000), true);
    assert.equal(isAllowedHost(' localhost:3000 ', 3000), true);
    assert.equal(isAllowedHost('A.Example:8080', 8080, parseAllowedHosts('a.example').hosts), true);
  });

  it('refuses a missing, empty or malformed header and look-alike names', () => {
    for (const host of [
      undefined,
      '',
      ' ',
      'localhost:',
      'localhost:3000:3000',
      'localhost:123456',
      'localhost:3000/x',
      'evil@localhost:3000',
      'localhost.evil.example:3000',
      '127.0.0.1.nip.io:3000',
      'evil.localhost:3000',
      '::1',
      '[::1]x:3000',
      'x[::1]:3000',
      'localhost x:3000',
    ]) {
      assert.equal(isAllowedHost(host, 3000), false, String(host));
    }
    assert.equal(isAllowedHost(undefined, 8080), false, 'missing, on another port');
  });

  it('answers any port of a known name only when the arriving port is unknown (requests injected in tests)', () => {
    assert.equal(isAllowedHost('localhost:1234', undefined), true);
    assert.equal(isAllowedHost('evil.example:1234', undefined), false);
    assert.equal(isAllowedHost('listed.example:4321', undefined, parseAllowedHosts('listed.example').hosts), true);
  });

  it('answers a listed name on the console port, and a listed name:port on exactly that port (reverse proxy)', () => {
    const extra = parseAllowedHosts('console.corp.example mdr-console:8443 proxy.example:80').hosts;
    assert.equal(isAllowedHost('console.corp.example:3000', 3000, extra), true);
    assert.equal(isAllowedHost('console.corp.example:3001', 3000, extra), false);
    assert.equal(isAllowedHost('console.corp.example', 3000, extra), false);
    assert.equal(isAllowedHost('mdr-console:8443', 3000, extra), true, 'the proxy forwards 8443 to the console port');
    assert.equal(isAllowedHost('mdr-console:8444', 3000, extra), false);
    assert.equal(isAllowedHost('mdr-console:3000', 3000, extra), true, 'a listed name also answers on the console port');
    assert.equal(isAllowedHost('mdr-console', 3000, extra), false);
    assert.equal(isAllowedHost('proxy.example', 3000, extra), true, 'no port in Host means 80');
    assert.equal(isAllowedHost('localhost:8443', 3000, extra), false, 'a listed port belongs to its name only');
    assert.equal(isAllowedHost('other.example:8443', 3000, extra), false);
    assert.equal(isAllowedHost('mdr-console.evil:8443', 3000, extra), false);
    assert.equal(isAllowedHost('console.corp.example:3000', 3000), false, 'not listed: not answered');
  });
});

describe('rights', () => {
  it('knows exactly the seven functional areas of the specification', () => {
    for (const right of rightIds) assert.equal(isRightId(right), true, right);
    for (const value of ['', 'IncidentAccess', 'incidentaccess', 'everything', 'incidentAccess ', undefined, null, 1, ['incidentAccess'], { incidentAccess: true }]) {
      assert.equal(isRightId(value), false, JSON.stringify(value));
    }
  });

  it('takes as a right a role may hold only the shape of a right id: a lower-case letter, then letters and digits, at most 64', () => {
    for (const right of [...rightIds, 'sampleGreetings', 'a', 'readGreetings2', `a${'B'.repeat(63)}`]) assert.equal(isGrantedRightShape(right), true, right);
    const refused: unknown[] = ['', 'ReadGreetings', '2fa', 'read greetings', 'read-greetings', 'read.greetings', ' readGreetings', 'readGreetings ', 'readGreetings\n', `a${'B'.repeat(64)}`];
    for (const value of [...refused, undefined, null, 1, ['readGreetings'], { readGreetings: true }]) assert.equal(isGrantedRightShape(value), false, JSON.stringify(value));
  });

  it('defines the predefined MDR roles with the rights of the help ("Managing users")', () => {
    assert.deepEqual(predefinedMdrRoles, [
      {
        key: 'mdrAdministrator',
        rights: ['incidentAccess', 'autoAcceptSettings', 'responseManagement', 'tenantManagement', 'incidentSummaryScheduling', 'restApiAccess'],
      },
      { key: 'seniorSecurityOfficer', rights: ['incidentAccess', 'autoAcceptSettings', 'responseManagement'] },
      { key: 'securityOfficer', rights: ['incidentAccess'] },
    ]);
  });

  it('names the rights a user lacks, in the order the route declares them', () => {
    const held = new Set<RightId>(['incidentAccess', 'responseManagement']);
    assert.deepEqual(missingRights(['tenantManagement', 'incidentAccess', 'restApiAccess', 'responseManagement'], held), ['tenantManagement', 'restApiAccess']);
    assert.deepEqual(missingRights(['incidentAccess', 'responseManagement'], held), []);
    assert.deepEqual(missingRights([], new Set()), []);
    assert.deepEqual(missingRights(['incidentAccess'], new Set()), ['incidentAccess']);
  });
});

describe('path parameters', () => {
  it('accepts the id characters, dots inside an id included', () => {
    for (const raw of ['abc-1', 'A.b_c~d-1', '0', 'x..y', '.hidden', 'a.']) assert.equal(pathParameterProblem(raw), undefined, raw);
  });

  it('refuses separators, also encoded once or twice', () => {
    for (const raw of ['a/b', 'a\\b', '%2F', 'a%2fb', 'a%5Cb', '..%2f', 'a%252Fb', '%255c']) assert.equal(pathParameterProblem(raw), 'encodedSeparator', raw);
  });

  it('refuses dot segments, also encoded once or twice', () => {
    for (const raw of ['.', '..', '...', '%2e', '%2E%2e', '.%2E', '%252e', '%252E%252e']) assert.equal(pathParameterProblem(raw), 'dotSegment', raw);
  });

  it('refuses every other character and malformed escapes', () => {
    for (const raw of ['%25252f', '%25252e%25252e', '%25zz%2f', 'a b', 'a%20b', 'a%00', '%zz', '%', 'a%2', '%25zz', 'a;b', "a'b", 'a"b', 'a?b', 'a#b', 'a:b', 'a@b', 'a+b', 'é', '%C3%A9', '%41', '']) {
      assert.equal(pathParameterProblem(raw), 'invalidCharacters', JSON.stringify(raw));
    }
  });
});

describe('route table', () => {
  /** A match with its route named by method and path. */
  const outcome = (match: RouteMatch) =>
    match.kind === 'found' || match.kind === 'invalidParameter' ? { ...match, route: `${match.route.method} ${match.route.path}` } : match;
  const routes: ManifestRoute[] = [
    { method: 'GET', path: '/api/plugins/mdr/tenants', rights: ['tenantManagement'] },
    { method: 'GET', path: '/api/plugins/mdr/tenants/:tenantId', rights: ['tenantManagement'] },
    { method: 'PUT', path: '/api/plugins/mdr/tenants/:tenantId', rights: ['tenantManagement'] },
    // The same method and path once more, with a trailing slash.
    { method: 'PUT', path: '/api/plugins/mdr/tenants/:tenantId/', rights: ['tenantManagement'] },
    { method: 'GET', path: '/api/plugins/mdr/incidents/:incidentId/comments/:commentId', rights: ['incidentAccess'] },
    { method: 'GET', path: '/api/plugins/mdr/a.b(c)+', rights: [] },
  ];
  const table = new RouteTable(routes);

  it('finds a declared route with its parameters, whatever the case of the method, with or without a trailing slash', () => {
    assert.deepEqual(outcome(table.match('GET', '/api/plugins/mdr/tenants')), { kind: 'found', route: 'GET /api/plugins/mdr/tenants', params: {} });
    assert.deepEqual(outcome(table.match('get', '/api/plugins/mdr/tenants/')), { kind: 'found', route: 'GET /api/plugins/mdr/tenants', params: {} });
    assert.deepEqual(outcome(table.match('PUT', '/api/plugins/mdr/tenants/t-1')), { kind: 'found', route: 'PUT /api/plugins/mdr/tenants/:tenantId', params: { tenantId: 't-1' } });
    assert.deepEqual(outcome(table.match('GET', '/api/plugins/mdr/incidents/i-1/comments/c-2')), {
      kind: 'found',
      route: 'GET /api/plugins/mdr/incidents/:incidentId/comments/:commentId',
      params: { incidentId: 'i-1', commentId: 'c-2' },
    });
  });

  it('matches the whole path, literally', () => {
    for (const pathname of [
      '/api/plugins/mdr/tenantsx',
      '/api/plugins/mdr/tenant',
      'x/api/plugins/mdr/tenants',
      '/api/plugins/mdr/tenants//',
      '/api/plugins/mdr/tenants/t-1/x',
      '/api/plugins/mdr/tenants/a/b',
      '/api/plugins/mdr/incidents/i-1/comments/',
      '/api/plugins/mdr/axb(c)+',
      '/api/plugins/mdr/a.bc',
      '/api/plugins/mdr/a.bcc',
      '/api/plugins/mdr/tenants//t-1',
    ]) {
      assert.deepEqual(outcome(table.match('GET', pathname)), { kind: 'notDeclared' }, pathname);
    }
    assert.equal(table.match('GET', '/api/plugins/mdr/a.b(c)+').kind, 'found', 'special characters of a path are literal');
  });

  it('answers the declared methods of a path once each when the method is not one of them', () => {
    assert.deepEqual(outcome(table.match('DELETE', '/api/plugins/mdr/tenants/t-1')), { kind: 'methodNotAllowed', allowed: ['GET', 'PUT'] });
    assert.deepEqual(outcome(table.match('DELETE', '/api/plugins/mdr/tenants/t-1/')), { kind: 'methodNotAllowed', allowed: ['GET', 'PUT'] });
    assert.deepEqual(outcome(table.match('POST', '/api/plugins/mdr/tenants')), { kind: 'methodNotAllowed', allowed: ['GET'] });
  });

  it('refuses a matched route whose parameter holds an encoded separator, a dot segment or another character', () => {
    assert.deepEqual(outcome(table.match('PUT', '/api/plugins/mdr/tenants/..%2Fapi-connections')), {
      kind: 'invalidParameter',
      route: 'PUT /api/plugins/mdr/tenants/:tenantId',
      field: 'tenantId',
      rule: 'encodedSeparator',
    });
    assert.deepEqual(outcome(table.match('GET', '/api/plugins/mdr/tenants/%2e%2e')), { kind: 'invalidParameter', route: 'GET /api/plugins/mdr/tenants/:tenantId', field: 'tenantId', rule: 'dotSegment' });
    assert.deepEqual(outcome(table.match('GET', '/api/plugins/mdr/incidents/i-1/comments/c%20d')), {
      kind: 'invalidParameter',
      route: 'GET /api/plugins/mdr/incidents/:incidentId/comments/:commentId',
      field: 'commentId',
      rule: 'invalidCharacters',
    });
    assert.deepEqual(outcome(table.match('GET', '/api/plugins/mdr/incidents/..%2f/comments/c-1')), {
      kind: 'invalidParameter',
      route: 'GET /api/plugins/mdr/incidents/:incidentId/comments/:commentId',
      field: 'incidentId',
      rule: 'encodedSeparator',
    });
    // A route declared for another method does not make a bad parameter acceptable.
    assert.deepEqual(outcome(table.match('DELETE', '/api/plugins/mdr/tenants/%2e%2e')), { kind: 'methodNotAllowed', allowed: ['GET', 'PUT'] });
  });

  it('finds nothing when no route is declared (deny by default)', () => {
    assert.deepEqual(outcome(new RouteTable([]).match('GET', '/api/plugins/mdr/tenants')), { kind: 'notDeclared' });
  });
});

/** A console database in a temporary folder with users and roles, without the cost of password hashing. */
function temporaryDatabase(): { database: ConsoleDatabase; dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-gate-'));
  const database = new ConsoleDatabase(path.join(dir, 'console.db'));
  return {
    database,
    dir,
    remove() {
      database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function addUser(database: ConsoleDatabase, userName: string, roles: { rights: RightId[]; administration?: boolean }[], passwordHash = 'scrypt$unused'): string {
  const roleIds = roles.map((role, index) => {
    const id = crypto.randomUUID();
    database.roles.insert({ id, name: `${userName} role ${index}`, rights: role.rights, administration: role.administration });
    return id;
  });
  const id = crypto.randomUUID();
  database.users.insert({ id, userName, displayName: userName, passwordHash, roleIds });
  return id;
}

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

describe('session store', () => {
  let temporary: ReturnType<typeof temporaryDatabase>;
  let database: ConsoleDatabase;
  let officer: string;
  let administrator: string;
  before(() => {
    temporary = temporaryDatabase();
    database = temporary.database;
    officer = addUser(database, 'officer', [{ rights: ['incidentAccess'] }]);
    administrator = addUser(database, 'administrator', [{ rights: ['applicationIntegration'], administration: true }, { rights: ['incidentAccess', 'tenantManagement'] }]);
  });
  after(() => temporary.remove());

  it('creates a session with fresh random id and CSRF token, stored only by the hash of its id', () => {
    const now = 5_000_000;
    const store = new SessionStore(database, 30 * minute, () => now);
    const first = store.create(officer);
    const second = store.create(officer);
    for (const created of [first, second]) {
      assert.match(created.id, /^[A-Za-z0-9_-]{43}$/);
      assert.match(created.csrfToken, /^[A-Za-z0-9_-]{43}$/);
      assert.notEqual(created.id, created.csrfToken);
      assert.equal(database.sessions.get(created.id), undefined, 'the id itself is not a key');
      assert.deepEqual(database.sessions.get(sha256(created.id)), { userId: officer, csrfToken: created.csrfToken, createdAt: now, lastSeenAt: now });
    }
    assert.notEqual(first.id, second.id);
    assert.notEqual(first.csrfToken, second.csrfToken);
  });

  it('resolves a session to its user, CSRF token, the union of its roles rights and the administration flag', () => {
    const store = new SessionStore(database, 30 * minute);
    const created = store.create(administrator);
    const session = store.resolve(created.id)!;
    assert.equal(session.idHash, sha256(created.id));
    assert.equal(session.user.id, administrator);
    assert.equal(session.user.userName, 'administrator');
    assert.equal(session.csrfToken, created.csrfToken);
    assert.deepEqual([...session.rights].sort(), ['applicationIntegration', 'incidentAccess', 'tenantManagement']);
    assert.equal(session.administration, true);
    const plain = store.resolve(store.create(officer).id)!;
    assert.deepEqual([...plain.rights], ['incidentAccess']);
    assert.equal(plain.administration, false);
  });

  it('resolves nothing for a missing, empty or unknown cookie, nor for the stored hash itself', () => {
    const store = new SessionStore(database, 30 * minute);
    const created = store.create(officer);
    assert.equal(store.resolve(undefined), undefined);
    assert.equal(store.resolve(''), undefined);
    assert.equal(store.resolve(`${created.id}x`), undefined);
    assert.equal(store.resolve(sha256(created.id)), undefined);
    assert.ok(store.resolve(created.id));
  });

  it('ends a session idle for longer than the timeout, exactly at the timeout it is still alive', () => {
    let now = 10_000_000;
    const store = new SessionStore(database, 30 * minute, () => now);
    const created = store.create(officer);
    const idHash = sha256(created.id);
    now += 30 * minute;
    assert.ok(store.resolve(created.id), 'idle exactly the timeout');
    assert.equal(database.sessions.get(idHash)!.lastSeenAt, now, 'the use was recorded');
    now += 30 * minute + 1;
    assert.equal(store.resolve(created.id), undefined, 'idle a millisecond longer than the timeout');
    assert.equal(database.sessions.get(idHash), undefined, 'deleted, not only refused');
    now -= 60 * minute;
    assert.equal(store.resolve(created.id), undefined, 'stays ended');
  });

  it('records a use at most once a minute, and a recorded use keeps the session alive', () => {
    let now = 20_000_000;
    const store = new SessionStore(database, 30 * minute, () => now);
    const created = store.create(officer);
    const idHash = sha256(created.id);
    now += minute;
    assert.ok(store.resolve(created.id));
    assert.equal(database.sessions.get(idHash)!.lastSeenAt, 20_000_000, 'a minute is not yet worth a write');
    now += 1;
    assert.ok(store.resolve(created.id));
    assert.equal(database.sessions.get(idHash)!.lastSeenAt, now);
    now += 30 * minute;
    assert.ok(store.resolve(created.id), 'idle counts from the recorded use');
  });

  it('ends the sessions of a disabled user, and of a user who is gone', () => {
    const store = new SessionStore(database, 30 * minute);
    const userId = addUser(database, 'leaver', [{ rights: ['incidentAccess'] }]);
    const created = store.create(userId);
    assert.ok(store.resolve(created.id));
    // Changed behind the repositories' back, as another process would: the next lookup still sees it.
    const direct = new Database(database.file);
    direct.prepare('UPDATE users SET disabled = 1 WHERE id = ?').run(userId);
    assert.equal(store.resolve(created.id), undefined);
    assert.equal(database.sessions.get(sha256(created.id)), undefined);

    const goneId = addUser(database, 'gone', []);
    const orphan = store.create(goneId);
    // Without foreign keys (off by default on a connection of its own), the session outlives its user.
    try {
      direct.prepare('DELETE FROM users WHERE id = ?').run(goneId);
    } finally {
      direct.close();
    }
    assert.equal(store.resolve(orphan.id), undefined);
    assert.equal(database.sessions.get(sha256(orphan.id)), undefined);
  });

  it('ends one session on sign-out and leaves the others', () => {
    const store = new SessionStore(database, 30 * minute);
    const leaving = store.create(officer);
    const staying = store.create(officer);
    store.destroy(store.resolve(leaving.id)!.idHash);
    assert.equal(store.resolve(leaving.id), undefined);
    assert.ok(store.resolve(staying.id));
  });

  it('says whether a session is still open without counting the question as a use: not after the idle timeout, sign-out, or its user being disabled or gone', () => {
    let now = 50_000_000;
    const store = new SessionStore(database, 30 * minute, () => now);
    const created = store.create(officer);
    const idHash = sha256(created.id);
    now += 30 * minute;
    assert.equal(store.isOpen(idHash), true, 'idle exactly the timeout');
    assert.equal(database.sessions.get(idHash)!.lastSeenAt, 50_000_000, 'the question is not a use');
    now += 1;
    assert.equal(store.isOpen(idHash), false, 'idle a millisecond longer');
    now -= 30 * minute + 1;
    assert.equal(store.isOpen(sha256(`${created.id}x`)), false, 'an unknown session');
    assert.equal(store.isOpen(created.id), false, 'the id is not the hash');

    const userId = addUser(database, 'streamer', [{ rights: ['incidentAccess'] }]);
    const ofUser = sha256(store.create(userId).id);
    assert.equal(store.isOpen(ofUser), true);
    const direct = new Database(database.file);
    try {
      direct.prepare('UPDATE users SET disabled = 1 WHERE id = ?').run(userId);
      assert.equal(store.isOpen(ofUser), false, 'its user disabled');
      direct.prepare('UPDATE users SET disabled = 0 WHERE id = ?').run(userId);
      assert.equal(store.isOpen(ofUser), true, 'enabled again');
      direct.prepare('DELETE FROM users WHERE id = ?').run(userId);
      assert.equal(store.isOpen(ofUser), false, 'its user gone');
    } finally {
      direct.close();
    }
    store.destroy(idHash);
    assert.equal(store.isOpen(idHash), false, 'signed out');
  });

  it('purges sessions idle longer than the timeout from the database, and only those', () => {
    let now = 40_000_000;
    const store = new SessionStore(database, 30 * minute, () => now);
    const old = store.create(officer);
    now += 1;
    const borderline = store.create(officer);
    now += 30 * minute;
    store.purgeIdle();
    assert.equal(database.sessions.get(sha256(old.id)), undefined);
    assert.ok(database.sessions.get(sha256(borderline.id)), 'idle exactly the timeout');
  });
});

describe('sign-in source', () => {
  const sources: [name: string, cases: [address: string, source: string][]][] = [
    [
      'is an IPv4 address itself, also when mapped into IPv6',
      [
        ['203.0.113.7', '203.0.113.7'],
        ['::ffff:203.0.113.7', '203.0.113.7'],
        ['::FFFF:203.0.113.7', '203.0.113.7'],
        ['::ffff:198.51.100.23', '198.51.100.23'],
      ],
    ],
    [
      'is the /64 network of an IPv6 address, written short and in lower case',
      [
        ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
        ['2001:0DB8:0001:0000:0000:0000:0000:0001', '2001:db8:1:0::/64'],
        ['2001:db8::1', '2001:db8:0:0::/64'],
        ['2001:db8:a::', '2001:db8:a:0::/64'],
        ['::1', '0:0:0:0::/64'],
        ['::', '0:0:0:0::/64'],
        ['fe80::1:2:3:4:5', 'fe80:0:0:1::/64'],
        ['1:2:3:4:5:6::7', '1:2:3:4::/64'],
        // Mapped only when an IPv4 address follows.
        ['::ffff:1:2', '0:0:0:0::/64'],
        ['::ffff:203.0.113.7x', '0:0:0:0::/64'],
        ['x::ffff:203.0.113.7', 'x:0:0:0::/64'],
      ],
    ],
  ];
  for (const [name, cases] of sources) {
    it(name, () => {
      for (const [address, source] of cases) assert.equal(signInSource(address), source, address);
    });
  }

  it('gives two clients of one /64 network one source, and other networks their own', () => {
    assert.equal(signInSource('2001:db8:1:2::a'), signInSource('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    assert.notEqual(signInSource('2001:db8:1:2::a'), signInSource('2001:db8:1:3::a'));
  });
});

describe('sign-in throttle', () => {
  /** A limiter on a clock the test moves. */
  function limiterAt(limits: Partial<typeof defaultSignInLimits> = {}) {
    // A real date: a pair that never failed has its last failure at 0, more than a day before.
    const clock = { now: Date.UTC(2026, 0, 15, 9) };
    const limiter = new SignInLimiter(limits, () => clock.now);
    const attempt = (userName: string, address: string) => {
      const started = limiter.begin(userName, address);
      assert.ok('attempt' in started, `${userName} from ${address} may try now`);
      return started.attempt;
    };
    const fail = (userName: string, address: string, times = 1) => {
      for (let index = 0; index < times; index++) attempt(userName, address).fail();
    };
    return { clock, limiter, attempt, fail };
  }

  it('has the documented defaults', () => {
    assert.deepEqual(defaultSignInLimits, {
      freeAttempts: 5,
      baseDelayMs: 1000,
      maxDelayMs: 15 * minute,
      maxPerSource: 20,
      sourceWindowMs: 5 * minute,
      forgetAfterMs: 24 * 60 * minute,
      maxTracked: 10_000,
    });
  });

  it('gives five free attempts, then a wait of one second that doubles with every further failure up to 15 minutes', () => {
    const { clock, limiter, fail } = limiterAt();
    fail('officer', '10.0.0.1', 4);
    assert.equal(limiter.retryAfterSeconds('officer', '10.0.0.1'), 0);
    fail('officer', '10.0.0.1');
    const waits: number[] = [];
    for (let failure = 0; failure < 12; failure++) {
      const wait = limiter.retryAfterSeconds('officer', '10.0.0.1');
      waits.push(wait);
      assert.deepEqual(limiter.begin('officer', '10.0.0.1'), { retryAfterSeconds: wait }, 'refused while waiting');
      clock.now += wait * 1000;
      fail('officer', '10.0.0.1');
    }
    assert.deepEqual(waits, [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
  });

  it('counts the wait from the last failure and rounds it up to whole seconds', () => {
    const { clock, limiter, fail } = limiterAt({ freeAttempts: 1, baseDelayMs: 2500 });
    fail('officer', '10.0.0.1');
    assert.equal(limiter.retryAfterSeconds('officer', '10.0.0.1'), 3);
    clock.now += 1499;
    assert.equal(limiter.retryAfterSeconds('officer', '10.0.0.1'), 2);
    clock.now += 1;
    assert.equal(limiter.retryAfterSeconds('officer', '10.0.0.1'), 1);
    clock.now += 999;
    assert.equal(limiter.retryAfterSeconds('officer', '10.0.0.1'), 1, 'a millisecond left is still a second');
    clock.now += 1;
    assert.equal(limiter.retryAfterSeconds('officer', '10.0.0.1'), 0);
  });

  it('stops doubling at 2^40 times the first wait when no longest wait is set', () => {
    const { clock, limiter, fail } = limiterAt({ freeAttempts: 0, baseDelayMs: 1, maxDelayMs: Infinity, maxPerSource: Infinity, forgetAfterMs: Infinity });
    for (let failure = 0; failure < 42; failure++) {
      clock.now += 2 ** 41;
      fail('officer', '10.0.0.1');
    }
    assert.equal(limiter.retryAfterSeconds('officer', '10.0.0.1'), Math.ceil(2 ** 40 / 1000));
  });

  it('keys on the user name, trimmed and in any case, and on the source', () => {
    const { limiter, fail } = limiterAt({ freeAttempts: 1 });
    fail(' Officer ', '10.0.0.1');
    assert.equal(limiter.retryAfterSeconds('officer', '10.0.0.1'), 1);
    assert.equal(limiter.retryAfterSeconds('OFFICER', '::ffff:10.0.0.1'), 1, 'the same source, mapped into IPv6');
    assert.equal(limiter.retryAfterSeconds('officer', '10.0.0.2'), 0, 'another address is not slowed down');
    assert.equal(limiter.retryAfterSeconds('senior', '10.0.0.1'), 0, 'another user name is not slowed down');
    assert.equal(limiter.retryAfterSeconds('officer2', '10.0.0.1'), 0);
    fail('strasse', '10.0.0.1');
    assert.equal(limiter.retryAfterSeconds('straße', '10.0.0.1'), 0, 'user names that only upper-case alike are different users');
  });

  it('forgets a pair that had no failure for a day, not earlier', () => {
    const { clock, limiter, fail } = limiterAt();
    fail('officer', '10.0.0.1', 5);
    clock.now += 1000;
    fail('officer', '10.0.0.1');
    clock.now += 24 * 60 * minute;
    assert.equal(limiter.retryAfterSeconds('officer', '10.0.0.1'), 0, 'the wait is over');
    fail('officer', '10.0.0.1');
    assert.equal(limiter.retryAfterSeconds('officer', '10.0.0.1'), 4, 'the seventh failure within a day');
    clock.now += 24 * 60 * minute + 1;
    fail('officer', '10.0.0.1', 4);
    assert.equal(limiter.retryAfterSeconds('officer', '10.0.0.1'), 0, 'four failures after a quiet day are free again');
  });

  it('counts attempts being checked, so that guesses sent at once cannot outrun the count', () => {
    const { limiter, attempt } = limiterAt();
    const pending = Array.from({ length: 5 }, () => attempt('officer', '10.0.0.1'));
    assert.deepEqual(limiter.begin('officer', '10.0.0.1'), { retryAfterSeconds: 1 });
    assert.deepEqual(limiter.begin(' OFFICER', '10.0.0.1'), { retryAfterSeconds: 1 });
    assert.equal(limiter.retryAfterSeconds('officer', '10.0.0.2'), 0);
    pending[0]!.fail();
    assert.deepEqual(limiter.begin('officer', '10.0.0.1'), { retryAfterSeconds: 1 }, 'one failure and four still checked use the five');
    for (const each of pending.slice(1)) each.fail();
    assert.equal(limiter.retryAfterSeconds('officer', '10.0.0.1'), 1, 'five failures: the first wait');
  });

  it('lets fewer attempts run at once as failures add up, and always one', () => {
    const { limiter, attempt, fail } = limiterAt();
    fail('officer', '10.0.0.1', 3);
    const first = attempt('officer', '10.0.0.1');
    attempt('officer', '10.0.0.1');
    assert.deepEqual(limiter.begin('officer', '10.0.0.1'), { retryAfterSeconds: 1 });
    first.succeed();

    const single = limiterAt({ freeAttempts: 0 });
    single.clock.now += 0;
    const only = single.attempt('officer', '10.0.0.1');
    assert.deepEqual(single.limiter.begin('officer', '10.0.0.1'), { retryAfterSeconds: 1 }, 'one at a time even without free attempts');
    only.succeed();
    assert.equal(single.limiter.retryAfterSeconds('officer', '10.0.0.1'), 0);
  });

  it('settles an attempt once: a second outcome is ignored', () => {
    const { limiter, attempt } = limiterAt({ freeAttempts: 2 });
    const first = attempt('officer', '10.0.0.1');
    first.fail();
    first.fail();
    first.succeed();
    assert.equal(limiter.retryAfterSeconds('officer', '10.0.0.1'), 0, 'one failure of two free');
    const second = attempt('officer', '10.0.0.1');
    second.succeed();
    second.fail();
    attempt('officer', '10.0.0.1').fail();
    assert.equal(limiter.retryAfterSeconds('officer', '10.0.0.1'), 0, 'the success cleared the first failure');
  });

  it('a success clears only its own user name and source', () => {
    const { limiter, attempt, fail } = limiterAt({ freeAttempts: 3 });
    fail('officer', '10.0.0.1', 2);
    fail('officer', '10.0.0.2', 3);
    fail('senior', '10.0.0.1', 3);
    attempt('officer', '10.0.0.1').succeed();
    fail('officer', '10.0.0.1', 2);
    assert.equal(limiter.retryAfterSeconds('officer', '10.0.0.1'), 0, 'counting starts afresh');
    assert.equal(limiter.retryAfterSeconds('officer', '10.0.0.2'), 1);
    assert.equal(limiter.retryAfterSeconds('senior', '10.0.0.1'), 1);
  });

  it('after a success, attempts of the pair still being checked keep their place', () => {
    const { limiter, attempt } = limiterAt({ freeAttempts: 2 });
    const first = attempt('officer', '10.0.0.1');
    const second = attempt('officer', '10.0.0.1');
    first.succeed();
    const third = attempt('officer', '10.0.0.1');
    assert.deepEqual(limiter.begin('officer', '10.0.0.1'), { retryAfterSeconds: 1 }, 'the second and third are still being checked');
    second.fail();
    third.fail();
    assert.equal(limiter.retryAfterSeconds('officer', '10.0.0.1'), 1, 'two failures after the success use the two free attempts');
  });

  it('a success clears the failures before it, also for attempts of the pair still being checked', () => {
    const { limiter, attempt, fail } = limiterAt({ freeAttempts: 3 });
    fail('officer', '10.0.0.1');
    const first = attempt('officer', '10.0.0.1');
    attempt('officer', '10.0.0.1');
    first.succeed();
    attempt('officer', '10.0.0.1');
    assert.equal(limiter.retryAfterSeconds('officer', '10.0.0.1'), 0, 'two being checked of three free attempts: the failure before the success no longer counts');
  });

  it('caps failures of one source across user names within the window (password spraying), then lets it try again', () => {
    const { clock, limiter, attempt, fail } = limiterAt({ maxPerSource: 3, sourceWindowMs: 10_000 });
    fail('user-a', '10.0.0.1');
    clock.now += 2000;
    fail('user-b', '10.0.0.1');
    clock.now += 2000;
    assert.equal(limiter.retryAfterSeconds('user-z', '10.0.0.1'), 0);
    fail('user-c', '10.0.0.1');
    assert.equal(limiter.retryAfterSeconds('user-z', '10.0.0.1'), 6, 'until the oldest failure leaves the window');
    assert.deepEqual(limiter.begin('user-z', '10.0.0.1'), { retryAfterSeconds: 6 });
    assert.equal(limiter.retryAfterSeconds('user-z', '10.0.0.2'), 0, 'other sources are not slowed down');
    clock.now += 5999;
    assert.equal(limiter.retryAfterSeconds('user-z', '10.0.0.1'), 1);
    clock.now += 1;
    assert.equal(limiter.retryAfterSeconds('user-z', '10.0.0.1'), 0, 'the oldest failure has left the window');
    fail('user-z', '10.0.0.1');
    assert.equal(limiter.retryAfterSeconds('user-y', '10.0.0.1'), 2, 'now the second failure is the oldest');
    attempt('user-a', '10.0.0.2').succeed();
  });

  it('counts attempts of one source being checked against its cap, and a success does not count', () => {
    const { clock, limiter, attempt, fail } = limiterAt({ maxPerSource: 3, sourceWindowMs: 10_000 });
    const checking = [attempt('user-a', '10.0.0.1'), attempt('user-b', '10.0.0.1'), attempt('user-c', '10.0.0.1')];
    assert.deepEqual(limiter.begin('user-d', '10.0.0.1'), { retryAfterSeconds: 1 }, 'three being checked: wait a second');
    checking[0]!.succeed();
    assert.equal(limiter.retryAfterSeconds('user-d', '10.0.0.1'), 0);
    clock.now += 1000;
    checking[1]!.fail();
    assert.equal(limiter.retryAfterSeconds('user-d', '10.0.0.1'), 0);
    fail('user-d', '10.0.0.1');
    assert.equal(limiter.retryAfterSeconds('user-e', '10.0.0.1'), 10, 'two failures and one being checked');
    clock.now += 5000;
    checking[2]!.succeed();
    assert.equal(limiter.retryAfterSeconds('user-e', '10.0.0.1'), 0);
  });

  it('keeps nothing for a success, nor for a source whose failures left the window', () => {
    const { clock, limiter, attempt, fail } = limiterAt({ freeAttempts: 1, maxTracked: 2 });
    const state = limiter as unknown as { pairs: Map<string, unknown>; sources: Map<string, unknown> };
    attempt('officer', '10.0.0.1').succeed();
    assert.equal(state.pairs.size, 0);
    assert.equal(state.sources.size, 0);
    // Nothing kept, so nothing pushes out a pair that failed: A stays remembered after B's success and C's failure.
    fail('user-a', '10.0.0.2');
    attempt('user-b', '10.0.0.3').succeed();
    fail('user-c', '10.0.0.4');
    assert.equal(limiter.retryAfterSeconds('user-a', '10.0.0.2'), 1);
    clock.now += 5 * minute;
    for (const address of ['10.0.0.2', '10.0.0.4']) assert.equal(limiter.retryAfterSeconds('anyone', address), 0);
    assert.equal(state.sources.size, 0, 'failures older than the window are forgotten with their source');
  });

  it('remembers at most maxTracked pairs, forgetting the least recently failed first', () => {
    const { limiter, fail } = limiterAt({ freeAttempts: 2, maxTracked: 2, maxPerSource: 100 });
    fail('user-a', '10.0.0.1');
    fail('user-b', '10.0.0.1');
    // A fails again and is now the most recent; C's failure pushes B out, not A.
    fail('user-a', '10.0.0.1');
    fail('user-c', '10.0.0.1');
    assert.equal(limiter.retryAfterSeconds('user-a', '10.0.0.1'), 1, 'A is remembered: two failures');
    fail('user-b', '10.0.0.1');
    assert.equal(limiter.retryAfterSeconds('user-b', '10.0.0.1'), 0, 'B was forgotten: its second failure is its first');
  });
});

const signInPassword = 'right-password-for-gate-tests';

/** A console server with a manifest of a few routes, users of known rights, and no MDR service behind it. */
/** The officer's password hash, made once: scrypt is slow on purpose, and every gate needs it. */
let officerPasswordHash: Promise<string> | undefined;

async function gateServer(options: { env?: Record<string, string>; logger?: boolean } = {}) {
  // Loaded here, so that the module tests above run without the server's start-up cost.
  const [{ buildConsoleServer }, { readConsoleEnvironment }, { MdrServiceClient }, { hashPassword }] = await Promise.all([
    import('../../host-shim/server/app.ts'),
    import('../../host-shim/server/environment.ts'),
    import('../../host-shim/server/outbound.ts'),
    import('../../host-shim/server/passwords.ts'),
  ]);
  const temporary = temporaryDatabase();
  const { database } = temporary;
  const users = {
    administrator: addUser(database, 'administrator', [
      { rights: ['applicationIntegration'], administration: true },
      { rights: ['incidentAccess', 'responseManagement', 'tenantManagement'] },
    ]),
    officer: addUser(database, 'officer', [{ rights: ['incidentAccess'] }], await (officerPasswordHash ??= hashPassword(signInPassword))),
    tenantOfficer: addUser(database, 'tenant-officer', [{ rights: ['incidentAccess', 'tenantManagement'] }]),
    guest: addUser(database, 'guest', []),
  };
  const manifest = {
    ...mdrManifest({ locales: ['en'] }),
    routes: [
      { method: 'GET', path: '/api/plugins/mdr/connection', rights: [] },
      { method: 'GET', path: '/api/plugins/mdr/roles/predefined', rights: [] },
      { method: 'POST', path: '/api/plugins/mdr/roles/predefined', rights: [], hostRights: ['manageUsersAndRoles'] },
      { method: 'GET', path: '/api/plugins/mdr/tenants/:tenantId', rights: ['tenantManagement'] },
      { method: 'PUT', path: '/api/plugins/mdr/tenants/:tenantId', rights: ['tenantManagement'] },
      { method: 'POST', path: '/api/plugins/mdr/incidents/:incidentId/responses', rights: ['incidentAccess', 'responseManagement', 'tenantManagement'] },
    ] satisfies ManifestRoute[],
  };
  const environment = readConsoleEnvironment(temporary.dir, options.env ?? {});
  const client = new MdrServiceClient({ serviceUrl: 'https://127.0.0.1:9', environment, connectTimeoutMs: 2000, responseTimeoutMs: 3000, retryDelayMs: () => 0 });
  const installed = await storeWithPlugin(temporary.dir, manifest);
  const app = await buildConsoleServer({
    database,
    plugins: installed.store,
    pluginSources: installed.sources,
    mdrClient: client,
    consoleCredential: 'no-credential',
    environment,
    consoleDir: temporary.dir,
    localesDir: path.join(repoRoot, 'locales'),
    logger: options.logger,
  });
  await app.ready();
  const store = new SessionStore(database, 30 * minute);
  /** A signed-in browser of `user`: its cookie and CSRF token. */
  const sessionOf = (user: keyof typeof users) => {
    const created = store.create(users[user]);
    return { cookie: `${sessionCookieName}=${created.id}`, csrfToken: created.csrfToken, id: created.id };
  };
  return {
    app,
    database,
    users,
    sessionOf,
    alive: (id: string) => store.resolve(id) !== undefined,
    async close() {
      await app.close();
      await client.close();
      temporary.remove();
    },
  };
}

/** One HTTP/1.1 request written as raw bytes to the console on loopback (no URL parsing on the way). */
function rawRequest(port: number, method: string, target: string, headers: Record<string, string>, body = ''): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      const lines = Object.entries({ ...headers, connection: 'close', 'content-length': String(Buffer.byteLength(body)) }).map(([name, value]) => `${name}: ${value}`);
      socket.write(`${method} ${target} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n${body}`);
    });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(text)?.[1] ?? 0), body: text.slice(text.indexOf('\r\n\r\n') + 4) }));
    socket.on('error', reject);
  });
}

/** Origins a hostile or rebinding page can send; the console's own is `http://localhost:80` under inject. */
const foreignOrigins = ['http://evil.example', 'http://localhost:80.evil.example', 'https://localhost:80', 'http://localhost:8080', 'http://127.0.0.1:80', 'null', 'http://localhost:80/', ''];

describe('console gate', () => {
  let gate: Awaited<ReturnType<typeof gateServer>>;
  let app: FastifyInstance;
  let port: number;
  before(async () => {
    gate = await gateServer({ env: { KSC_ALLOWED_HOSTS: 'listed.example proxy.example:8443 bad/name' } });
    app = gate.app;
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  after(async () => gate?.close());

  describe('Host allow-list', () => {
    it('answers no foreign host name, not even a signed-in browser on a plug-in route', async () => {
      const officer = gate.sessionOf('officer');
      for (const [url, cookie] of [['/api/languages', ''], ['/api/session', officer.cookie], ['/api/plugins/mdr/connection', officer.cookie], ['/no-such-file', '']] as const) {
        const response = await app.inject({ method: 'GET', url, headers: { host: 'evil.example', cookie } });
        assert.equal(response.statusCode, 421, url);
        assert.deepEqual(response.json(), { error: 'hostNotAllowed' }, url);
      }
      const signIn = await app.inject({ method: 'POST', url: '/api/session', headers: { host: 'evil.example' }, payload: { userName: 'officer', password: signInPassword } });
      assert.equal(signIn.statusCode, 421);
      assert.equal(signIn.headers['set-cookie'], undefined);
      assert.equal((await app.inject({ method: 'GET', url: '/api/languages', headers: { host: 'localhost' } })).statusCode, 200);
    });

    it('answers loopback and listed names only on the port the connection arrived on', async () => {
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `listed.example:${port}`, 'proxy.example:8443']) {
        assert.equal((await rawRequest(port, 'GET', '/api/languages', { host })).status, 200, host);
      }
      for (const host of [`localhost:${port + 1}`, 'localhost', `listed.example:${port + 1}`, `evil.example:${port}`, `bad:${port}`]) {
        const response = await rawRequest(port, 'GET', '/api/languages', { host });
        assert.equal(response.status, 421, host);
        assert.deepEqual(JSON.parse(response.body), { error: 'hostNotAllowed' }, host);
      }
    });
  });

  describe('session', () => {
    it('answers 401 without a session cookie, with an unknown one, and for a disabled user', async () => {
      const officer = gate.sessionOf('officer');
      for (const cookie of [undefined, `${sessionCookieName}=`, `${sessionCookieName}=${officer.id}x`, `other=${officer.id}`]) {
        const response = await app.inject({ method: 'GET', url: '/api/session', headers: cookie ? { cookie } : {} });
        assert.equal(response.statusCode, 401, cookie);
        assert.deepEqual(response.json(), { error: 'unauthenticated' });
      }
      const response = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: officer.cookie } });
      assert.equal(response.statusCode, 200);
      assert.equal(response.json().user.userName, 'officer');
      assert.equal(response.json().csrfToken, officer.csrfToken);
    });

    it('signs in from the console page or a client that names no origin', async () => {
      for (const headers of [{}, { origin: 'http://localhost:80' }]) {
        const response = await app.inject({ method: 'POST', url: '/api/session', headers, payload: { userName: 'officer', password: signInPassword } });
        assert.equal(response.statusCode, 200, response.body);
        assert.match(String(response.headers['set-cookie']), /^ksc_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
      }
    });

    it('parses only a small and shallow sign-in body, before any password check', async () => {
      const large = await app.inject({ method: 'POST', url: '/api/session', payload: { userName: 'officer', password: 'x'.repeat(5 * 1024) } });
      assert.equal(large.statusCode, 413);
      assert.deepEqual(large.json(), { error: 'bodyTooLarge' });
      const deep = await app.inject({ method: 'POST', url: '/api/session', headers: { 'content-type': 'application/json' }, payload: '{"userName":"officer","password":"x","extra":[[[[[["six levels"]]]]]]}' });
      assert.equal(deep.statusCode, 400);
      assert.deepEqual(deep.json(), { error: 'validation', field: 'body', rule: 'maxDepth' });
      const text = await app.inject({ method: 'POST', url: '/api/session', headers: { 'content-type': 'text/plain' }, payload: 'officer' });
      assert.equal(text.statusCode, 415);
      assert.deepEqual(text.json(), { error: 'unsupportedMediaType' });
      const shallow = await app.inject({ method: 'POST', url: '/api/session', payload: { userName: 'officer', password: signInPassword, remember: { device: [['x']] } } });
      assert.equal(shallow.statusCode, 200, `four levels are fine: ${shallow.body}`);
    });

    it('refuses sign-in from a foreign origin before the password is checked, and opens no session', async () => {
      for (const origin of foreignOrigins) {
        const response = await app.inject({ method: 'POST', url: '/api/session', headers: { origin }, payload: { userName: 'officer', password: signInPassword } });
        assert.equal(response.statusCode, 403, origin);
        assert.deepEqual(response.json(), { error: 'crossOrigin' }, origin);
        assert.equal(response.headers['set-cookie'], undefined, origin);
      }
    });
  });

  describe('changes: Origin and CSRF token', () => {
    const signOut = (headers: Record<string, string | string[]>) => app.inject({ method: 'DELETE', url: '/api/session', headers });

    it('refuses a change from a foreign origin, even with the right token, and the session stays', async () => {
      const officer = gate.sessionOf('officer');
      for (const origin of foreignOrigins) {
        const response = await signOut({ cookie: officer.cookie, 'x-csrf-token': officer.csrfToken, origin });
        assert.equal(response.statusCode, 403, origin);
        assert.deepEqual(response.json(), { error: 'crossOrigin' }, origin);
      }
      assert.equal(gate.alive(officer.id), true);
    });

    it('refuses a change with a missing, empty, shorter, longer or different token of the same length', async () => {
      const officer = gate.sessionOf('officer');
      const token = officer.csrfToken;
      const other = gate.sessionOf('officer').csrfToken;
      const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
      for (const given of [undefined, '', token.slice(0, -1), `${token}x`, flipped, other, token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase(), [token, token]]) {
        const headers: Record<string, string | string[]> = { cookie: officer.cookie, origin: 'http://localhost:80' };
        if (given !== undefined) headers['x-csrf-token'] = given;
        const response = await signOut(headers);
        assert.equal(response.statusCode, 403, JSON.stringify(given));
        assert.deepEqual(response.json(), { error: 'csrfTokenInvalid' }, JSON.stringify(given));
      }
      assert.equal(gate.alive(officer.id), true);
    });

    it('accepts the session token from the own origin or with no origin named', async () => {
      for (const origin of ['http://localhost:80', undefined]) {
        const officer = gate.sessionOf('officer');
        const response = await signOut({ cookie: officer.cookie, 'x-csrf-token': officer.csrfToken, ...(origin ? { origin } : {}) });
        assert.equal(response.statusCode, 204, response.body);
        assert.equal(gate.alive(officer.id), false);
      }
    });

    it('needs a session before anything else', async () => {
      const response = await signOut({ 'x-csrf-token': 'x', origin: 'http://evil.example' });
      assert.equal(response.statusCode, 401);
      assert.deepEqual(response.json(), { error: 'unauthenticated' });
    });
  });

  describe("each route's access", () => {
    it('asks the console permission of the administration routes: anyone else gets 403 naming it', async () => {
      for (const user of ['officer', 'tenantOfficer', 'guest'] as const) {
        const session = gate.sessionOf(user);
        const response = await app.inject({ method: 'GET', url: '/api/users', headers: { cookie: session.cookie } });
        assert.equal(response.statusCode, 403, user);
        assert.deepEqual(response.json(), { error: 'forbidden', missingRights: [], missingPermission: 'manageUsersAndRoles' }, user);
        // The plug-in's route that creates the MDR roles asks the same permission (hostRights in the manifest).
        const roles = await app.inject({
          method: 'POST',
          url: '/api/plugins/mdr/roles/predefined',
          headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
          payload: {},
        });
        assert.deepEqual([roles.statusCode, roles.json()], [403, { error: 'forbidden', missingRights: [], missingPermission: 'manageUsersAndRoles' }], user);
      }
      const administrator = gate.sessionOf('administrator');
      assert.equal((await app.inject({ method: 'GET', url: '/api/users', headers: { cookie: administrator.cookie } })).statusCode, 200);
    });

    it('reads (GET, HEAD) need no token; every other method on a signed-in route needs the own origin and the token', async () => {
      const administrator = gate.sessionOf('administrator');
      for (const method of ['GET', 'HEAD'] as const) {
        for (const url of ['/api/users', '/api/session']) {
          const response = await app.inject({ method, url, headers: { cookie: administrator.cookie, origin: 'http://evil.example' } });
          assert.equal(response.statusCode, 200, `${method} ${url}`);
        }
      }
      const changes = [
        { method: 'POST', url: '/api/users', payload: { userName: 'new-user', displayName: 'New', password: 'a-Password-123', roleIds: [] } },
        { method: 'PUT', url: '/api/session/preferences', payload: { showMdrFeatures: false } },
      ] as const;
      for (const change of changes) {
        const withoutToken = await app.inject({ ...change, headers: { cookie: administrator.cookie } });
        assert.equal(withoutToken.statusCode, 403, change.url);
        assert.deepEqual(withoutToken.json(), { error: 'csrfTokenInvalid' }, change.url);
        const foreign = await app.inject({ ...change, headers: { cookie: administrator.cookie, 'x-csrf-token': administrator.csrfToken, origin: 'http://evil.example' } });
        assert.deepEqual([foreign.statusCode, foreign.json()], [403, { error: 'crossOrigin' }], change.url);
      }
      assert.equal(gate.database.users.list().some((user) => user.userName === 'new-user'), false, 'nothing was created');
      const allowed = await app.inject({ ...changes[1], headers: { cookie: administrator.cookie, 'x-csrf-token': administrator.csrfToken } });
      assert.equal(allowed.statusCode, 200, allowed.body);
    });

    it('leaves a plug-in call to the gateway: an undeclared route is 404 before any token is asked for', async () => {
      const officer = gate.sessionOf('officer');
      for (const method of ['POST', 'DELETE'] as const) {
        const response = await app.inject({ method, url: '/api/plugins/mdr/not-declared', headers: { cookie: officer.cookie } });
        assert.deepEqual([response.statusCode, response.json()], [404, { error: 'notFound' }], method);
      }
    });

    it('refuses a sign-in without a user name or a password, naming the field, and opens no session', async () => {
      for (const [payload, field] of [
        [{ password: signInPassword }, 'userName'],
        [{ userName: '   ', password: signInPassword }, 'userName'],
        [{ userName: 'officer' }, 'password'],
        [{ userName: 'officer', password: '' }, 'password'],
      ] as const) {
        const response = await app.inject({ method: 'POST', url: '/api/session', payload });
        assert.equal(response.statusCode, 400, JSON.stringify(payload));
        assert.deepEqual(response.json(), { error: 'required', field }, JSON.stringify(payload));
        assert.equal(response.headers['set-cookie'], undefined);
      }
    });

    it('refuses to register a route that does not say who may call it, and closes one that escaped that check', async () => {
      const [{ default: Fastify }, { default: fastifyCookie }, { installRouteAccess }, { installErrorHandling }] = await Promise.all([
        import('fastify'),
        import('@fastify/cookie'),
        import('../../host-shim/server/http/access.ts'),
        import('../../host-shim/server/http/error-handler.ts'),
      ]);
      const temporary = temporaryDatabase();
      const probe = Fastify();
      const failures: string[] = [];
      try {
        await probe.register(fastifyCookie);
        probe.decorateRequest('session', null);
        probe.addHook('onError', async (_request, _reply, error) => void failures.push(error.message));
        probe.get('/early', async () => ({ reached: true }));
        installErrorHandling(probe);
        installRouteAccess(probe, new SessionStore(temporary.database, 30 * minute));
        assert.throws(() => probe.get('/late', async () => ({ reached: true })), /Console route GET \/late declares no access \(config\.access\) — refusing to register it/);
        const officer = gate.sessionOf('officer');
        const early = await probe.inject({ method: 'GET', url: '/early', headers: { cookie: officer.cookie } });
        assert.equal(early.statusCode, 500);
        assert.equal(early.body.includes('reached'), false);
        assert.deepEqual(failures, ['Console route GET /early declares no access']);
      } finally {
        await probe.close();
        temporary.remove();
      }
    });
  });

  describe('plug-in routes', () => {
    const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, session?: { cookie: string; csrfToken?: string }, headers: Record<string, string> = {}) =>
      app.inject({
        method,
        url,
        headers: { ...(session ? { cookie: session.cookie } : {}), ...(session?.csrfToken ? { 'x-csrf-token': session.csrfToken } : {}), ...headers },
        ...(method === 'GET' ? {} : { payload: {} }),
      });

    it('answers 401 without a session, declared route or not', async () => {
      for (const url of ['/api/plugins/mdr/connection', '/api/plugins/mdr/secrets', '/api/plugins/mdr/tenants/%2e%2e']) {
        const response = await call('GET', url);
        assert.equal(response.statusCode, 401, url);
        assert.deepEqual(response.json(), { error: 'unauthenticated' });
      }
    });

    it('answers 404 for an undeclared route and 405 naming the declared methods', async () => {
      const administrator = gate.sessionOf('administrator');
      const missing = await call('GET', '/api/plugins/mdr/secrets', administrator);
      assert.equal(missing.statusCode, 404);
      assert.deepEqual(missing.json(), { error: 'notFound' });
      const method = await call('DELETE', '/api/plugins/mdr/tenants/t-1', administrator);
      assert.equal(method.statusCode, 405);
      assert.equal(method.headers.allow, 'GET, PUT');
      assert.deepEqual(method.json(), { error: 'methodNotAllowed' });
    });

    it('answers 400 naming the parameter with an encoded slash or a dot segment', async () => {
      const administrator = gate.sessionOf('administrator');
      const slash = await call('GET', '/api/plugins/mdr/tenants/..%2Fconnection', administrator);
      assert.equal(slash.statusCode, 400);
      assert.deepEqual(slash.json(), { error: 'validation', field: 'tenantId', rule: 'encodedSeparator' });
      // Sent as raw bytes: a URL-parsing client would resolve the dot segment itself.
      const dots = await rawRequest(port, 'PUT', '/api/plugins/mdr/tenants/%2E%2E', {
        host: `localhost:${port}`,
        cookie: administrator.cookie,
        'x-csrf-token': administrator.csrfToken,
        'content-type': 'application/json',
      }, '{}');
      assert.equal(dots.status, 400);
      assert.deepEqual(JSON.parse(dots.body), { error: 'validation', field: 'tenantId', rule: 'dotSegment' });
    });

    it('matches the path without its query', async () => {
      const officer = gate.sessionOf('officer');
      const response = await call('GET', '/api/plugins/mdr/connection?x=/secrets', officer);
      assert.equal(response.statusCode, 200, response.body);
    });

    it('refuses a change without the CSRF token or from a foreign origin before the rights, and a read needs neither', async () => {
      const guest = gate.sessionOf('guest');
      const noToken = await call('POST', '/api/plugins/mdr/incidents/i-1/responses', { cookie: guest.cookie });
      assert.equal(noToken.statusCode, 403);
      assert.deepEqual(noToken.json(), { error: 'csrfTokenInvalid' });
      const foreign = await call('PUT', '/api/plugins/mdr/tenants/t-1', guest, { origin: 'http://evil.example' });
      assert.equal(foreign.statusCode, 403);
      assert.deepEqual(foreign.json(), { error: 'crossOrigin' });
      const read = await call('GET', '/api/plugins/mdr/tenants/t-1', { cookie: guest.cookie });
      assert.equal(read.statusCode, 403);
      assert.deepEqual(read.json(), { error: 'forbidden', missingRights: ['tenantManagement'] });
    });

    it('answers 403 naming every missing right in the order the manifest declares them', async () => {
      const guest = gate.sessionOf('guest');
      const none = await call('POST', '/api/plugins/mdr/incidents/i-1/responses', guest);
      assert.equal(none.statusCode, 403);
      assert.deepEqual(none.json(), { error: 'forbidden', missingRights: ['incidentAccess', 'responseManagement', 'tenantManagement'] });
      const officer = gate.sessionOf('officer');
      const some = await call('POST', '/api/plugins/mdr/incidents/i-1/responses', officer);
      assert.equal(some.statusCode, 403);
      assert.deepEqual(some.json(), { error: 'forbidden', missingRights: ['responseManagement', 'tenantManagement'] });
    });

    it('forwards a route whose rights the user holds to the MDR service', async () => {
      const administrator = gate.sessionOf('administrator');
      for (const [method, url] of [['GET', '/api/plugins/mdr/tenants/t-1'], ['POST', '/api/plugins/mdr/incidents/i-1/responses']] as const) {
        const response = await call(method, url, administrator);
        assert.equal(response.statusCode, 502, `${method} ${url}: ${response.body}`);
        assert.equal(response.json().error, 'serviceUnreachable');
      }
    });

    it('answers the console\'s own routes itself', async () => {
      const officer = gate.sessionOf('officer');
      const connection = await call('GET', '/api/plugins/mdr/connection', officer);
      assert.equal(connection.statusCode, 200);
      assert.equal(connection.json().restartNeeded, false);
      const roles = await call('GET', '/api/plugins/mdr/roles/predefined', officer);
      assert.equal(roles.statusCode, 200);
      assert.equal(roles.json().canManageRoles, false);
    });

    it('refuses a route of the console permission "manage users and roles" to a user without it, and changes nothing', async () => {
      const before = gate.database.roles.list().length;
      const tenantOfficer = gate.sessionOf('tenantOfficer');
      const refused = await call('POST', '/api/plugins/mdr/roles/predefined', tenantOfficer);
      assert.equal(refused.statusCode, 403);
      assert.deepEqual(refused.json(), { error: 'forbidden', missingRights: [], missingPermission: 'manageUsersAndRoles' });
      assert.equal(gate.database.roles.list().length, before);
      const administrator = gate.sessionOf('administrator');
      const created = await call('POST', '/api/plugins/mdr/roles/predefined', administrator);
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(gate.database.roles.list().length, before + 3);
    });
  });
});

describe('console gate: what it logs', () => {
  /** Runs `work` with standard output (where the server logs) captured, and returns the log lines written meanwhile. */
  async function logOf(work: () => Promise<void>): Promise<{ level: number; msg: string }[]> {
    const written: string[] = [];
    const { write, writeSync } = fs;
    const capture = (fd: number, data: unknown) => {
      if (fd !== 1) return false;
      written.push(String(data));
      return true;
    };
    // The logger writes to standard output through fs; kept here instead of reaching the test report.
    fs.write = ((fd: number, data: unknown, ...rest: unknown[]) => {
      if (!capture(fd, data)) return (write as (...args: unknown[]) => void)(fd, data, ...rest);
      const done = rest.at(-1) as (error: Error | null, bytes: number) => void;
      process.nextTick(done, null, Buffer.byteLength(String(data)));
    }) as typeof fs.write;
    fs.writeSync = ((fd: number, data: unknown, ...rest: unknown[]) =>
      capture(fd, data) ? Buffer.byteLength(String(data)) : (writeSync as (...args: unknown[]) => number)(fd, data, ...rest)) as typeof fs.writeSync;
    try {
      await work();
    } finally {
      fs.write = write;
      fs.writeSync = writeSync;
    }
    return written
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { level: number; msg: string });
  }

  it('warns at start about a KSC_ALLOWED_HOSTS entry that is not a host name, and not about a valid list', async () => {
    const warnings = (await logOf(async () => (await gateServer({ env: { KSC_ALLOWED_HOSTS: 'ok.example bad/name,x@y' }, logger: true })).close())).filter(
      (line) => line.level >= 40,
    );
    assert.deepEqual(
      warnings.map((line) => line.msg),
      ['KSC_ALLOWED_HOSTS: bad/name, x@y ignored (not a host name)'],
    );
    assert.deepEqual((await logOf(async () => (await gateServer({ env: { KSC_ALLOWED_HOSTS: 'ok.example' }, logger: true })).close())).filter((line) => line.level >= 40), []);
  });

  it('stops at the 401 of a plug-in route without a session: nothing runs on, nothing fails afterwards', async () => {
    const lines = await logOf(async () => {
      const gate = await gateServer({ logger: true });
      try {
        for (const method of ['GET', 'POST'] as const) {
          const response = await gate.app.inject({ method, url: '/api/plugins/mdr/roles/predefined', headers: { 'x-csrf-token': 'x' }, ...(method === 'POST' ? { payload: {} } : {}) });
          assert.equal(response.statusCode, 401);
        }
        // Anything the handler still did after its answer would be logged by now.
        await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        await gate.close();
      }
    });
    assert.deepEqual(lines.filter((line) => line.level >= 40), []);
    assert.equal(lines.filter((line) => line.msg === 'request completed').length, 2, 'the requests were logged');
  });
});

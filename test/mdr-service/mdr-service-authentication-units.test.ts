/**
 * How the MDR service authenticates its callers, module by module and without a listening service:
 * the console credential (console-credential.ts), the console API's credential and rights check
 * (http/console-auth.ts) and the REST API tokens of API connections (tokens.ts).
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import { ensureConsoleCredential, hashConsoleCredential, readConsoleCredential, verifyConsoleCredential } from '../../host-shim/mdr-service/console-credential.ts';
import type { MdrServiceContext } from '../../host-shim/mdr-service/context.ts';
import { openMdrDatabase, type ApiAccessLevel, type ApiConnection, type MdrDatabase } from '../../host-shim/mdr-service/db.ts';
import { MdrError } from '../../host-shim/mdr-service/errors.ts';
import { consoleCaller, CONSOLE_RIGHTS, installConsoleAuth, parseLanguage, parseRights } from '../../host-shim/mdr-service/http/console-auth.ts';
import { installErrorHandling } from '../../host-shim/mdr-service/http/error-handler.ts';
import {
  ACCESS_TOKEN_TTL_MS,
  connectionScope,
  hashToken,
  REFRESH_TOKEN_FROM_CONSOLE_TTL_MS,
  REFRESH_TOKEN_TTL_MS,
  TokenService,
} from '../../host-shim/mdr-service/tokens.ts';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mdr-auth-units-'));
}

function modeOf(file: string): number {
  return fs.statSync(file).mode & 0o777;
}

/** Asserts that `promise` rejects with the service error `status`/`code`/`message`. */
async function assertRejects(promise: Promise<unknown>, status: number, code: string, message?: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof MdrError, `not a service error: ${String(error)}`);
    assert.equal(error.statusCode, status);
    assert.equal(error.code, code);
    if (message !== undefined) assert.equal(error.message, message);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// console-credential.ts
// ---------------------------------------------------------------------------------------------

describe('console credential: created once, stored as a hash and encrypted, checked in constant time', () => {
  const dirs: string[] = [];
  const newDir = () => {
    const dir = tempDir();
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('hashes a credential with SHA-256, lower-case hex', () => {
    assert.equal(hashConsoleCredential('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(hashConsoleCredential('Jörg'), crypto.createHash('sha256').update('Jörg', 'utf8').digest('hex'));
  });

  it('creates the credential on first call: three files of mode 0600, the hash of a random mdrc_ credential, and no lock left behind', () => {
    const dir = newDir();
    const info = ensureConsoleCredential(dir);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['console-credential.enc', 'console-credential.key', 'console-credential.sha256']);
    for (const file of fs.readdirSync(dir)) assert.equal(modeOf(path.join(dir, file)), 0o600, file);
    assert.match(info.hashHex, /^[0-9a-f]{64}$/);
    assert.equal(fs.readFileSync(path.join(dir, 'console-credential.sha256'), 'utf8'), `${info.hashHex}\n`);
    const credential = readConsoleCredential(dir);
    // 256 random bits, base64url without padding.
    assert.match(credential, /^mdrc_[A-Za-z0-9_-]{43}$/);
    assert.equal(hashConsoleCredential(credential), info.hashHex);
    assert.equal(Buffer.from(fs.readFileSync(path.join(dir, 'console-credential.key'), 'utf8'), 'base64').length, 32);
    assert.equal(readConsoleCredential(newDir()) === credential, false, 'another folder gets another credential');
  });

  it('keeps the plaintext only encrypted (AES-256-GCM, 96-bit IV, bound to its purpose), under the separate key file', () => {
    const dir = newDir();
    const credential = readConsoleCredential(dir);
    const encryptedText = fs.readFileSync(path.join(dir, 'console-credential.enc'), 'utf8');
    assert.equal(encryptedText.includes(credential), false);
    assert.equal(encryptedText.includes(credential.slice(5)), false);
    const file = JSON.parse(encryptedText) as { version: number; iv: string; tag: string; ciphertext: string };
    assert.deepEqual(Object.keys(file).sort(), ['ciphertext', 'iv', 'tag', 'version']);
    assert.equal(file.version, 1);
    assert.equal(Buffer.from(file.iv, 'base64').length, 12);
    assert.equal(Buffer.from(file.tag, 'base64').length, 16);
    const key = Buffer.from(fs.readFileSync(path.join(dir, 'console-credential.key'), 'utf8').trim(), 'base64');
    const decrypt = (aad: string) => {
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64'));
      decipher.setAAD(Buffer.from(aad));
      decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(file.ciphertext, 'base64')), decipher.final()]).toString('utf8');
    };
    assert.equal(decrypt('mdr-console-credential/v1'), credential);
    // The same ciphertext presented for another purpose does not decrypt.
    assert.throws(() => decrypt('mdr-something-else/v1'));
    assert.throws(() => decrypt(''));
  });

  it('refuses an encrypted file that was tampered with, or one read with another key', () => {
    const dir = newDir();
    readConsoleCredential(dir);
    const encryptedPath = path.join(dir, 'console-credential.enc');
    const original = fs.readFileSync(encryptedPath, 'utf8');
    const file = JSON.parse(original) as { ciphertext: string; tag: string };
    const flipped = Buffer.from(file.ciphertext, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    fs.writeFileSync(encryptedPath, JSON.stringify({ ...file, ciphertext: flipped.toString('base64') }));
    assert.throws(() => readConsoleCredential(dir));
    const tag = Buffer.from(file.tag, 'base64');
    tag[0] = tag[0]! ^ 1;
    fs.writeFileSync(encryptedPath, JSON.stringify({ ...file, tag: tag.toString('base64') }));
    assert.throws(() => readConsoleCredential(dir));
    fs.writeFileSync(encryptedPath, original);
    fs.writeFileSync(path.join(dir, 'console-credential.key'), crypto.randomBytes(32).toString('base64'));
    assert.throws(() => readConsoleCredential(dir));
  });

  it('is idempotent: later calls return the same hash (exactly the 64 hex digits) and leave the files alone', () => {
    const dir = newDir();
    const first = ensureConsoleCredential(dir);
    const credential = readConsoleCredential(dir);
    const before = fs.readdirSync(dir).map((name) => fs.readFileSync(path.join(dir, name), 'utf8'));
    const second = ensureConsoleCredential(dir);
    assert.deepEqual(second, { hashHex: first.hashHex });
    assert.equal(readConsoleCredential(dir), credential);
    assert.deepEqual(
      fs.readdirSync(dir).map((name) => fs.readFileSync(path.join(dir, name), 'utf8')),
      before,
    );
  });

  it('reading the credential first creates it, and the service started later finds the same one', () => {
    const dir = newDir();
    const credential = readConsoleCredential(dir);
    assert.equal(ensureConsoleCredential(dir).hashHex, hashConsoleCredential(credential));
  });

  for (const lost of ['console-credential.enc', 'console-credential.key', 'console-credential.sha256']) {
    it(`starts over when ${lost} is missing (a partial set is useless)`, () => {
      const dir = newDir();
      const oldCredential = readConsoleCredential(dir);
      const oldHash = ensureConsoleCredential(dir).hashHex;
      fs.rmSync(path.join(dir, lost));
      const info = ensureConsoleCredential(dir);
      assert.notEqual(info.hashHex, oldHash);
      const credential = readConsoleCredential(dir);
      assert.notEqual(credential, oldCredential);
      assert.equal(hashConsoleCredential(credential), info.hashHex);
      assert.equal(fs.readFileSync(path.join(dir, 'console-credential.sha256'), 'utf8'), `${info.hashHex}\n`);
    });
  }

  it('takes over the lock a crashed start left behind', () => {
    const dir = newDir();
    const lock = path.join(dir, '.console-credential.lock');
    fs.writeFileSync(lock, String(process.pid));
    // Older than the lock's stale limit (30 s).
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, past, past);
    const started = Date.now();
    const result = ensureConsoleCredential(dir);
    assert.ok(Date.now() - started < 5_000);
    assert.equal(result.hashHex, hashConsoleCredential(readConsoleCredential(dir)));
    assert.equal(fs.existsSync(lock), false);
  });

  describe('verifyConsoleCredential', () => {
    const good = 'mdrc_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';
    const info = { hashHex: hashConsoleCredential(good) };

    it('accepts exactly the credential whose hash is stored', () => {
      assert.equal(verifyConsoleCredential(good, info), true);
    });

    it('refuses a credential of the same length with one character changed, a shorter or longer one, and the empty string', () => {
      assert.equal(verifyConsoleCredential(`${good.slice(0, -1)}H`, info), false);
      assert.equal(verifyConsoleCredential(`X${good.slice(1)}`, info), false);
      assert.equal(verifyConsoleCredential(good.slice(0, -1), info), false);
      assert.equal(verifyConsoleCredential(`${good}A`, info), false);
      assert.equal(verifyConsoleCredential('', info), false);
      assert.equal(verifyConsoleCredential(good.toUpperCase(), info), false);
    });

    it('refuses the stored hash presented as the credential', () => {
      assert.equal(verifyConsoleCredential(info.hashHex, info), false);
    });

    it('refuses (without throwing) when the stored hash is damaged or empty', () => {
      assert.equal(verifyConsoleCredential(good, { hashHex: info.hashHex.slice(0, 62) }), false);
      assert.equal(verifyConsoleCredential(good, { hashHex: `${info.hashHex}00` }), false);
      assert.equal(verifyConsoleCredential(good, { hashHex: '' }), false);
      assert.equal(verifyConsoleCredential('', { hashHex: '' }), false);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// http/console-auth.ts
// ---------------------------------------------------------------------------------------------

describe('parseRights: X-MDR-Rights, unknown ids ignored, never granted', () => {
  it('knows exactly the seven console rights of section 3', () => {
    assert.deepEqual(
      [...CONSOLE_RIGHTS],
      ['applicationIntegration', 'incidentAccess', 'autoAcceptSettings', 'responseManagement', 'tenantManagement', 'incidentSummaryScheduling', 'restApiAccess'],
    );
  });

  it('reads a comma-separated list, trimming spaces', () => {
    assert.deepEqual([...parseRights('incidentAccess, tenantManagement ,restApiAccess')], ['incidentAccess', 'tenantManagement', 'restApiAccess']);
    assert.deepEqual([...parseRights(CONSOLE_RIGHTS.join(','))], [...CONSOLE_RIGHTS]);
  });

  it('grants nothing for a missing or empty header', () => {
    assert.equal(parseRights(undefined).size, 0);
    assert.equal(parseRights('').size, 0);
    assert.equal(parseRights(' , ,').size, 0);
  });

  it('ignores unknown ids, other spellings and ids run together', () => {
    assert.deepEqual([...parseRights('admin,IncidentAccess,incidentaccess,incidentAccess;tenantManagement,*,responseManagement')], ['responseManagement']);
    assert.deepEqual([...parseRights('toString,constructor,__proto__,hasOwnProperty')], []);
  });

  it('joins a repeated header', () => {
    assert.deepEqual([...parseRights(['incidentAccess', 'tenantManagement,bogus'])], ['incidentAccess', 'tenantManagement']);
  });
});

describe('parseLanguage: the preferred primary language of Accept-Language', () => {
  const cases: [string | undefined, string][] = [
    [undefined, 'en'],
    ['', 'en'],
    ['ru', 'ru'],
    ['en-US', 'en'],
    ['de-DE,de;q=0.9,en;q=0.8', 'de'],
    ['RU-ru', 'ru'],
    ['zh-Hant-TW', 'zh'],
    ['fil', 'fil'],
    ['  fr-CA  ;  q=0.5 , it;q=0.4', 'fr'],
    ['en;q=0.2, fr;q=0.9, de;q=0.5', 'fr'],
    ['en;q=0.2,fr;q=1', 'fr'],
    ['en; q=0.2, fr; q=0.9', 'fr'],
    ['de, fr', 'de'],
    ['fr;level=1;q=0.3, es;q=0.2', 'fr'],
    ['fr;level=1, es;q=0.9', 'fr'],
    ['*', 'en'],
    ['*, ru;q=0.5', 'ru'],
    ['ru;q=0', 'en'],
    ['ru;q=0, de;q=0.1', 'de'],
    ['english, ru;q=0.1', 'ru'],
    ['e, it;q=0.1', 'it'],
    ['1x, es;q=0.1', 'es'],
    ['x-klingon, es;q=0.1', 'es'],
    ['en_US, es;q=0.1', 'es'],
    ['deutsch-DE, es;q=0.1', 'es'],
  ];
  for (const [header, expected] of cases) {
    it(`${JSON.stringify(header)} → ${expected}`, () => {
      assert.equal(parseLanguage(header), expected);
    });
  }
});

interface CallerJson {
  userId: string | null;
  userName: string | null;
  rights: string[];
  language: string;
  scope: string[] | null;
}

const CONSOLE_CREDENTIAL = 'mdrc_console-credential-for-unit-tests-0123456';

/** A console API scope with installConsoleAuth, as routes/console/index.ts builds it, without HTTPS. */
async function consoleApp(consoleTenantScope: string[] | null | 'no organization' = null): Promise<FastifyInstance> {
  const app = Fastify();
  const organization = consoleTenantScope === 'no organization' ? null : { consoleTenantScope };
  app.decorate('mdr', { consoleCredential: { hashHex: hashConsoleCredential(CONSOLE_CREDENTIAL) }, db: { organization: { get: () => organization } } } as unknown as MdrServiceContext);
  app.decorateRequest('consoleCaller', null);
  installErrorHandling(app);
  const answer = (request: Parameters<typeof consoleCaller>[0]): CallerJson => {
    const caller = consoleCaller(request);
    return { ...caller, rights: [...caller.rights], scope: caller.scope === null ? null : [...caller.scope] };
  };
  await app.register(
    async (scope) => {
      installConsoleAuth(scope);
      scope.get('/health', { config: { public: true } }, async () => ({ ok: true }));
      scope.get('/health/caller', { config: { public: true } }, async (request) => answer(request));
      scope.get('/caller', { config: { rights: [] } }, async (request) => answer(request));
      scope.post('/tenants', { config: { rights: ['tenantManagement', 'incidentAccess'] } }, async (request) => answer(request));
    },
    { prefix: '/console/v1' },
  );
  await app.ready();
  return app;
}

describe('installConsoleAuth: the console credential, then the declared rights', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await consoleApp(['tenant-1', 'root']);
  });
  after(async () => {
    await app.close();
  });

  const call = (method: 'GET' | 'POST', url: string, headers: Record<string, string | undefined> = {}) =>
    app.inject({ method, url, headers: Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined)) as Record<string, string> });
  const credential = { authorization: `Bearer ${CONSOLE_CREDENTIAL}` };

  it('lets a public route through without any credential, and such a route has no console caller', async () => {
    const health = await call('GET', '/console/v1/health');
    assert.equal(health.statusCode, 200);
    assert.deepEqual(health.json(), { ok: true });
    const caller = await call('GET', '/console/v1/health/caller', credential);
    assert.equal(caller.statusCode, 401);
    assert.deepEqual(caller.json(), { error: 'unauthorized', message: 'Authentication required' });
  });

  const wrong: Record<string, string | undefined> = {
    'no Authorization header': undefined,
    'an empty bearer': 'Bearer ',
    'the scheme alone': 'Bearer',
    'another scheme': `Basic ${CONSOLE_CREDENTIAL}`,
    'text before the scheme': `xBearer ${CONSOLE_CREDENTIAL}`,
    'the credential without a scheme': CONSOLE_CREDENTIAL,
    'one character changed, same length': `Bearer ${CONSOLE_CREDENTIAL.slice(0, -1)}7`,
    'one character short': `Bearer ${CONSOLE_CREDENTIAL.slice(0, -1)}`,
    'one character more': `Bearer ${CONSOLE_CREDENTIAL}7`,
    'two tokens': `Bearer ${CONSOLE_CREDENTIAL} ${CONSOLE_CREDENTIAL}`,
    'the credential split by a space': `Bearer ${CONSOLE_CREDENTIAL.slice(0, 10)} ${CONSOLE_CREDENTIAL.slice(10)}`,
    'the hash of the credential': `Bearer ${hashConsoleCredential(CONSOLE_CREDENTIAL)}`,
  };
  for (const [what, authorization] of Object.entries(wrong)) {
    it(`answers 401 unauthorized for ${what}, even with every right`, async () => {
      for (const [method, url] of [
        ['GET', '/console/v1/caller'],
        ['POST', '/console/v1/tenants'],
      ] as const) {
        const response = await call(method, url, { authorization, 'x-mdr-rights': CONSOLE_RIGHTS.join(','), 'x-mdr-user': 'u1' });
        assert.equal(response.statusCode, 401, `${method} ${url}`);
        assert.deepEqual(response.json(), { error: 'unauthorized', message: 'A valid console credential is required' });
      }
    });
  }

  it('accepts the scheme in any case and spaces around the credential', async () => {
    for (const authorization of [`bearer ${CONSOLE_CREDENTIAL}`, `BEARER ${CONSOLE_CREDENTIAL}`, `Bearer    ${CONSOLE_CREDENTIAL}  `, `Bearer\t${CONSOLE_CREDENTIAL}`]) {
      const response = await call('GET', '/console/v1/caller', { authorization });
      assert.equal(response.statusCode, 200, JSON.stringify(authorization));
    }
  });

  it('answers 403 with exactly the missing rights, in the route’s order', async () => {
    const none = await call('POST', '/console/v1/tenants', credential);
    assert.equal(none.statusCode, 403);
    assert.deepEqual(none.json(), { error: 'forbidden', message: 'Missing rights', missingRights: ['tenantManagement', 'incidentAccess'] });
    const one = await call('POST', '/console/v1/tenants', { ...credential, 'x-mdr-rights': 'incidentAccess,responseManagement' });
    assert.equal(one.statusCode, 403);
    assert.deepEqual(one.json(), { error: 'forbidden', message: 'Missing rights', missingRights: ['tenantManagement'] });
  });

  it('does not take an unknown or misspelt right id for the right', async () => {
    const response = await call('POST', '/console/v1/tenants', { ...credential, 'x-mdr-rights': 'incidentAccess,TenantManagement,tenantManagement2,tenant Management' });
    assert.equal(response.statusCode, 403);
    assert.deepEqual(response.json().missingRights, ['tenantManagement']);
  });

  it('lets a caller with the rights through and puts the caller on the request', async () => {
    const response = await call('POST', '/console/v1/tenants', {
      ...credential,
      'x-mdr-rights': 'tenantManagement, incidentAccess,bogus',
      'x-mdr-user': 'user-17',
      'x-mdr-user-name': encodeURIComponent('Jörg Müller, SOC'),
      'accept-language': 'ru-RU,en;q=0.5',
    });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { userId: 'user-17', userName: 'Jörg Müller, SOC', rights: ['tenantManagement', 'incidentAccess'], language: 'ru', scope: ['tenant-1', 'root'] });
  });

  it('a route declaring no rights needs only the credential; no user headers give a server-to-server caller', async () => {
    const response = await call('GET', '/console/v1/caller', credential);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { userId: null, userName: null, rights: [], language: 'en', scope: ['tenant-1', 'root'] });
  });

  it('takes an empty user header as no user, and keeps a user name that is not valid URI encoding as sent', async () => {
    const response = await call('GET', '/console/v1/caller', { ...credential, 'x-mdr-user': '', 'x-mdr-user-name': 'Ann %E0%A4%A 100%' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().userId, null);
    assert.equal(response.json().userName, 'Ann %E0%A4%A 100%');
    const empty = await call('GET', '/console/v1/caller', { ...credential, 'x-mdr-user-name': '' });
    assert.equal(empty.json().userName, null);
  });

  it('gives the organization’s console tenant scope, or none when not limited or not set up', async () => {
    for (const [scope, expected] of [
      [null, null],
      ['no organization', null],
    ] as const) {
      const other = await consoleApp(scope);
      try {
        const response = await other.inject({ method: 'GET', url: '/console/v1/caller', headers: credential });
        assert.equal(response.statusCode, 200);
        assert.equal(response.json().scope, expected);
      } finally {
        await other.close();
      }
    }
  });

  it('keeps a route registered in the scope before the check closed: 500, never the route’s answer, and the reason logged', async () => {
    const early = Fastify();
    const logged: string[] = [];
    early.decorate('mdr', { consoleCredential: { hashHex: hashConsoleCredential(CONSOLE_CREDENTIAL) }, db: { organization: { get: () => null } } } as unknown as MdrServiceContext);
    early.decorateRequest('consoleCaller', null);
    installErrorHandling(early);
    early.addHook('onError', async (_request, _reply, error) => {
      logged.push(error.message);
    });
    let reached = false;
    await early.register(
      async (scope) => {
        scope.get('/too-early', async () => {
          reached = true;
          return { reached };
        });
        installConsoleAuth(scope);
      },
      { prefix: '/console/v1' },
    );
    try {
      const response = await early.inject({ method: 'GET', url: '/console/v1/too-early', headers: { authorization: `Bearer ${CONSOLE_CREDENTIAL}`, 'x-mdr-rights': CONSOLE_RIGHTS.join(',') } });
      assert.equal(response.statusCode, 500);
      assert.deepEqual(response.json(), { error: 'internal', message: 'Internal error' });
      assert.equal(reached, false);
      assert.deepEqual(logged, ['Console route GET /console/v1/too-early declares no rights']);
      // Without the credential it is 401 like every other route.
      assert.equal((await early.inject({ method: 'GET', url: '/console/v1/too-early' })).statusCode, 401);
    } finally {
      await early.close();
    }
  });

  it('refuses at start-up a route that declares neither rights nor public', async () => {
    for (const config of [undefined, {}, { public: false }, { rights: 'tenantManagement' }, { rights: null }]) {
      const bad = Fastify();
      bad.decorate('mdr', {} as MdrServiceContext);
      await assert.rejects(
        async () => {
          await bad.register(async (scope) => {
            installConsoleAuth(scope);
            scope.get('/forgotten', config === undefined ? {} : { config: config as never }, async () => ({ reached: true }));
          });
          await bad.ready();
        },
        (error: Error) => {
          assert.equal(error.message, 'Console route GET /forgotten declares no rights (config.rights) — refusing to register it');
          return true;
        },
        JSON.stringify(config),
      );
      await bad.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// tokens.ts
// ---------------------------------------------------------------------------------------------

describe('connectionScope and hashToken', () => {
  it('a connection without tenants is not limited; otherwise exactly its tenants', () => {
    assert.equal(connectionScope({ tenantIds: [] }), null);
    assert.deepEqual(connectionScope({ tenantIds: ['t1'] }), ['t1']);
    assert.deepEqual(connectionScope({ tenantIds: ['root', 't2'] }), ['root', 't2']);
  });

  it('stores a token as its SHA-256, lower-case hex', () => {
    assert.equal(hashToken('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

/**
 * Help topic *Scenario: performing token-based authorization*: a refresh token from the console is
 * valid 24 hours and usable once; an access token is valid 1 hour; each exchange returns a new
 * refresh token valid 7 days.
 */
describe('REST API tokens (help: Scenario: performing token-based authorization)', () => {
  const START = Date.UTC(2024, 2, 4, 9, 30, 0) + 250;
  let dir: string;
  let db: MdrDatabase;
  let tokens: TokenService;
  let now: number;
  let serial = 0;

  // One database and key pair for all: every test makes connections of its own.
  before(async () => {
    dir = tempDir();
    db = openMdrDatabase({ dir });
    tokens = await TokenService.create(db, dir, () => now);
  });
  beforeEach(() => {
    now = START;
  });
  after(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function connection(options: { tenantIds?: string[]; accessLevel?: ApiAccessLevel; createdBy?: string | null; limitedByCreator?: boolean } = {}): ApiConnection {
    serial++;
    return db.apiConnections.insert({
      id: `connection-${serial}`,
      clientId: crypto.randomBytes(14).toString('hex'),
      name: `Connection ${serial}`,
      accessLevel: options.accessLevel ?? 'incident',
      tenantIds: options.tenantIds ?? [],
      created: now,
      createdBy: options.createdBy ?? null,
      limitedByCreator: options.limitedByCreator,
    });
  }

  async function activated(options: Parameters<typeof connection>[0] = {}) {
    const made = connection(options);
    const issued = await tokens.issueConsoleRefreshToken(made.id);
    const pair = await tokens.exchange(made.clientId, issued.refreshToken);
    return { made, issued, pair };
  }

  /** A token signed with this service's own key, with any claims (what a forger with the key could make). */
  async function forge(claims: JWTPayload, options: { iss?: string; aud?: string; sub?: string; exp?: number; alg?: string } = {}): Promise<string> {
    const keys = JSON.parse(fs.readFileSync(path.join(dir, 'jwt-keys.json'), 'utf8')) as { kid: string; privateJwk: JWK };
    const key = await importJWK(keys.privateJwk, 'ES256');
    let jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: options.alg ?? 'ES256', kid: keys.kid, typ: 'JWT' })
      .setIssuer(options.iss ?? 'mdr-local-service')
      .setAudience(options.aud ?? 'mdr-rest-api-v1')
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(options.exp ?? Math.floor(now / 1000) + 3600);
    if (options.sub !== undefined) jwt = jwt.setSubject(options.sub);
    return jwt.sign(key);
  }

  it('has the lifetimes of the help: 24 h from the console, 7 days from an exchange, 1 h for access', () => {
    assert.equal(REFRESH_TOKEN_FROM_CONSOLE_TTL_MS, 86_400_000);
    assert.equal(REFRESH_TOKEN_TTL_MS, 604_800_000);
    assert.equal(ACCESS_TOKEN_TTL_MS, 3_600_000);
  });

  it('creates the ES256 signing keys once, mode 0600, and a restarted service still accepts its tokens', async () => {
    const file = path.join(dir, 'jwt-keys.json');
    assert.equal(modeOf(file), 0o600);
    const keys = JSON.parse(fs.readFileSync(file, 'utf8')) as { kid: string; alg: string; privateJwk: JWK; publicJwk: JWK; created: string };
    assert.match(keys.kid, /^[0-9a-f]{16}$/);
    assert.equal(keys.alg, 'ES256');
    assert.equal(keys.privateJwk.crv, 'P-256');
    assert.equal(typeof keys.privateJwk.d, 'string');
    assert.equal(keys.publicJwk.d, undefined);
    assert.ok(Math.abs(Date.parse(keys.created) - Date.now()) < 60_000);
    const text = fs.readFileSync(file, 'utf8');
    const { made, pair } = await activated();
    const restarted = await TokenService.create(db, dir, () => now);
    assert.equal(fs.readFileSync(file, 'utf8'), text, 'the keys are not replaced');
    const caller = await restarted.authenticate(made.clientId, pair.access_token);
    assert.equal(caller.connection.id, made.id);
    const next = await restarted.exchange(made.clientId, pair.refresh_token);
    assert.equal(decodeProtectedHeader(next.access_token).kid, keys.kid);
  });

  it('refuses a token signed with another key (another service’s), even when everything else matches', async () => {
    const otherDir = tempDir();
    const otherDb = openMdrDatabase({ dir: otherDir });
    try {
      const other = await TokenService.create(otherDb, otherDir, () => now);
      const made = connection();
      otherDb.apiConnections.insert({ id: made.id, clientId: made.clientId, name: made.name, accessLevel: 'incident', tenantIds: [], created: now, createdBy: null });
      const foreign = await other.issueConsoleRefreshToken(made.id);
      // This service records the foreign token's chain and hash: only the signing key differs.
      db.apiConnections.startChain(made.id, { hash: hashToken(foreign.refreshToken), expires: now + DAY, chainId: decodeJwt(foreign.refreshToken).chn as string });
      await assertRejects(tokens.exchange(made.clientId, foreign.refreshToken), 401, 'invalidToken', 'The token is not valid');
      const otherPair = await other.exchange(made.clientId, foreign.refreshToken);
      await assertRejects(tokens.authenticate(made.clientId, otherPair.access_token), 401, 'invalidToken', 'The token is not valid');
      const stored = db.apiConnections.require(made.id);
      assert.equal(stored.status, 'pendingActivation');
      assert.equal(stored.refreshTokenHash, hashToken(foreign.refreshToken));
    } finally {
      otherDb.close();
      fs.rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('issues the console refresh token: 24 h, a new chain, only its hash stored, the connection pending', async () => {
    const made = connection();
    const issued = await tokens.issueConsoleRefreshToken(made.id);
    assert.equal(issued.clientId, made.clientId);
    assert.equal(issued.expiresAt, START + DAY);
    const header = decodeProtectedHeader(issued.refreshToken);
    const keys = JSON.parse(fs.readFileSync(path.join(dir, 'jwt-keys.json'), 'utf8')) as { kid: string };
    assert.deepEqual(header, { alg: 'ES256', kid: keys.kid, typ: 'JWT' });
    const payload = decodeJwt(issued.refreshToken);
    assert.deepEqual(Object.keys(payload).sort(), ['aud', 'chn', 'cid', 'exp', 'iat', 'iss', 'jti', 'sub', 'typ']);
    assert.equal(payload.typ, 'refresh');
    assert.equal(payload.cid, made.id);
    assert.match(payload.chn as string, /^[0-9a-f-]{36}$/);
    assert.equal(payload.sub, made.clientId);
    assert.equal(payload.iss, 'mdr-local-service');
    assert.equal(payload.aud, 'mdr-rest-api-v1');
    assert.match(payload.jti!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(payload.iat, Math.floor(START / 1000));
    assert.equal(payload.exp, Math.floor((START + DAY) / 1000));
    const stored = db.apiConnections.require(made.id);
    assert.equal(stored.refreshTokenHash, hashToken(issued.refreshToken));
    assert.equal(stored.refreshTokenExpires, START + DAY);
    assert.equal(stored.tokenChainId, payload.chn);
    assert.equal(stored.status, 'pendingActivation');
    // Each issue is a new token of a new chain.
    const again = await tokens.issueConsoleRefreshToken(made.id);
    assert.notEqual(decodeJwt(again.refreshToken).chn, payload.chn);
    assert.notEqual(decodeJwt(again.refreshToken).jti, payload.jti);
  });

  it('refuses to issue a token for a connection that does not exist', async () => {
    await assertRejects(tokens.issueConsoleRefreshToken('no-such-connection'), 404, 'notFound');
  });

  it('exchanges the refresh token for a 1 h access token and a 7-day refresh token of the same chain; the connection becomes active', async () => {
    const made = connection({ tenantIds: ['t1', 'root'] });
    const issued = await tokens.issueConsoleRefreshToken(made.id);
    now = START + 5 * 60_000;
    const pair = await tokens.exchange(made.clientId, issued.refreshToken);
    assert.deepEqual(Object.keys(pair).sort(), ['access_token', 'refresh_token']);
    const chain = decodeJwt(issued.refreshToken).chn;
    const access = decodeJwt(pair.access_token);
    const refresh = decodeJwt(pair.refresh_token);
    assert.deepEqual(
      { typ: access.typ, cid: access.cid, chn: access.chn, sub: access.sub, iss: access.iss, aud: access.aud, iat: access.iat, exp: access.exp },
      { typ: 'access', cid: made.id, chn: chain, sub: made.clientId, iss: 'mdr-local-service', aud: 'mdr-rest-api-v1', iat: Math.floor(now / 1000), exp: Math.floor((now + HOUR) / 1000) },
    );
    assert.deepEqual(
      { typ: refresh.typ, cid: refresh.cid, chn: refresh.chn, sub: refresh.sub, exp: refresh.exp },
      { typ: 'refresh', cid: made.id, chn: chain, sub: made.clientId, exp: Math.floor((now + 7 * DAY) / 1000) },
    );
    const stored = db.apiConnections.require(made.id);
    assert.equal(stored.status, 'active');
    assert.equal(stored.refreshTokenHash, hashToken(pair.refresh_token));
    assert.equal(stored.refreshTokenExpires, now + 7 * DAY);
    assert.equal(stored.lastUsed, now);
    assert.equal(stored.tokenChainId, chain);
    const caller = await tokens.authenticate(made.clientId, pair.access_token);
    assert.equal(caller.connection.id, made.id);
    assert.deepEqual(caller.scope, ['t1', 'root']);
    // The next exchange uses the API-generated refresh token.
    const next = await tokens.exchange(made.clientId, pair.refresh_token);
    assert.equal(decodeJwt(next.refresh_token).chn, chain);
  });

  it('a refresh token from the console works until 24 h after it was issued, then is refused as expired', async () => {
    const made = connection();
    const issued = await tokens.issueConsoleRefreshToken(made.id);
    now = START + DAY + 1000;
    await assertRejects(tokens.exchange(made.clientId, issued.refreshToken), 401, 'tokenExpired', 'The token has expired');
    assert.equal(db.apiConnections.require(made.id).refreshTokenHash, hashToken(issued.refreshToken), 'an expired token uses nothing up');
    now = START + DAY - 1000;
    await tokens.exchange(made.clientId, issued.refreshToken);
  });

  it('an API-generated refresh token works for 7 days, not longer', async () => {
    const { made, pair } = await activated();
    now = START + 7 * DAY + 1000;
    await assertRejects(tokens.exchange(made.clientId, pair.refresh_token), 401, 'tokenExpired', 'The token has expired');
    now = START + 7 * DAY - 1000;
    await tokens.exchange(made.clientId, pair.refresh_token);
  });

  it('an access token works, many times, for 1 hour and is then refused as expired', async () => {
    const { made, pair } = await activated();
    now = START + HOUR - 1000;
    await tokens.authenticate(made.clientId, pair.access_token);
    await tokens.authenticate(made.clientId, pair.access_token);
    now = START + HOUR + 1000;
    await assertRejects(tokens.authenticate(made.clientId, pair.access_token), 401, 'tokenExpired', 'The token has expired');
  });

  it('checks expiry against the service clock, not the wall clock', async () => {
    // Issued at the service's time (2024): long expired by the wall clock, valid by the service's.
    const { made, pair } = await activated();
    await tokens.authenticate(made.clientId, pair.access_token);
    // A service clock past the expiry refuses it although the wall clock would not (issued in the future).
    now = Date.now() + 10 * 365 * DAY;
    const later = await activated();
    now += 2 * HOUR;
    await assertRejects(tokens.authenticate(later.made.clientId, later.pair.access_token), 401, 'tokenExpired');
  });

  it('a refresh token used twice is refused and revokes the whole chain (help: You can use a refresh token only once)', async () => {
    const { made, issued, pair } = await activated();
    await assertRejects(tokens.exchange(made.clientId, issued.refreshToken), 401, 'refreshTokenReused', 'The refresh token was already used; the connection has been revoked');
    const revoked = db.apiConnections.require(made.id);
    assert.equal(revoked.status, 'revoked');
    assert.equal(revoked.tokenChainId, null);
    assert.equal(revoked.refreshTokenHash, null);
    // Every token of the chain stops working at once: the newer refresh token and the access token.
    await assertRejects(tokens.exchange(made.clientId, pair.refresh_token), 401, 'connectionRevoked', 'The connection is revoked');
    await assertRejects(tokens.authenticate(made.clientId, pair.access_token), 401, 'connectionRevoked', 'The connection is revoked or its tokens were replaced');
  });

  it('of two concurrent exchanges of one token only one wins; the loser revokes the chain', async () => {
    const made = connection();
    const issued = await tokens.issueConsoleRefreshToken(made.id);
    // The other exchange of the same token commits between this one's checks and its write.
    const repository = db.apiConnections;
    const rotate = repository.rotateRefreshToken.bind(repository);
    let racedPair: string | undefined;
    repository.rotateRefreshToken = (id, presentedHash, next, at) => {
      repository.rotateRefreshToken = rotate;
      racedPair = 'the other exchange';
      assert.equal(rotate(id, presentedHash, { hash: hashToken('the other exchange’s refresh token'), expires: now + 7 * DAY }, at), true);
      return rotate(id, presentedHash, next, at);
    };
    await assertRejects(tokens.exchange(made.clientId, issued.refreshToken), 401, 'refreshTokenReused');
    assert.equal(racedPair, 'the other exchange');
    assert.equal(db.apiConnections.require(made.id).status, 'revoked');
  });

  it('both of two truly concurrent exchanges of one token never succeed', async () => {
    const made = connection();
    const issued = await tokens.issueConsoleRefreshToken(made.id);
    const results = await Promise.allSettled([tokens.exchange(made.clientId, issued.refreshToken), tokens.exchange(made.clientId, issued.refreshToken)]);
    assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1);
    const failure = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    assert.equal((failure.reason as MdrError).code, 'refreshTokenReused');
  });

  it('Refresh in the console starts a new chain: the old refresh and access tokens stop working, the new one works', async () => {
    const { made, pair } = await activated();
    const fresh = await tokens.issueConsoleRefreshToken(made.id);
    await assertRejects(tokens.exchange(made.clientId, pair.refresh_token), 401, 'tokenRevoked', 'The token was replaced by a newer one');
    await assertRejects(tokens.authenticate(made.clientId, pair.access_token), 401, 'connectionRevoked', 'The connection is revoked or its tokens were replaced');
    // The old chain's token did not revoke the new chain.
    assert.equal(db.apiConnections.require(made.id).status, 'pendingActivation');
    const next = await tokens.exchange(made.clientId, fresh.refreshToken);
    await tokens.authenticate(made.clientId, next.access_token);
  });

  // A connection ended by the console: its access token and its refresh token are refused, each with the code and message given.
  const endings: [name: string, end: (id: string) => void, access: [code: string, message: string], refresh: [code: string, message: string]][] = [
    [
      'a revoked connection’s tokens stop working at once (help: Revoking a refresh token in Kaspersky Security Center)',
      (id) => db.apiConnections.revoke(id),
      ['connectionRevoked', 'The connection is revoked or its tokens were replaced'],
      ['connectionRevoked', 'The connection is revoked'],
    ],
    ['a deleted connection’s tokens are refused', (id) => db.apiConnections.delete(id), ['invalidToken', 'Unknown connection'], ['invalidToken', 'Unknown connection']],
  ];
  for (const [name, end, access, refresh] of endings) {
    it(name, async () => {
      const { made, pair } = await activated();
      end(made.id);
      await assertRejects(tokens.authenticate(made.clientId, pair.access_token), 401, ...access);
      await assertRejects(tokens.exchange(made.clientId, pair.refresh_token), 401, ...refresh);
    });
  }

  it('a connection recorded as revoked refuses its tokens even if its chain were still recorded', async () => {
    const { made, pair } = await activated();
    const repository = db.apiConnections;
    const real = repository.getByClientId.bind(repository);
    repository.getByClientId = (clientId) => {
      const found = real(clientId);
      return found && { ...found, status: 'revoked' };
    };
    await assertRejects(tokens.authenticate(made.clientId, pair.access_token), 401, 'connectionRevoked');
    await assertRejects(tokens.exchange(made.clientId, pair.refresh_token), 401, 'connectionRevoked', 'The connection is revoked');
    repository.getByClientId = real;
    assert.equal(db.apiConnections.require(made.id).refreshTokenHash, hashToken(pair.refresh_token));
  });

  it('a connection whose chain was never started accepts no token', async () => {
    const made = connection();
    const refresh = await forge({ typ: 'refresh', cid: made.id, chn: 'some-chain' }, { sub: made.clientId });
    await assertRejects(tokens.exchange(made.clientId, refresh), 401, 'connectionRevoked', 'The connection is revoked');
    const access = await forge({ typ: 'access', cid: made.id, chn: 'some-chain' }, { sub: made.clientId });
    await assertRejects(tokens.authenticate(made.clientId, access), 401, 'connectionRevoked');
  });

  it('a token is bound to its client: another connection’s Client ID is refused', async () => {
    const first = await activated();
    const second = await activated();
    await assertRejects(tokens.authenticate(second.made.clientId, first.pair.access_token), 401, 'invalidToken', 'The token belongs to another client');
    await assertRejects(tokens.exchange(second.made.clientId, first.pair.refresh_token), 401, 'invalidToken', 'The token belongs to another client');
    // Nothing was used up or revoked.
    for (const { made, pair } of [first, second]) {
      const stored = db.apiConnections.require(made.id);
      assert.equal(stored.status, 'active');
      assert.equal(stored.refreshTokenHash, hashToken(pair.refresh_token));
    }
  });

  it('a validly signed token whose connection id is not its client’s connection is refused', async () => {
    const first = await activated();
    const second = await activated();
    const secondChain = db.apiConnections.require(second.made.id).tokenChainId;
    const access = await forge({ typ: 'access', cid: first.made.id, chn: secondChain! }, { sub: second.made.clientId });
    await assertRejects(tokens.authenticate(second.made.clientId, access), 401, 'invalidToken', 'Unknown connection');
    const refresh = await forge({ typ: 'refresh', cid: first.made.id, chn: secondChain! }, { sub: second.made.clientId });
    await assertRejects(tokens.exchange(second.made.clientId, refresh), 401, 'invalidToken', 'Unknown connection');
  });

  it('an access token is not a refresh token, and a refresh token is not an access token', async () => {
    const { made, pair } = await activated();
    await assertRejects(tokens.exchange(made.clientId, pair.access_token), 401, 'invalidToken', 'Not a refresh token');
    await assertRejects(tokens.authenticate(made.clientId, pair.refresh_token), 401, 'invalidToken', 'Not a access token');
    assert.equal(db.apiConnections.require(made.id).status, 'active', 'presenting the wrong kind revokes nothing');
  });

  it('refuses signed tokens with missing or mistyped claims', async () => {
    const { made } = await activated();
    const chain = db.apiConnections.require(made.id).tokenChainId!;
    const sub = made.clientId;
    const cases: [JWTPayload, string][] = [
      [{ cid: made.id, chn: chain }, 'Not a access token'],
      [{ typ: 'Access', cid: made.id, chn: chain }, 'Not a access token'],
      [{ typ: 'access', chn: chain }, 'Not a access token'],
      [{ typ: 'access', cid: 7, chn: chain }, 'Not a access token'],
      [{ typ: 'access', cid: made.id }, 'Not a access token'],
      [{ typ: 'access', cid: made.id, chn: 7 }, 'Not a access token'],
      [{ typ: 'access', cid: [made.id], chn: chain }, 'Not a access token'],
    ];
    for (const [claims, message] of cases) {
      await assertRejects(tokens.authenticate(made.clientId, await forge(claims, { sub })), 401, 'invalidToken', message);
    }
    await assertRejects(tokens.authenticate(made.clientId, await forge({ typ: 'access', cid: made.id, chn: chain })), 401, 'invalidToken', 'The token belongs to another client');
    const refreshCases: JWTPayload[] = [
      { typ: 'refresh', cid: made.id },
      { typ: 'refresh', cid: made.id, chn: null },
      { typ: 'refresh', chn: chain },
      { typ: 'refresh', cid: 1, chn: chain },
    ];
    for (const claims of refreshCases) {
      await assertRejects(tokens.exchange(made.clientId, await forge(claims, { sub })), 401, 'invalidToken', 'Not a refresh token');
    }
    // A well-formed access token made with the key is accepted: the cases above fail for their claims only.
    await tokens.authenticate(made.clientId, await forge({ typ: 'access', cid: made.id, chn: chain }, { sub }));
  });

  it('refuses a token of another issuer or audience, unsigned, tampered or not a JWT at all', async () => {
    const { made, pair } = await activated();
    const chain = db.apiConnections.require(made.id).tokenChainId!;
    const claims = { typ: 'access', cid: made.id, chn: chain };
    const sub = made.clientId;
    const [header, payload, signature] = pair.access_token.split('.') as [string, string, string];
    const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const bad: Record<string, string> = {
      'another issuer': await forge(claims, { sub, iss: 'someone-else' }),
      'another audience': await forge(claims, { sub, aud: 'mdr-console-v1' }),
      'an unsigned token': `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`,
      'a changed payload': `${header}.${Buffer.from(JSON.stringify({ ...body, exp: (body.exp as number) + 86_400 })).toString('base64url')}.${signature}`,
      'a changed signature': `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`,
      'not a JWT': 'AcCeSsToKeN',
      'an empty string': '',
    };
    for (const [what, token] of Object.entries(bad)) {
      await assertRejects(tokens.authenticate(made.clientId, token), 401, 'invalidToken', 'The token is not valid').catch((error: Error) => {
        throw new Error(`${what}: ${error.message}`);
      });
    }
    await assertRejects(tokens.exchange(made.clientId, await forge({ typ: 'refresh', cid: made.id, chn: chain }, { sub, iss: 'someone-else' })), 401, 'invalidToken', 'The token is not valid');
    assert.equal(db.apiConnections.require(made.id).status, 'active');
  });

  it('a refresh token of the current chain that is not the current one is taken as reuse', async () => {
    const { made, pair } = await activated();
    const chain = db.apiConnections.require(made.id).tokenChainId!;
    // Signed with the key, right chain, but never issued (or already exchanged): the stored hash differs.
    const copy = await forge({ typ: 'refresh', cid: made.id, chn: chain }, { sub: made.clientId });
    await assertRejects(tokens.exchange(made.clientId, copy), 401, 'refreshTokenReused');
    assert.equal(db.apiConnections.require(made.id).status, 'revoked');
    await assertRejects(tokens.exchange(made.clientId, pair.refresh_token), 401, 'connectionRevoked');
  });

  describe('a connection made in the console works only while its creator holds the rights of its level', () => {
    it('refuses the exchange with 403 without using up the token, which works once the rights are back', async () => {
      db.consolePrincipals.replace([{ userId: 'creator', rights: ['incidentAccess'] }], false, now);
      const made = connection({ accessLevel: 'incident', createdBy: 'creator', limitedByCreator: true });
      const issued = await tokens.issueConsoleRefreshToken(made.id);
      await assertRejects(
        tokens.exchange(made.clientId, issued.refreshToken),
        403,
        'creatorRightsInsufficient',
        'The user who created this connection no longer has the rights of its access level',
      );
      const stored = db.apiConnections.require(made.id);
      assert.equal(stored.status, 'pendingActivation');
      assert.equal(stored.refreshTokenHash, hashToken(issued.refreshToken));
      db.consolePrincipals.replace([{ userId: 'creator', rights: ['incidentAccess', 'restApiAccess'] }], false, now);
      const pair = await tokens.exchange(made.clientId, issued.refreshToken);
      await tokens.authenticate(made.clientId, pair.access_token);
    });

    it('refuses every call with 403 once the creator loses a right, and accepts it again when restored', async () => {
      db.consolePrincipals.replace([{ userId: 'creator', rights: ['incidentAccess', 'autoAcceptSettings', 'responseManagement', 'restApiAccess'] }], false, now);
      const { made, pair } = await activated({ accessLevel: 'senior', createdBy: 'creator', limitedByCreator: true });
      await tokens.authenticate(made.clientId, pair.access_token);
      db.consolePrincipals.replace([{ userId: 'creator', rights: ['incidentAccess', 'autoAcceptSettings', 'restApiAccess'] }], false, now);
      await assertRejects(tokens.authenticate(made.clientId, pair.access_token), 403, 'creatorRightsInsufficient');
      await assertRejects(tokens.exchange(made.clientId, pair.refresh_token), 403, 'creatorRightsInsufficient');
      db.consolePrincipals.replace([{ userId: 'creator', rights: ['incidentAccess', 'autoAcceptSettings', 'responseManagement', 'restApiAccess'] }], false, now);
      await tokens.authenticate(made.clientId, pair.access_token);
      await tokens.exchange(made.clientId, pair.refresh_token);
    });

    it('a reused refresh token revokes the chain even while the creator lacks the rights', async () => {
      db.consolePrincipals.replace([{ userId: 'creator-2', rights: ['incidentAccess', 'restApiAccess'] }], false, now);
      const { made, issued, pair } = await activated({ accessLevel: 'incident', createdBy: 'creator-2', limitedByCreator: true });
      db.consolePrincipals.replace([{ userId: 'creator-2', rights: [] }], false, now);
      await assertRejects(tokens.exchange(made.clientId, issued.refreshToken), 401, 'refreshTokenReused');
      assert.equal(db.apiConnections.require(made.id).status, 'revoked');
      db.consolePrincipals.replace([{ userId: 'creator-2', rights: ['incidentAccess', 'restApiAccess'] }], false, now);
      await assertRejects(tokens.exchange(made.clientId, pair.refresh_token), 401, 'connectionRevoked');
    });

    it('a connection of the service’s operator is not bound to any console user', async () => {
      const { made, pair } = await activated({ accessLevel: 'full', createdBy: null, limitedByCreator: false });
      await tokens.authenticate(made.clientId, pair.access_token);
    });
  });

  it('records the last use at most once a minute', async () => {
    const { made, pair } = await activated();
    assert.equal(db.apiConnections.require(made.id).lastUsed, START);
    now = START + 59_999;
    await tokens.authenticate(made.clientId, pair.access_token);
    assert.equal(db.apiConnections.require(made.id).lastUsed, START);
    now = START + 60_000;
    await tokens.authenticate(made.clientId, pair.access_token);
    assert.equal(db.apiConnections.require(made.id).lastUsed, START + 60_000);
    now = START + 60_000 + 30_000;
    const caller = await tokens.authenticate(made.clientId, pair.access_token);
    assert.equal(db.apiConnections.require(made.id).lastUsed, START + 60_000);
    assert.equal(caller.connection.lastUsed, START + 60_000);
    assert.equal(caller.scope, null);
  });

  it('without a clock of its own uses the wall clock', async () => {
    const wall = await TokenService.create(db, dir);
    const made = connection();
    const before = Date.now();
    const issued = await wall.issueConsoleRefreshToken(made.id);
    assert.ok(issued.expiresAt >= before + DAY && issued.expiresAt <= Date.now() + DAY);
  });
});

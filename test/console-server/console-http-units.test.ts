/**
 * The console server's HTTP pieces on their own, without a server: how every typed error is
 * answered (http/error-handler.ts), which refusal a route's schema gives (http/validation.ts), and
 * that a route of the API that says nothing about its access is refused at start-up (http/access.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import {
  ConflictError,
  FieldRefusedError,
  ForbiddenError,
  HostNotAllowedError,
  InvalidCredentialsError,
  InvalidJsonError,
  MethodNotAllowedError,
  NotFoundError,
  PermissionRequiredError,
  RightsNotHeldError,
  RoleInUseError,
  TooManyAttemptsError,
  UnauthenticatedError,
  ValidationError,
} from '../../host-shim/server/errors.ts';
import { installRouteAccess } from '../../host-shim/server/http/access.ts';
import { toErrorResponse } from '../../host-shim/server/http/error-handler.ts';
import { compileRequestPart } from '../../host-shim/server/http/validation.ts';
import { UpstreamError } from '../../host-shim/server/outbound.ts';
import type { SessionStore } from '../../host-shim/server/sessions.ts';

describe('console error answers', () => {
  it('answers every typed error with its status, the body the console has always sent and its headers', () => {
    const cases: [Error, number, object, Record<string, string>?][] = [
      [new ValidationError('roleIds', 'unknownRole'), 400, { error: 'validation', field: 'roleIds', rule: 'unknownRole' }],
      [new FieldRefusedError('required', 'userName'), 400, { error: 'required', field: 'userName' }],
      [new InvalidJsonError(), 400, { error: 'invalidJson' }],
      [new UnauthenticatedError(), 401, { error: 'unauthenticated' }],
      [new InvalidCredentialsError(), 401, { error: 'invalidCredentials' }],
      [new ForbiddenError('forbidden', ['incidentAccess', 'tenantManagement']), 403, { error: 'forbidden', missingRights: ['incidentAccess', 'tenantManagement'] }],
      [new ForbiddenError('csrfTokenInvalid'), 403, { error: 'csrfTokenInvalid' }],
      [new PermissionRequiredError('manageUsersAndRoles'), 403, { error: 'forbidden', missingRights: [], missingPermission: 'manageUsersAndRoles' }],
      [new RightsNotHeldError('rights', ['restApiAccess']), 403, { error: 'forbidden', field: 'rights', rule: 'rightsNotHeld', missingRights: ['restApiAccess'] }],
      [new NotFoundError('user'), 404, { error: 'notFound' }],
      [new MethodNotAllowedError(['GET', 'PUT']), 405, { error: 'methodNotAllowed' }, { allow: 'GET, PUT' }],
      [new ConflictError(), 409, { error: 'conflict' }],
      [new ConflictError('lastAdministrator'), 409, { error: 'lastAdministrator' }],
      [new RoleInUseError(2), 409, { error: 'roleInUse', users: 2 }],
      [new HostNotAllowedError(), 421, { error: 'hostNotAllowed' }],
      [new TooManyAttemptsError(7), 429, { error: 'tooManyAttempts', retryAfterSeconds: 7 }, { 'retry-after': '7' }],
      [new UpstreamError('proxyTimeout', 504, 'The proxy did not answer'), 504, { error: 'proxyTimeout', message: 'The proxy did not answer' }],
    ];
    for (const [error, statusCode, body, headers = {}] of cases) {
      const response = toErrorResponse(error);
      assert.deepEqual(response, { statusCode, body, headers }, error.constructor.name);
      // The same bytes as before: the fields in the same order.
      assert.equal(JSON.stringify(response.body), JSON.stringify(body), error.constructor.name);
    }
  });

  it('names the framework\'s own refusals and never tells what failed inside', () => {
    const framework = (statusCode: number, code: string) => Object.assign(new Error('details'), { statusCode, code });
    assert.deepEqual(toErrorResponse(framework(413, 'FST_ERR_CTP_BODY_TOO_LARGE')), { statusCode: 413, body: { error: 'bodyTooLarge' }, headers: {} });
    assert.deepEqual(toErrorResponse(framework(415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE')), { statusCode: 415, body: { error: 'unsupportedMediaType' }, headers: {} });
    assert.deepEqual(toErrorResponse(framework(400, 'FST_ERR_SOMETHING')), { statusCode: 400, body: { error: 'badRequest' }, headers: {} });
    assert.deepEqual(toErrorResponse(new Error('SQLITE_ERROR: no such table: users')), { statusCode: 500, body: { error: 'internalError' }, headers: {} });
  });
});

describe('console route schemas: which refusal answers a refused request', () => {
  const schema = {
    type: 'object',
    required: ['name', 'rights'],
    properties: {
      expectedVersion: { type: 'integer', minimum: 1, refusal: { error: 'validation', rule: 'required' } },
      name: { type: 'string', refusal: { error: 'validation', rule: 'required' } },
      rights: { type: 'array', items: { enum: ['incidentAccess'], refusal: { error: 'validation', rule: 'unknownRight' } }, refusal: { error: 'validation', rule: 'invalidValue' } },
      language: { type: 'string', refusal: { error: 'unknownLanguage' } },
      note: { type: 'string', maxLength: 3 },
    },
  };
  const validate = compileRequestPart(schema, 'body');
  const refusal = (body: unknown) => {
    const result = validate(body);
    assert.ok('error' in result, `${JSON.stringify(body)} is refused`);
    return toErrorResponse(result.error).body;
  };

  it('accepts a body its schema describes, as it is', () => {
    const body = { name: 'Auditors', rights: ['incidentAccess'], unknown: 1 };
    assert.deepEqual(validate(body), { value: body });
  });

  it('answers the refusal written next to the property, for a wrong type and for a missing property alike', () => {
    assert.deepEqual(refusal({ name: 5, rights: [] }), { error: 'validation', field: 'name', rule: 'required' });
    assert.deepEqual(refusal({ rights: [] }), { error: 'validation', field: 'name', rule: 'required' });
    assert.deepEqual(refusal({ name: 'x' }), { error: 'validation', field: 'rights', rule: 'invalidValue' });
    assert.deepEqual(refusal({ name: 'x', rights: [], expectedVersion: 0 }), { error: 'validation', field: 'expectedVersion', rule: 'required' });
  });

  it('answers the refusal nearest to what broke: an item of a list, or the list itself', () => {
    assert.deepEqual(refusal({ name: 'x', rights: ['everything'] }), { error: 'validation', field: 'rights', rule: 'unknownRight' });
    assert.deepEqual(refusal({ name: 'x', rights: 'incidentAccess' }), { error: 'validation', field: 'rights', rule: 'invalidValue' });
  });

  it('answers a refusal of another shape as `{ error, field }`, and the JSON-Schema keyword where the schema names none', () => {
    assert.deepEqual(refusal({ name: 'x', rights: [], language: 5 }), { error: 'unknownLanguage', field: 'language' });
    assert.deepEqual(refusal({ name: 'x', rights: [], note: 'long' }), { error: 'validation', field: 'note', rule: 'maxLength' });
  });

  it('names the first refused property in the order the schema lists them, as a form is checked top down', () => {
    assert.deepEqual(refusal({ note: 'long', language: 5, rights: 'x', name: 5, expectedVersion: 'x' }), { error: 'validation', field: 'expectedVersion', rule: 'required' });
    assert.deepEqual(refusal({ note: 'long', language: 5, rights: 'x' }), { error: 'validation', field: 'name', rule: 'required' });
    assert.deepEqual(refusal({ note: 'long', name: 'x', language: 5 }), { error: 'validation', field: 'rights', rule: 'invalidValue' });
  });

  it('reads a body that is not a JSON object as one without fields', () => {
    for (const body of [undefined, null, [], 'text', 5, true]) assert.deepEqual(refusal(body), { error: 'validation', field: 'name', rule: 'required' }, JSON.stringify(body));
    const open = compileRequestPart({ type: 'object', properties: { language: { type: 'string' } } }, 'body');
    assert.deepEqual(open(['en']), { value: {} });
  });

  it('never converts a query string\'s values: a parameter given twice is a list, refused where one text is expected', () => {
    const query = compileRequestPart({ type: 'object', properties: { page: { type: 'string', refusal: { error: 'validation', rule: 'outOfRange' } } } }, 'querystring');
    assert.deepEqual(query({ page: '2' }), { value: { page: '2' } });
    const twice = query({ page: ['1', '2'] });
    assert.ok('error' in twice);
    assert.deepEqual(toErrorResponse(twice.error).body, { error: 'validation', field: 'page', rule: 'outOfRange' });
  });
});

describe('console route access', () => {
  const noSessions = { resolve: () => undefined } as unknown as SessionStore;

  it('refuses at start-up an API route that declares no access', async () => {
    for (const config of [undefined, {}, { access: '' }]) {
      const app = Fastify();
      await assert.rejects(
        async () => {
          await app.register(async (api) => {
            installRouteAccess(api, noSessions);
            api.get('/forgotten', { config: config as object }, async () => 'open');
          });
          await app.ready();
        },
        { message: 'Console route GET /forgotten declares no access (config.access) — refusing to register it' },
        JSON.stringify(config),
      );
      await app.close();
    }
  });

  it('lets a public route through without a session, and no other', async () => {
    const app = Fastify();
    await app.register(fastifyCookie);
    await app.register(async (api) => {
      installRouteAccess(api, noSessions);
      api.get('/open', { config: { access: 'public' } }, async () => 'open');
      api.get('/closed', { config: { access: 'signedIn' } }, async () => 'closed');
    });
    assert.equal((await app.inject({ method: 'GET', url: '/open' })).body, 'open');
    const closed = await app.inject({ method: 'GET', url: '/closed' });
    assert.equal(closed.statusCode, 401);
    await app.close();
  });
});

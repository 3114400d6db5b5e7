import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { injectAs, signInAs, startConsole, type ConsoleSession } from '../support/console-fixture.ts';

const strongPassword = 'Correct-Horse-7';

describe('console users and roles', () => {
  let fixture: Awaited<ReturnType<typeof startConsole>>;
  let admin: ConsoleSession;
  let officer: ConsoleSession;
  before(async () => {
    fixture = await startConsole();
    admin = await signInAs(fixture.app, 'admin');
    officer = await signInAs(fixture.app, 'officer');
  });
  after(async () => fixture.close());

  const users = async () => (await injectAs(fixture.app, admin, 'GET', '/api/users')).json().users as { id: string; userName: string; roleIds: string[]; version: number; disabled: boolean; displayName: string }[];
  const roles = async () => (await injectAs(fixture.app, admin, 'GET', '/api/roles')).json().roles as { id: string; name: string; rights: string[]; version: number; users: number; predefined: string | null }[];

  it('keeps users and roles to those who may manage them', async () => {
    assert.equal((await injectAs(fixture.app, undefined, 'GET', '/api/users')).statusCode, 401);
    for (const url of ['/api/users', '/api/roles']) {
      const refused = await injectAs(fixture.app, officer, 'GET', url);
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().missingPermission, 'manageUsersAndRoles');
    }
    const post = await injectAs(fixture.app, officer, 'POST', '/api/roles', { name: 'Sneaky', rights: ['restApiAccess'] });
    assert.equal(post.statusCode, 403);
    assert.equal((await injectAs(fixture.app, admin, 'POST', '/api/roles', { name: 'No token', rights: [] }, false)).statusCode, 403);
    assert.equal((await roles()).some((role) => role.name === 'Sneaky' || role.name === 'No token'), false);
  });

  it('refuses bad users with the field and a code, and stores nothing', async () => {
    const before = (await users()).length;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ userName: '  ', displayName: 'X', password: strongPassword }, 'userName', 'required'],
      [{ userName: 'SENIOR', displayName: 'X', password: strongPassword }, 'userName', 'duplicate'],
      [{ userName: 'has space', displayName: 'X', password: strongPassword }, 'userName', 'invalidCharacters'],
      [{ userName: 'x'.repeat(65), displayName: 'X', password: strongPassword }, 'userName', 'tooLong'],
      [{ userName: 'newbie', displayName: '', password: strongPassword }, 'displayName', 'required'],
      [{ userName: 'newbie', displayName: 'X', password: 'Ab1' }, 'password', 'tooShort'],
      [{ userName: 'newbie', displayName: 'X', password: 'passwordpassword' }, 'password', 'tooWeak'],
      [{ userName: 'newbie', displayName: 'X', password: 'Newbie-2024!' }, 'password', 'containsUserName'],
      [{ userName: 'newbie', displayName: 'X', password: strongPassword, roleIds: ['no-such-role'] }, 'roleIds', 'unknownRole'],
    ];
    for (const [payload, field, code] of cases) {
      const response = await injectAs(fixture.app, admin, 'POST', '/api/users', payload);
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.deepEqual(response.json(), { error: 'validation', field, rule: code });
    }
    assert.equal((await users()).length, before);
  });

  it('refuses bad roles: empty, too long, duplicate names and unknown rights', async () => {
    const before = (await roles()).length;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ name: '', rights: [] }, 'name', 'required'],
      [{ name: 'r'.repeat(101), rights: [] }, 'name', 'tooLong'],
      [{ name: 'security officer', rights: [] }, 'name', 'duplicate'],
      [{ name: 'Fine', rights: ['everything'] }, 'rights', 'unknownRight'],
    ];
    for (const [payload, field, code] of cases) {
      const response = await injectAs(fixture.app, admin, 'POST', '/api/roles', payload);
      assert.deepEqual([response.statusCode, response.json()], [400, { error: 'validation', field, rule: code }]);
    }
    assert.equal((await roles()).length, before);
  });

  it('applies a role change to a session that is already open, at its next request', async () => {
    const role = (await injectAs(fixture.app, admin, 'POST', '/api/roles', { name: 'Reporting desk', rights: ['incidentAccess'] })).json();
    const created = await injectAs(fixture.app, admin, 'POST', '/api/users', { userName: 'desk', displayName: 'Desk', password: strongPassword, roleIds: [role.id] });
    assert.equal(created.statusCode, 201);
    const desk = await signInAs(fixture.app, 'desk', strongPassword);
    assert.deepEqual(desk.rights, ['incidentAccess']);
    const tenantRoute = '/api/plugins/mdr/usage';
    assert.notEqual((await injectAs(fixture.app, desk, 'GET', tenantRoute)).statusCode, 403);

    const edited = await injectAs(fixture.app, admin, 'PUT', `/api/roles/${role.id}`, { name: 'Reporting desk', rights: ['restApiAccess'], expectedVersion: role.version });
    assert.equal(edited.statusCode, 200);
    assert.deepEqual((await injectAs(fixture.app, desk, 'GET', '/api/session')).json().rights, ['restApiAccess']);
    const refused = await injectAs(fixture.app, desk, 'GET', tenantRoute);
    assert.equal(refused.statusCode, 403);
    assert.deepEqual(refused.json().missingRights, ['incidentAccess']);

    const stale = await injectAs(fixture.app, admin, 'PUT', `/api/roles/${role.id}`, { name: 'Stale', rights: [], expectedVersion: role.version });
    assert.deepEqual([stale.statusCode, stale.json()], [409, { error: 'conflict' }]);
    assert.equal((await roles()).find((r) => r.id === role.id)!.name, 'Reporting desk');
  });

  it('refuses to delete a role in use, and deletes it once nobody holds it', async () => {
    const role = (await roles()).find((r) => r.name === 'Reporting desk')!;
    const inUse = await injectAs(fixture.app, admin, 'DELETE', `/api/roles/${role.id}`);
    assert.deepEqual([inUse.statusCode, inUse.json()], [409, { error: 'roleInUse', users: 1 }]);
    const desk = (await users()).find((user) => user.userName === 'desk')!;
    const unassigned = await injectAs(fixture.app, admin, 'PUT', `/api/users/${desk.id}`, { displayName: desk.displayName, roleIds: [], disabled: false, expectedVersion: desk.version });
    assert.equal(unassigned.statusCode, 200);
    assert.equal((await injectAs(fixture.app, admin, 'DELETE', `/api/roles/${role.id}`)).statusCode, 204);
    assert.equal((await roles()).some((r) => r.id === role.id), false);
  });

  it('ends the sessions of a user who is disabled, and deletes users', async () => {
    const desk = (await users()).find((user) => user.userName === 'desk')!;
    const session = await signInAs(fixture.app, 'desk', strongPassword);
    const disabled = await injectAs(fixture.app, admin, 'PUT', `/api/users/${desk.id}`, { displayName: desk.displayName, roleIds: [], disabled: true, expectedVersion: desk.version });
    assert.equal(disabled.statusCode, 200);
    assert.equal((await injectAs(fixture.app, session, 'GET', '/api/session')).statusCode, 401);
    assert.equal((await fixture.app.inject({ method: 'POST', url: '/api/session', payload: { userName: 'desk', password: strongPassword } })).statusCode, 401);
    assert.equal((await injectAs(fixture.app, admin, 'DELETE', `/api/users/${desk.id}`)).statusCode, 204);
    assert.equal((await users()).some((user) => user.userName === 'desk'), false);
  });

  it('does not let an administrator raise their own rights', async () => {
    const me = (await users()).find((user) => user.userName === 'admin')!;
    const extraRole = (await roles()).find((role) => role.name === 'Senior Security Officer')!;
    const ownRoles = await injectAs(fixture.app, admin, 'PUT', `/api/users/${me.id}`, { displayName: me.displayName, roleIds: [...me.roleIds, extraRole.id], disabled: false, expectedVersion: me.version });
    assert.deepEqual([ownRoles.statusCode, ownRoles.json()], [403, { error: 'ownRights' }]);
    const main = (await roles()).find((role) => role.predefined === 'mainAdministrator')!;
    const widen = await injectAs(fixture.app, admin, 'PUT', `/api/roles/${main.id}`, { name: main.name, rights: [...main.rights, 'restApiAccess'], expectedVersion: main.version });
    assert.deepEqual([widen.statusCode, widen.json()], [403, { error: 'ownRights' }]);
    assert.deepEqual((await roles()).find((role) => role.id === main.id)!.rights, main.rights);
    // Renaming without more rights is fine.
    assert.equal((await injectAs(fixture.app, admin, 'PUT', `/api/users/${me.id}`, { displayName: 'Alex M.', roleIds: me.roleIds, disabled: false, expectedVersion: me.version })).statusCode, 200);
  });

  it('lets a user manager give only rights they hold: to new users, as added roles, or by widening a role in use', async () => {
    const all = await roles();
    const main = all.find((role) => role.predefined === 'mainAdministrator')!;
    const senior = all.find((role) => role.predefined === 'seniorSecurityOfficer')!;
    const securityOfficer = all.find((role) => role.predefined === 'securityOfficer')!;
    const created = await injectAs(fixture.app, admin, 'POST', '/api/users', { userName: 'deputy', displayName: 'Deputy', password: strongPassword, roleIds: [main.id] });
    assert.equal(created.statusCode, 201);
    let draftId: string | undefined;
    try {
      const deputy = await signInAs(fixture.app, 'deputy', strongPassword);
      assert.deepEqual(deputy.rights, ['applicationIntegration'], 'manages users and roles, holds no MDR area');
      const before = { users: await users(), roles: await roles() };
      const refusal = (field: string, missingRights: string[]) => ({ error: 'forbidden', field, rule: 'rightsNotHeld', missingRights });

      // An account the deputy makes is one the deputy can sign in as: it gets no right the deputy lacks.
      const newUser = await injectAs(fixture.app, deputy, 'POST', '/api/users', { userName: 'stand-in', displayName: 'Stand-in', password: strongPassword, roleIds: [senior.id] });
      assert.deepEqual([newUser.statusCode, newUser.json()], [403, refusal('roleIds', ['incidentAccess', 'autoAcceptSettings', 'responseManagement'])]);
      const officer = before.users.find((user) => user.userName === 'officer')!;
      const added = await injectAs(fixture.app, deputy, 'PUT', `/api/users/${officer.id}`, { displayName: officer.displayName, roleIds: [...officer.roleIds, senior.id], disabled: false, expectedVersion: officer.version });
      assert.deepEqual([added.statusCode, added.json()], [403, refusal('roleIds', ['incidentAccess', 'autoAcceptSettings', 'responseManagement'])]);
      const widened = await injectAs(fixture.app, deputy, 'PUT', `/api/roles/${securityOfficer.id}`, { name: securityOfficer.name, rights: [...securityOfficer.rights, 'restApiAccess'], expectedVersion: securityOfficer.version });
      assert.deepEqual([widened.statusCode, widened.json()], [403, refusal('rights', ['restApiAccess'])]);
      // A role nobody holds grants nothing until it is assigned, and assigning it is checked.
      const draft = await injectAs(fixture.app, deputy, 'POST', '/api/roles', { name: 'Draft API role', rights: ['restApiAccess'] });
      assert.equal(draft.statusCode, 201);
      draftId = draft.json().id;
      const assigned = await injectAs(fixture.app, deputy, 'POST', '/api/users', { userName: 'stand-in', displayName: 'Stand-in', password: strongPassword, roleIds: [draft.json().id] });
      assert.deepEqual([assigned.statusCode, assigned.json()], [403, refusal('roleIds', ['restApiAccess'])]);
      assert.deepEqual(await users(), before.users, 'no user was created or changed');
      assert.deepEqual((await roles()).filter((role) => role.id !== draft.json().id), before.roles, 'no role in use was widened');

      // What the deputy holds, the deputy may give; roles a user already has may stay.
      const peer = await injectAs(fixture.app, deputy, 'POST', '/api/users', { userName: 'deputy-two', displayName: 'Deputy two', password: strongPassword, roleIds: [main.id] });
      assert.equal(peer.statusCode, 201);
      const renamed = await injectAs(fixture.app, deputy, 'PUT', `/api/users/${officer.id}`, { displayName: 'Olga P.', roleIds: officer.roleIds, disabled: false, expectedVersion: officer.version });
      assert.equal(renamed.statusCode, 200);
    } finally {
      // Other tests rely on admin being the only administrator.
      for (const user of await users()) if (user.userName.startsWith('deputy')) await injectAs(fixture.app, admin, 'DELETE', `/api/users/${user.id}`);
      if (draftId) await injectAs(fixture.app, admin, 'DELETE', `/api/roles/${draftId}`);
    }
  });

  it('keeps the last administrator', async () => {
    const me = (await users()).find((user) => user.userName === 'admin')!;
    const deleted = await injectAs(fixture.app, admin, 'DELETE', `/api/users/${me.id}`);
    assert.deepEqual([deleted.statusCode, deleted.json()], [409, { error: 'lastAdministrator' }]);
    const disabled = await injectAs(fixture.app, admin, 'PUT', `/api/users/${me.id}`, { displayName: me.displayName, roleIds: me.roleIds, disabled: true, expectedVersion: me.version });
    assert.deepEqual([disabled.statusCode, disabled.json()], [400, { error: 'validation', field: 'disabled', rule: 'lastAdministrator' }]);
    assert.equal((await injectAs(fixture.app, admin, 'GET', '/api/session')).statusCode, 200);
  });

  it('creates the predefined MDR roles once, for a user who may manage roles', async () => {
    const state = await injectAs(fixture.app, officer, 'GET', '/api/plugins/mdr/roles/predefined');
    assert.equal(state.statusCode, 200);
    assert.deepEqual(state.json(), {
      roles: [
        { key: 'mdrAdministrator', exists: true },
        { key: 'seniorSecurityOfficer', exists: true },
        { key: 'securityOfficer', exists: true },
      ],
      canManageRoles: false,
    });
    const refused = await injectAs(fixture.app, officer, 'POST', '/api/plugins/mdr/roles/predefined', {});
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().missingPermission, 'manageUsersAndRoles');

    // Free the Security Officer role so that it can be deleted and created again.
    const officerUser = (await users()).find((user) => user.userName === 'officer')!;
    await injectAs(fixture.app, admin, 'PUT', `/api/users/${officerUser.id}`, { displayName: officerUser.displayName, roleIds: [], disabled: false, expectedVersion: officerUser.version });
    const securityOfficer = (await roles()).find((role) => role.predefined === 'securityOfficer')!;
    assert.equal((await injectAs(fixture.app, admin, 'DELETE', `/api/roles/${securityOfficer.id}`)).statusCode, 204);

    const first = await injectAs(fixture.app, admin, 'POST', '/api/plugins/mdr/roles/predefined', {});
    assert.equal(first.statusCode, 201);
    assert.deepEqual(first.json(), { created: ['securityOfficer'], existing: ['mdrAdministrator', 'seniorSecurityOfficer'] });
    assert.deepEqual((await roles()).find((role) => role.predefined === 'securityOfficer')!.rights, ['incidentAccess']);
    const second = await injectAs(fixture.app, admin, 'POST', '/api/plugins/mdr/roles/predefined', {});
    assert.deepEqual([second.statusCode, second.json()], [200, { created: [], existing: ['mdrAdministrator', 'seniorSecurityOfficer', 'securityOfficer'] }]);
  });

  it('lists the managed devices page by page and opens one by its id or MDR asset id', async () => {
    fixture.database.devices.insertMany(
      ['WS-ALPHA', 'WS-BETA', 'SRV-GAMMA'].map((name, index) => ({
        id: `device-${index}`,
        name,
        group: 'Managed devices/Headquarters/Workstations',
        administrationServer: 'ksc-hq',
        mdrAssetId: index === 0 ? 'asset-0' : null,
        mdrState: 'running',
        selfDefense: true,
        applications: [{ name: 'Endpoint Security', version: '12.5', components: [{ name: 'File Threat Protection', state: 'running' }] }],
      })),
    );
    const page = (await injectAs(fixture.app, officer, 'GET', '/api/devices?pageSize=2&search=ws-')).json();
    assert.equal(page.total, 2);
    assert.deepEqual(page.items.map((device: { name: string }) => device.name), ['WS-ALPHA', 'WS-BETA']);
    assert.equal((await injectAs(fixture.app, officer, 'GET', '/api/devices/asset-0')).json().name, 'WS-ALPHA');
    assert.equal((await injectAs(fixture.app, officer, 'GET', '/api/devices/nothing')).statusCode, 404);
    assert.equal((await injectAs(fixture.app, undefined, 'GET', '/api/devices')).statusCode, 401);
  });

  it('refuses device list paging out of range or a search given twice with 400 naming the field', async () => {
    const officer = await signInAs(fixture.app, 'officer');
    for (const [query, field] of [
      ['page=12345678901234567890', 'page'],
      ['page=0', 'page'],
      ['page=1.5', 'page'],
      ['pageSize=201', 'pageSize'],
      ['pageSize=-1', 'pageSize'],
      ['search=a&search=b', 'search'],
    ]) {
      const response = await injectAs(fixture.app, officer, 'GET', `/api/devices?${query}`);
      assert.equal(response.statusCode, 400, `${query}: ${response.body}`);
      assert.deepEqual(response.json(), { error: 'validation', field, rule: field === 'search' ? 'invalidValue' : 'outOfRange' }, query);
    }
    const malfunctioning = await injectAs(fixture.app, await signInAs(fixture.app, 'admin'), 'GET', '/api/plugins/mdr/health/devices?sort=toString');
    assert.equal(malfunctioning.statusCode, 400, malfunctioning.body);
    assert.deepEqual(malfunctioning.json(), { error: 'validation', field: 'sort', rule: 'unknownColumn' });
  });
});

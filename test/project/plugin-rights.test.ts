/**
 * The plug-in's rights helpers: the seven functional areas (spec section 3), whether a host's user
 * holds a set of rights, and which access levels of an API connection a user may grant (help topic
 * *Creating an API connection in Kaspersky Security Center*, the role table of each level).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ACCESS_LEVEL_RIGHTS, ACCESS_LEVELS, grantableAccessLevels, rightsMissingForLevel } from '../../contract/api-connections.ts';
import { hasRights } from '../../plugin/context.ts';
import { mdrAdministratorRights, rightIds, type RightId } from '../../contract/rights.ts';

describe('functional areas', () => {
  test('the seven areas of spec section 3, in the order consoles show them', () => {
    assert.deepEqual(rightIds, [
      'applicationIntegration',
      'incidentAccess',
      'autoAcceptSettings',
      'responseManagement',
      'tenantManagement',
      'incidentSummaryScheduling',
      'restApiAccess',
    ]);
  });

  test('the MDR Administrator holds every area but Application Integration', () => {
    assert.deepEqual(mdrAdministratorRights, ['incidentAccess', 'autoAcceptSettings', 'responseManagement', 'tenantManagement', 'incidentSummaryScheduling', 'restApiAccess']);
  });
});

describe('hasRights', () => {
  const host = (rights: RightId[]) => ({ rights });

  test('holds every right asked for, in any order', () => {
    assert.equal(hasRights(host(['incidentAccess', 'responseManagement', 'restApiAccess']), ['restApiAccess', 'incidentAccess']), true);
    assert.equal(hasRights(host(['incidentAccess']), ['incidentAccess']), true);
  });

  test('one missing right is enough to refuse', () => {
    assert.equal(hasRights(host(['incidentAccess']), ['incidentAccess', 'responseManagement']), false);
    assert.equal(hasRights(host(['incidentAccess']), ['responseManagement']), false);
    assert.equal(hasRights(host([]), ['incidentAccess']), false);
  });

  test('nothing asked for: any user of a host passes, no host (not yet provided) never does', () => {
    assert.equal(hasRights(host([]), []), true);
    assert.equal(hasRights(undefined, []), false);
    assert.equal(hasRights(undefined, ['incidentAccess']), false);
  });
});

describe('access levels of an API connection (help: Creating an API connection in Kaspersky Security Center)', () => {
  test('strongest first', () => {
    assert.deepEqual(ACCESS_LEVELS, ['full', 'senior', 'incident']);
  });

  test("each level's role table, plus REST API access to reach the API tab", () => {
    // Full access + API and tenants: the MDR Administrator role.
    assert.deepEqual(ACCESS_LEVEL_RIGHTS.full, ['incidentAccess', 'autoAcceptSettings', 'responseManagement', 'tenantManagement', 'incidentSummaryScheduling', 'restApiAccess']);
    // Incident access, response management, and auto-accept settings: the Senior Security Officer role.
    assert.deepEqual(ACCESS_LEVEL_RIGHTS.senior, ['incidentAccess', 'autoAcceptSettings', 'responseManagement', 'restApiAccess']);
    // Incident access: the Security Officer role.
    assert.deepEqual(ACCESS_LEVEL_RIGHTS.incident, ['incidentAccess', 'restApiAccess']);
  });

  test('the rights missing for a level, in the order of its table', () => {
    assert.deepEqual(rightsMissingForLevel('full', []), [...mdrAdministratorRights]);
    assert.deepEqual(rightsMissingForLevel('full', ['incidentAccess', 'restApiAccess', 'applicationIntegration']), ['autoAcceptSettings', 'responseManagement', 'tenantManagement', 'incidentSummaryScheduling']);
    assert.deepEqual(rightsMissingForLevel('senior', ['incidentAccess', 'tenantManagement']), ['autoAcceptSettings', 'responseManagement', 'restApiAccess']);
    assert.deepEqual(rightsMissingForLevel('incident', ['restApiAccess']), ['incidentAccess']);
    assert.deepEqual(rightsMissingForLevel('incident', new Set(['incidentAccess', 'restApiAccess'])), []);
  });

  test('a user may grant exactly the levels whose rights the user holds', () => {
    assert.deepEqual(grantableAccessLevels(mdrAdministratorRights), ['full', 'senior', 'incident']);
    assert.deepEqual(grantableAccessLevels(['incidentAccess', 'autoAcceptSettings', 'responseManagement', 'restApiAccess']), ['senior', 'incident']);
    assert.deepEqual(grantableAccessLevels(['incidentAccess', 'restApiAccess']), ['incident']);
    // The Security Officer role of the help lacks REST API access: without it no level can be granted.
    assert.deepEqual(grantableAccessLevels(['incidentAccess', 'autoAcceptSettings', 'responseManagement', 'tenantManagement', 'incidentSummaryScheduling']), []);
    assert.deepEqual(grantableAccessLevels([]), []);
  });

  test('held rights given once as an iterator are read for every level', () => {
    const held = new Set<string>(['incidentAccess', 'autoAcceptSettings', 'responseManagement', 'tenantManagement', 'incidentSummaryScheduling', 'restApiAccess']);
    assert.deepEqual(grantableAccessLevels(held.values()), ['full', 'senior', 'incident']);
  });
});

/**
 * Every route the manifest declares, for every one of the 128 combinations of the seven functional
 * areas: the console server must answer exactly what the manifest and the specification's rights
 * table say. Routes are read from the manifest, so new routes are covered without touching this file.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { httpsJson, startTestService, type TestService } from '../support/mdr-service.ts';
import { consoleOwnedRoutes } from '../../host-shim/server/gateway/console-owned-routes.ts';
import { loadManifest, type ManifestRoute } from '../../host-shim/server/manifest.ts';
import { rightIds, type RightId } from '../../host-shim/server/rights.ts';
import { injectAs, signInAs, startConsole } from '../support/console-fixture.ts';

const manifest = loadManifest();
const mdrAreas = rightIds.filter((right) => right !== 'applicationIntegration');

/** All 2^7 subsets of the functional areas. */
const combinations: RightId[][] = Array.from({ length: 2 ** rightIds.length }, (_, mask) => rightIds.filter((_, bit) => (mask >> bit) & 1));

/** Tabs a user sees, straight from the specification's gating table (section 3), independent of the manifest. */
function tabsBySpecification(rights: readonly RightId[]): string[] {
  const has = (right: RightId) => rights.includes(right);
  if (!has('incidentAccess')) return ['gettingStarted'];
  const tabs = ['incidents', 'settings', 'notifications', 'health', 'usage', 'gettingStarted'];
  if (has('incidentSummaryScheduling')) tabs.push('reports');
  if (has('restApiAccess')) tabs.push('api');
  if (has('tenantManagement')) tabs.push('tenants');
  if (mdrAreas.every(has)) tabs.push('licenses');
  return tabs.sort();
}

/**
 * Changes that Application Integration guards, from the specification's gating table (section 3), independent
 * of the manifest: activation and what undoes it, license keys, and the organization-wide changes (the general
 * settings and the KSN/KPSN file on the Administration Server, help topics 213206, 210793 and 234895).
 */
const applicationIntegrationBySpecification = [
  'POST /activation',
  'POST /activation/sign-in',
  'POST /activation/check-code',
  'GET /activation/agreements',
  'POST /activation/code',
  'POST /terms/revoke',
  'POST /licenses',
  'DELETE /licenses/:id',
  'PUT /settings/general',
  'POST /ksn/update',
];

/**
 * API connection levels a user may create, from the specification's role table (section 3) and the
 * help topic *Creating an API connection in Kaspersky Security Center*: a level's role rights, plus
 * the API tab's own.
 */
function accessLevelsBySpecification(rights: readonly RightId[]): string[] {
  const holds = (needed: RightId[]) => needed.every((right) => rights.includes(right));
  const roles: [string, RightId[]][] = [
    ['full', mdrAreas],
    ['senior', ['incidentAccess', 'autoAcceptSettings', 'responseManagement']],
    ['incident', ['incidentAccess']],
  ];
  return roles.filter(([, needed]) => holds([...needed, 'incidentAccess', 'restApiAccess'])).map(([level]) => level);
}

function tabsByManifest(rights: readonly string[]): string[] {
  return manifest.tabs.filter((tab) => tab.rights.every((right) => rights.includes(right))).map((tab) => tab.id).sort();
}

/** A concrete URL for a declared path: every `:param` becomes a probe value. */
/** Query parameters a read needs to answer at all (the region whose agreements are shown). */
const requiredQuery: Record<string, string> = { '/api/plugins/mdr/activation/agreements': '?region=europe' };

function concrete(route: ManifestRoute): string {
  return route.path.replace(/:[A-Za-z]+/g, 'rights-matrix-probe') + (route.method === 'GET' ? (requiredQuery[route.path] ?? '') : '');
}

const label = (rights: readonly RightId[]) => (rights.length ? rights.join('+') : 'no rights');

describe('rights matrix', () => {
  let service: TestService;
  let fixture: Awaited<ReturnType<typeof startConsole>>;
  let caFile: string;
  const sessions = new Map<number, Awaited<ReturnType<typeof signInAs>>>();

  before(async () => {
    service = await startTestService({ demo: { seed: 1, assets: 20 } });
    caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'matrix-ca-')), 'ca.pem');
    fs.writeFileSync(caFile, service.ca);
    fixture = await startConsole({ serviceUrl: service.url, credential: service.consoleCredential, env: { NODE_EXTRA_CA_CERTS: caFile } });
    const admin = await signInAs(fixture.app, 'admin');
    // One custom role and one user per combination, made through the console's own administration API.
    for (const [index, rights] of combinations.entries()) {
      const role = await injectAs(fixture.app, admin, 'POST', '/api/roles', { name: `Matrix ${index}`, rights });
      assert.equal(role.statusCode, 201, role.body);
      const user = await injectAs(fixture.app, admin, 'POST', '/api/users', {
        userName: `matrix-${index}`,
        displayName: `Matrix ${index}`,
        password: 'Matrix-Pass-1',
        roleIds: [role.json().id],
      });
      assert.equal(user.statusCode, 201, user.body);
      const session = await signInAs(fixture.app, `matrix-${index}`, 'Matrix-Pass-1');
      assert.deepEqual([...session.rights].sort(), [...rights].sort());
      sessions.set(index, session);
    }
  });

  after(async () => {
    await fixture?.close();
    await service?.close();
    if (caFile) fs.rmSync(path.dirname(caFile), { recursive: true, force: true });
  });

  it('declares tabs whose gating matches the specification for all 128 combinations', () => {
    assert.equal(combinations.length, 128);
    for (const rights of combinations) assert.deepEqual(tabsByManifest(rights), tabsBySpecification(rights), label(rights));
    assert.deepEqual(tabsByManifest(['restApiAccess']), ['gettingStarted']);
  });

  it('declares Application Integration on every change the specification gives to it', () => {
    const prefix = `/api/plugins/${manifest.id}`;
    for (const key of applicationIntegrationBySpecification) {
      const [method, rest] = key.split(' ') as [string, string];
      const route = manifest.routes.find((candidate) => candidate.method === method && candidate.path === `${prefix}${rest}`);
      assert.ok(route, `${key} is declared`);
      assert.ok(route.rights.includes('applicationIntegration'), `${key} needs Application Integration`);
    }
  });

  it('answers 401 on every declared route without a session', async () => {
    for (const route of manifest.routes) {
      const response = await injectAs(fixture.app, undefined, route.method, concrete(route), route.method === 'GET' ? undefined : {});
      assert.equal(response.statusCode, 401, `${route.method} ${route.path}`);
    }
  });

  it('has the MDR service refuse every forwarded route without each of the rights the manifest names', async () => {
    const prefix = `/api/plugins/${manifest.id}`;
    const owned = new Set<string>(consoleOwnedRoutes);
    const forwarded = manifest.routes.filter((route) => !owned.has(`${route.method} ${route.path.slice(prefix.length)}`));
    const mismatches: string[] = [];
    for (const route of forwarded) {
      const url = `${service.url}/console/v1${concrete(route).slice(prefix.length)}`;
      const json = route.method === 'GET' ? undefined : {};
      // Defence in depth: even a caller that slipped past the console must hold every right.
      for (const right of route.rights) {
        const held = route.rights.filter((other) => other !== right);
        const response = await httpsJson<{ missingRights?: string[] }>(url, { method: route.method, ca: service.ca, headers: service.consoleHeaders(held), json });
        if (response.status !== 403) mismatches.push(`${route.method} ${route.path} without ${right}: ${response.status}`);
      }
      const allowed = await httpsJson(url, { method: route.method, ca: service.ca, headers: service.consoleHeaders([...route.rights]), json });
      if (allowed.status === 403 || allowed.status === 401) mismatches.push(`${route.method} ${route.path} with exactly its rights: ${allowed.status}`);
    }
    assert.deepEqual(mismatches, []);
  });

  it('lets every combination with the API tab create exactly the access levels its rights cover', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const [index, rights] of combinations.entries()) {
      if (!rights.includes('incidentAccess') || !rights.includes('restApiAccess')) continue;
      const allowed = accessLevelsBySpecification(rights);
      assert.ok(allowed.includes('incident'), label(rights));
      for (const level of ['full', 'senior', 'incident']) {
        const response = await injectAs(fixture.app, sessions.get(index)!, 'POST', '/api/plugins/mdr/api-connections', { name: `Matrix ${index} ${level}`, accessLevel: level, tenantIds: ['root'] });
        const where = `${level} for ${label(rights)}`;
        if (allowed.includes(level)) {
          if (response.statusCode !== 201) mismatches.push(`${where}: expected 201, got ${response.statusCode} ${response.body.slice(0, 160)}`);
        } else {
          const body = response.json();
          if (response.statusCode !== 400 || body.field !== 'accessLevel' || body.rule !== 'levelAboveOwnRights') mismatches.push(`${where}: expected 400 accessLevel, got ${response.statusCode} ${response.body.slice(0, 160)}`);
        }
        checked++;
      }
    }
    assert.deepEqual(mismatches, []);
    assert.equal(checked, 32 * 3);
  });

  it('answers every declared route as the manifest says, for all 128 combinations', async () => {
    let checked = 0;
    const mismatches: string[] = [];
    for (const [index, rights] of combinations.entries()) {
      const session = sessions.get(index)!;
      for (const route of manifest.routes) {
        const url = concrete(route);
        const change = route.method !== 'GET';
        const where = `${route.method} ${route.path} for ${label(rights)}`;
        if (change) {
          const withoutToken = await injectAs(fixture.app, session, route.method, url, {}, false);
          if (withoutToken.statusCode !== 403 || withoutToken.json().error !== 'csrfTokenInvalid') mismatches.push(`${where}: without CSRF ${withoutToken.statusCode}`);
        }
        const response = await injectAs(fixture.app, session, route.method, url, change ? {} : undefined);
        const missing = route.rights.filter((right) => !(rights as readonly string[]).includes(right));
        const needsAdministration = route.hostRights?.includes('manageUsersAndRoles') ?? false;
        if (missing.length > 0) {
          const body = response.json();
          if (response.statusCode !== 403 || JSON.stringify(body.missingRights) !== JSON.stringify(missing)) {
            mismatches.push(`${where}: expected 403 naming ${missing.join(', ')}, got ${response.statusCode} ${response.body.slice(0, 120)}`);
          }
        } else if (needsAdministration) {
          if (response.statusCode !== 403 || response.json().missingPermission !== 'manageUsersAndRoles') mismatches.push(`${where}: expected 403 (roles), got ${response.statusCode}`);
        } else if (response.statusCode === 401 || response.statusCode === 403 || response.statusCode === 405 || response.statusCode >= 500) {
          // Allowed by the manifest: neither the console nor the MDR service may refuse it for rights,
          // and a route that fails for everyone is no pass either.
          mismatches.push(`${where}: allowed, got ${response.statusCode} ${response.body.slice(0, 160)}`);
        } else if (!change && !route.path.includes('/:') && response.statusCode !== 200) {
          // A read of a collection or a state needs no id: its real answer is 200.
          mismatches.push(`${where}: allowed read, expected 200, got ${response.statusCode} ${response.body.slice(0, 160)}`);
        }
        checked++;
      }
      const undeclared = await injectAs(fixture.app, session, 'GET', '/api/plugins/mdr/not-declared-anywhere');
      if (undeclared.statusCode !== 404) mismatches.push(`undeclared route for ${label(rights)}: ${undeclared.statusCode}`);
    }
    assert.deepEqual(mismatches, []);
    assert.equal(checked, 128 * manifest.routes.length);
    console.log(`rights matrix: ${combinations.length} combinations × ${manifest.routes.length} routes = ${checked} checks`);
  });
});

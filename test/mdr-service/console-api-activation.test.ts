/**
 * The answers of activation, the summaries and the health check are serialized with the schemas of
 * `contract/schemas/` (activation.ts, summaries.ts, service.ts), which drop every property they do not
 * list: each answer must reach the client with everything the route computed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makeLicenseKey } from '../../host-shim/mdr-service/services/license-keys.ts';
import { answerChecker, computedAnswers } from '../support/computed-answers.ts';
import { serviceForSuite } from '../support/mdr-service.ts';

const ADMIN_RIGHTS = ['applicationIntegration', 'incidentAccess'];

/** What each console route computed before serialization, by `METHOD /url?query` of its last call. */
const { onRoute: recordComputedAnswers, computed } = computedAnswers();

describe('the answers of activation, the summaries and health carry everything the service computed', () => {
  const service = serviceForSuite({ demo: { seed: 2, assets: 0, activated: false }, onRoute: recordComputedAnswers });

  const answer = answerChecker(service, computed, { rights: ADMIN_RIGHTS });

  test('through activation, a new code, the KSN update and revoking the terms', async () => {
    const db = service.app.mdr.db;
    db.tenants.insert({ id: 'tenant-north', name: 'Branch North', description: '', active: true, createdOn: Date.now() });
    await answer('GET', 'health');
    const status = await answer('GET', 'activation');
    const connection = await answer('GET', 'background-connection');
    await answer('POST', 'background-connection/enable', { expectedVersion: connection.version });
    const { ticket } = await answer('POST', 'activation/sign-in', { email: 'admin@example.com', password: 'demo' });
    const canadaCode = makeLicenseKey({ tier: 'expert', region: 'canada', assetLimit: 500 });
    await answer('POST', 'activation/check-code', { ticket, activationCode: canadaCode, region: 'canada' });
    const agreements = await answer('GET', 'activation/agreements?region=canada');
    const activated = await answer('POST', 'activation', {
      ticket,
      activationCode: canadaCode,
      region: 'canada',
      acceptedAgreements: agreements.agreements,
      ksnStatementAccepted: true,
      ksnVersion: agreements.ksnVersion,
      expectedVersion: status.version,
    });
    assert.equal(activated.status, 'active');

    // With a license, the sign-in names it and the tenants to choose.
    const signedIn = await answer('POST', 'activation/sign-in', { email: 'admin@example.com', password: 'demo' });
    assert.ok(signedIn.license && signedIn.tenants.length > 0);
    const primeCode = makeLicenseKey({ tier: 'prime', region: 'canada', assetLimit: 800 });
    const checked = await answer('POST', 'activation/check-code', { ticket, activationCode: primeCode, region: 'canada' });
    assert.equal(checked.organizationTier, 'expert');
    const upgraded = await answer('POST', 'activation/code', { ticket, activationCode: primeCode, region: 'canada', tenantIds: ['root', 'tenant-north'], expectedVersion: activated.version });
    assert.equal(upgraded.previousTier, 'expert');

    const licenses = await answer('GET', 'configuration-file/licenses');
    assert.ok(licenses.items.length > 0);
    await answer('GET', 'assets/summary');
    await answer('GET', 'assets/summary?tenantIds=root,tenant-north');
    await answer('GET', 'incidents/summary');

    const versions = db.ksn.list();
    db.organization.update({ installedKsnVersion: versions[1]!.version });
    const usage = await answer('GET', 'usage');
    await answer('POST', 'ksn/update', { version: usage.ksn.latestVersion, expectedVersion: usage.version });
    const revoked = await answer('POST', 'terms/revoke', { expectedVersion: db.organization.require().version });
    assert.equal(revoked.status, 'notActivated');
  });
});

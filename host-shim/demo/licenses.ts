/** Demo KSN configuration versions, licenses, and tenants with their configuration files. */
import { type License, type MdrDatabase } from '../mdr-service/db.ts';
import { type DemoTenantIdentity } from './identities.ts';
import { Prng } from './prng.ts';
import { CUSTOM_INCIDENTS_PER_WEEK } from '../mdr-service/services/custom-incidents.ts';
import { DAY, HOUR, activationCode } from './common.ts';

export function writeKsnVersions(db: MdrDatabase, now: number): { installed: string; latest: string } {
  const versions = [
    { version: '1.0.0.148', publishedOn: now - 301 * DAY, notes: 'Initial KSN configuration for MDR.' },
    { version: '1.0.0.163', publishedOn: now - 149 * DAY, notes: 'Updated KSN server list for the Europe region.' },
    { version: '1.0.0.171', publishedOn: now - 18 * DAY, notes: 'New telemetry endpoints; certificate pinning update.' },
  ];
  for (const version of versions) db.ksn.insert(version);
  return { installed: versions[1]!.version, latest: versions[2]!.version };
}

export interface DemoLicenses {
  main: License;
  expiringSoon: License;
  expired: License;
  all: License[];
}

export function writeLicenses(db: MdrDatabase, prng: Prng, now: number, assetCount: number): DemoLicenses {
  const limit = (n: number) => Math.max(50, Math.ceil(n / 50) * 50);
  const make = (fields: Pick<License, 'assetLimit' | 'activationDate' | 'expirationDate' | 'status' | 'customIncidentsPerPeriod'>): License =>
    db.licenses.insert({
      id: prng.uuid(),
      activationCode: activationCode(prng),
      tier: 'expert',
      regionCode: 'europe',
      addedOn: fields.activationDate,
      removedOn: null,
      ...fields,
    });
  const expired = make({
    assetLimit: limit(assetCount * 0.6),
    activationDate: now - 407 * DAY,
    expirationDate: now - 42 * DAY,
    status: 'active', // Reads as 'expired': the status follows the date.
    customIncidentsPerPeriod: CUSTOM_INCIDENTS_PER_WEEK,
  });
  const main = make({
    assetLimit: limit(assetCount * 1.15),
    activationDate: now - 212 * DAY,
    expirationDate: now + 153 * DAY,
    status: 'active',
    customIncidentsPerPeriod: CUSTOM_INCIDENTS_PER_WEEK,
  });
  const expiringSoon = make({
    assetLimit: limit(assetCount * 0.25),
    activationDate: now - 356 * DAY,
    expirationDate: now + 9 * DAY + 5 * HOUR,
    status: 'active',
    customIncidentsPerPeriod: CUSTOM_INCIDENTS_PER_WEEK,
  });
  return { main, expiringSoon, expired, all: [expired, main, expiringSoon] };
}

/** Writes the tenants and their configuration files; returns each tenant's current license. */
export function writeTenants(db: MdrDatabase, prng: Prng, tenants: DemoTenantIdentity[], licenses: DemoLicenses, now: number): string[] {
  const tenantLicense: string[] = [];
  tenants.forEach((tenant, index) => {
    const createdOn = now - (200 - index * 23) * DAY - prng.int(0, 20) * HOUR;
    db.tenants.insert({ id: tenant.id, name: tenant.name, description: tenant.description, active: true, createdOn });
    const file = (licenseId: string, expirationDate: number, created: number) =>
      db.tenants.addConfigFile({ id: prng.uuid(), tenantId: tenant.id, licenseId, expirationDate, createdOn: created });
    if (index === 1) {
      // Runs on the license that expires within 14 days.
      file(licenses.expiringSoon.id, licenses.expiringSoon.expirationDate - DAY, createdOn);
      tenantLicense.push(licenses.expiringSoon.id);
    } else if (index === tenants.length - 1) {
      // Its only configuration file has ended: the tenant shows as inactive by itself.
      file(licenses.expired.id, licenses.expired.expirationDate - 3 * DAY, createdOn);
      tenantLicense.push(licenses.expired.id);
    } else {
      if (index % 2 === 0) file(licenses.expired.id, licenses.expired.expirationDate - 2 * DAY, createdOn);
      file(licenses.main.id, licenses.main.expirationDate - (index + 1) * 7 * DAY, createdOn + DAY);
      tenantLicense.push(licenses.main.id);
    }
  });
  return tenantLicense;
}

/**
 * Deterministic demo data for the MDR service: an activated organization (region Europe, tier
 * Expert) with licenses, tenants, assets, incidents, responses, comments and history — or, with
 * `activated: false`, an organization that still has to go through the activation wizard.
 *
 * Same seed and same `now` → identical database content. Everything is written in one
 * transaction with prepared statements, so 100,000 assets and 10,000 incidents take seconds.
 */
import { telemetryLocationOf, type MdrDatabase } from '../mdr-service/db.ts';
import { demoOrganizationName, demoTenants } from './identities.ts';
import { Prng } from './prng.ts';
import { DAY, HOUR, MINUTE } from './common.ts';
import { writeKsnVersions, writeLicenses, writeTenants } from './licenses.ts';
import { writeAssets } from './assets.ts';
import { writeIncidents } from './incidents.ts';
import { writeSettingsAndIntegrations } from './settings.ts';
import { notActivatedOrganization } from '../mdr-service/db/organization.ts';
import { customIncidentPeriodStart } from '../mdr-service/services/custom-incidents.ts';
import type { MdrSeed } from '../mdr-service/app.ts';
import type { SeedSummary } from '../mdr-service/context.ts';

export { customIncidentPeriodStart };

/** Most incidents the generator creates (about one per ten assets up to this). */
export const MAX_DEMO_INCIDENTS = 10_000;

export interface DemoOptions {
  /** PRNG seed (default 1). */
  seed?: number;
  /** Number of MDR assets (default 3000). */
  assets?: number;
  /** false = an organization that is not activated yet: no license, tenants or assets (default true). */
  activated?: boolean;
  /** Reference time all dates are relative to (default: now). Fix it to compare two runs. */
  now?: number;
  /** Number of incidents (default: assets / 10, at most {@link MAX_DEMO_INCIDENTS}). */
  incidents?: number;
}

/** What the generator loaded (the service's seed summary). */
export type DemoSummary = SeedSummary;

/**
 * The demo generator as the MDR service's seed (`buildMdrService({ seed })`); `false`: none, so an
 * empty database gets a bare, not activated organization.
 */
export function demoSeed(options: DemoOptions | false): MdrSeed | undefined {
  return options === false ? undefined : (db, now) => generateDemoData(db, { now, ...options });
}

/**
 * Demo options from the environment: `MDR_DEMO_SEED` (default 1), `MDR_DEMO_ASSETS` (default 3000),
 * `MDR_DEMO_ACTIVATED` ('0' = not activated).
 */
export function demoOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Required<Pick<DemoOptions, 'seed' | 'assets' | 'activated'>> {
  const seed = Number(env.MDR_DEMO_SEED ?? 1);
  const assets = Number(env.MDR_DEMO_ASSETS ?? 3000);
  return {
    seed: Number.isFinite(seed) ? Math.trunc(seed) : 1,
    assets: Number.isFinite(assets) && assets >= 0 ? Math.trunc(assets) : 3000,
    activated: env.MDR_DEMO_ACTIVATED !== '0',
  };
}

/**
 * Fills an empty database with demo data. Throws when the database already has an organization:
 * demo data never overwrites real state.
 */
export function generateDemoData(db: MdrDatabase, options: DemoOptions = {}): DemoSummary {
  const started = performance.now();
  const seed = options.seed ?? 1;
  const now = options.now ?? Date.now();
  const activated = options.activated ?? true;
  const assetCount = Math.max(0, Math.trunc(options.assets ?? 3000));
  if (!db.isEmpty()) throw new Error('The MDR database already has data; demo data is only loaded into an empty database');
  const root = new Prng(seed);
  const summary: DemoSummary = {
    seed,
    activated,
    tenants: 0,
    licenses: 0,
    assets: 0,
    incidents: 0,
    responses: 0,
    comments: 0,
    historyEntries: 0,
    durationMs: 0,
  };

  db.transaction(() => {
    const ksn = writeKsnVersions(db, now);
    if (!activated) {
      db.organization.put(notActivatedOrganization(demoOrganizationName(seed)), now);
      return;
    }
    const activatedOn = now - 212 * DAY - 3 * HOUR;
    db.organization.put(
      {
        name: demoOrganizationName(seed),
        activationState: 'active',
        activatedOn,
        regionCode: 'europe',
        telemetryLocation: telemetryLocationOf('europe'),
        termsAcceptedOn: activatedOn + 4 * MINUTE,
        ksnStatementAcceptedOn: activatedOn + 6 * MINUTE,
        installedKsnVersion: ksn.installed,
        tier: 'expert',
        consoleTenantScope: null,
      },
      now,
    );
    const licenses = writeLicenses(db, root.fork('licenses'), now, assetCount);
    summary.licenses = licenses.all.length;
    const tenants = demoTenants(seed);
    const tenantLicense = writeTenants(db, root.fork('tenant-config'), tenants, licenses, now);
    summary.tenants = tenants.length;
    const assets = writeAssets(db, seed, root.fork('asset-state'), assetCount, tenants, tenantLicense, licenses.main.id, now);
    summary.assets = assets.length;
    const incidentCount = Math.min(options.incidents ?? Math.round(assetCount / 10), MAX_DEMO_INCIDENTS);
    Object.assign(summary, writeIncidents(db, root.fork('incidents'), assets, tenants, incidentCount, now));
    writeSettingsAndIntegrations(db, root.fork('settings'), tenants, now);
  });
  summary.durationMs = Math.round(performance.now() - started);
  return summary;
}

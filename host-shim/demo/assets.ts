/** Demo assets: identities, statuses and the problems of the last 72 hours. */
import { type Asset, type AssetProblem, type AssetStatus, type MdrDatabase } from '../mdr-service/db.ts';
import { ASSET_PROBLEMS } from './catalog.ts';
import { AssetIdentityGenerator, type DemoAssetIdentity, type DemoTenantIdentity } from './identities.ts';
import { Prng } from './prng.ts';
import { DAY, HOUR, MINUTE } from './common.ts';

export interface DemoAsset {
  identity: DemoAssetIdentity;
  status: AssetStatus;
}

function problemsFor(prng: Prng, status: AssetStatus, now: number): AssetProblem[] {
  const pool = status === 'critical' ? ASSET_PROBLEMS.critical : status === 'warning' ? ASSET_PROBLEMS.warning : null;
  if (!pool) return status === 'ok' && prng.chance(0.05) ? [{ code: prng.pick(ASSET_PROBLEMS.warning), detectedAt: now - prng.int(1, 71) * HOUR }] : [];
  return prng
    .sample(pool, prng.int(1, status === 'critical' ? 3 : 2))
    .map((code) => ({ code, detectedAt: now - prng.int(5, 72 * 60 - 1) * MINUTE }))
    .sort((a, b) => b.detectedAt - a.detectedAt);
}

export function writeAssets(
  db: MdrDatabase,
  seed: number,
  prng: Prng,
  count: number,
  tenants: DemoTenantIdentity[],
  tenantLicense: string[],
  mainLicenseId: string,
  now: number,
): DemoAsset[] {
  const identities = new AssetIdentityGenerator(seed);
  const written: DemoAsset[] = [];
  for (let i = 0; i < count; i++) {
    const identity = identities.next();
    const status = prng.weighted<AssetStatus>([
      ['ok', 78],
      ['warning', 10],
      ['critical', 4],
      ['absent', 8],
    ]);
    let firstSeen = now - prng.int(1, 540) * DAY - prng.int(0, DAY - 1);
    const lastSeen = status === 'absent' ? now - prng.int(3, 120) * DAY - prng.int(0, DAY - 1) : now - prng.int(0, 6 * 60) * MINUTE - prng.int(0, MINUTE - 1);
    if (firstSeen > lastSeen) firstSeen = lastSeen - prng.int(1, 60) * DAY;
    const problems = problemsFor(prng, status, now);
    const asset: Asset = {
      id: identity.id,
      tenantId: identity.tenantIndex >= 0 ? tenants[identity.tenantIndex]!.id : null,
      licenseId: identity.tenantIndex >= 0 ? tenantLicense[identity.tenantIndex]! : mainLicenseId,
      hostName: identity.hostName,
      domain: identity.domain,
      osVersion: identity.osVersion,
      networkInterfaces: identity.networkInterfaces,
      installedProducts: identity.installedProducts,
      firstSeen,
      lastSeen,
      status,
      problems72h: problems,
      telemetryLoss: problems.some((p) => p.code === 'telemetryLoss'),
      isolated: status !== 'absent' && prng.chance(0.004),
    };
    db.assets.insert(asset);
    written.push({ identity, status });
  }
  return written;
}

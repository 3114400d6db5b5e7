/**
 * The console's own managed-device inventory for the demo, derived from the same seed as the MDR
 * service's assets: most devices are MDR assets (same host name, `mdrAssetId` set); about 2.5 %
 * have the MDR component but never sent telemetry (`mdrAssetId` null) in varied MDR states — the
 * *Malfunctioning assets* of the MDR Health tab.
 */
import { ADMINISTRATION_SERVERS, EPP_COMPONENTS, MDR_COMPONENT, NETWORK_AGENT } from './catalog.ts';
import { AssetIdentityGenerator, demoTenants, type DemoAssetIdentity } from './identities.ts';
import { Prng } from './prng.ts';

export type ComponentState = 'running' | 'stopped' | 'paused' | 'starting' | 'failed' | 'unknown' | 'notInstalled' | 'noLicense';
export type MdrState = 'unknown' | 'stopped' | 'paused' | 'starting' | 'running' | 'failed' | 'notInstalled' | 'noLicense';

/** A device of the console's inventory. */
export interface ManagedDevice {
  id: string;
  name: string;
  /** Administration group path, e.g. "Managed devices/Headquarters/Workstations". */
  group: string;
  administrationServer: string;
  /** The MDR asset with the same host name; null when the device never sent telemetry. */
  mdrAssetId: string | null;
  applications: { name: string; version: string; components: { name: string; state: ComponentState }[] }[];
  selfDefense: boolean;
  mdrState: MdrState;
}

/** Share of MDR assets managed by this console (the rest belong to Administration Servers it does not see). */
const MANAGED_SHARE = 0.97;
/** Devices with the MDR component that never sent telemetry, relative to the asset count. */
const MALFUNCTIONING_SHARE = 0.025;

const MALFUNCTIONING_STATES: readonly (readonly [MdrState, number])[] = [
  ['unknown', 15],
  ['stopped', 15],
  ['paused', 10],
  ['starting', 10],
  ['running', 10],
  ['failed', 15],
  ['notInstalled', 10],
  ['noLicense', 15],
];

function groupOf(identity: DemoAssetIdentity, tenantNames: string[]): string {
  const site = identity.tenantIndex >= 0 ? tenantNames[identity.tenantIndex]! : 'Unassigned devices';
  const kind =
    identity.osFamily === 'windowsServer' ? 'Servers' : identity.osFamily === 'linux' ? 'Linux' : identity.osFamily === 'mac' ? 'Mac' : identity.osFamily === 'industrial' ? 'Industrial' : 'Workstations';
  return `Managed devices/${site}/${kind}`;
}

function componentsFor(prng: Prng, identity: DemoAssetIdentity, mdrState: MdrState, healthy: boolean): { name: string; state: ComponentState }[] {
  const components = EPP_COMPONENTS[identity.osFamily].map((name) => {
    let state: ComponentState = 'running';
    if (!healthy && prng.chance(0.25)) state = prng.weighted<ComponentState>([['paused', 3], ['stopped', 3], ['starting', 1], ['failed', 2], ['unknown', 1], ['notInstalled', 1]]);
    else if (healthy && prng.chance(0.01)) state = 'paused';
    return { name, state };
  });
  components.push({ name: MDR_COMPONENT, state: mdrState });
  return components;
}

function device(prng: Prng, identity: DemoAssetIdentity, tenantNames: string[], mdrAssetId: string | null, mdrState: MdrState): ManagedDevice {
  const healthy = mdrAssetId !== null;
  const [epp, ...others] = identity.installedProducts;
  const applications: ManagedDevice['applications'] = [
    { name: epp!.name, version: epp!.version, components: componentsFor(prng, identity, mdrState, healthy) },
    ...others.map((product) => ({
      name: product.name,
      version: product.version,
      components: product.name === NETWORK_AGENT.name ? [{ name: 'Network Agent service', state: 'running' as ComponentState }] : [],
    })),
  ];
  return {
    id: prng.uuid(),
    name: identity.hostName,
    group: groupOf(identity, tenantNames),
    administrationServer: prng.weighted([[ADMINISTRATION_SERVERS[0], 85], [ADMINISTRATION_SERVERS[1], 12], [ADMINISTRATION_SERVERS[2], 3]]),
    mdrAssetId,
    applications,
    selfDefense: healthy ? !prng.chance(0.005) : !prng.chance(0.3),
    mdrState,
  };
}

/**
 * The console's managed devices for the demo with `seed` and `assets` MDR assets (the same values
 * as `MDR_DEMO_SEED` / `MDR_DEMO_ASSETS` of the MDR service). Deterministic.
 *
 * When the MDR organization is not activated (`activated: false`, default from
 * `MDR_DEMO_ACTIVATED`), no device has an MDR asset: the devices exist, MDR has seen none of them.
 */
export function generateConsoleDevices(seed: number, assets: number, options: { activated?: boolean } = {}): ManagedDevice[] {
  const activated = options.activated ?? process.env.MDR_DEMO_ACTIVATED !== '0';
  const count = Math.max(0, Math.trunc(assets));
  const prng = new Prng(seed).fork('console-devices');
  const tenantNames = demoTenants(seed).map((t) => t.name);
  const identities = new AssetIdentityGenerator(seed);
  const devices: ManagedDevice[] = [];
  for (let i = 0; i < count; i++) {
    const identity = identities.next();
    if (!prng.chance(MANAGED_SHARE)) continue;
    devices.push(device(prng, identity, tenantNames, activated ? identity.id : null, activated ? 'running' : prng.weighted(MALFUNCTIONING_STATES)));
  }
  // Devices that never reached MDR: their own identity stream, host names kept unique.
  const extra = new AssetIdentityGenerator(seed, 'malfunctioning-devices', identities.taken);
  const malfunctioning = Math.max(count > 0 ? 1 : 0, Math.round(count * MALFUNCTIONING_SHARE));
  for (let i = 0; i < malfunctioning; i++) {
    devices.push(device(prng, extra.next(), tenantNames, null, prng.weighted(MALFUNCTIONING_STATES)));
  }
  return devices;
}

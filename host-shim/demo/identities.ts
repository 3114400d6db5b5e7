/**
 * The time-independent part of the demo: organization name, tenants and asset identities (ids,
 * host names, operating systems, applications). Both the MDR service's demo data and the console's
 * managed devices derive from these, so a device and its MDR asset share the host name and id.
 * The identity of asset i depends only on the seed and i, not on the total count.
 */
import type { InstalledProduct, NetworkInterface } from '../mdr-service/db.ts';
import {
  EPP_APPLICATIONS,
  INDUSTRIAL_ROLES,
  LINUX_ENVS,
  LINUX_ROLES,
  MAC_OWNERS,
  NETWORK_AGENT,
  ORGANIZATION_NAMES,
  OS_FAMILY_WEIGHTS,
  OS_VERSIONS,
  SERVER_ROLES,
  TENANT_TEMPLATES,
  WORKSTATION_PREFIXES,
  type OsFamily,
} from './catalog.ts';
import { Prng } from './prng.ts';

/** Number of tenants of the demo organization. */
export const DEMO_TENANT_COUNT = 6;

export interface DemoTenantIdentity {
  id: string;
  name: string;
  description: string;
  /** Site code used in host names. */
  site: string;
  /** Internal DNS domain of the tenant's hosts. */
  domain: string;
  weight: number;
  /** Third octet base of the tenant's 10.x.y.z addresses. */
  subnet: number;
}

export interface DemoAssetIdentity {
  /** MDR asset id: '0x' + 32 upper-case hex digits. */
  id: string;
  hostName: string;
  domain: string;
  osFamily: OsFamily;
  osVersion: string;
  /** Index into the tenant list; -1 = root (no tenant). */
  tenantIndex: number;
  networkInterfaces: NetworkInterface[];
  installedProducts: InstalledProduct[];
}

/** The demo organization's name. */
export function demoOrganizationName(seed: number): string {
  return new Prng(seed).fork('organization').pick(ORGANIZATION_NAMES);
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** The demo tenants (ids are UUIDs drawn from the seed). */
export function demoTenants(seed: number): DemoTenantIdentity[] {
  const prng = new Prng(seed).fork('tenants');
  const company = slug(demoOrganizationName(seed)).slice(0, 12);
  return prng.sample(TENANT_TEMPLATES, DEMO_TENANT_COUNT).map((template, index) => ({
    id: prng.uuid(),
    name: template.name,
    description: template.description,
    site: template.site,
    domain: `${template.site.toLowerCase()}.${company}.local`,
    weight: template.weight,
    subnet: 10 + index * 16,
  }));
}

/** Share of assets that belong to no tenant (the root). */
const ROOT_WEIGHT = 12;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** A host name for the OS family, unique within `taken` (collisions get a numeric suffix). */
function hostNameFor(prng: Prng, family: OsFamily, site: string, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    let name: string;
    switch (family) {
      case 'windows':
        name = `${prng.pick(WORKSTATION_PREFIXES)}-${site}-${pad(prng.int(1, 9999), 4)}`;
        break;
      case 'windowsServer':
        name = `SRV-${site}-${prng.pick(SERVER_ROLES)}${pad(prng.int(1, 99), 2)}`;
        break;
      case 'linux':
        name = `${prng.pick(LINUX_ROLES)}-${prng.pick(LINUX_ENVS)}-${site.toLowerCase()}-${pad(prng.int(1, 999), 3)}`;
        break;
      case 'mac':
        name = `MBP-${prng.pick(MAC_OWNERS).toUpperCase()}-${pad(prng.int(1, 999), 3)}`;
        break;
      case 'industrial':
        name = `${site}-${prng.pick(INDUSTRIAL_ROLES)}-${pad(prng.int(1, 999), 3)}`;
        break;
    }
    if (attempt > 3) name = `${name}-${taken.size}`;
    if (!taken.has(name.toLowerCase())) {
      taken.add(name.toLowerCase());
      return name;
    }
  }
}

function macAddress(prng: Prng): string {
  // Locally administered, unicast: second hex digit 2, 6, A or E.
  const first = (prng.int(0, 63) << 2) | 0x02;
  return [first.toString(16).padStart(2, '0'), ...Array.from({ length: 5 }, () => prng.hex(1))].join(':').toUpperCase();
}

/**
 * Generates asset identities one after another from a single stream: calling `next()` n times
 * yields the same first n assets whatever the total. `taken` lets callers keep host names unique
 * across several generators (the console's extra devices).
 */
export class AssetIdentityGenerator {
  readonly #prng: Prng;
  readonly #tenants: DemoTenantIdentity[];
  readonly #taken: Set<string>;
  readonly #tenantWeights: (readonly [number, number])[];

  constructor(seed: number, stream = 'assets', taken: Set<string> = new Set()) {
    this.#prng = new Prng(seed).fork(stream);
    this.#tenants = demoTenants(seed);
    this.#taken = taken;
    this.#tenantWeights = [[-1, ROOT_WEIGHT], ...this.#tenants.map((t, i) => [i, t.weight] as const)];
  }

  /** The host names handed out so far (lower case). */
  get taken(): Set<string> {
    return this.#taken;
  }

  next(): DemoAssetIdentity {
    const prng = this.#prng;
    const tenantIndex = prng.weighted(this.#tenantWeights);
    const tenant = tenantIndex >= 0 ? this.#tenants[tenantIndex]! : null;
    // Industrial hosts live in the plant tenant when there is one; elsewhere they are rare.
    let family = prng.weighted(OS_FAMILY_WEIGHTS);
    if (family === 'industrial' && tenant?.site !== 'PLT' && prng.chance(0.8)) family = 'windows';
    const site = tenant?.site ?? 'HQ';
    const hostName = hostNameFor(prng, family, site, this.#taken);
    const domain = family === 'mac' ? '' : tenant?.domain ?? 'corp.local';
    const subnet = (tenant?.subnet ?? 250) + prng.int(0, 15);
    const interfaces: NetworkInterface[] = [{ ip: `10.${prng.int(1, 254)}.${subnet}.${prng.int(2, 254)}`, mac: macAddress(prng) }];
    if (family === 'windowsServer' && prng.chance(0.3)) interfaces.push({ ip: `172.16.${prng.int(0, 31)}.${prng.int(2, 254)}`, mac: macAddress(prng) });
    if (prng.chance(0.15)) interfaces.push({ ip: `fd00:${prng.hex(2)}:${prng.hex(2)}::${prng.hex(2)}`, mac: interfaces[0]!.mac });
    const epp = EPP_APPLICATIONS[family];
    const products: InstalledProduct[] = [{ name: epp.name, version: prng.pick(epp.versions) }];
    if (family !== 'mac' && prng.chance(0.9)) products.push({ name: NETWORK_AGENT.name, version: prng.pick(NETWORK_AGENT.versions) });
    return {
      id: `0x${prng.hex(16).toUpperCase()}`,
      hostName,
      domain,
      osFamily: family,
      osVersion: prng.pick(OS_VERSIONS[family]),
      tenantIndex,
      networkInterfaces: interfaces,
      installedProducts: products,
    };
  }
}

/** The first `count` demo asset identities for `seed`. */
export function demoAssetIdentities(seed: number, count: number): DemoAssetIdentity[] {
  const generator = new AssetIdentityGenerator(seed);
  return Array.from({ length: count }, () => generator.next());
}

import type { LicenseTier } from './license-tiers.ts';
import type { ListPage } from './list.ts';

/** Tenant name: at most 100 characters. */
export const TENANT_NAME_MAX = 100;
/** Tenant description: at most 2000 characters. */
export const TENANT_DESCRIPTION_MAX = 2000;

export type TenantSortField = 'name' | 'status' | 'assets' | 'description' | 'createdOn' | 'expiration';

/** A tenant as the *Tenants* list shows it. */
export interface Tenant {
  id: string;
  name: string;
  description: string;
  /** The *Active* toggle. */
  active: boolean;
  /** Inactive when switched off or when the tenant's lifetime has ended. */
  status: 'active' | 'inactive';
  assets: number;
  createdOn: string;
  expiration: string | null;
  version: number;
}

/** A configuration file of a tenant. */
export interface TenantConfigFile {
  id: string;
  licenseId: string;
  licenseName: string;
  /** Tier and limit of the license (null when it was deleted since), for its one display name. */
  licenseTier: LicenseTier | null;
  licenseAssetLimit: number | null;
  /** 'YYYY-MM-DD'. */
  expirationDate: string;
  createdOn: string;
}

export interface TenantDetails extends Tenant {
  configFiles: TenantConfigFile[];
}

/** The tenants page plus the organization's limit and count. */
export interface TenantPage extends ListPage<Tenant> {
  limit: number;
  count: number;
}

/** A license a configuration file can run on. */
export interface TenantLicenseOption {
  id: string;
  name: string;
  tier: LicenseTier;
  assetLimit: number;
  expirationDate: string;
  /** Last expiration date allowed on this license ('YYYY-MM-DD'): the day before its last day. */
  lastAllowedDate: string;
}

export interface TenantLicenseOptions {
  items: TenantLicenseOption[];
  /** Today on the service's calendar ('YYYY-MM-DD'). */
  today: string;
}

export interface TenantInput {
  name: string;
  description: string;
  active: boolean;
  configFile: { licenseId: string; expirationDate: string };
}

export type TenantPatch = Partial<Pick<TenantInput, 'name' | 'description' | 'active'>>;

/** Archive variant: the BLOB (P7) file or the BAT file next to the KSN configuration file. */
export type ArchiveVariant = 'blob' | 'bat';

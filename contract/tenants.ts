/** Tenant name: at most 100 characters. */
export const TENANT_NAME_MAX = 100;
/** Tenant description: at most 2000 characters. */
export const TENANT_DESCRIPTION_MAX = 2000;

/** The *Tenants* requests and answers, declared once as schemas (`contract/schemas/tenants.ts`); their types, for both sides. */
export type {
  ArchiveVariant,
  ConfigFileInput,
  Tenant,
  TenantConfigFile,
  TenantDeletion,
  TenantDetails,
  TenantInput,
  TenantLicenseOption,
  TenantLicenseOptions,
  TenantPage,
  TenantPatch,
  TenantSortField,
} from './schemas/tenants.ts';

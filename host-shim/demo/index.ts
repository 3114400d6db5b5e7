/** Demo data of the MDR stand-in: the service's database content and the console's devices. */
export { customIncidentPeriodStart, demoOptionsFromEnv, generateDemoData, MAX_DEMO_INCIDENTS } from './generate.ts';
export type { DemoOptions, DemoSummary } from './generate.ts';
export { generateConsoleDevices } from './console-devices.ts';
export type { ComponentState, ManagedDevice, MdrState } from './console-devices.ts';
export { AssetIdentityGenerator, demoAssetIdentities, demoOrganizationName, demoTenants, DEMO_TENANT_COUNT } from './identities.ts';
export type { DemoAssetIdentity, DemoTenantIdentity } from './identities.ts';
export { Prng } from './prng.ts';

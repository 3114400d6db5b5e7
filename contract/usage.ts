/** The *MDR Usage* answer, declared once as a schema (`contract/schemas/usage.ts`); its types, for both sides. */
export type { Usage, UsageLicense } from './schemas/usage.ts';

import { LICENSE_TIERS } from '../license-tiers.ts';
import { AGREEMENT_IDS, REGION_CODES, TELEMETRY_LOCATIONS } from '../regions.ts';
import { DATA_LANGUAGES } from '../settings.ts';
import { IsoDateTime, Nullable, OneOf, Type, Version, type Static } from './common.ts';
import { ArchiveQuerySchema } from './tenants.ts';

const Region = OneOf(REGION_CODES);
const Tier = OneOf(LICENSE_TIERS);
const Agreement = OneOf(AGREEMENT_IDS);
/** The ticket of a vendor sign-in, as the next steps of the wizard send it back. */
const Ticket = Type.String({ minLength: 1, maxLength: 100 });
/** An activation code as typed (spaces and dashes between groups allowed; normalized by the service). */
const ActivationCode = Type.String({ minLength: 1, maxLength: 64 });
/** The version of the organization a change was made on (1 and up). */
const OrganizationVersion = Type.Integer({ minimum: 1 });
/**
 * The tenants this Administration Server reaches ('root' = assets without a tenant); null = all. One
 * `type` keyword for both, as the service has always checked it, so that a refusal names `maxItems`
 * or `type` and nothing else.
 */
const TenantIds = Type.Unsafe<string[] | null>({ type: ['array', 'null'], maxItems: 101, items: { type: 'string', maxLength: 100 } });

/** Whether MDR is active for the organization. */
export const ACTIVATION_STATES = ['active', 'notActivated'] as const;

/** Whether MDR is active for the organization (`GET /activation`, every user of the section). */
export const ActivationStatusSchema = Type.Object({
  status: OneOf(ACTIVATION_STATES),
  activatedOn: Nullable(IsoDateTime),
  regionCode: Nullable(Region),
  hasLicense: Type.Boolean(),
  version: Version,
});
export type ActivationStatus = Static<typeof ActivationStatusSchema>;

/**
 * The background connection between the Web Console and the Administration Server (help step 4:
 * "checks whether the background connection … is enabled and prompts to enable it, if necessary";
 * "An enabled background connection is required for Kaspersky Managed Detection and Response
 * performance"). `GET /background-connection`; `POST /background-connection/enable` turns it on.
 */
export const BackgroundConnectionSchema = Type.Object({
  enabled: Type.Boolean(),
  /** When it was enabled (ISO 8601); null while it is off. */
  enabledOn: Nullable(IsoDateTime),
  /** Sent back as `expectedVersion` when enabling it. */
  version: Version,
});
export type BackgroundConnection = Static<typeof BackgroundConnectionSchema>;

/** Body of `POST /background-connection/enable`: the version read with the setting. */
export const EnableBackgroundConnectionRequestSchema = Type.Object({ expectedVersion: Version }, { additionalProperties: false });
export type EnableBackgroundConnectionRequest = Static<typeof EnableBackgroundConnectionRequestSchema>;

/** A tenant to choose in the tenants step. */
export const ActivationTenantSchema = Type.Object({ id: Type.String(), name: Type.String() });
export type ActivationTenant = Static<typeof ActivationTenantSchema>;

/** Body of `POST /activation/sign-in`: the vendor account (emulated by the MDR service). */
export const VendorSignInRequestSchema = Type.Object(
  { email: Type.String({ maxLength: 254 }), password: Type.String({ maxLength: 256 }) },
  { additionalProperties: false },
);
export type VendorSignInRequest = Static<typeof VendorSignInRequestSchema>;

/** The vendor-account sign-in: a ticket for the next steps and which of them apply. */
export const VendorSignInSchema = Type.Object({
  /** Names the sign-in in the next steps; it belongs to the console user who signed in. */
  ticket: Type.String(),
  /** When the sign-in lapses (ISO 8601). */
  expiresAt: IsoDateTime,
  account: Type.Object({ email: Type.String() }),
  /** The current license; null = the activation-code step follows. */
  license: Nullable(Type.Object({ name: Type.String(), regionCode: Region, expirationDate: IsoDateTime })),
  /** Tenants to choose from (only when a license exists). */
  tenants: Type.Array(ActivationTenantSchema),
});
export type VendorSignIn = Static<typeof VendorSignInSchema>;

/** Body of `POST /activation/check-code`: a code and region to check with the vendor. */
export const CodeCheckRequestSchema = Type.Object({ ticket: Ticket, activationCode: ActivationCode, region: Region }, { additionalProperties: false });
export type CodeCheckRequest = Static<typeof CodeCheckRequestSchema>;

/** `POST /activation/check-code`: what a code licenses, checked with the vendor; nothing is stored. */
export const CodeCheckSchema = Type.Object({
  license: Type.Object({ name: Type.String(), tier: Tier, assetLimit: Type.Integer(), expirationDate: IsoDateTime }),
  telemetryLocation: OneOf(TELEMETRY_LOCATIONS),
  agreements: Type.Array(Agreement),
  /** The organization's tier before this code (null before the first); another tier is an upgrade. */
  organizationTier: Nullable(Tier),
  /** The organization's tenants, for the tenants step of *Enter a new activation code*. */
  tenants: Type.Array(ActivationTenantSchema),
  /** The tenants this Administration Server reaches now ('root' = assets without a tenant); null = all. */
  tenantScope: Nullable(Type.Array(Type.String())),
});
export type CodeCheck = Static<typeof CodeCheckSchema>;

/** Query of `GET /activation/agreements` and `GET /activation/agreements/:id`: the region chosen. */
export const RegionQuerySchema = Type.Object({ region: Region }, { additionalProperties: false });
export type RegionQuery = Static<typeof RegionQuerySchema>;

/** Path of `GET /activation/agreements/:id` and `GET /terms/agreements/:id`: which agreement. */
export const AgreementParamsSchema = Type.Object({ id: Agreement });
export type AgreementParams = Static<typeof AgreementParamsSchema>;

/** `GET /activation/agreements`: the agreements of a region and the KSN configuration file to apply. */
export const AgreementsSchema = Type.Object({
  region: Region,
  telemetryLocation: OneOf(TELEMETRY_LOCATIONS),
  /** The agreements to accept (the KSN Statement is accepted at the next step). */
  agreements: Type.Array(Agreement),
  /** The language of the agreements' texts and of the service for the region. */
  language: OneOf(DATA_LANGUAGES),
  /** The KSN configuration file version that activation applies. */
  ksnVersion: Nullable(Type.String()),
});
export type Agreements = Static<typeof AgreementsSchema>;

/** `POST /activation`: the last step of the wizard, with everything it collected. */
export const ActivationRequestSchema = Type.Object(
  {
    ticket: Ticket,
    activationCode: Type.Optional(ActivationCode),
    region: Type.Optional(Region),
    tenantIds: Type.Optional(TenantIds),
    acceptedAgreements: Type.Array(Type.String({ maxLength: 50 }), { maxItems: 20 }),
    ksnStatementAccepted: Type.Boolean(),
    ksnVersion: Type.String({ maxLength: 50 }),
    expectedVersion: OrganizationVersion,
  },
  { additionalProperties: false },
);
export type ActivationRequest = Static<typeof ActivationRequestSchema>;

/**
 * `POST /activation/code`: *Enter a new activation code* (help topic *Providing a new activation
 * code*) — the new code and region, checked by the vendor account the ticket names, and the tenants
 * this Administration Server may reach afterwards, applied together.
 */
export const NewActivationCodeRequestSchema = Type.Object(
  {
    ticket: Ticket,
    activationCode: ActivationCode,
    region: Region,
    /** The tenants ('root' = assets without a tenant); null = all tenants; absent = as they are. */
    tenantIds: Type.Optional(TenantIds),
    expectedVersion: OrganizationVersion,
  },
  { additionalProperties: false },
);
export type NewActivationCodeRequest = Static<typeof NewActivationCodeRequestSchema>;

/** The answer of `POST /activation/code`. */
export const NewActivationCodeResultSchema = Type.Object({
  license: Type.Object({ id: Type.String(), name: Type.String(), tier: Tier, expirationDate: IsoDateTime }),
  /** The tier before the code: another one means the solution was upgraded. */
  previousTier: Nullable(Tier),
  status: ActivationStatusSchema,
});
export type NewActivationCodeResult = Static<typeof NewActivationCodeResultSchema>;

/** Body of `POST /terms/revoke` (*Revoke the confirmation of the terms*): the organization's version. */
export const RevokeTermsRequestSchema = Type.Object({ expectedVersion: OrganizationVersion }, { additionalProperties: false });
export type RevokeTermsRequest = Static<typeof RevokeTermsRequestSchema>;

/** Body of `POST /ksn/update`: the KSN configuration file version seen as available, and the organization's version. */
export const KsnUpdateRequestSchema = Type.Object(
  { version: Type.String({ minLength: 1, maxLength: 50 }), expectedVersion: OrganizationVersion },
  { additionalProperties: false },
);
export type KsnUpdateRequest = Static<typeof KsnUpdateRequestSchema>;

/** The answer of `POST /ksn/update`: the version now installed and the organization's new version. */
export const KsnUpdateResultSchema = Type.Object({ installedVersion: Type.String(), version: Version });
export type KsnUpdateResult = Static<typeof KsnUpdateResultSchema>;

/** An active license the root tenant's MDR configuration file can be made for. */
export const RootConfigurationLicenseSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  tier: Tier,
  assetLimit: Type.Integer(),
  expirationDate: Nullable(IsoDateTime),
});
export type RootConfigurationLicense = Static<typeof RootConfigurationLicenseSchema>;

/** `GET /configuration-file/licenses`: the active licenses for *Getting Started → Download*. */
export const RootConfigurationLicensesSchema = Type.Object({ items: Type.Array(RootConfigurationLicenseSchema) });
export type RootConfigurationLicenses = Static<typeof RootConfigurationLicensesSchema>;

/**
 * Query of `GET /configuration-file`: the license to make the root tenant's archive for (absent: the
 * one *MDR Usage* shows) and the archive's variant, as for a tenant's archive.
 */
export const RootConfigurationQuerySchema = Type.Object(
  { licenseId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), variant: ArchiveQuerySchema.properties.variant },
  { additionalProperties: false },
);
export type RootConfigurationQuery = Static<typeof RootConfigurationQuerySchema>;

import { AUTO_ACCEPT_MODES, DATA_LANGUAGES, type AutoAcceptMode, type DataLanguage } from '../settings-choices.ts';
import { CheckedString, IsoDateTime, Nullable, OneOf, Type, Version, type Static } from './common.ts';

/** A tenant with its own auto-acceptance switch (used in the per-tenant mode). */
export const AutoAcceptTenantSchema = Type.Object({ id: Type.String(), name: Type.String(), autoAccept: Type.Boolean(), version: Version });
export type AutoAcceptTenant = Static<typeof AutoAcceptTenantSchema>;

/** Extended notifications and the data language: `MdrSettings.general`, and the answer of `PUT /settings/general`. */
export const GeneralSettingsSchema = Type.Object({
  extendedNotifications: Type.Boolean(),
  /** When the terms of extended notifications were confirmed, null when never. */
  termsAcceptedOn: Nullable(IsoDateTime),
  language: OneOf(DATA_LANGUAGES),
  /** Concurrency token of the general settings (the versions of both stored keys, `3.1`). */
  version: Type.String(),
});
export type GeneralSettings = Static<typeof GeneralSettingsSchema>;

/** The per-tenant mode's options, changed with the auto-acceptance setting's version. */
const perTenantOptions = {
  /** Per-tenant mode's *All tenants* option: new tenants start with auto-acceptance on. */
  newTenants: Type.Optional(Type.Boolean()),
  /** *Root without tenants* (assets without a tenant); null when the console does not reach the root. */
  root: Type.Optional(Nullable(Type.Boolean())),
};

/** Body of `GET /settings`: the *Settings* tab's data. `autoAccept` is absent for users without *Auto-accept settings*. */
export const MdrSettingsSchema = Type.Object({
  general: GeneralSettingsSchema,
  autoAccept: Type.Optional(
    Type.Object({ mode: OneOf(AUTO_ACCEPT_MODES), version: Version, tenants: Type.Array(AutoAcceptTenantSchema), ...perTenantOptions }),
  ),
});
export type MdrSettings = Static<typeof MdrSettingsSchema>;

/** What *Save* sends for the general settings (`PUT /settings/general`); `validateGeneralSettings` checks the values. */
export const GeneralSettingsInputSchema = Type.Object(
  {
    extendedNotifications: Type.Boolean(),
    /** The terms check box; required when extended notifications are turned on. */
    termsAccepted: Type.Optional(Type.Boolean()),
    language: CheckedString<DataLanguage>({ maxLength: 10 }),
    /** The general settings' `version` the form was loaded with. */
    expectedVersion: Type.String({ pattern: '^[0-9]+\\.[0-9]+$' }),
  },
  { additionalProperties: false },
);
export type GeneralSettingsInput = Static<typeof GeneralSettingsInputSchema>;

/** Body of `PUT /settings/auto-accept/mode` (a mode that is not one of `AUTO_ACCEPT_MODES` is refused as `invalidMode`). */
export const AutoAcceptModeInputSchema = Type.Object(
  { mode: CheckedString<AutoAcceptMode>({ maxLength: 20 }), expectedVersion: Version },
  { additionalProperties: false },
);
export type AutoAcceptModeInput = Static<typeof AutoAcceptModeInputSchema>;

/** Answer of `PUT /settings/auto-accept/mode`. */
export const AutoAcceptModeSavedSchema = Type.Object({ mode: OneOf(AUTO_ACCEPT_MODES), version: Version });
export type AutoAcceptModeSaved = Static<typeof AutoAcceptModeSavedSchema>;

/**
 * Body of `PUT /settings/auto-accept/tenants`: single tenants' switches, and *All tenants* and *Root
 * without tenants* with the setting's `expectedVersion` when they change.
 */
export const AutoAcceptTenantsInputSchema = Type.Object(
  {
    tenants: Type.Array(
      Type.Object(
        { id: Type.String({ minLength: 1, maxLength: 100 }), autoAccept: Type.Boolean(), expectedVersion: Type.Integer({ minimum: 1 }) },
        { additionalProperties: false },
      ),
      { minItems: 0, maxItems: 200 },
    ),
    newTenants: Type.Optional(Type.Boolean()),
    root: Type.Optional(Type.Boolean()),
    expectedVersion: Type.Optional(Version),
  },
  { additionalProperties: false },
);
export type AutoAcceptTenantsInput = Static<typeof AutoAcceptTenantsInputSchema>;

/** Answer of `PUT /settings/auto-accept/tenants`: every tenant's switch and the setting's options after the change. */
export const AutoAcceptTenantsSavedSchema = Type.Object({ tenants: Type.Array(AutoAcceptTenantSchema), version: Version, ...perTenantOptions });
export type AutoAcceptTenantsSaved = Static<typeof AutoAcceptTenantsSavedSchema>;

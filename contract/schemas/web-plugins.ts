/**
 * *Console settings → Web plug-ins* (`/api/web-plugins`), declared once: the console server validates
 * requests and serializes answers with these schemas, and the console page reads the types derived
 * from them (contract/web-plugins.ts). A request property names its refusal (`refusal`), as in
 * schemas/console.ts.
 */
import { BUNDLE_REFUSALS } from '../bundle-refusals.ts';
import { IsoDateTime, OneOf, Type, type Static } from './common.ts';

/** `active`: installed and served. `damaged`: its files changed on disk. `incompatible`: made for other host contract versions. */
export const WebPluginStateSchema = OneOf(['active', 'damaged', 'incompatible']);
export type WebPluginState = Static<typeof WebPluginStateSchema>;

/** What a bundle says about itself (its manifest's display metadata). */
const identity = {
  /** Short id, in the plug-in's addresses. */
  id: Type.String(),
  /** `<publisher id>.<id>`. */
  qualifiedId: Type.String(),
  name: Type.String(),
  description: Type.String(),
  publisher: Type.Object({ id: Type.String(), name: Type.String() }),
  version: Type.String(),
  license: Type.String(),
};

export const WebPluginIdentitySchema = Type.Object(identity);
export type WebPluginIdentity = Static<typeof WebPluginIdentitySchema>;

/** An installed plug-in. */
export const InstalledWebPluginSchema = Type.Object({
  ...identity,
  languages: Type.Array(Type.String()),
  state: WebPluginStateSchema,
  installedAt: IsoDateTime,
  /** A newer signed bundle of this plug-in in the available-plug-ins folder. */
  update: Type.Optional(Type.Object({ version: Type.String(), fileName: Type.String() })),
});
export type InstalledWebPlugin = Static<typeof InstalledWebPluginSchema>;

/** A signed bundle of the available-plug-ins folder that can be installed: a plug-in not installed, or a newer version. */
export const AvailableWebPluginSchema = Type.Object({
  ...identity,
  fileName: Type.String(),
  /** The version installed now, when this would update it. */
  installedVersion: Type.Optional(Type.String()),
});
export type AvailableWebPlugin = Static<typeof AvailableWebPluginSchema>;

/** A file of the available-plug-ins folder that is not offered, and why. */
export const RefusedWebPluginSchema = Type.Object({
  fileName: Type.String(),
  rule: OneOf(BUNDLE_REFUSALS),
  field: Type.Optional(Type.String()),
});
export type RefusedWebPlugin = Static<typeof RefusedWebPluginSchema>;

/** `GET /api/web-plugins`. */
export const WebPluginsListSchema = Type.Object({
  plugins: Type.Array(InstalledWebPluginSchema),
  available: Type.Array(AvailableWebPluginSchema),
  refused: Type.Array(RefusedWebPluginSchema),
  /** Where the console looks for available bundles. */
  availableFolder: Type.String(),
});
export type WebPluginsList = Static<typeof WebPluginsListSchema>;

/** What installing a bundle did: the answer of `POST /api/web-plugins` and `POST /api/web-plugins/available/install` (201 installed, 200 updated). */
export const WebPluginInstallationSchema = Type.Object({
  outcome: OneOf(['installed', 'updated']),
  plugin: InstalledWebPluginSchema,
  previousVersion: Type.Optional(Type.String()),
});
export type WebPluginInstallation = Static<typeof WebPluginInstallationSchema>;

/** Body of `POST /api/web-plugins/available/install`: a file of the folder, and the installed version seen (none for a new plug-in). */
export const InstallAvailableSchema = Type.Object({
  fileName: Type.String({ minLength: 1, maxLength: 255, refusal: { error: 'validation', rule: 'required' } }),
  expectedVersion: Type.Optional(Type.String({ maxLength: 64, refusal: { error: 'validation', rule: 'invalidValue' } })),
});
export type InstallAvailable = Static<typeof InstallAvailableSchema>;

/** Query of `DELETE /api/web-plugins/:pluginId`: the installed version seen. */
export const RemoveWebPluginQuerySchema = Type.Object({
  expectedVersion: Type.String({ minLength: 1, maxLength: 64, refusal: { error: 'validation', rule: 'required' } }),
});
export type RemoveWebPluginQuery = Static<typeof RemoveWebPluginQuerySchema>;

export const WebPluginParamsSchema = Type.Object({ pluginId: Type.String() });

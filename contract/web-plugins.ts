/**
 * *Console settings → Web plug-ins*: what the console's `/api/web-plugins` routes answer, and why a
 * bundle is refused. Read by the console server and the console page.
 */

/** Why a plug-in bundle was refused (the `rule` of a 422 `bundleRefused`). */
export { BUNDLE_REFUSALS, type BundleRefusal } from './bundle-refusals.ts';

/** The answers and requests of `/api/web-plugins`, declared once as schemas (`contract/schemas/web-plugins.ts`); their types, for both sides. */
export type {
  AvailableWebPlugin,
  InstallAvailable,
  InstalledWebPlugin,
  RefusedWebPlugin,
  RemoveWebPluginQuery,
  WebPluginIdentity,
  WebPluginInstallation,
  WebPluginsList,
  WebPluginState,
} from './schemas/web-plugins.ts';

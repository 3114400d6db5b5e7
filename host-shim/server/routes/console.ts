import type { FastifyPluginAsync } from 'fastify';
import { NotFoundError } from '../errors.ts';
import { discoverLanguages } from '../languages.ts';
import type { PluginStore } from '../plugins/plugin-store.ts';

export interface ConsoleRoutesOptions {
  /** The installed plug-ins. */
  plugins: PluginStore;
  /** The console's own texts. */
  localesDir: string;
}

/**
 * What the console page reads at start: the languages it can show (before sign-in) and the
 * plug-ins it loads (`/api/plugins`: each installed plug-in's manifest, where its files and texts
 * are, and its languages — as installed now: a plug-in removed a moment ago is no longer listed).
 * Any other `/api/…` path is 404.
 */
export const consoleRoutes: FastifyPluginAsync<ConsoleRoutesOptions> = async (app, { plugins, localesDir }) => {
  app.get('/languages', { config: { access: 'public' } }, async () => ({ languages: discoverLanguages(localesDir, 'console') }));

  app.get('/plugins', { config: { access: 'signedIn' } }, async () => ({
    plugins: plugins.activePlugins().map(({ manifest }) => ({
      manifest,
      baseUrl: `/plugins/${manifest.id}/`,
      localeBaseUrl: `/plugins/${manifest.id}/locales/`,
      languages: manifest.locales,
    })),
  }));

  app.all('/*', { config: { access: 'public' } }, async () => {
    throw new NotFoundError('route');
  });
};

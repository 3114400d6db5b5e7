import type { FastifyPluginAsync } from 'fastify';
import { NotFoundError } from '../errors.ts';
import { discoverLanguages } from '../languages.ts';
import type { PluginManifest } from '../manifest.ts';

export interface ConsoleRoutesOptions {
  manifest: PluginManifest;
  localesDir: string;
}

/**
 * What the console page reads at start: the languages it can show (before sign-in) and the
 * plug-ins it loads (`/api/plugins`: the manifest, where the plug-in's files and texts are, and its
 * languages). Any other `/api/…` path is 404.
 */
export const consoleRoutes: FastifyPluginAsync<ConsoleRoutesOptions> = async (app, { manifest, localesDir }) => {
  app.get('/languages', { config: { access: 'public' } }, async () => ({ languages: discoverLanguages(localesDir, 'console') }));

  app.get('/plugins', { config: { access: 'signedIn' } }, async () => ({
    plugins: [
      {
        manifest,
        baseUrl: `/plugins/${manifest.id}/`,
        localeBaseUrl: '/locales/',
        languages: discoverLanguages(localesDir, manifest.localeNamespace),
      },
    ],
  }));

  app.all('/*', { config: { access: 'public' } }, async () => {
    throw new NotFoundError('route');
  });
};

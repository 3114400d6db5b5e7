import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import { ConsoleLanguagesSchema, LoadedPluginListSchema } from '../../../contract/schemas/console.ts';
import { ConsoleError, NotFoundError } from '../errors.ts';
import { discoverLanguages } from '../languages.ts';
import { sessionOf } from '../http/access.ts';
import type { PluginStore } from '../plugins/plugin-store.ts';
import type { SessionStore } from '../sessions.ts';

/** How often an open `/api/plugin-events` stream gets a comment (well under the idle timeout of a connection). */
const PLUGIN_EVENTS_KEEP_ALIVE_MS = 20_000;

/**
 * Notice streams one session may hold open (a console page each; a person rarely has more tabs). A
 * stream holds a connection for as long as the page is open, so without a cap one session could take
 * the connections its address is allowed (`KSC_MAX_CONNECTIONS_PER_ADDRESS`) from everyone behind it.
 */
export const PLUGIN_EVENT_STREAMS_PER_SESSION = 8;

export interface ConsoleRoutesOptions {
  /** The installed plug-ins. */
  plugins: PluginStore;
  /** Sessions, to end the notice stream of one that ended. */
  sessions: SessionStore;
  /** The console's own texts. */
  localesDir: string;
}

/**
 * What the console page reads at start: the languages it can show (before sign-in) and the
 * plug-ins it loads (`/api/plugins`: each installed plug-in's manifest, where its files and texts
 * are, and its languages — as installed now: a plug-in removed a moment ago is no longer listed),
 * and `/api/plugin-events`, a stream of server-sent events that says when that list changed.
 * Any other `/api/…` path is 404.
 */
export const consoleRoutes: FastifyPluginAsync<ConsoleRoutesOptions> = async (app, { plugins, localesDir, sessions }) => {
  app.get('/languages', { schema: { response: { 200: ConsoleLanguagesSchema } }, config: { access: 'public' } }, async () => ({ languages: discoverLanguages(localesDir, 'console') }));

  app.get('/plugins', { schema: { response: { 200: LoadedPluginListSchema } }, config: { access: 'signedIn' } }, async () => ({
    plugins: plugins.activePlugins().map(({ manifest }) => ({
      // A bundle installed before manifests declared their rights declares none.
      manifest: { ...manifest, rights: manifest.rights ?? [] },
      baseUrl: `/plugins/${manifest.id}/`,
      localeBaseUrl: `/plugins/${manifest.id}/locales/`,
      languages: manifest.locales,
    })),
  }));

  // Every open console hears at once that the plug-ins changed (one installed, updated or removed)
  // and reads /api/plugins again: a removed plug-in's section and widgets leave without a reload.
  const streams = new Set<ServerResponse>();
  const streamsOfSession = new Map<string, number>();
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });
  app.get('/plugin-events', { config: { access: 'signedIn' } }, (request, reply) => {
    // Only an event source waits for notices; any other caller is answered at once.
    if (!String(request.headers.accept ?? '').includes('text/event-stream')) throw new ConsoleError(406, 'notAcceptable', 'The plug-in events are sent as text/event-stream');
    const { idHash } = sessionOf(request);
    const held = streamsOfSession.get(idHash) ?? 0;
    if (held >= PLUGIN_EVENT_STREAMS_PER_SESSION) throw new ConsoleError(429, 'tooManyStreams', `A session may hold ${PLUGIN_EVENT_STREAMS_PER_SESSION} notice streams`);
    streamsOfSession.set(idHash, held + 1);
    reply.hijack();
    const stream = reply.raw;
    stream.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    stream.write('retry: 3000\n\n');
    streams.add(stream);
    const stop = plugins.onChange(() => stream.write('event: plugins\ndata: changed\n\n'));
    // A comment now and then keeps the connection from counting as idle (connection-limits.ts); a
    // session that ended meanwhile (signed out, idle, user disabled) ends its stream, and the browser's
    // attempt to open it again is refused (401).
    const keepAlive = setInterval(() => (sessions.isOpen(idHash) ? stream.write(': keep-alive\n\n') : stream.end()), PLUGIN_EVENTS_KEEP_ALIVE_MS);
    request.raw.once('close', () => {
      stop();
      clearInterval(keepAlive);
      streams.delete(stream);
      const left = (streamsOfSession.get(idHash) ?? 1) - 1;
      if (left > 0) streamsOfSession.set(idHash, left);
      else streamsOfSession.delete(idHash);
    });
  });

  app.all('/*', { config: { access: 'public' } }, async () => {
    throw new NotFoundError('route');
  });
};

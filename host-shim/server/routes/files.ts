import fs from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import fastifyStatic from '@fastify/static';
import { NotFoundError } from '../errors.ts';
import type { PluginStore } from '../plugins/plugin-store.ts';

export interface ConsoleFilesOptions {
  /** Built console (index.html and assets). */
  consoleDir: string;
  /** The installed plug-ins, whose files are served under `/plugins/<id>/`. */
  plugins: PluginStore;
  /** The console's own texts, `<language>/console.json`. */
  localesDir: string;
}

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The files: the console's, its texts, and each installed plug-in's — only from its installed
 * bundle, only the files its file list names, each answered with its SHA-256 as the ETag. Any other
 * page address (a reload of `/mdr/incidents`, say) gets the console's index.html, whose router shows
 * the page; any other request, 404.
 */
export const consoleFiles: FastifyPluginAsync<ConsoleFilesOptions> = async (app, options) => {
  await app.register(fastifyStatic, { root: options.consoleDir, prefix: '/', index: false, wildcard: false });
  // The console's own texts; a plug-in's come with its bundle.
  await app.register(fastifyStatic, {
    root: options.localesDir,
    prefix: '/locales/',
    decorateReply: false,
    allowedPath: (pathName) => /^\/[A-Za-z0-9-]+\/console\.json$/.test(pathName),
  });

  app.get<{ Params: { pluginId: string } }>('/plugins/:pluginId/*', async (request, reply) => {
    const plugin = options.plugins.active(request.params.pluginId);
    // The name as the browser sent it: a bundle's names need no encoding, so anything encoded is no file of it.
    const name = request.url.split('?')[0]!.slice(`/plugins/${request.params.pluginId}/`.length);
    const entry = plugin?.files.get(name);
    const file = plugin && options.plugins.filePath(plugin, name);
    if (!entry || !file) throw new NotFoundError('file');
    const etag = `"${entry.sha256}"`;
    // Revalidated at every load: an update changes a file behind the same address.
    void reply.header('etag', etag).header('cache-control', 'no-cache');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply
      .type(contentTypes[path.extname(name)] ?? 'application/octet-stream')
      .header('content-length', entry.size)
      .send(fs.createReadStream(file));
  });

  const indexFile = path.join(options.consoleDir, 'index.html');
  app.setNotFoundHandler(async (request, reply) => {
    // A page address; a file that is not there (`/locales/…`, `/plugins/…`) is 404 like any other request.
    if (request.method === 'GET' && !/^\/(api|locales|plugins)\//.test(request.url) && fs.existsSync(indexFile)) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(fs.createReadStream(indexFile));
    }
    throw new NotFoundError('page');
  });
};

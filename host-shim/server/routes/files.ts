import fs from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import fastifyStatic from '@fastify/static';
import { NotFoundError } from '../errors.ts';

export interface ConsoleFilesOptions {
  /** Built console (index.html and assets). */
  consoleDir: string;
  /** Built plug-in (entry module and chunks), served under `/plugins/<pluginId>/`. */
  pluginDir: string;
  pluginId: string;
  localesDir: string;
}

/**
 * The files: the console's, the plug-in's and the texts of both. Any other page address (a reload
 * of `/mdr/incidents`, say) gets the console's index.html, whose router shows the page; any other
 * request, 404.
 */
export const consoleFiles: FastifyPluginAsync<ConsoleFilesOptions> = async (app, options) => {
  await app.register(fastifyStatic, { root: options.consoleDir, prefix: '/', index: false, wildcard: false });
  await app.register(fastifyStatic, { root: options.pluginDir, prefix: `/plugins/${options.pluginId}/`, decorateReply: false });
  await app.register(fastifyStatic, { root: options.localesDir, prefix: '/locales/', decorateReply: false });

  const indexFile = path.join(options.consoleDir, 'index.html');
  app.setNotFoundHandler(async (request, reply) => {
    if (request.method === 'GET' && !request.url.startsWith('/api/') && fs.existsSync(indexFile)) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(fs.createReadStream(indexFile));
    }
    throw new NotFoundError('page');
  });
};

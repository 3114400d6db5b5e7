/**
 * The console's demo mailbox page (`/demo/mailbox`): what the MDR service's embedded SMTP sink
 * received — verification codes, notifications and PDF reports — for a person trying the demo.
 * Signed-in users only; texts from `locales/<lang>/console.json` (group `mailbox`).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MdrServiceClient } from './outbound.ts';
import type { ActiveSession } from './sessions.ts';

interface MailboxMessage {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  attachments: { index: number; filename: string; contentType: string; size: number }[];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}

function texts(localesDir: string, language: string): (key: string) => string {
  const load = (code: string): Record<string, string> => {
    try {
      return (JSON.parse(fs.readFileSync(path.join(localesDir, code, 'console.json'), 'utf8')) as { mailbox?: Record<string, string> }).mailbox ?? {};
    } catch {
      return {};
    }
  };
  const chosen = /^[a-z]{2,3}$/.test(language) ? load(language) : {};
  const english = load('en');
  return (key) => chosen[key] ?? english[key] ?? key;
}

function page(language: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(language)}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,'Segoe UI',Roboto,sans-serif;margin:24px;max-width:1000px;color:#1d1d1f}
article{border:1px solid #dadce0;border-radius:6px;padding:12px 16px;margin:12px 0}
h2{font-size:1.1rem;margin:0 0 6px}dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0 0 8px}
dt{color:#5f6368}dd{margin:0}pre{white-space:pre-wrap;background:#f8f9fa;padding:8px;border-radius:4px}
</style></head><body>${body}</body></html>`;
}

/** Registers `GET /demo/mailbox` and `GET /demo/mailbox/:id/attachments/:index` on the console server. */
export function registerDemoMailbox(
  app: FastifyInstance,
  options: { resolveSession(request: FastifyRequest): ActiveSession | undefined; mdrClient: MdrServiceClient; credential: string; localesDir: string },
): void {
  const headers = { authorization: `Bearer ${options.credential}` };

  const signedIn = async (request: FastifyRequest, reply: FastifyReply): Promise<ActiveSession | undefined> => {
    const session = options.resolveSession(request);
    if (!session) {
      const t = texts(options.localesDir, 'en');
      await reply.code(401).type('text/html; charset=utf-8').send(page('en', t('title'), `<p>${escapeHtml(t('signIn'))} <a href="/">${escapeHtml(t('signInLink'))}</a></p>`));
    }
    return session;
  };

  app.get('/demo/mailbox', async (request, reply) => {
    const session = await signedIn(request, reply);
    if (!session) return;
    const language = session.user.language ?? 'en';
    const t = texts(options.localesDir, language);
    let content: string;
    try {
      const response = await options.mdrClient.request({ method: 'GET', path: '/demo/v1/mailbox', headers });
      if (response.statusCode === 404) {
        await response.body.dump();
        content = `<p>${escapeHtml(t('relay'))}</p>`;
      } else {
        const { messages } = (await response.body.json()) as { messages: MailboxMessage[] };
        const format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' });
        content =
          messages.length === 0
            ? `<p>${escapeHtml(t('empty'))}</p>`
            : messages
                .map(
                  (mail) => `<article>
<h2>${escapeHtml(mail.subject)}</h2>
<dl><dt>${escapeHtml(t('from'))}</dt><dd>${escapeHtml(mail.from)}</dd>
<dt>${escapeHtml(t('to'))}</dt><dd>${escapeHtml(mail.to.join(', '))}</dd>
<dt>${escapeHtml(t('received'))}</dt><dd>${escapeHtml(format.format(new Date(mail.receivedAt)))}</dd>
${
  mail.attachments.length
    ? `<dt>${escapeHtml(t('attachments'))}</dt><dd>${mail.attachments
        .map((attachment) => `<a href="/demo/mailbox/${encodeURIComponent(mail.id)}/attachments/${attachment.index}">${escapeHtml(attachment.filename)}</a>`)
        .join(', ')}</dd>`
    : ''
}</dl>
<pre>${escapeHtml(mail.text)}</pre>
</article>`,
                )
                .join('\n');
      }
    } catch {
      content = `<p role="alert">${escapeHtml(t('unreachable'))}</p>`;
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(page(language, t('title'), `<h1>${escapeHtml(t('title'))}</h1><p>${escapeHtml(t('intro'))}</p><p><a href="/demo/mailbox">${escapeHtml(t('refresh'))}</a></p>${content}`));
  });

  app.get<{ Params: { id: string; index: string } }>('/demo/mailbox/:id/attachments/:index', async (request, reply) => {
    if (!(await signedIn(request, reply))) return;
    if (!/^[0-9]{15}-[0-9a-f]{8}$/.test(request.params.id) || !/^[0-9]{1,3}$/.test(request.params.index)) return reply.code(404).send({ error: 'notFound' });
    try {
      const response = await options.mdrClient.request({
        method: 'GET',
        path: `/demo/v1/mailbox/${request.params.id}/attachments/${request.params.index}`,
        headers,
      });
      reply.code(response.statusCode);
      for (const name of ['content-type', 'content-disposition']) {
        const value = response.headers[name];
        if (typeof value === 'string') reply.header(name, value);
      }
      return reply.send(response.body);
    } catch {
      return reply.code(502).send({ error: 'serviceUnreachable' });
    }
  });
}

/**
 * The console's demo mailbox pages (`/demo/mailbox`, `/demo/mailbox/:id`): what the MDR service's
 * embedded SMTP sink received — verification codes, notifications and PDF reports — for a person
 * trying the demo. Signed-in users with *Incident access* only (401 and 403 pages otherwise); the
 * MDR service decides which messages each user sees (`mdr-service/mail/mailbox-access.ts`) and
 * answers 404 for any other, so nothing here filters. Texts from `locales/<lang>/console.json`
 * (group `mailbox`).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { onBehalfOf } from '../gateway/forward.ts';
import type { MdrServiceClient } from '../outbound.ts';
import { sessionCookieName, type ActiveSession, type SessionStore } from '../sessions.ts';

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

/** Message ids of the sink (`<received at, 15 digits>-<8 hex>`). */
const MESSAGE_ID = /^[0-9]{15}-[0-9a-f]{8}$/;

function renderMessage(mail: MailboxMessage, t: (key: string) => string, format: Intl.DateTimeFormat): string {
  const link = `/demo/mailbox/${encodeURIComponent(mail.id)}`;
  return `<article>
<h2><a href="${link}">${escapeHtml(mail.subject)}</a></h2>
<dl><dt>${escapeHtml(t('from'))}</dt><dd>${escapeHtml(mail.from)}</dd>
<dt>${escapeHtml(t('to'))}</dt><dd>${escapeHtml(mail.to.join(', '))}</dd>
<dt>${escapeHtml(t('received'))}</dt><dd>${escapeHtml(format.format(new Date(mail.receivedAt)))}</dd>
${
  mail.attachments.length
    ? `<dt>${escapeHtml(t('attachments'))}</dt><dd>${mail.attachments
        .map((attachment) => `<a href="${link}/attachments/${attachment.index}">${escapeHtml(attachment.filename)}</a>`)
        .join(', ')}</dd>`
    : ''
}</dl>
<pre>${escapeHtml(mail.text)}</pre>
</article>`;
}

export interface DemoMailboxOptions {
  sessions: SessionStore;
  mdrClient: MdrServiceClient;
  /** The console's credential to the MDR service. */
  credential: string;
  localesDir: string;
}

/**
 * `GET /demo/mailbox`, `GET /demo/mailbox/:id` and `GET /demo/mailbox/:id/attachments/:index`: pages,
 * so every answer is a page, refusals included (401, 403, 404, 502).
 */
export const demoMailboxRoutes: FastifyPluginAsync<DemoMailboxOptions> = async (app, options) => {
  const sendPage = (reply: FastifyReply, status: number, language: string, body: string) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(page(language, texts(options.localesDir, language)('title'), body));

  /** A page with one message of the `mailbox` group (and a way back to the list when signed in). */
  const sendNotice = (reply: FastifyReply, status: number, language: string, key: string, back = true) => {
    const t = texts(options.localesDir, language);
    const role = status >= 500 ? ' role="alert"' : '';
    const backLink = back ? ` <a href="/demo/mailbox">${escapeHtml(t('back'))}</a>` : '';
    return sendPage(reply, status, language, `<h1>${escapeHtml(t('title'))}</h1><p${role}>${escapeHtml(t(key))}${backLink}</p>`);
  };

  /**
   * The session of a user who may use the mailbox at all; answers 401 (no session) or 403 (no
   * *Incident access*, the minimum MDR right) itself.
   */
  const reader = async (request: FastifyRequest, reply: FastifyReply): Promise<ActiveSession | undefined> => {
    const session = options.sessions.resolve(request.cookies[sessionCookieName]);
    if (!session) {
      const t = texts(options.localesDir, 'en');
      await sendPage(reply, 401, 'en', `<p>${escapeHtml(t('signIn'))} <a href="/">${escapeHtml(t('signInLink'))}</a></p>`);
      return undefined;
    }
    if (!session.rights.has('incidentAccess')) {
      await sendNotice(reply, 403, session.user.language ?? 'en', 'forbidden', false);
      return undefined;
    }
    return session;
  };

  /** Calls the service's mailbox as the session's user. */
  const fromService = (session: ActiveSession, servicePath: string) =>
    options.mdrClient.request({ method: 'GET', path: `/demo/v1/mailbox${servicePath}`, headers: onBehalfOf(options.credential, session) });

  /** The page for a refusal of the service: 403, 404 (no such message for this user) or unreachable. */
  const sendRefusal = (reply: FastifyReply, status: number, language: string) =>
    status === 403 ? sendNotice(reply, 403, language, 'forbidden', false) : status === 404 ? sendNotice(reply, 404, language, 'notFound') : sendNotice(reply, 502, language, 'unreachable');

  app.get('/demo/mailbox', async (request, reply) => {
    const session = await reader(request, reply);
    if (!session) return;
    const language = session.user.language ?? 'en';
    const t = texts(options.localesDir, language);
    let content: string;
    try {
      const response = await fromService(session, '');
      if (response.statusCode === 404) {
        await response.body.dump();
        content = `<p>${escapeHtml(t('relay'))}</p>`;
      } else if (response.statusCode !== 200) {
        await response.body.dump();
        return sendRefusal(reply, response.statusCode, language);
      } else {
        const { messages } = (await response.body.json()) as { messages: MailboxMessage[] };
        const format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' });
        content = messages.length === 0 ? `<p>${escapeHtml(t('empty'))}</p>` : messages.map((mail) => renderMessage(mail, t, format)).join('\n');
      }
    } catch {
      content = `<p role="alert">${escapeHtml(t('unreachable'))}</p>`;
    }
    const whose = session.administration ? t('whoseAll') : t('whose');
    return sendPage(
      reply,
      200,
      language,
      `<h1>${escapeHtml(t('title'))}</h1><p>${escapeHtml(t('intro'))}</p><p>${escapeHtml(whose)}</p><p><a href="/demo/mailbox">${escapeHtml(t('refresh'))}</a></p>${content}`,
    );
  });

  app.get<{ Params: { id: string } }>('/demo/mailbox/:id', async (request, reply) => {
    const session = await reader(request, reply);
    if (!session) return;
    const language = session.user.language ?? 'en';
    if (!MESSAGE_ID.test(request.params.id)) return sendNotice(reply, 404, language, 'notFound');
    try {
      const response = await fromService(session, `/${request.params.id}`);
      if (response.statusCode !== 200) {
        await response.body.dump();
        return sendRefusal(reply, response.statusCode, language);
      }
      const mail = (await response.body.json()) as MailboxMessage;
      const t = texts(options.localesDir, language);
      const format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' });
      return sendPage(reply, 200, language, `<h1>${escapeHtml(t('title'))}</h1><p><a href="/demo/mailbox">${escapeHtml(t('back'))}</a></p>${renderMessage(mail, t, format)}`);
    } catch {
      return sendNotice(reply, 502, language, 'unreachable');
    }
  });

  app.get<{ Params: { id: string; index: string } }>('/demo/mailbox/:id/attachments/:index', async (request, reply) => {
    const session = await reader(request, reply);
    if (!session) return;
    const language = session.user.language ?? 'en';
    if (!MESSAGE_ID.test(request.params.id) || !/^[0-9]{1,3}$/.test(request.params.index)) return sendNotice(reply, 404, language, 'notFound');
    try {
      const response = await fromService(session, `/${request.params.id}/attachments/${request.params.index}`);
      if (response.statusCode !== 200) {
        await response.body.dump();
        return sendRefusal(reply, response.statusCode, language);
      }
      for (const name of ['content-type', 'content-disposition']) {
        const value = response.headers[name];
        if (typeof value === 'string') reply.header(name, value);
      }
      return reply.header('cache-control', 'no-store').send(response.body);
    } catch {
      return sendNotice(reply, 502, language, 'unreachable');
    }
  });
};

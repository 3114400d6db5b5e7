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
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { ConsoleError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '../errors.ts';
import { onBehalfOf } from '../gateway/forward.ts';
import { sessionOf } from '../http/access.ts';
import { UpstreamError, type MdrServiceClient } from '../outbound.ts';
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

/** The service's mailbox refused in a way that has no page of its own: shown as unreachable (502). */
class MailboxRefusedError extends ConsoleError {
  constructor(status: number) {
    super(502, 'serviceError', `The MDR service's mailbox answered ${status}`);
  }
}

/** The error a refusal of the service's mailbox stands for: 403, 404 (no such message for this reader), or none of its own. */
function serviceRefusal(status: number): Error {
  if (status === 403) return new ForbiddenError();
  if (status === 404) return new NotFoundError('message');
  return new MailboxRefusedError(status);
}

const messageParams = { type: 'object', properties: { id: { type: 'string', pattern: MESSAGE_ID.source } } } as const;
const attachmentParams = { type: 'object', properties: { id: { type: 'string', pattern: MESSAGE_ID.source }, index: { type: 'string', pattern: '^[0-9]{1,3}$' } } } as const;

/**
 * `GET /demo/mailbox`, `GET /demo/mailbox/:id` and `GET /demo/mailbox/:id/attachments/:index`.
 * Every answer is a page, refusals included: handlers throw the typed errors, and this scope's error
 * handler shows each as a page in the reader's language (401 with the way to sign in, 403, 404 for a
 * message id that is malformed or not the reader's, 502 when the service cannot be asked).
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

  app.setErrorHandler((error, request, reply) => {
    const language = request.session?.user.language ?? 'en';
    if (error instanceof UnauthenticatedError) {
      const t = texts(options.localesDir, 'en');
      return sendPage(reply, 401, 'en', `<p>${escapeHtml(t('signIn'))} <a href="/">${escapeHtml(t('signInLink'))}</a></p>`);
    }
    if (error instanceof ForbiddenError) return sendNotice(reply, 403, language, 'forbidden', false);
    // A malformed message id or attachment number is no message of this reader's either.
    if (error instanceof NotFoundError || error instanceof ValidationError) return sendNotice(reply, 404, language, 'notFound');
    if (error instanceof UpstreamError || error instanceof MailboxRefusedError) return sendNotice(reply, 502, language, 'unreachable');
    // Anything else is the console's own failure: its error handler answers.
    throw error;
  });

  /** Only signed-in users with *Incident access*, the minimum MDR right, may use the mailbox at all. */
  app.addHook('preValidation', async (request) => {
    const session = options.sessions.resolve(request.cookies[sessionCookieName]);
    if (!session) throw new UnauthenticatedError();
    request.session = session;
    if (!session.rights.has('incidentAccess')) throw new ForbiddenError();
  });

  /**
   * Calls the service's mailbox as the session's user: its answer, or the refusal it stands for.
   * No answer at all (unreachable, 5xx) is the client's UpstreamError.
   */
  const fromService = async (session: ActiveSession, servicePath: string) => {
    const response = await options.mdrClient.request({ method: 'GET', path: `/demo/v1/mailbox${servicePath}`, headers: onBehalfOf(options.credential, session) });
    if (response.statusCode === 200) return response;
    await response.body.dump();
    throw serviceRefusal(response.statusCode);
  };

  /** The mail the service gives for `servicePath`; a body that is not JSON is no answer either. */
  const mailFromService = async <T>(session: ActiveSession, servicePath: string): Promise<T> => {
    const response = await fromService(session, servicePath);
    try {
      return (await response.body.json()) as T;
    } catch {
      throw new UpstreamError('invalidResponse', 502, "The MDR service's mailbox answered with a body that is not JSON");
    }
  };

  app.get('/demo/mailbox', async (request, reply) => {
    const session = sessionOf(request);
    const language = session.user.language ?? 'en';
    const t = texts(options.localesDir, language);
    let content: string;
    try {
      const { messages } = await mailFromService<{ messages: MailboxMessage[] }>(session, '');
      const format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' });
      content = messages.length === 0 ? `<p>${escapeHtml(t('empty'))}</p>` : messages.map((mail) => renderMessage(mail, t, format)).join('\n');
    } catch (error) {
      // No mailbox (mail goes to a relay), or no answer: said on the page, which still opens.
      if (error instanceof NotFoundError) content = `<p>${escapeHtml(t('relay'))}</p>`;
      else if (error instanceof UpstreamError) content = `<p role="alert">${escapeHtml(t('unreachable'))}</p>`;
      else throw error;
    }
    const whose = session.administration ? t('whoseAll') : t('whose');
    return sendPage(
      reply,
      200,
      language,
      `<h1>${escapeHtml(t('title'))}</h1><p>${escapeHtml(t('intro'))}</p><p>${escapeHtml(whose)}</p><p><a href="/demo/mailbox">${escapeHtml(t('refresh'))}</a></p>${content}`,
    );
  });

  app.get<{ Params: { id: string } }>('/demo/mailbox/:id', { schema: { params: messageParams } }, async (request, reply) => {
    const session = sessionOf(request);
    const language = session.user.language ?? 'en';
    const mail = await mailFromService<MailboxMessage>(session, `/${request.params.id}`);
    const t = texts(options.localesDir, language);
    const format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' });
    return sendPage(reply, 200, language, `<h1>${escapeHtml(t('title'))}</h1><p><a href="/demo/mailbox">${escapeHtml(t('back'))}</a></p>${renderMessage(mail, t, format)}`);
  });

  app.get<{ Params: { id: string; index: string } }>('/demo/mailbox/:id/attachments/:index', { schema: { params: attachmentParams } }, async (request, reply) => {
    const response = await fromService(sessionOf(request), `/${request.params.id}/attachments/${request.params.index}`);
    for (const name of ['content-type', 'content-disposition']) {
      const value = response.headers[name];
      if (typeof value === 'string') reply.header(name, value);
    }
    return reply.header('cache-control', 'no-store').send(response.body);
  });
};

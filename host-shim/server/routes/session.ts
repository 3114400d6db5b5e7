// request.cookies and reply.setCookie are declared by the cookie plugin (registered in app.ts).
import type {} from '@fastify/cookie';
import type { FastifyPluginAsync } from 'fastify';
import type { ConsoleSession, SessionPreferences, SignIn } from '../../../contract/console.ts';
import { ConsoleSessionSchema, SessionPreferencesSchema, SignInSchema } from '../../../contract/schemas/console.ts';
import { requireSameOrigin, sessionOf } from '../http/access.ts';
import type { ConsoleDatabase } from '../console-db.ts';
import { FieldRefusedError } from '../errors.ts';
import { discoverLanguages } from '../languages.ts';
import { authenticate } from '../services/sign-in.ts';
import { sessionCookieName, type ActiveSession, type SessionStore, type SignInLimiter } from '../sessions.ts';

/** Sign-in is parsed before anyone is known: a user name and a password fit many times over. */
const signInBodyLimit = 4 * 1024;

const cookieOptions = { httpOnly: true, sameSite: 'strict', path: '/' } as const;

/** What the console page knows of its user: who, their rights, the CSRF token for changes, their preferences. */
function describeSession(session: ActiveSession): ConsoleSession {
  return {
    user: { id: session.user.id, userName: session.user.userName, displayName: session.user.displayName },
    rights: [...session.rights],
    administration: session.administration,
    csrfToken: session.csrfToken,
    language: session.user.language ?? 'en',
    showMdrFeatures: session.user.showMdrFeatures,
  };
}

export interface SessionRoutesOptions {
  database: ConsoleDatabase;
  sessions: SessionStore;
  signInLimiter: SignInLimiter;
  localesDir: string;
}

/**
 * `/api/session`: the session of the browser (GET), sign-in (POST), sign-out (DELETE), and the
 * user's language and *Show MDR features* (`PUT /api/session/preferences`).
 */
export const sessionRoutes: FastifyPluginAsync<SessionRoutesOptions> = async (app, { database, sessions, signInLimiter, localesDir }) => {
  app.get('/session', { schema: { response: { 200: ConsoleSessionSchema } }, config: { access: 'signedIn' } }, async (request) => describeSession(sessionOf(request)));

  // Small and shallow bodies only, from this console's page or a client that names no origin:
  // everything here runs before the password check (scrypt).
  app.post<{ Body: SignIn }>(
    '/session',
    {
      bodyLimit: signInBodyLimit,
      schema: { body: SignInSchema, response: { 200: ConsoleSessionSchema } },
      config: { access: 'public', jsonMaxDepth: 5 },
      preValidation: async (request) => requireSameOrigin(request),
    },
    async (request, reply) => {
      const user = await authenticate(database.users, signInLimiter, { userName: request.body.userName.trim(), password: request.body.password }, request.ip);
      // A fresh session id at every sign-in; an older session cookie in this browser is ended.
      const previous = sessions.resolve(request.cookies[sessionCookieName]);
      if (previous) sessions.destroy(previous.idHash);
      const created = sessions.create(user.id);
      reply.setCookie(sessionCookieName, created.id, cookieOptions);
      return describeSession(sessions.resolve(created.id)!);
    },
  );

  app.delete('/session', { config: { access: 'signedIn' } }, async (request, reply) => {
    sessions.destroy(sessionOf(request).idHash);
    reply.clearCookie(sessionCookieName, cookieOptions);
    return reply.code(204).send();
  });

  app.put<{ Body: SessionPreferences }>('/session/preferences', { schema: { body: SessionPreferencesSchema, response: { 200: ConsoleSessionSchema } }, config: { access: 'signedIn' } }, async (request) => {
    const session = sessionOf(request);
    const { language, showMdrFeatures } = request.body;
    // Read at every change: adding a language folder adds a language without a restart.
    if (language !== undefined && !discoverLanguages(localesDir, 'console').includes(language)) throw new FieldRefusedError('unknownLanguage', 'language');
    database.users.updatePreferences(session.user.id, { language, showMdrFeatures });
    return describeSession(sessions.resolve(request.cookies[sessionCookieName])!);
  });
};

import type { FastifyInstance } from 'fastify';
import type { TestService } from './mdr-service.ts';
import { signInAs, startConsole } from './console-fixture.ts';

/** A console server in front of a test MDR service, and a way to call plug-in routes as a demo user. */
export async function startConsoleFor(service: TestService): Promise<{
  app: FastifyInstance;
  /** Calls `/api/plugins/mdr/<path>` as `userName` (signed in once, with its CSRF token). */
  call(userName: string, method: string, path: string, payload?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}> {
  const fixture = await startConsole({ serviceUrl: service.url, credential: service.consoleCredential, env: { NODE_EXTRA_CA_CERTS: service.app.mdr.pki.caCertPath } });
  const sessions = new Map<string, Awaited<ReturnType<typeof signInAs>>>();
  return {
    app: fixture.app,
    async call(userName, method, path, payload) {
      let session = sessions.get(userName);
      if (!session) {
        session = await signInAs(fixture.app, userName);
        sessions.set(userName, session);
      }
      const response = await fixture.app.inject({
        method: method as 'GET',
        url: `/api/plugins/mdr/${path}`,
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      });
      return { status: response.statusCode, body: response.body ? (response.json() as Record<string, unknown>) : {} };
    },
    close: () => fixture.close(),
  };
}

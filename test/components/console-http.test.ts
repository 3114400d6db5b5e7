import './support/accessibility-hook.ts';
import { expect } from '@open-wc/testing';
import { consoleHttp, createPluginHttp } from '../../host-shim/console/console-api.ts';

describe("the console's HTTP clients", () => {
  let original: CookieStore['get'];
  const asked: unknown[] = [];
  before(() => {
    original = window.cookieStore.get;
    window.cookieStore.get = ((...args: Parameters<CookieStore['get']>) => {
      asked.push(args[0]);
      return original.apply(window.cookieStore, args);
    }) as CookieStore['get'];
  });
  after(() => {
    window.cookieStore.get = original;
  });

  // They send the session's CSRF token in a header of their own; axios's XSRF cookie does not exist
  // here, and asking the browser's cookie store for it would hold back every request.
  it('send a request without asking the cookie store for an XSRF cookie first', async () => {
    for (const client of [consoleHttp, createPluginHttp('mdr', () => undefined)]) {
      const status = await client.get('/no-such-route').then(
        (response) => response.status,
        (error: { response?: { status: number } }) => error.response?.status,
      );
      expect(status).to.equal(404);
    }
    expect(asked).to.deep.equal([]);
  });
});

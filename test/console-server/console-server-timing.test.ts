import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serviceForSuite } from '../support/mdr-service.ts';
import { signInAs, startConsole } from '../support/console-fixture.ts';

/**
 * `CONSOLE_SERVER_TIMING=1`: a forwarded plug-in call says what each step cost the console (README,
 * "The gateway's steps"), so that the slowest one can be named; off by default, nothing is said.
 */
describe('console gateway: Server-Timing of a plug-in call', () => {
  const service = serviceForSuite({ demo: { seed: 3, assets: 20 } });

  async function timingHeader(env: Record<string, string>): Promise<{ status: number; timing: unknown }> {
    const fixture = await startConsole({ service, env });
    try {
      const admin = await signInAs(fixture.app, 'admin');
      const response = await fixture.app.inject({ method: 'GET', url: '/api/plugins/mdr/incidents/summary', headers: { cookie: admin.cookie } });
      return { status: response.statusCode, timing: response.headers['server-timing'] };
    } finally {
      await fixture.close();
    }
  }

  it('names the session lookup, the gate and the call to the MDR service, each with its duration', async () => {
    const { status, timing } = await timingHeader({ CONSOLE_SERVER_TIMING: '1' });
    assert.equal(status, 200);
    assert.match(String(timing), /^session;dur=\d+\.\d{3}, gate;dur=\d+\.\d{3}, forward;dur=\d+\.\d{3}$/);
  });

  it('says nothing about its steps unless asked to', async () => {
    const { status, timing } = await timingHeader({});
    assert.equal(status, 200);
    assert.equal(timing, undefined);
  });
});

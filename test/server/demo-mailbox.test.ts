import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { httpsJson, startTestService, type TestService } from '../../host-shim/mdr-service/test-support.ts';
import { signInAs, startConsole } from '../support/console-fixture.ts';

let service: TestService;
let consoleServer: Awaited<ReturnType<typeof startConsole>>;

before(async () => {
  service = await startTestService();
  consoleServer = await startConsole({ serviceUrl: service.url, credential: service.consoleCredential, env: { NODE_EXTRA_CA_CERTS: service.app.mdr.pki.caCertPath } });
  await service.app.mdr.mail.send({
    to: ['someone@example.com'],
    subject: 'Report <script>',
    text: 'Hello & welcome',
    attachments: [{ filename: 'report.pdf', content: Buffer.from('%PDF-1.4 test'), contentType: 'application/pdf' }],
  });
  await service.app.mdr.mail.mailbox!.waitFor((mail) => mail.subject === 'Report <script>');
});
after(async () => {
  await consoleServer.close();
  await service.close();
});

describe('demo mailbox', () => {
  test('the service lists the sink only for the console credential', async () => {
    const without = await httpsJson(`${service.url}/demo/v1/mailbox`, { ca: service.ca });
    assert.equal(without.status, 401);
    const listed = await httpsJson<{ messages: { subject: string; to: string[] }[] }>(`${service.url}/demo/v1/mailbox`, {
      ca: service.ca,
      headers: { authorization: `Bearer ${service.consoleCredential}` },
    });
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body.messages[0]!.to, ['someone@example.com']);
  });

  test('the console page shows the messages to a signed-in user, escaped, with the attachment to download', async () => {
    const anonymous = await consoleServer.app.inject({ method: 'GET', url: '/demo/mailbox' });
    assert.equal(anonymous.statusCode, 401);
    const { cookie } = await signInAs(consoleServer.app, 'officer');
    const pageResponse = await consoleServer.app.inject({ method: 'GET', url: '/demo/mailbox', headers: { cookie } });
    assert.equal(pageResponse.statusCode, 200);
    assert.match(pageResponse.body, /Demo mailbox/);
    assert.match(pageResponse.body, /Report &lt;script&gt;/);
    assert.ok(!pageResponse.body.includes('<script>'));
    assert.match(pageResponse.body, /Hello &amp; welcome/);
    const link = /href="(\/demo\/mailbox\/[^"]+\/attachments\/0)"/.exec(pageResponse.body)?.[1];
    assert.ok(link);
    const attachment = await consoleServer.app.inject({ method: 'GET', url: link, headers: { cookie } });
    assert.equal(attachment.statusCode, 200);
    assert.equal(attachment.headers['content-type'], 'application/pdf');
    assert.equal(attachment.body, '%PDF-1.4 test');
  });
});

import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import { freePorts, runningProcesses, startSystem } from '../support/system.ts';

/**
 * The end-to-end tests start the product as processes. One that cannot start must fail its test at
 * once and leave nothing running: a process left behind keeps the test file (and the whole run) open.
 */
describe('starting the product for a test', () => {
  it('hands out different ports when asked for several at once', async () => {
    for (let round = 0; round < 20; round += 1) {
      const ports = await freePorts(3);
      assert.equal(new Set(ports).size, 3, `the same port twice: ${ports.join(', ')}`);
    }
  });

  it('fails at once, naming the reason, and stops the MDR service when the console cannot listen', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    const started = Date.now();
    try {
      await assert.rejects(
        startSystem({ envFile: (caPath) => `NODE_EXTRA_CA_CERTS=${caPath}\nPORT=${port}\n` }),
        (error: Error) => /console server ended \(1\) before it was ready/.test(error.message) && /EADDRINUSE/.test(error.message),
      );
    } finally {
      taken.close();
    }
    assert.ok(Date.now() - started < 45_000, `took ${Date.now() - started} ms`);
    assert.equal(runningProcesses(), 0);
  });
});

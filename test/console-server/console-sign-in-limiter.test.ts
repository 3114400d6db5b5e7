import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { signInSource, SignInLimiter } from '../../host-shim/server/sessions.ts';
import { demoPassword, startConsole } from '../support/console-fixture.ts';

/** Signs in over a real socket from `localAddress` (Linux routes all of 127.0.0.0/8 to lo). */
function signInFrom(port: number, localAddress: string, userName: string, password: string): Promise<{ status: number; retryAfter: number; body: string }> {
  const payload = JSON.stringify({ userName, password });
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, localAddress, method: 'POST', path: '/api/session', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, retryAfter: Number(response.headers['retry-after'] ?? 0), body }));
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

describe('console sign-in throttle over real sockets: by user name and source address', () => {
  let fixture: Awaited<ReturnType<typeof startConsole>>;
  let port: number;

  before(async () => {
    fixture = await startConsole();
    await fixture.app.listen({ port: 0, host: '127.0.0.1' });
    port = (fixture.app.server.address() as AddressInfo).port;
  });
  after(async () => fixture?.close());

  it('wrong passwords from address A do not stop the right password from address B', async () => {
    for (let attempt = 0; attempt < 5; attempt++) assert.equal((await signInFrom(port, '127.0.0.2', 'admin', `wrong-${attempt}`)).status, 401);
    const blocked = await signInFrom(port, '127.0.0.2', 'admin', demoPassword);
    assert.equal(blocked.status, 429, 'A itself waits, even with the right password');
    assert.ok(blocked.retryAfter > 0);
    const owner = await signInFrom(port, '127.0.0.3', 'admin', demoPassword);
    assert.equal(owner.status, 200, `the owner at B signs in: ${owner.body}`);
  });

  it('a success resets only its own user name and source', async () => {
    for (const address of ['127.0.0.4', '127.0.0.5']) {
      for (let attempt = 0; attempt < 4; attempt++) assert.equal((await signInFrom(port, address, 'senior', `wrong-${attempt}`)).status, 401);
    }
    assert.equal((await signInFrom(port, '127.0.0.5', 'senior', demoPassword)).status, 200);
    // 127.0.0.4 still has its four failures: one more and it waits.
    assert.equal((await signInFrom(port, '127.0.0.4', 'senior', 'wrong-4')).status, 401);
    assert.equal((await signInFrom(port, '127.0.0.4', 'senior', demoPassword)).status, 429);
    // 127.0.0.5 starts afresh: four more failures are still allowed.
    for (let attempt = 0; attempt < 4; attempt++) assert.equal((await signInFrom(port, '127.0.0.5', 'senior', `again-${attempt}`)).status, 401);
  });

  it('limits one source across user names (password spraying) without locking the sprayed users out elsewhere', async () => {
    const names = [...Array<string>(5).fill('officer'), ...Array.from({ length: 15 }, (_, index) => `sprayed-${index}`)];
    for (const name of names) assert.equal((await signInFrom(port, '127.0.0.6', name, 'Password1!')).status, 401, name);
    const sprayed = await signInFrom(port, '127.0.0.6', 'someone-else', demoPassword);
    assert.equal(sprayed.status, 429, 'the spraying source waits, whatever the user name');
    assert.ok(sprayed.retryAfter > 60, `waits for the window: ${sprayed.retryAfter} s`);
    assert.equal((await signInFrom(port, '127.0.0.7', 'officer', demoPassword)).status, 200, 'the officer signs in from their own address');
  });

  it('counts guesses sent at once before any of them is checked', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, (_, index) => signInFrom(port, '127.0.0.8', 'guest', `parallel-${index}`)));
    const statuses = answers.map((answer) => answer.status);
    assert.equal(statuses.filter((status) => status === 401).length, 5, `only the free attempts are checked: ${statuses.join(' ')}`);
    assert.equal(statuses.filter((status) => status === 429).length, 7);
  });
});

describe('SignInLimiter', () => {
  let clock = 1_000_000;
  const now = () => clock;
  const failFor = (limiter: SignInLimiter, userName: string, address: string) => {
    const started = limiter.begin(userName, address);
    assert.ok('attempt' in started, `an attempt is allowed for ${userName} from ${address}`);
    started.attempt.fail();
  };

  it('waits after the free attempts, and the wait doubles with every further failure up to the longest', () => {
    clock = 1_000_000;
    const limiter = new SignInLimiter({ freeAttempts: 3, baseDelayMs: 1000, maxDelayMs: 8000 }, now);
    for (let attempt = 0; attempt < 2; attempt++) failFor(limiter, 'admin', '10.0.0.1');
    assert.equal(limiter.retryAfterSeconds('admin', '10.0.0.1'), 0);
    const waits: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      failFor(limiter, 'admin', '10.0.0.1');
      const wait = limiter.retryAfterSeconds('admin', '10.0.0.1');
      waits.push(wait);
      clock += wait * 1000;
    }
    assert.deepEqual(waits, [1, 2, 4, 8, 8, 8]);
  });

  it('keys on user name and source: another address or another user name is not slowed down', () => {
    clock = 1_000_000;
    const limiter = new SignInLimiter({ freeAttempts: 2 }, now);
    failFor(limiter, 'Admin', '10.0.0.1');
    failFor(limiter, 'admin ', '10.0.0.1');
    assert.ok(limiter.retryAfterSeconds('ADMIN', '10.0.0.1') > 0, 'the user name is compared without case and spaces');
    assert.equal(limiter.retryAfterSeconds('admin', '10.0.0.2'), 0);
    assert.equal(limiter.retryAfterSeconds('officer', '10.0.0.1'), 0);
  });

  it('forgets a pair that stayed quiet long enough', () => {
    clock = 1_000_000;
    const limiter = new SignInLimiter({ freeAttempts: 2, forgetAfterMs: 60_000 }, now);
    failFor(limiter, 'admin', '10.0.0.1');
    failFor(limiter, 'admin', '10.0.0.1');
    clock += 61_000;
    failFor(limiter, 'admin', '10.0.0.1');
    assert.equal(limiter.retryAfterSeconds('admin', '10.0.0.1'), 0, 'one failure after the pause, not three');
  });

  it('limits a source across user names within the window, then lets it try again', () => {
    clock = 1_000_000;
    const limiter = new SignInLimiter({ maxPerSource: 3, sourceWindowMs: 60_000 }, now);
    for (const name of ['a', 'b', 'c']) failFor(limiter, name, '10.0.0.9');
    assert.equal(limiter.retryAfterSeconds('d', '10.0.0.9'), 60);
    assert.equal(limiter.retryAfterSeconds('d', '10.0.0.10'), 0);
    clock += 60_001;
    assert.equal(limiter.retryAfterSeconds('d', '10.0.0.9'), 0);
  });

  it('a success clears its own pair and does not count against the source', () => {
    clock = 1_000_000;
    const limiter = new SignInLimiter({ freeAttempts: 2, maxPerSource: 3 }, now);
    failFor(limiter, 'admin', '10.0.0.1');
    const started = limiter.begin('admin', '10.0.0.1');
    assert.ok('attempt' in started);
    started.attempt.succeed();
    started.attempt.fail(); // settling twice changes nothing
    failFor(limiter, 'admin', '10.0.0.1');
    assert.equal(limiter.retryAfterSeconds('admin', '10.0.0.1'), 0, 'one failure since the success');
    failFor(limiter, 'other', '10.0.0.1');
    assert.ok(limiter.retryAfterSeconds('third', '10.0.0.1') > 0, 'the source counted three failures, not the success');
  });

  it('counts one IPv6 client by its /64 network and a mapped IPv4 address as itself', () => {
    assert.equal(signInSource('::ffff:127.0.0.2'), '127.0.0.2');
    assert.equal(signInSource('2001:db8:1:2:aaaa::1'), signInSource('2001:db8:1:2:bbbb:cccc:dddd:eeee'));
    assert.notEqual(signInSource('2001:db8:1:2::1'), signInSource('2001:db8:1:3::1'));
    assert.equal(signInSource('::1'), '0:0:0:0::/64');
  });
});

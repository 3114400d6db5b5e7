import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { startSystem, type RunningSystem } from './system.ts';

/**
 * The whole product (MDR service and console as `npm start` runs them) and Debian's Chromium, started
 * before the tests of the enclosing suite and stopped after them. Read `system` and `browser` inside
 * the tests (they exist once the suite has started).
 */
export function productInBrowser(options?: Parameters<typeof startSystem>[0]): { readonly system: RunningSystem; readonly browser: Browser } {
  const running = {} as { system: RunningSystem; browser: Browser };
  before(async () => {
    running.system = await startSystem(options);
    running.browser = await launchBrowser();
  });
  after(async () => {
    await running.browser?.close();
    await running.system?.stop();
  });
  return running;
}

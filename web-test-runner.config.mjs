// Component tests in Debian's Chromium (/usr/bin/chromium); test tools never download a browser here.
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { countReporter } from './test/support/count-reporter.mjs';

/** Locale files are fetched as data, as the console serves them, not turned into JS modules. */
function serveLocalesAsJson(context, next) {
  if (!context.path.startsWith('/locales/') || !context.path.endsWith('.json')) return next();
  const file = path.join(process.cwd(), decodeURIComponent(context.path));
  if (!file.startsWith(path.join(process.cwd(), 'locales')) || !fs.existsSync(file)) return next();
  context.type = 'application/json';
  context.body = fs.readFileSync(file, 'utf8');
  return undefined;
}

/** A free port, so that several test runs on one machine do not collide. */
const port = await new Promise((resolve, reject) => {
  const server = net.createServer();
  server.listen(0, '127.0.0.1', () => {
    const { port: free } = server.address();
    server.close(() => resolve(free));
  });
  server.on('error', reject);
});

export default {
  port,
  files: ['test/components/**/*.test.ts', 'test/components/**/*.test.html'],
  nodeResolve: { exportConditions: ['browser', 'production'], browser: true },
  rootDir: '.',
  concurrency: 1,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 10_000 } },
  middleware: [serveLocalesAsJson],
  // The page stands for a host that themes itself as the console does: light or dark as the user
  // prefers (the plug-in inherits the host's colour scheme), in the host's language.
  testRunnerHtml: (testFramework) => `<!doctype html>
<html lang="en">
  <head>
    <title>MDR plug-in component tests</title>
    <style>
      :root { color-scheme: light dark; background: Canvas; color: CanvasText; }
    </style>
  </head>
  <body>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
  plugins: [
    esbuildPlugin({ ts: true, json: true, tsconfig: './tsconfig.json', target: 'es2022' }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  ],
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countReporter()],
};

/**
 * Starts the MDR service: `MDR_SERVICE_PORT` (default 8443) on 127.0.0.1 over HTTPS with the
 * certificate of the local CA; data in `MDR_DATA_DIR` (default `.data`). Loads demo data on the
 * first start (`MDR_DEMO_SEED`, `MDR_DEMO_ASSETS`, `MDR_DEMO_ACTIVATED`). Mail goes to `SMTP_URL`
 * or the embedded sink; `MDR_DEMO_ACTIVITY_SECONDS` turns on demo SOC activity.
 */
import { restrictNewFiles } from '../common/file-modes.ts';
import { demoOptionsFromEnv, demoSeed } from '../demo/generate.ts';
import { buildMdrService } from './app.ts';
import { simulateSocActivity } from './services/soc-activity.ts';

async function main(): Promise<void> {
  restrictNewFiles();
  const port = Number(process.env.MDR_SERVICE_PORT ?? 8443);
  const app = await buildMdrService({ seed: demoSeed(demoOptionsFromEnv()), logger: process.env.MDR_SERVICE_LOG === '0' ? false : { level: process.env.MDR_SERVICE_LOG_LEVEL ?? 'info' } });
  const demo = app.mdr.demo;
  if (demo) {
    app.log.info(
      `Demo data loaded in ${demo.durationMs} ms (seed ${demo.seed}${demo.activated ? `, ${demo.assets} assets, ${demo.incidents} incidents` : ', not activated'})`,
    );
  }
  if (!demo && process.env.MDR_DEMO_ACTIVATED === '0' && app.mdr.db.organization.get()?.activationState === 'active') {
    // Demo data never overwrites a database, so the variable only applies to a fresh data folder.
    app.log.warn(`MDR_DEMO_ACTIVATED=0 has no effect: ${app.mdr.dataDir} already holds an activated organization. Delete the folder to start a non-activated one.`);
  }
  await app.listen({ port, host: '127.0.0.1' });
  const activitySeconds = Number(process.env.MDR_DEMO_ACTIVITY_SECONDS ?? 0);
  if (activitySeconds > 0) {
    setInterval(() => {
      try {
        simulateSocActivity(app.mdr);
      } catch (error) {
        app.log.error({ err: error }, 'demo SOC activity failed');
      }
    }, activitySeconds * 1000).unref();
    app.log.info(`Demo SOC activity every ${activitySeconds} s`);
  }
  const mailbox = app.mdr.mail.mailbox;
  if (mailbox) app.log.info(`Mail is kept in ${mailbox.dir} (set SMTP_URL to use a real relay)`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error('The MDR service could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});

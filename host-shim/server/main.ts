import path from 'node:path';
import { restrictNewFiles, securePrivateTree } from '../common/file-modes.ts';
import { dataDir, repoRoot } from '../common/paths.ts';
import { generateConsoleDevices } from '../demo/console-devices.ts';
import { readConsoleCredential } from '../mdr-service/console-credential.ts';
import { buildConsoleServer } from './app.ts';
import { ConsoleDatabase } from './console-db.ts';
import { seedConsoleDemo } from './console-demo.ts';
import { readConsoleEnvironment } from './environment.ts';
import { MdrServiceClient, describeRejectedCertificates } from './outbound.ts';
import { parsePluginServices } from './gateway/plugin-services.ts';
import { pluginFolders } from './plugins/plugin-folders.ts';
import { PluginStore } from './plugins/plugin-store.ts';
import { HOST_CONTRACT_VERSION } from '../../contract/host-contract.ts';

/**
 * Starts the console server: `PORT` (default 8080) on 127.0.0.1, MDR service at `MDR_SERVICE_URL`.
 * Like the Web Console host, it reads `.env` from its working folder.
 */
async function main(): Promise<void> {
  restrictNewFiles();
  const environment = readConsoleEnvironment(process.cwd());
  const serviceUrl = environment.values.MDR_SERVICE_URL ?? 'https://127.0.0.1:8443';
  const port = Number(environment.values.PORT ?? 8080);
  const database = new ConsoleDatabase(path.join(dataDir(), 'console.db'));
  // The console's database (sessions, users) with its WAL files, and whatever an older version
  // left readable by others in the shared data folder.
  securePrivateTree(dataDir());
  const seeded = await seedConsoleDemo(database, {
    password: environment.values.KSC_DEMO_PASSWORD ?? 'demo',
    devices: () =>
      generateConsoleDevices(Number(environment.values.MDR_DEMO_SEED ?? 1), Number(environment.values.MDR_DEMO_ASSETS ?? 3000), {
        activated: environment.values.MDR_DEMO_ACTIVATED !== '0',
      }),
  });
  const mdrClient = new MdrServiceClient({ serviceUrl, environment });
  const pluginServices = new Map(
    [...parsePluginServices(environment.values.KSC_PLUGIN_SERVICES)].map(([id, url]) => [id, new MdrServiceClient({ serviceUrl: url, environment })]),
  );
  // Plug-ins are served only from the bundles installed in the data folder (npm start installs the MDR plug-in's).
  const folders = pluginFolders(dataDir(), environment.values);
  const pluginMessages: string[] = [];
  const plugins = PluginStore.open(folders.store, { hostContractVersion: HOST_CONTRACT_VERSION, log: (message) => pluginMessages.push(message) });
  const app = await buildConsoleServer({
    database,
    plugins,
    pluginSources: { trustedKeyDirs: folders.trustedKeys, availableDir: folders.available },
    mdrClient,
    pluginServices,
    consoleCredential: readConsoleCredential(dataDir()),
    environment,
    consoleDir: path.join(repoRoot, 'dist', 'console'),
    localesDir: environment.values.KSC_LOCALES_DIR ? path.resolve(environment.values.KSC_LOCALES_DIR) : path.join(repoRoot, 'locales'),
    logger: environment.values.CONSOLE_LOG !== '0',
    publishRightsAtStart: true,
  });
  const certificates = mdrClient.extraCertificates;
  for (const line of describeRejectedCertificates(certificates)) app.log.error(line);
  if (certificates.problem) {
    // Loud on purpose: without the extra certificates every call to the MDR service fails TLS checks.
    app.log.error(
      `NODE_EXTRA_CA_CERTS names ${certificates.problemPath}, which is ${certificates.problem === 'missing' ? 'missing' : certificates.problem === 'unreadable' ? 'unreadable' : 'not a PEM file with certificates'}. ` +
        'Fix the path in .env and restart the console.',
    );
  }
  app.log.info(mdrClient.describeForLog());
  if (seeded) app.log.info('Demo users, roles and managed devices created');
  for (const message of pluginMessages) app.log.warn(message);
  const served = plugins.activePlugins().map((plugin) => `${plugin.manifest.qualifiedId} ${plugin.manifest.version}`);
  app.log.info(served.length > 0 ? `Plug-ins served: ${served.join(', ')}` : `No plug-in is installed (${folders.store})`);
  await app.listen({ port, host: '127.0.0.1' });
  const stop = async () => {
    await app.close();
    await mdrClient.close();
    for (const service of pluginServices.values()) await service.close();
    database.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('The console server could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});

/**
 * A process that installs a bundle into a plug-in store and stops at one step of the installation,
 * waiting to be killed: `node --import tsx interrupted-install.ts <store> <archive> <signature>
 * <trusted keys folder> <step>`. It prints `stopped at <step>` when it gets there.
 */
import fs from 'node:fs';
import { HOST_CONTRACT_VERSION } from '../../contract/host-contract.ts';
import { verifyBundle } from '../../host-shim/server/plugins/bundle-verifier.ts';
import { PluginStore, type InstallStep } from '../../host-shim/server/plugins/plugin-store.ts';
import { readTrustedKeys } from '../../host-shim/server/plugins/publisher-keys.ts';

const [storeDir, archivePath, signaturePath, trustedDir, stopAt] = process.argv.slice(2) as [string, string, string, string, InstallStep];
const store = PluginStore.open(storeDir, { hostContractVersion: HOST_CONTRACT_VERSION });
const bundle = verifyBundle(fs.readFileSync(archivePath), fs.readFileSync(signaturePath), { trustedKeys: readTrustedKeys([trustedDir]).keys, hostContractVersion: HOST_CONTRACT_VERSION });
await store.install(bundle, async (step) => {
  if (step !== stopAt) return;
  process.stdout.write(`stopped at ${step}\n`);
  // Held here until the test kills the process.
  setInterval(() => undefined, 60_000);
  await new Promise(() => undefined);
});

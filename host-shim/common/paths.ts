import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root folder of the repository (the console's working folder). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Folder with the persistent state: databases, CA, certificates, keys, mail. `MDR_DATA_DIR` overrides. */
export function dataDir(): string {
  return path.resolve(repoRoot, process.env.MDR_DATA_DIR ?? '.data');
}

/**
 * The data folder holds secrets at rest (databases with token hashes, keys, the CA key, mail with
 * verification codes): only the user running the servers may read it. Folders are `0700`, files
 * `0600`, whatever the umask of the shell that started them and whatever an older version left.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Mode of every folder in the data folder, the data folder included. */
export const PRIVATE_DIR_MODE = 0o700;
/** Mode of every file in the data folder. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Makes files and folders the process creates private from the start (`umask 077`). Call it first
 * thing in a server entry point; explicit modes where files are created stay, as the umask only
 * narrows them.
 */
export function restrictNewFiles(): void {
  process.umask(0o077);
}

/** Creates `dir` (and missing parents) and makes `dir` itself `0700`. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  fs.chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Sets a file created by the service to `0600` (the creation mode is filtered by the umask). */
export function makePrivate(file: string): void {
  fs.chmodSync(file, PRIVATE_FILE_MODE);
}

function chmodIfPresent(target: string, mode: number): void {
  try {
    fs.chmodSync(target, mode);
  } catch (error) {
    // A lock or temporary file may vanish between listing and chmod; that is not a failure.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Creates the data folder when needed and tightens everything in it: folders `0700`, files `0600`.
 * Run at every start, so a folder made by an older version (certificates `0644`, mail and
 * databases after the shell's umask) is fixed on upgrade. Symbolic links are left alone: their
 * targets are not the service's files.
 */
export function securePrivateTree(dir: string): void {
  ensurePrivateDir(dir);
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    for (const entry of entries) {
      const target = path.join(current, entry.name);
      if (entry.isDirectory()) {
        chmodIfPresent(target, PRIVATE_DIR_MODE);
        pending.push(target);
      } else if (entry.isFile()) {
        chmodIfPresent(target, PRIVATE_FILE_MODE);
      }
    }
  }
}

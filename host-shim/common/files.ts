import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

/**
 * Writes a file so that readers see either the old content or the complete new one, never a
 * torn write: the data goes to a temporary file that is flushed and then renamed over the target.
 * `mode` is applied at creation, so a secret is never readable by others even for a moment.
 */
export function writeFileAtomic(filePath: string, data: string | Uint8Array, mode = 0o644): void {
  const dir = path.dirname(filePath);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(filePath)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'wx', mode);
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  // openSync's mode is filtered by the umask; chmod makes the final mode exact.
  fs.chmodSync(tmp, mode);
  fs.renameSync(tmp, filePath);
  syncDirectory(dir);
}

/** Flushes a directory entry (after a rename) where the platform allows it. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Not supported everywhere (e.g. Windows); the rename itself is still atomic.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread for `ms` milliseconds without spinning the CPU. */
function sleepSync(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

/** True when the lock file names a process that no longer exists (killed while holding it). */
function holderIsGone(lockPath: string): boolean {
  const pid = Number(fs.readFileSync(lockPath, 'utf8'));
  if (!Number.isInteger(pid) || pid <= 0) return false; // Being written right now: wait.
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Runs `fn` while holding an exclusive lock file, so that two processes started together (the
 * console server and the MDR service) never generate two different CAs or credentials at once.
 * A lock whose holder process is gone, or older than `staleMs`, is considered abandoned and taken over.
 */
export function withFileLockSync<T>(lockPath: string, fn: () => T, staleMs = 30_000, timeoutMs = 60_000): T {
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      const fd = fs.openSync(lockPath, 'wx', 0o600);
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        const age = Date.now() - fs.statSync(lockPath).mtimeMs;
        if (age > staleMs || holderIsGone(lockPath)) {
          fs.rmSync(lockPath, { force: true });
          continue;
        }
      } catch {
        continue; // The holder released the lock between our open and stat.
      }
      if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for lock ${lockPath}`);
      sleepSync(25);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lockPath, { force: true });
  }
}

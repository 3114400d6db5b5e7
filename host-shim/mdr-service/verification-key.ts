/**
 * The secret that keys the hashes of address verification codes (`verification-code.key` in the
 * data folder, 32 random bytes, mode 0600). It is never in the database: a six-digit code has only
 * a million values, so a hash anyone can recompute from a copy of the database alone would give
 * the code away in a second. Made on first start and kept; losing it only means pending codes
 * need *Resend*.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PRIVATE_FILE_MODE } from '../common/file-modes.ts';
import { withFileLockSync, writeFileAtomic } from '../common/files.ts';

/** File name of the key inside the data folder. */
export const VERIFICATION_KEY_FILE = 'verification-code.key';
const KEY_BYTES = 32;

/** The key and a short public id of it, stored with each hash to tell hashes of another key. */
export interface VerificationKey {
  secret: Buffer;
  /** First 16 hex digits of the key's SHA-256: names the key, reveals nothing usable about it. */
  id: string;
}

function read(file: string): Buffer | null {
  if (!fs.existsSync(file)) return null;
  // Base64 decoding skips the line break after the key (and any other white space).
  const secret = Buffer.from(fs.readFileSync(file, 'utf8'), 'base64');
  return secret.length === KEY_BYTES ? secret : null;
}

/**
 * Loads the key from `dir`, creating it when it is missing or damaged (pending codes then need a
 * resend). Safe when two processes start together (file lock).
 */
export function ensureVerificationKey(dir: string): VerificationKey {
  const file = path.join(dir, VERIFICATION_KEY_FILE);
  const secret = withFileLockSync(path.join(dir, `.${VERIFICATION_KEY_FILE}.lock`), () => {
    const existing = read(file);
    if (existing) return existing;
    const created = crypto.randomBytes(KEY_BYTES);
    writeFileAtomic(file, `${created.toString('base64')}\n`, PRIVATE_FILE_MODE);
    return created;
  });
  return { secret, id: crypto.createHash('sha256').update(secret).digest('hex').slice(0, 16) };
}

/**
 * The credential the console server presents to the MDR service (`Authorization: Bearer …`).
 *
 * The service itself keeps only the SHA-256 hash (`console-credential.sha256`); the plaintext is
 * stored for the console server encrypted with AES-256-GCM (`console-credential.enc`) under a
 * separate key file (`console-credential.key`, mode 0600), so a copy of the encrypted file alone
 * (e.g. in a backup) does not reveal it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { withFileLockSync, writeFileAtomic } from '../common/files.ts';

const ENCRYPTED_FILE = 'console-credential.enc';
const KEY_FILE = 'console-credential.key';
const HASH_FILE = 'console-credential.sha256';
const LOCK_FILE = '.console-credential.lock';
/** Tag in the additional authenticated data, so the ciphertext cannot be replayed for another purpose. */
const AAD = Buffer.from('mdr-console-credential/v1');

/** What the service needs to check a presented credential. */
export interface ConsoleCredentialInfo {
  /** SHA-256 of the credential, lower-case hex. */
  hashHex: string;
}

interface EncryptedFile {
  version: 1;
  iv: string;
  tag: string;
  ciphertext: string;
}

function files(dir: string): { encrypted: string; key: string; hash: string } {
  return { encrypted: path.join(dir, ENCRYPTED_FILE), key: path.join(dir, KEY_FILE), hash: path.join(dir, HASH_FILE) };
}

/** SHA-256 of a credential, lower-case hex. */
export function hashConsoleCredential(credential: string): string {
  return crypto.createHash('sha256').update(credential).digest('hex');
}

function encrypt(plaintext: string, key: Buffer): EncryptedFile {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(AAD);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { version: 1, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
}

function decrypt(file: EncryptedFile, key: Buffer): string {
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64'));
  decipher.setAAD(AAD);
  decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(file.ciphertext, 'base64')), decipher.final()]).toString('utf8');
}

/**
 * Creates the console credential on first call (random 256 bits) and returns its hash. Idempotent
 * and safe when the console server and the service start together (file lock).
 */
export function ensureConsoleCredential(dir: string): ConsoleCredentialInfo {
  const paths = files(dir);
  return withFileLockSync(path.join(dir, LOCK_FILE), () => {
    const complete = [paths.encrypted, paths.key, paths.hash].every((file) => fs.existsSync(file));
    if (complete) return { hashHex: fs.readFileSync(paths.hash, 'utf8').trim() };
    // A partial set (crash between writes) is useless: nobody can hold the old plaintext without
    // all three files, so start over.
    const credential = `mdrc_${crypto.randomBytes(32).toString('base64url')}`;
    const key = crypto.randomBytes(32);
    const hashHex = hashConsoleCredential(credential);
    writeFileAtomic(paths.key, key.toString('base64'), 0o600);
    writeFileAtomic(paths.encrypted, JSON.stringify(encrypt(credential, key)), 0o600);
    writeFileAtomic(paths.hash, `${hashHex}\n`, 0o600);
    return { hashHex };
  });
}

/**
 * The plaintext console credential, for the console server. Creates it first when the service has
 * not started yet, so the start order of the two processes does not matter.
 */
export function readConsoleCredential(dir: string): string {
  ensureConsoleCredential(dir);
  const paths = files(dir);
  const key = Buffer.from(fs.readFileSync(paths.key, 'utf8'), 'base64');
  // Stryker disable next-line StringLiteral: JSON.parse reads the file's bytes as UTF-8 text with or without the encoding
  const file = JSON.parse(fs.readFileSync(paths.encrypted, 'utf8')) as EncryptedFile;
  return decrypt(file, key);
}

/** Constant-time check of a presented credential against the stored hash. */
export function verifyConsoleCredential(presented: string, info: ConsoleCredentialInfo): boolean {
  const presentedHash = Buffer.from(hashConsoleCredential(presented), 'hex');
  const expected = Buffer.from(info.hashHex, 'hex');
  return presentedHash.length === expected.length && crypto.timingSafeEqual(presentedHash, expected);
}

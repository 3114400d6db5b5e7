/** Time units and vendor-style identifiers of the demo data. */
import type { Prng } from './prng.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Vendor-style 20-character ids (e.g. "60gWG4UBMUGN-LWUuv1m"). */
export function vendorId(prng: Prng): string {
  return prng.string(ID_ALPHABET, 20);
}

export function activationCode(prng: Prng): string {
  return prng.string('ABCDEFGHJKLMNPQRSTUVWXYZ0123456789', 20);
}

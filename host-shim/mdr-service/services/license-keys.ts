/**
 * The vendor's activation codes, as far as this stand-in needs them. A real service looks a code up
 * in the vendor's licensing system; here the code itself says what it licenses, so that any code
 * can be checked without a catalogue:
 *
 *     EX EU 00500 7KQ2M9XJ4B C
 *     |  |  |     |          └ check character over the 19 before it (a typo is refused)
 *     |  |  |     └ serial
 *     |  |  └ asset limit (5 digits)
 *     |  └ region: EU, CA, SA, RU, OT
 *     └ tier: OP, EX, AD, PR
 */
import crypto from 'node:crypto';
import type { LicenseTier, RegionCode } from '../db.ts';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Activation code format: 20 letters and digits. */
export const ACTIVATION_CODE_PATTERN = /^[A-Z0-9]{20}$/;

const TIER_CODES: Record<string, LicenseTier> = { OP: 'optimum', EX: 'expert', AD: 'advanced', PR: 'prime' };
const REGION_CODES: Record<string, RegionCode> = { EU: 'europe', CA: 'canada', SA: 'saudiArabia', RU: 'russia', OT: 'other' };

/** What an activation code licenses. */
export interface LicenseKeyInfo {
  tier: LicenseTier;
  region: RegionCode;
  assetLimit: number;
}

function checkCharacter(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += ALPHABET.indexOf(body[i]!) * (i + 1);
  return ALPHABET[sum % ALPHABET.length]!;
}

/** Normalizes what a person typed: spaces and dashes dropped, upper case. */
export function normalizeActivationCode(text: string): string {
  return text.replace(/[\s-]+/g, '').toUpperCase();
}

/** What `code` licenses, or null when it is not a code the vendor issued. */
export function describeLicenseKey(code: string): LicenseKeyInfo | null {
  if (!ACTIVATION_CODE_PATTERN.test(code)) return null;
  const tier = TIER_CODES[code.slice(0, 2)];
  const region = REGION_CODES[code.slice(2, 4)];
  const limit = code.slice(4, 9);
  if (!tier || !region || !/^\d{5}$/.test(limit) || Number(limit) === 0) return null;
  if (checkCharacter(code.slice(0, 19)) !== code[19]) return null;
  return { tier, region, assetLimit: Number(limit) };
}

/** Issues an activation code for `info` (what the vendor's shop does; used by tests and tooling). */
export function makeLicenseKey(info: LicenseKeyInfo, serial: string = randomSerial()): string {
  const tier = Object.keys(TIER_CODES).find((key) => TIER_CODES[key] === info.tier)!;
  const region = Object.keys(REGION_CODES).find((key) => REGION_CODES[key] === info.region)!;
  const body = `${tier}${region}${String(info.assetLimit).padStart(5, '0')}${serial.toUpperCase().padEnd(10, '0').slice(0, 10)}`;
  return body + checkCharacter(body);
}

function randomSerial(): string {
  return Array.from(crypto.randomBytes(10), (byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

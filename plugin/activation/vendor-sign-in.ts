import type { VendorSignIn } from '../api/activation.ts';

/**
 * The vendor-account sign-in of each console user while the page lives (memory only, never stored):
 * help topic *Providing a new activation code*, step 5, "checks whether you are signed in to your
 * Kaspersky account" and asks to sign in only when not. The MDR service decides in the end: a
 * sign-in it no longer knows is refused as expired, and the wizard asks again.
 */
const signIns = new Map<string, VendorSignIn>();

/** Remembers `signIn` for the console user `userId`. */
export function rememberVendorSignIn(userId: string, signIn: VendorSignIn): void {
  signIns.set(userId, signIn);
}

/** The console user's sign-in, unless it has lapsed. */
export function rememberedVendorSignIn(userId: string, now = Date.now()): VendorSignIn | undefined {
  const signIn = signIns.get(userId);
  if (signIn && Date.parse(signIn.expiresAt) > now) return signIn;
  signIns.delete(userId);
  return undefined;
}

/** Forgets the console user's sign-in (the service refused it). */
export function forgetVendorSignIn(userId: string): void {
  signIns.delete(userId);
}

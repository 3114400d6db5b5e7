import crypto from 'node:crypto';
import type { ConsoleDatabase, ConsoleUser, StoredSession } from './console-db.ts';
import type { GrantedRight } from './rights.ts';

export const sessionCookieName = 'ksc_session';

/** A signed-in user's session with the rights in force right now. */
export interface ActiveSession {
  idHash: string;
  user: ConsoleUser;
  csrfToken: string;
  rights: Set<GrantedRight>;
  /** May manage users and roles. */
  administration: boolean;
}

function hashId(id: string): string {
  return crypto.createHash('sha256').update(id).digest('hex');
}

/**
 * Sessions live in the console database by the hash of their id, so a stolen database file does not
 * give away live sessions; every lookup re-reads the user's roles, so role changes apply at once.
 */
export class SessionStore {
  constructor(
    private readonly database: ConsoleDatabase,
    private readonly idleTimeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts a new session (a fresh id at every sign-in) and returns the cookie value. */
  create(userId: string): { id: string; csrfToken: string } {
    const id = crypto.randomBytes(32).toString('base64url');
    const csrfToken = crypto.randomBytes(32).toString('base64url');
    this.database.sessions.insert({ idHash: hashId(id), userId, csrfToken, now: this.now() });
    return { id, csrfToken };
  }

  /** The session for a cookie value, or undefined when unknown, idle too long or the user is disabled. */
  resolve(id: string | undefined): ActiveSession | undefined {
    if (!id) return undefined;
    const idHash = hashId(id);
    const stored = this.database.sessions.get(idHash);
    if (!stored) return undefined;
    const user = this.userOfOpen(stored);
    if (!user) {
      // An ended session goes from the store at once.
      this.database.sessions.delete(idHash);
      return undefined;
    }
    const now = this.now();
    // Writing on every request would cost a disk write per call; a minute of precision is enough.
    if (now - stored.lastSeenAt > 60_000) this.database.sessions.touch(idHash, now);
    const roles = this.database.roles.heldBy(user.id);
    const rights = new Set<GrantedRight>(roles.flatMap((role) => role.rights));
    return { idHash, user, csrfToken: stored.csrfToken, rights, administration: roles.some((role) => role.administration) };
  }

  destroy(idHash: string): void {
    this.database.sessions.delete(idHash);
  }

  /**
   * Whether the session is still open (not ended, not idle too long, its user enabled), without
   * counting the question as the user's activity: for a stream that outlives its request.
   */
  isOpen(idHash: string): boolean {
    const stored = this.database.sessions.get(idHash);
    return stored !== undefined && this.userOfOpen(stored) !== undefined;
  }

  /** The rules of an open session, in one place: not idle too long, its user there and enabled. Its user then. */
  private userOfOpen(stored: StoredSession) {
    if (this.now() - stored.lastSeenAt > this.idleTimeoutMs) return undefined;
    const user = this.database.users.get(stored.userId);
    return user && !user.disabled ? user : undefined;
  }

  purgeIdle(): void {
    this.database.sessions.deleteIdleSince(this.now() - this.idleTimeoutMs);
  }
}

/** How failed sign-ins slow down further attempts (see {@link SignInLimiter}). */
export interface SignInLimits {
  /** Failed attempts one source may make for one user name before it has to wait. */
  freeAttempts: number;
  /** The first wait; each further failure of the same user name from the same source doubles it. */
  baseDelayMs: number;
  /** The longest wait. */
  maxDelayMs: number;
  /** Failed attempts one source may make across all user names within `sourceWindowMs` (password spraying). */
  maxPerSource: number;
  sourceWindowMs: number;
  /** A user name and source with no failure for this long start afresh. */
  forgetAfterMs: number;
  /** Most user name and source pairs remembered; the least recently failed are forgotten first. */
  maxTracked: number;
}

export const defaultSignInLimits: SignInLimits = {
  freeAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  maxPerSource: 20,
  sourceWindowMs: 5 * 60_000,
  forgetAfterMs: 24 * 60 * 60_000,
  maxTracked: 10_000,
};

interface PairState {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
  pending: number;
}

/**
 * The source a sign-in comes from: the client address, IPv4 as itself (also when mapped into IPv6),
 * IPv6 by its /64 network, which one client usually holds whole.
 */
export function signInSource(address: string): string {
  const bare = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (!bare.includes(':')) return bare;
  // Without `::` the address has all eight groups and nothing is filled in.
  const [head, tail] = bare.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  // Stryker disable next-line ArrayDeclaration: with nothing after '::', a group there could only move groups beyond the /64
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** One sign-in between its check and its outcome; settle it once with {@link fail} or {@link succeed}. */
export interface SignInAttempt {
  fail(): void;
  succeed(): void;
}

/**
 * Slows down password guessing without letting an attacker lock the owner out:
 * - per user name *and* source, a few free attempts, then a wait that doubles with every failure,
 *   so wrong passwords from one address never stop the right one from another;
 * - per source across all user names, a cap within a window (password spraying);
 * - attempts still being checked count, so that guesses sent at once cannot outrun the count;
 * - a successful sign-in clears only its own user name and source.
 */
export class SignInLimiter {
  private readonly pairs = new Map<string, PairState>();
  private readonly sources = new Map<string, { failures: number[]; pending: number }>();
  private readonly limits: SignInLimits;

  constructor(
    limits: Partial<SignInLimits> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...defaultSignInLimits, ...limits };
  }

  private pairKey(userName: string, source: string): string {
    return `${userName.trim().toLowerCase()}\n${source}`;
  }

  private pair(key: string): PairState {
    let state = this.pairs.get(key);
    if (state && state.pending === 0 && this.now() - state.lastFailureAt > this.limits.forgetAfterMs) {
      this.pairs.delete(key);
      state = undefined;
    }
    return state ?? { failures: 0, lastFailureAt: 0, blockedUntil: 0, pending: 0 };
  }

  private source(source: string): { failures: number[]; pending: number } {
    const cutoff = this.now() - this.limits.sourceWindowMs;
    const state = this.sources.get(source) ?? { failures: [], pending: 0 };
    state.failures = state.failures.filter((time) => time > cutoff);
    if (state.failures.length === 0 && state.pending === 0) this.sources.delete(source);
    return state;
  }

  /** Seconds to wait before another attempt of `userName` from `address`, or 0 when one is allowed now. */
  retryAfterSeconds(userName: string, address: string): number {
    const now = this.now();
    const source = signInSource(address);
    const pair = this.pair(this.pairKey(userName, source));
    let waitMs = Math.max(0, pair.blockedUntil - now);
    // Attempts still being checked hold their place: as many at once as free attempts are left.
    if (pair.pending >= Math.max(1, this.limits.freeAttempts - pair.failures)) waitMs = Math.max(waitMs, 1000);
    const sourceState = this.source(source);
    const counted = sourceState.failures.length + sourceState.pending;
    if (counted >= this.limits.maxPerSource) {
      // An attempt starts only below the cap, so failures and attempts being checked are exactly at it:
      // the oldest failure leaving the window frees the next place (none yet: wait for a check to end).
      const oldest = sourceState.failures[0];
      waitMs = Math.max(waitMs, oldest === undefined ? 1000 : oldest + this.limits.sourceWindowMs - now);
    }
    return waitMs > 0 ? Math.max(1, Math.ceil(waitMs / 1000)) : 0;
  }

  /**
   * Starts an attempt, or answers how many seconds to wait first. Call before the password check and
   * settle the attempt with its outcome.
   */
  begin(userName: string, address: string): { retryAfterSeconds: number } | { retryAfterSeconds: 0; attempt: SignInAttempt } {
    const wait = this.retryAfterSeconds(userName, address);
    if (wait > 0) return { retryAfterSeconds: wait };
    const source = signInSource(address);
    const key = this.pairKey(userName, source);
    const pair = this.pair(key);
    pair.pending++;
    this.remember(key, pair);
    const sourceState = this.source(source);
    sourceState.pending++;
    this.sources.set(source, sourceState);
    let settled = false;
    const settle = (failed: boolean) => {
      if (settled) return;
      settled = true;
      const now = this.now();
      const current = this.pair(key);
      current.pending = Math.max(0, current.pending - 1);
      const currentSource = this.source(source);
      currentSource.pending = Math.max(0, currentSource.pending - 1);
      if (failed) {
        current.failures++;
        current.lastFailureAt = now;
        const beyond = current.failures - this.limits.freeAttempts;
        if (beyond >= 0) current.blockedUntil = now + Math.min(this.limits.maxDelayMs, this.limits.baseDelayMs * 2 ** Math.min(beyond, 40));
        currentSource.failures.push(now);
        this.remember(key, current);
      } else if (current.pending > 0) {
        // Other attempts of this pair are still being checked: they keep their place, the count starts afresh.
        this.remember(key, { failures: 0, lastFailureAt: 0, blockedUntil: 0, pending: current.pending });
      } else {
        this.pairs.delete(key);
      }
      if (currentSource.failures.length > 0 || currentSource.pending > 0) this.sources.set(source, currentSource);
      else this.sources.delete(source);
    };
    return { retryAfterSeconds: 0, attempt: { fail: () => settle(true), succeed: () => settle(false) } };
  }

  /** Stores a pair as the most recent one, forgetting the least recently failed beyond `maxTracked`. */
  private remember(key: string, state: PairState): void {
    this.pairs.delete(key);
    this.pairs.set(key, state);
    for (const oldest of this.pairs.keys()) {
      if (this.pairs.size <= this.limits.maxTracked) break;
      this.pairs.delete(oldest);
    }
  }
}

import crypto from 'node:crypto';
import type { ConsoleDatabase, ConsoleUser } from './console-db.ts';
import type { RightId } from './rights.ts';

export const sessionCookieName = 'ksc_session';

/** A signed-in user's session with the rights in force right now. */
export interface ActiveSession {
  idHash: string;
  user: ConsoleUser;
  csrfToken: string;
  rights: Set<RightId>;
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
    this.database.insertSession({ idHash: hashId(id), userId, csrfToken, now: this.now() });
    return { id, csrfToken };
  }

  /** The session for a cookie value, or undefined when unknown, idle too long or the user is disabled. */
  resolve(id: string | undefined): ActiveSession | undefined {
    if (!id) return undefined;
    const idHash = hashId(id);
    const stored = this.database.getSession(idHash);
    if (!stored) return undefined;
    const now = this.now();
    if (now - stored.lastSeenAt > this.idleTimeoutMs) {
      this.database.deleteSession(idHash);
      return undefined;
    }
    const user = this.database.getUser(stored.userId);
    if (!user || user.disabled) {
      this.database.deleteSession(idHash);
      return undefined;
    }
    // Writing on every request would cost a disk write per call; a minute of precision is enough.
    if (now - stored.lastSeenAt > 60_000) this.database.touchSession(idHash, now);
    const roles = this.database.rolesOfUser(user.id);
    const rights = new Set<RightId>(roles.flatMap((role) => role.rights));
    return { idHash, user, csrfToken: stored.csrfToken, rights, administration: roles.some((role) => role.administration) };
  }

  destroy(idHash: string): void {
    this.database.deleteSession(idHash);
  }

  purgeIdle(): void {
    this.database.deleteSessionsIdleSince(this.now() - this.idleTimeoutMs);
  }
}

/** Limits failed sign-ins per user name and per client address within a window. */
export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxPerUser = 5,
    private readonly maxPerAddress = 20,
    private readonly windowMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((time) => time > cutoff);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  /** Seconds to wait before another attempt, or 0 when an attempt is allowed. */
  retryAfterSeconds(userName: string, address: string): number {
    const checks: [number[], number][] = [
      [this.recent(`u:${userName.toLowerCase()}`), this.maxPerUser],
      [this.recent(`a:${address}`), this.maxPerAddress],
    ];
    let wait = 0;
    for (const [times, limit] of checks) {
      if (times.length >= limit) {
        const oldestThatCounts = times[times.length - limit]!;
        wait = Math.max(wait, Math.ceil((oldestThatCounts + this.windowMs - this.now()) / 1000));
      }
    }
    return wait > 0 ? Math.max(1, wait) : 0;
  }

  fail(userName: string, address: string): void {
    for (const key of [`u:${userName.toLowerCase()}`, `a:${address}`]) {
      const list = this.recent(key);
      list.push(this.now());
      this.failures.set(key, list);
    }
  }

  succeed(userName: string): void {
    this.failures.delete(`u:${userName.toLowerCase()}`);
  }
}

/**
 * Keeps the MDR service told of each console user's current rights, so that the REST API
 * connections a user created never act beyond them (the service refuses their calls otherwise).
 * The console pushes after every change of users or roles and, at start-up, the complete list
 * (`PUT /console/v1/principals`). Pushes run one at a time and each reads the database when it
 * starts, so the last one always carries the latest state; a failed push is retried until the
 * service has it.
 */
import type { ConsoleDatabase } from './console-db.ts';
import type { MdrServiceClient } from './outbound.ts';
import { rightIds, type RightId } from './rights.ts';

/** The rights a user holds now: none when deleted or disabled. */
export function currentRights(database: ConsoleDatabase, userId: string): RightId[] {
  const user = database.users.get(userId);
  if (!user || user.disabled) return [];
  const held = new Set(database.roles.heldBy(userId).flatMap((role) => role.rights));
  return rightIds.filter((right) => held.has(right));
}

export interface PrincipalRightsOptions {
  database: ConsoleDatabase;
  client: MdrServiceClient;
  /** The console's credential to the MDR service. */
  credential: string;
  log: { warn(details: object, message: string): void };
  /** First retry delay after a failed push; doubles up to {@link MAX_RETRY_MS}. */
  retryMs?: number;
}

const MAX_RETRY_MS = 60_000;

/** Pushes users' rights to the MDR service, coalescing changes that arrive while a push runs. */
export class PrincipalRightsPublisher {
  readonly #options: PrincipalRightsOptions;
  readonly #pendingUsers = new Set<string>();
  #pendingAll = false;
  /** The push queued behind the running one; it has not read the database yet. */
  #queued: Promise<boolean> | null = null;
  #tail: Promise<unknown> = Promise.resolve();
  #retryTimer: NodeJS.Timeout | undefined;
  #retryMs: number;
  #closed = false;

  constructor(options: PrincipalRightsOptions) {
    this.#options = options;
    this.#retryMs = options.retryMs ?? 1000;
  }

  /**
   * Tells the service the current rights of `userIds` (or of every user, replacing what it knew).
   * Resolves true once a push that read the database after this call succeeded, false when it
   * failed (it is retried in the background) or `waitAtMostMs` passed first.
   */
  publish(userIds: Iterable<string> | 'all', waitAtMostMs?: number): Promise<boolean> {
    if (userIds === 'all') this.#pendingAll = true;
    else for (const id of userIds) this.#pendingUsers.add(id);
    if (!this.#queued) {
      const queued = this.#tail.then(() => this.#push());
      this.#queued = queued;
      this.#tail = queued;
    }
    const done = this.#queued;
    if (waitAtMostMs === undefined) return done;
    return Promise.race([done, new Promise<boolean>((resolve) => setTimeout(resolve, waitAtMostMs, false).unref())]);
  }

  /** Stops retrying (the server is closing). */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
  }

  async #push(): Promise<boolean> {
    this.#queued = null;
    const all = this.#pendingAll;
    const userIds = [...this.#pendingUsers];
    this.#pendingAll = false;
    this.#pendingUsers.clear();
    if (this.#closed || (!all && userIds.length === 0)) return !this.#closed;
    const { database, client, credential } = this.#options;
    const principals = (all ? database.users.list().map((user) => user.id) : userIds).map((userId) => ({ userId, rights: currentRights(database, userId) }));
    try {
      const response = await client.request({
        method: 'PUT',
        path: '/console/v1/principals',
        headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' },
        body: JSON.stringify({ principals, complete: all }),
      });
      await response.body.dump();
      if (response.statusCode !== 204) throw new Error(`MDR service answered ${response.statusCode}`);
      this.#retryMs = this.#options.retryMs ?? 1000;
      return true;
    } catch (error) {
      // Not lost: the next push carries these users again.
      if (all) this.#pendingAll = true;
      for (const id of userIds) this.#pendingUsers.add(id);
      this.#options.log.warn({ err: error instanceof Error ? error.message : String(error), users: all ? 'all' : userIds.length }, 'Could not tell the MDR service the users\' current rights; retrying');
      this.#scheduleRetry();
      return false;
    }
  }

  #scheduleRetry(): void {
    if (this.#closed || this.#retryTimer) return;
    const delay = this.#retryMs;
    this.#retryMs = Math.min(this.#retryMs * 2, MAX_RETRY_MS);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      void this.publish([]);
    }, delay);
    this.#retryTimer.unref();
  }
}

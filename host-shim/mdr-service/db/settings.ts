import { ConflictError } from '../errors.ts';
import type { SqlContext } from './connection.ts';
import { bit, parseJson, runVersionedUpdate } from './sql.ts';
import { DEFAULT_SETTINGS, type NotificationCategory, type NotificationSubscription, type Setting, type SettingsValues } from './types.ts';

interface SettingRow {
  key: string;
  value: string;
  version: number;
  updated: number;
}

/** Organization-wide settings; each key versioned on its own so unrelated saves never conflict. */
export class SettingsRepository {
  constructor(private readonly sql: SqlContext) {}

  /** A setting, or its default with version 0 when never saved. */
  get<K extends keyof SettingsValues>(key: K): Setting<K> {
    const row = this.sql.stmt<[string], SettingRow>('SELECT * FROM settings WHERE key = ?').get(key);
    if (!row) return { key, value: structuredClone(DEFAULT_SETTINGS[key]), version: 0, updated: null };
    return { key, value: parseJson<SettingsValues[K]>(row.value), version: row.version, updated: row.updated };
  }

  /**
   * Saves a setting if the stored version still equals `expectedVersion` (0 = never saved);
   * otherwise Conflict: another user saved first.
   */
  set<K extends keyof SettingsValues>(key: K, value: SettingsValues[K], expectedVersion: number, now = Date.now()): Setting<K> {
    const json = JSON.stringify(value);
    if (expectedVersion === 0) {
      const result = this.sql.stmt('INSERT OR IGNORE INTO settings (key, value, version, updated) VALUES (?, ?, 1, ?)').run(key, json, now);
      if (result.changes === 0) throw new ConflictError('setting');
    } else {
      runVersionedUpdate(
        this.sql,
        'UPDATE settings SET value = @json, version = version + 1, updated = @now WHERE key = @key AND version = @expectedVersion',
        { key, json, now, expectedVersion },
        'SELECT 1 FROM settings WHERE key = ?',
        [key],
        'setting',
      );
    }
    return this.get(key);
  }
}

interface SubscriptionRow {
  user_id: string;
  email: string | null;
  email_verified: number;
  email_categories: string;
  email_code_hash: string | null;
  email_code_expires: number | null;
  email_code_failures: number;
  telegram_categories: string;
  telegram_link_token_hash: string | null;
  telegram_linked: number;
  version: number;
  updated: number;
}

function toSubscription(row: SubscriptionRow): NotificationSubscription {
  return {
    userId: row.user_id,
    email: row.email,
    emailVerified: row.email_verified === 1,
    emailCategories: parseJson(row.email_categories),
    emailCodeHash: row.email_code_hash,
    emailCodeExpires: row.email_code_expires,
    emailCodeFailures: row.email_code_failures,
    telegramCategories: parseJson(row.telegram_categories),
    telegramLinkTokenHash: row.telegram_link_token_hash,
    telegramLinked: row.telegram_linked === 1,
    version: row.version,
    updated: row.updated,
  };
}

export type NotificationSubscriptionPatch = Partial<Omit<NotificationSubscription, 'userId' | 'version' | 'updated'>>;

const SUBSCRIPTION_COLUMNS: Record<keyof NotificationSubscriptionPatch, string> = {
  email: 'email',
  emailVerified: 'email_verified',
  emailCategories: 'email_categories',
  emailCodeHash: 'email_code_hash',
  emailCodeExpires: 'email_code_expires',
  emailCodeFailures: 'email_code_failures',
  telegramCategories: 'telegram_categories',
  telegramLinkTokenHash: 'telegram_link_token_hash',
  telegramLinked: 'telegram_linked',
};

function subscriptionValue(key: keyof NotificationSubscriptionPatch, value: unknown): unknown {
  if (typeof value === 'boolean') return bit(value);
  if (key === 'emailCategories' || key === 'telegramCategories') return JSON.stringify(value);
  return value;
}

/** Per console user notification subscriptions (email and Telegram). */
export class NotificationRepository {
  constructor(private readonly sql: SqlContext) {}

  /** The user's subscription, or null when the user never saved one. */
  get(userId: string): NotificationSubscription | null {
    const row = this.sql.stmt<[string], SubscriptionRow>('SELECT * FROM notification_subscriptions WHERE user_id = ?').get(userId);
    return row ? toSubscription(row) : null;
  }

  /** Users whose verified address subscribed to `category` (the recipients of a notification). */
  listVerifiedEmail(category: NotificationCategory): NotificationSubscription[] {
    return this.sql
      .stmt<[string], SubscriptionRow>(
        `SELECT * FROM notification_subscriptions
         WHERE email IS NOT NULL AND email_verified = 1 AND EXISTS (SELECT 1 FROM json_each(email_categories) WHERE value = ?)
         ORDER BY user_id`,
      )
      .all(category)
      .map(toSubscription);
  }

  /** The subscription owning a Telegram link token hash (when the bot is opened with the link). */
  getByTelegramLinkHash(hash: string): NotificationSubscription | null {
    const row = this.sql.stmt<[string], SubscriptionRow>('SELECT * FROM notification_subscriptions WHERE telegram_link_token_hash = ?').get(hash);
    return row ? toSubscription(row) : null;
  }

  /**
   * Creates (expectedVersion 0) or updates the user's subscription with optimistic concurrency.
   * Pass `expectedVersion` undefined for service-internal updates (e.g. counting failed codes).
   */
  save(userId: string, patch: NotificationSubscriptionPatch, expectedVersion: number | undefined, now = Date.now()): NotificationSubscription {
    const keys = (Object.keys(patch) as (keyof NotificationSubscriptionPatch)[]).filter((k) => k in SUBSCRIPTION_COLUMNS);
    const params: Record<string, unknown> = { userId, now, expectedVersion: expectedVersion ?? null };
    for (const key of keys) params[key] = subscriptionValue(key, patch[key]);
    if (expectedVersion === 0) {
      const columns = keys.map((k) => SUBSCRIPTION_COLUMNS[k]);
      const result = this.sql
        .stmt(
          `INSERT OR IGNORE INTO notification_subscriptions (user_id, ${[...columns, 'updated'].join(', ')})
           VALUES (@userId, ${[...keys.map((k) => `@${k}`), '@now'].join(', ')})`,
        )
        .run(params);
      if (result.changes === 0) throw new ConflictError('notification subscription');
    } else {
      const assignments = [...keys.map((k) => `${SUBSCRIPTION_COLUMNS[k]} = @${k}`), 'version = version + 1', 'updated = @now'];
      runVersionedUpdate(
        this.sql,
        `UPDATE notification_subscriptions SET ${assignments.join(', ')}
         WHERE user_id = @userId AND (@expectedVersion IS NULL OR version = @expectedVersion)`,
        params,
        'SELECT 1 FROM notification_subscriptions WHERE user_id = ?',
        [userId],
        'notification subscription',
      );
    }
    return this.get(userId)!;
  }
}

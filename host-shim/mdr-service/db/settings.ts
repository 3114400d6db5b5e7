import { bitColumn, jsonColumn, RowMapping, type StoredRow } from '../../common/row-mapping.ts';
import { ConflictError } from '../errors.ts';
import type { SqlContext } from './connection.ts';
import { parseJson, updateVersioned } from './sql.ts';
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
      updateVersioned(this.sql, { table: 'settings', key: 'key', id: key, what: 'setting' }, ['value = @json', 'updated = @now'], { json, now }, expectedVersion);
    }
    return this.get(key);
  }
}

const SUBSCRIPTIONS = new RowMapping<NotificationSubscription>('notification_subscriptions', {
  userId: 'user_id',
  email: 'email',
  emailVerified: bitColumn('email_verified'),
  emailCategories: jsonColumn('email_categories'),
  emailCodeHash: 'email_code_hash',
  emailCodeExpires: 'email_code_expires',
  emailCodeFailures: 'email_code_failures',
  telegramCategories: jsonColumn('telegram_categories'),
  telegramLinkTokenHash: 'telegram_link_token_hash',
  telegramLinked: bitColumn('telegram_linked'),
  version: 'version',
  updated: 'updated',
});

export type NotificationSubscriptionPatch = Partial<Omit<NotificationSubscription, 'userId' | 'version' | 'updated'>>;

/** The fields a save writes (the user, version and time of the last change are kept by the repository). */
const PATCH_FIELDS = SUBSCRIPTIONS.fields.filter(
  (field): field is keyof NotificationSubscriptionPatch => field !== 'userId' && field !== 'version' && field !== 'updated',
);

/** Per console user notification subscriptions (email and Telegram). */
export class NotificationRepository {
  constructor(private readonly sql: SqlContext) {}

  /** The user's subscription, or null when the user never saved one. */
  get(userId: string): NotificationSubscription | null {
    return SUBSCRIPTIONS.one(this.sql, 'WHERE user_id = ?', userId);
  }

  /** Users whose verified address subscribed to `category` (the recipients of a notification). */
  listVerifiedEmail(category: NotificationCategory): NotificationSubscription[] {
    return this.sql
      .stmt<[string], StoredRow<NotificationSubscription>>(
        `SELECT ${SUBSCRIPTIONS.select()} FROM notification_subscriptions
         WHERE email IS NOT NULL AND email_verified = 1 AND EXISTS (SELECT 1 FROM json_each(email_categories) WHERE value = ?)
         ORDER BY user_id`,
      )
      .all(category)
      .map(SUBSCRIPTIONS.read);
  }

  /** The subscription owning a Telegram link token hash (when the bot is opened with the link). */
  getByTelegramLinkHash(hash: string): NotificationSubscription | null {
    return SUBSCRIPTIONS.one(this.sql, 'WHERE telegram_link_token_hash = ?', hash);
  }

  /**
   * Creates (expectedVersion 0) or updates the user's subscription with optimistic concurrency.
   * Pass `expectedVersion` undefined for service-internal updates (e.g. counting failed codes).
   */
  save(userId: string, patch: NotificationSubscriptionPatch, expectedVersion: number | undefined, now = Date.now()): NotificationSubscription {
    const { set, params } = SUBSCRIPTIONS.assignments(patch, PATCH_FIELDS);
    if (expectedVersion === 0) {
      const result = SUBSCRIPTIONS.insert(this.sql, { ...patch, userId, updated: now }, { fields: [...PATCH_FIELDS, 'userId', 'updated'], orIgnore: true });
      if (result.changes === 0) throw new ConflictError('notification subscription');
    } else {
      updateVersioned(
        this.sql,
        { table: SUBSCRIPTIONS.table, key: SUBSCRIPTIONS.column('userId'), id: userId, what: 'notification subscription' },
        [...set, 'updated = @now'],
        { ...params, now },
        expectedVersion,
      );
    }
    return this.get(userId)!;
  }
}

/**
 * The notification categories as values. Kept apart from `notifications.ts` so that the wire schemas
 * can read them (`contract/schemas/notifications.ts`) while `notifications.ts` re-exports the schemas' types.
 */

/** What a notification is about. */
export type NotificationCategory = 'incidents' | 'comments' | 'responses';
export const NOTIFICATION_CATEGORIES: readonly NotificationCategory[] = ['incidents', 'comments', 'responses'];

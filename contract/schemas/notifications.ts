import { NOTIFICATION_CATEGORIES, type NotificationCategory } from '../notification-categories.ts';
import { CheckedString, IsoDateTime, Nullable, OneOf, Type, Version, type Static } from './common.ts';

/** Body of `GET /notifications` and of every change of them: the signed-in user's notification settings. */
export const NotificationSettingsSchema = Type.Object({
  email: Type.Object({
    enabled: Type.Boolean(),
    address: Type.String(),
    verified: Type.Boolean(),
    categories: Type.Array(OneOf(NOTIFICATION_CATEGORIES)),
    /** A code was sent and waits to be entered. */
    verification: Type.Object({ pending: Type.Boolean(), expiresAt: Nullable(IsoDateTime), attemptsLeft: Type.Integer(), resendRequired: Type.Boolean() }),
  }),
  telegram: Type.Object({
    enabled: Type.Boolean(),
    categories: Type.Array(OneOf(NOTIFICATION_CATEGORIES)),
    /** A link was generated (the bot is subscribed once the link is opened). */
    linkGenerated: Type.Boolean(),
  }),
  version: Version,
});
export type NotificationSettings = Static<typeof NotificationSettingsSchema>;

/** The categories a channel is on for; `validateNotificationSettings` refuses unknown ones as `categoryRequired`. */
const categories = Type.Array(CheckedString<NotificationCategory>({ maxLength: 20 }), { maxItems: 3, uniqueItems: true });

/** What *Save* sends (`PUT /notifications`); `validateNotificationSettings` checks the address and the categories. */
export const NotificationSettingsInputSchema = Type.Object(
  {
    email: Type.Object({ enabled: Type.Boolean(), address: Type.String({ maxLength: 320 }), categories }, { additionalProperties: false }),
    telegram: Type.Object({ enabled: Type.Boolean(), categories }, { additionalProperties: false }),
    /** The `version` the form was loaded with (optimistic locking: 409 when someone saved since). */
    expectedVersion: Version,
  },
  { additionalProperties: false },
);
export type NotificationSettingsInput = Static<typeof NotificationSettingsInputSchema>;

/** Body of `POST /notifications/email/verify`: the code the mail brought. */
export const EmailCodeInputSchema = Type.Object({ code: Type.String({ maxLength: 20 }) }, { additionalProperties: false });
export type EmailCodeInput = Static<typeof EmailCodeInputSchema>;

/** Answer of `POST /notifications/telegram/link`: a new single-account link to the notification bot. */
export const TelegramLinkSchema = Type.Object({ link: Type.String() });
export type TelegramLink = Static<typeof TelegramLinkSchema>;

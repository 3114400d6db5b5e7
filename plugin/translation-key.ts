import type english from '../locales/en/mdr.json';
import type { GroupWith as GroupOf, LocaleGroup, LocaleKey } from '../contract/locale-keys.ts';

/**
 * Every key of the plug-in's strings (`locales/en/mdr.json`): `t()` takes nothing else, so a misspelt
 * or removed key fails to compile. A key made from a value (`licenses.tiers.${tier}`) compiles only
 * when the value's type names keys that exist; one made from what the server sends is checked with
 * `hasTranslation` / `keyIn`.
 */
export type TranslationKey = LocaleKey<typeof english>;

/** The groups of keys (`licenses.validation`), for messages looked up by a code under a group. */
export type TranslationGroup = LocaleGroup<typeof english>;

/** The groups that have a key `leaf` (`GroupWith<'discardTitle'>` = the panels with their own discard dialog). */
export type GroupWith<Leaf extends string> = GroupOf<TranslationKey, Leaf>;

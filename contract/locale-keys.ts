/**
 * Types of the keys of a locale file, for the plug-in's and the console's `t()`: given the English
 * file's type (`typeof english`), the keys code may ask for. English is the source language and every
 * other language must have the same keys (`npm run i18n:check`), so a key of English is a key of all.
 */

/** The plural forms i18next adds to a key (`total_one`, `total_other`); code names the key without them. */
type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
type WithoutPlural<Key extends string> = Key extends `${infer Base}_${PluralSuffix}` ? Base : Key;

/** Every string's key (`licenses.tiers.prime`; `total` for `total_one` / `total_other`). */
export type LocaleKey<Tree, Prefix extends string = ''> = {
  [Key in keyof Tree & string]: Tree[Key] extends string ? `${Prefix}${WithoutPlural<Key>}` : LocaleKey<Tree[Key], `${Prefix}${Key}.`>;
}[keyof Tree & string];

/** Every group of keys (`licenses`, `licenses.tiers`), for messages looked up by a code under a group. */
export type LocaleGroup<Tree, Prefix extends string = ''> = {
  [Key in keyof Tree & string]: Tree[Key] extends string ? never : `${Prefix}${Key}` | LocaleGroup<Tree[Key], `${Prefix}${Key}.`>;
}[keyof Tree & string];

/** The groups of `Keys` that have a key `leaf` (those with a `discardTitle`, say). */
export type GroupWith<Keys extends string, Leaf extends string> = Keys extends `${infer Group}.${Leaf}` ? Group : never;

/**
 * Semantic versions as plug-in manifests write them (`1.4.0`, `2.0.0-beta.1`) and the ranges of
 * host contract versions a plug-in works with: comparators joined by spaces (all must hold),
 * alternatives joined by `||` (one must hold). Comparators: `>=1.0.0`, `>1.0.0`, `<=`, `<`, `=1.0.0`
 * or `1.0.0` (exactly), `^1.2.0` (same major version, at least 1.2.0; `^0.2.0` keeps the minor one),
 * `~1.2.0` (same minor version, at least 1.2.0).
 */

/** A version split into its numbers and its pre-release identifiers (empty for a release). */
interface ParsedVersion {
  numbers: [number, number, number];
  prerelease: string[];
}

const versionPattern = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/;

function parse(version: string): ParsedVersion | undefined {
  const match = versionPattern.exec(version.trim());
  if (!match) return undefined;
  const numbers = [Number(match[1]), Number(match[2]), Number(match[3])] as [number, number, number];
  if (numbers.some((number) => !Number.isSafeInteger(number))) return undefined;
  return { numbers, prerelease: match[4] ? match[4].split('.') : [] };
}

/** Whether `version` is a semantic version as the manifest schema allows it. */
export function isVersion(version: string): boolean {
  return parse(version) !== undefined;
}

function compareIdentifiers(a: string, b: string): number {
  const numericA = /^\d+$/.test(a);
  const numericB = /^\d+$/.test(b);
  if (numericA && numericB) return Math.sign(Number(a) - Number(b));
  // Numeric identifiers sort before alphanumeric ones.
  if (numericA !== numericB) return numericA ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareParsed(a: ParsedVersion, b: ParsedVersion): number {
  for (let index = 0; index < 3; index++) {
    const difference = a.numbers[index]! - b.numbers[index]!;
    if (difference !== 0) return Math.sign(difference);
  }
  // A pre-release comes before its release: 1.0.0-beta < 1.0.0.
  if (a.prerelease.length === 0 || b.prerelease.length === 0) return Math.sign(b.prerelease.length - a.prerelease.length);
  for (let index = 0; index < Math.max(a.prerelease.length, b.prerelease.length); index++) {
    if (a.prerelease[index] === undefined) return -1;
    if (b.prerelease[index] === undefined) return 1;
    const order = compareIdentifiers(a.prerelease[index]!, b.prerelease[index]!);
    if (order !== 0) return order;
  }
  return 0;
}

/** Orders two versions: negative when `a` comes first, 0 when equal, positive when `a` is newer. Throws on a malformed version. */
export function compareVersions(a: string, b: string): number {
  const parsedA = parse(a);
  const parsedB = parse(b);
  if (!parsedA || !parsedB) throw new Error(`Not a semantic version: ${!parsedA ? a : b}`);
  return compareParsed(parsedA, parsedB);
}

const comparatorPattern = /^(\^|~|>=|<=|>|<|=)?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/;

/** Whether `version` satisfies one comparator (e.g. `^1.2.0`), or undefined when it is not one. */
function satisfiesComparator(version: ParsedVersion, comparator: string): boolean | undefined {
  const match = comparatorPattern.exec(comparator);
  if (!match) return undefined;
  const operator = match[1] ?? '=';
  const bound = parse(match[2]!)!;
  const order = compareParsed(version, bound);
  switch (operator) {
    case '>=':
      return order >= 0;
    case '>':
      return order > 0;
    case '<=':
      return order <= 0;
    case '<':
      return order < 0;
    case '=':
      return order === 0;
    case '~':
      return order >= 0 && version.numbers[0] === bound.numbers[0] && version.numbers[1] === bound.numbers[1];
    default: {
      // ^: no change to the first number that is not zero (^1.2.3: <2.0.0; ^0.2.3: <0.3.0; ^0.0.3: =0.0.3).
      if (order < 0) return false;
      const [major, minor] = bound.numbers;
      if (major !== 0) return version.numbers[0] === major;
      if (minor !== 0) return version.numbers[0] === 0 && version.numbers[1] === minor;
      return version.numbers[0] === 0 && version.numbers[1] === 0 && version.numbers[2] === bound.numbers[2];
    }
  }
}

/** Whether `range` is well formed (every comparator readable, no empty alternative). */
export function isVersionRange(range: string): boolean {
  return range.split('||').every((alternative) => {
    const comparators = alternative.trim().split(/\s+/).filter(Boolean);
    return comparators.length > 0 && comparators.every((comparator) => comparatorPattern.test(comparator));
  });
}

/** Whether `version` lies in `range`; a malformed range or version is satisfied by nothing. */
export function satisfiesRange(version: string, range: string): boolean {
  const parsed = parse(version);
  if (!parsed || !isVersionRange(range)) return false;
  return range.split('||').some((alternative) =>
    alternative
      .trim()
      .split(/\s+/)
      .every((comparator) => satisfiesComparator(parsed, comparator) === true),
  );
}

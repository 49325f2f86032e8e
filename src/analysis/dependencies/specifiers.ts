// PEP 440 version specifiers as sets of versions: "does this specifier admit any release at or above X?",
// "does it admit some 3.13.x?". Versions are compared by @renovatebot/pep440, never as text.

import { compare, explain, satisfies, valid } from '@renovatebot/pep440';

export interface Clause {
  operator: '~=' | '===' | '==' | '!=' | '<=' | '>=' | '<' | '>';
  version: string;
}

/** One end of a version interval. */
interface Bound {
  version: string;
  inclusive: boolean;
}

const CLAUSE = /^\s*(~=|===|==|!=|<=|>=|<|>)\s*([^\s,;]+)\s*$/;

/** A version without its wildcard suffix (`2.0.*` -> `2.0`). */
const stripWildcard = (v: string): string => v.replace(/\.\*$/, '');

/**
 * Splits a PEP 440 specifier set (`>=1.0, <2`) into clauses; undefined when a clause is not valid PEP 440.
 * The empty string is the empty set of clauses (any version).
 */
export function parseSpecifier(text: string): Clause[] | undefined {
  if (text.trim() === '') return [];
  const clauses: Clause[] = [];
  for (const part of text.split(',')) {
    const m = CLAUSE.exec(part);
    if (!m) return undefined;
    const operator = m[1] as Clause['operator'];
    const version = m[2]!;
    const wildcard = version.endsWith('.*');
    if (operator !== '===') {
      if (wildcard && operator !== '==' && operator !== '!=') return undefined;
      if (!valid(stripWildcard(version))) return undefined;
      // PEP 440: a compatible-release clause needs at least two release segments (`~=1` is invalid).
      if (operator === '~=' && (explain(version)?.release.length ?? 0) < 2) return undefined;
    }
    clauses.push({ operator, version });
  }
  return clauses;
}

export const formatSpecifier = (clauses: readonly Clause[]): string => clauses.map((c) => `${c.operator}${c.version}`).join(',');

/** `${epoch}!a.b.c` from a release tuple. */
function fromRelease(epoch: number, release: readonly number[]): string {
  return `${epoch ? `${epoch}!` : ''}${release.join('.')}`;
}

/** The release that follows a prefix: `2.0` -> `2.1`, `1` -> `2`. */
function nextPrefix(version: string): string | undefined {
  const v = explain(version);
  if (!v) return undefined;
  const release = [...v.release];
  release[release.length - 1]! += 1;
  return fromRelease(v.epoch, release);
}

function lowerOf(c: Clause): Bound | undefined {
  switch (c.operator) {
    case '>=':
    case '~=':
      return { version: c.version, inclusive: true };
    case '>':
      return { version: c.version, inclusive: false };
    case '==':
      return c.version.endsWith('.*') ? { version: `${stripWildcard(c.version)}.dev0`, inclusive: true } : { version: c.version, inclusive: true };
    case '===':
      return valid(c.version) ? { version: c.version, inclusive: true } : undefined;
    default:
      return undefined;
  }
}

function upperOf(c: Clause): Bound | undefined {
  switch (c.operator) {
    case '<':
      return { version: c.version, inclusive: false };
    case '<=':
      return { version: c.version, inclusive: true };
    case '==': {
      if (!c.version.endsWith('.*')) return { version: c.version, inclusive: true };
      const next = nextPrefix(stripWildcard(c.version));
      return next ? { version: `${next}.dev0`, inclusive: false } : undefined;
    }
    case '===':
      return valid(c.version) ? { version: c.version, inclusive: true } : undefined;
    case '~=': {
      // ~=X.Y.Z is >=X.Y.Z, ==X.Y.*: the upper end is the release after the prefix.
      const v = explain(c.version);
      if (!v || v.release.length < 2) return undefined;
      const next = nextPrefix(fromRelease(v.epoch, v.release.slice(0, -1)));
      return next ? { version: `${next}.dev0`, inclusive: false } : undefined;
    }
    default:
      return undefined;
  }
}

const tighterLower = (a: Bound, b: Bound): Bound => {
  const c = compare(a.version, b.version);
  return c > 0 || (c === 0 && !a.inclusive) ? a : b;
};
const tighterUpper = (a: Bound, b: Bound): Bound => {
  const c = compare(a.version, b.version);
  return c < 0 || (c === 0 && !a.inclusive) ? a : b;
};

function within(version: string, lo: Bound, hi: Bound | undefined): boolean {
  const l = compare(version, lo.version);
  if (l < 0 || (l === 0 && !lo.inclusive)) return false;
  if (!hi) return true;
  const h = compare(version, hi.version);
  return h < 0 || (h === 0 && hi.inclusive);
}

/** Versions just above `version`, to probe open intervals: `1.2` -> `1.3`, `1.2.1`, `1.2.0.1`. */
function probesAbove(version: string): string[] {
  const v = explain(version);
  if (!v) return [];
  const r = v.release;
  const bumpLast = [...r];
  bumpLast[bumpLast.length - 1]! += 1;
  const padded = [...r, 0, 0].slice(0, Math.max(3, r.length));
  padded[padded.length - 1]! += 1;
  return [bumpLast, padded, [...r, 0, 1], [...r, 1]].map((rel) => fromRelease(v.epoch, rel));
}

export interface VersionRange {
  /** Lowest version of interest. */
  from: string;
  fromInclusive?: boolean;
  /** Exclusive upper end, if any. */
  below?: string;
}

/**
 * Whether some version inside `range` satisfies every clause and is not `excluded`. The tightest bounds of
 * the clauses and the range decide whether the interval is empty; inside a non-empty interval, candidate
 * versions (its ends, the clauses' own versions and versions just above them) are checked with the PEP 440
 * implementation, so exclusions (`!=`), wildcards and pre-release rules are the library's, not ours.
 */
export function admitsVersionIn(clauses: readonly Clause[], range: VersionRange, excluded: (version: string) => boolean = () => false): boolean {
  let lo: Bound = { version: range.from, inclusive: range.fromInclusive ?? true };
  let hi: Bound | undefined = range.below ? { version: range.below, inclusive: false } : undefined;
  for (const c of clauses) {
    const l = lowerOf(c);
    if (l) lo = tighterLower(lo, l);
    const u = upperOf(c);
    if (u) hi = hi ? tighterUpper(hi, u) : u;
  }
  if (hi) {
    const c = compare(lo.version, hi.version);
    if (c > 0 || (c === 0 && !(lo.inclusive && hi.inclusive))) return false;
  }
  const spec = formatSpecifier(clauses);
  const seeds = [lo.version, range.from, ...clauses.filter((c) => valid(stripWildcard(c.version))).map((c) => stripWildcard(c.version))];
  const candidates = new Set<string>([...seeds, ...seeds.flatMap(probesAbove)]);
  if (hi?.inclusive) candidates.add(hi.version);
  for (const v of candidates) {
    if (!valid(v) || !within(v, lo, hi)) continue;
    if (spec && !satisfies(v, spec, { prereleases: true })) continue;
    if (excluded(v)) continue;
    return true;
  }
  return false;
}

/** Whether `clauses` admit some release of CPython `major.minor` (any patch level). */
export function admitsPython(clauses: readonly Clause[], target: readonly [number, number]): boolean {
  return admitsVersionIn(clauses, { from: `${target[0]}.${target[1]}`, below: `${target[0]}.${target[1] + 1}.dev0` });
}

/** The single version an `==X` / `===X` clause pins to, if the specifier is an exact pin. */
export function exactPin(clauses: readonly Clause[]): string | undefined {
  const pin = clauses.find((c) => (c.operator === '==' && !c.version.endsWith('.*')) || c.operator === '===');
  return pin?.version;
}

/** Whether `version` is a pre-release or development release (`1.0b2`, `2.0.dev1`). */
export function isPrerelease(version: string): boolean {
  const v = explain(version);
  return !!v && (v.is_prerelease || v.is_devrelease);
}

/**
 * Converts one Poetry version constraint (`^1.2`, `~1.2.3`, `1.2.*`, `>=1,<2`, `1.0 || 2.0`) into PEP 440
 * specifier alternatives (an OR of AND-sets). Undefined when the constraint is not valid.
 * Semantics from Poetry's documentation: caret allows changes that do not modify the left-most non-zero
 * part; tilde allows patch-level changes (minor-level when only a major is given).
 */
export function poetryConstraint(text: string): Clause[][] | undefined {
  const alternatives: Clause[][] = [];
  for (const branch of text.split(/\|\|?/)) {
    const clauses: Clause[] = [];
    // Whitespace runs collapsed to one space, matched by `\s?`: a `\s*` backtracks quadratically over a long run.
    const tokens = branch.replace(/,/g, ' ').trim().replace(/\s+/g, ' ');
    const pattern = /(\^|~=|~|===|==|!=|<=|>=|<|>|=)?\s?([^\s^~=!<>]+)/g;
    // Every character of the branch must belong to a constraint: `>=` alone or `1.0 foo!` is invalid.
    if (tokens === '' || tokens.replace(pattern, '').trim() !== '') return undefined;
    for (const m of tokens.matchAll(pattern)) {
      const op = m[1] ?? '';
      const version = m[2]!.replace(/\.x$/i, '.*');
      if (version === '*') continue;
      if (op === '^' || op === '~') {
        const v = explain(version);
        if (!v) return undefined;
        const r = v.release;
        let index: number;
        if (op === '~') index = r.length >= 2 ? 1 : 0;
        else {
          index = r.findIndex((n) => n !== 0);
          if (index < 0) index = r.length - 1;
        }
        const upper = r.slice(0, index + 1);
        upper[index]! += 1;
        clauses.push({ operator: '>=', version }, { operator: '<', version: fromRelease(v.epoch, upper) });
        continue;
      }
      const operator = (op === '' || op === '=' ? '==' : op) as Clause['operator'];
      const parsed = parseSpecifier(`${operator}${version}`);
      if (!parsed) return undefined;
      clauses.push(...parsed);
    }
    alternatives.push(clauses);
  }
  return alternatives;
}

// PEP 508 dependency specifiers (`name[extras] (specifier) ; marker` and `name @ url`) on pip-requirements-js,
// with environment markers evaluated for a target Python version in three-valued logic.

import { satisfies, valid } from '@renovatebot/pep440';
import type { EnvironmentMarker } from 'pip-requirements-js';
import { lazy } from '../../lazy.js';

/** The requirements grammar (an ohm-js parser): loaded when a requirement is first read. */
const pipRequirements = lazy<typeof import('pip-requirements-js')>('pip-requirements-js');
import { normalizePackageName } from '../project.js';
import { parseSpecifier, type Clause } from './specifiers.js';

/** A parsed requirement; offsets are 0-based UTF-16 offsets into the string that was parsed. */
export interface ParsedRequirement {
  /** As written. */
  name: string;
  /** PEP 503 normalised. */
  key: string;
  clauses: Clause[];
  /** The specifier as written (`>=1.0,<2`), empty for none. */
  specifier: string;
  url?: string;
  marker?: EnvironmentMarker;
  /** The declaration as written when it is not a PEP 508 string (Poetry's `pandas = "^1.5"`). */
  written?: string;
  /** Pinned by `--hash` options (pip's hash-checking mode). */
  hashed?: boolean;
  /** Python versions the requirement applies to (Poetry's per-dependency `python`), as OR of AND-sets. */
  python?: Clause[][];
  /** Offsets of the requirement proper (name to end of specifier/url, without the marker). */
  start: number;
  end: number;
}

export type ParseResult = { ok: true; requirement: ParsedRequirement } | { ok: false; message: string; offset: number };

/** Parentheses deeper than this in a marker are refused: the parser recurses once per level (a few hundred overflow the stack). */
export const MAX_MARKER_DEPTH = 32;

/** Where the parentheses of `text` first nest deeper than `max`, if they do. */
function tooDeep(text: string, max: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(' && ++depth > max) return i;
    if (text[i] === ')') depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/** The requirement as quoted in a message: long lines are cut, so a 2 MB line does not become a 2 MB notice. */
const quoted = (text: string): string => {
  const t = text.trim();
  return t.length > 120 ? `${t.slice(0, 100)}…` : t;
};

/** Parses one PEP 508 requirement string. */
export function parseRequirement(text: string): ParseResult {
  const deep = tooDeep(text, MAX_MARKER_DEPTH);
  if (deep !== undefined) {
    return { ok: false, message: `\`${quoted(text)}\` nests parentheses more than ${MAX_MARKER_DEPTH} deep, which PyShift does not read`, offset: deep };
  }
  let parsed;
  // pip-requirements-js 1.0.3 rejects arbitrary equality (`===`): parse it as `== ` (same length, same
  // offsets) and restore the operator by position below.
  const arbitrary = new Set([...text.matchAll(/===/g)].map((m) => m.index));
  try {
    parsed = pipRequirements().parsePipRequirementsLine(text.replace(/===/g, '== '), { includeLocations: true });
  } catch (err) {
    if (!(err instanceof pipRequirements().RequirementsSyntaxError)) throw err;
    const col = /col (\d+)/.exec(err.message);
    const reason = /: (expected .*)$/m.exec(err.message)?.[1];
    return { ok: false, message: `\`${quoted(text)}\` is not a valid requirement${reason ? ` (${reason})` : ''}`, offset: col ? Number(col[1]) - 1 : 0 };
  }
  if (!parsed || (parsed.data.type !== 'ProjectName' && parsed.data.type !== 'ProjectURL')) {
    return { ok: false, message: `\`${quoted(text)}\` is not a requirement`, offset: 0 };
  }
  const d = parsed.data;
  const name = d.name.data;
  let end = d.name.location.endIdx;
  let specifier = '';
  let clauses: Clause[] = [];
  let url: string | undefined;
  if (d.type === 'ProjectName') {
    const specs = d.versionSpec ?? [];
    if (specs.length > 0) {
      const operator = (s: (typeof specs)[number]): string => (arbitrary.has(s.data.operator.location.startIdx) ? '===' : s.data.operator.data);
      specifier = specs.map((s) => `${operator(s)}${s.data.version.data}`).join(',');
      const parsedClauses = parseSpecifier(specifier);
      if (!parsedClauses) return { ok: false, message: `\`${specifier}\` is not a valid PEP 440 version specifier`, offset: specs[0]!.location.startIdx };
      clauses = parsedClauses;
      end = Math.max(end, ...specs.map((s) => s.location.endIdx));
      // A parenthesised specifier `name (>=1)` ends at the closing parenthesis.
      const close = /^\s*\)/.exec(text.slice(end));
      if (close) end += close[0].length;
    }
  } else {
    url = d.url.data;
    end = d.url.location.endIdx;
  }
  if (d.extras?.length) end = Math.max(end, ...d.extras.map((e) => e.location.endIdx + 1));
  return {
    ok: true,
    requirement: { name, key: normalizePackageName(name), clauses, specifier, url, marker: d.environmentMarkerTree?.data, start: d.name.location.startIdx, end },
  };
}

/** true / false, or undefined when the marker depends on something the target version does not decide. */
export type Tri = boolean | undefined;

const unquote = (s: string): string | undefined => (/^(['"]).*\1$/s.test(s) ? s.slice(1, -1) : undefined);

/** Values that follow from the target version alone; others (platform, extras) are unknown. */
function environment(target: readonly [number, number]): Record<string, string[]> {
  const minor = `${target[0]}.${target[1]}`;
  // A full version can be any patch level of the target: compare against the first and a late one.
  return {
    python_version: [minor],
    python_full_version: [`${minor}.0`, `${minor}.99`],
    implementation_version: [`${minor}.0`, `${minor}.99`],
  };
}

const VERSION_OPS = new Set(['<', '<=', '>', '>=', '==', '!=', '~=', '===']);

function compareValues(left: string, op: string, right: string): boolean {
  if (op === 'in') return right.includes(left);
  if (op === 'not in') return !right.includes(left);
  // PEP 508: use PEP 440 comparison when both sides are versions, Python's string operators otherwise.
  if (VERSION_OPS.has(op) && valid(left) && (valid(right) || /\.\*$/.test(right))) return satisfies(left, `${op}${right}`, { prereleases: true });
  switch (op) {
    case '==':
    case '===':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    default:
      return false;
  }
}

/**
 * Evaluates a marker for the target Python version: false when the requirement is certainly skipped there
 * (`python_version < "3.13"`), true when certainly used, undefined when it depends on the platform or an extra.
 */
export function evaluateMarker(marker: EnvironmentMarker, target: readonly [number, number]): Tri {
  if ('left' in marker && (marker.operator === 'and' || marker.operator === 'or') && typeof marker.left === 'object') {
    const node = marker as { operator: 'and' | 'or'; left: EnvironmentMarker; right: EnvironmentMarker };
    const a = evaluateMarker(node.left, target);
    const b = evaluateMarker(node.right, target);
    if (node.operator === 'and') return a === false || b === false ? false : a === true && b === true ? true : undefined;
    return a === true || b === true ? true : a === false && b === false ? false : undefined;
  }
  const leaf = marker as { left: string; operator: string; right: string };
  const env = environment(target);
  const side = (s: string): string[] | undefined => {
    const literal = unquote(s);
    return literal !== undefined ? [literal] : env[s];
  };
  const lefts = side(leaf.left);
  const rights = side(leaf.right);
  if (!lefts || !rights) return undefined;
  const results = new Set<boolean>();
  for (const l of lefts) for (const r of rights) results.add(compareValues(l, leaf.operator, r));
  return results.size === 1 ? [...results][0] : undefined;
}

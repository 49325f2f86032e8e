// Checks one declared requirement (or Python-version constraint) against the `requirements` rules: pins
// below a package's first 3.13 release, metadata traps, packages with no 3.13 release, Azure Functions
// packages. Shared by the dependency-file analyzer and by analyzers that meet requirement strings
// elsewhere (`pip install pkg==x` in a Dockerfile RUN). Pure.

import { satisfies } from '@renovatebot/pep440';
import type { ProjectIndex } from '../project.js';
import type { ActiveRule, RawFinding } from '../types.js';
import { formatVersion, type PythonVersion } from '../versions.js';
import { hasNoRelease, supportTable, type PackageFacts } from '../dependencies/package-support.js';
import { evaluateMarker, parseRequirement, type ParsedRequirement } from '../dependencies/pep508.js';
import { admitsPython, admitsVersionIn, exactPin, formatSpecifier, isPrerelease, type Clause } from '../dependencies/specifiers.js';

/** What a requirement check needs from the scan; an AnalyzerContext is one. */
export interface RequirementCheckContext {
  target: PythonVersion;
  project: ProjectIndex;
  /** Facts looked up on PyPI before the scan (`pypi: true`), for packages the table does not list. */
  packageFacts?: ReadonlyMap<string, PackageFacts>;
}

/** 1-based line and column of the first character of a requirement string. */
export interface TextPosition {
  line: number;
  column: number;
}

/** Maps a 0-based offset in the checked text to a 1-based line and column. */
export type Locate = (offset: number) => TextPosition;

type SupportMatch = 'below-first-release' | 'below-first-release-unconfirmed' | 'metadata-excludes-target' | 'no-release' | 'hashes-predate-313-wheels';

const WHY: Record<PackageFacts['kind'], string> = {
  compiled: 'releases before {first} ship no wheels for CPython 3.13, so pip has to build them from source, which needs a compiler and often fails against 3.13',
  abi3: 'releases before {first} have no wheels that CPython 3.13 can use',
  pure: 'releases before {first} do not work on Python 3.13 (see the changelog linked below)',
  unknown: 'PyPI lists no wheel usable on CPython 3.13 (cp313, abi3 or py3) for releases before {first}',
};

const rulesWith = (rules: readonly ActiveRule[], key: string, value?: string): ActiveRule[] =>
  rules.filter((r) => r.kind === 'requirements' && r.match[key] !== undefined && (value === undefined || r.match[key] === value));

function finding(rule: ActiveRule, locate: Locate, start: number, end: number, data: Record<string, string>, docs?: string): RawFinding {
  const a = locate(start);
  const b = locate(end);
  return { rule, line: a.line, column: a.column, endLine: b.line, endColumn: b.column, data, ...(docs ? { docs } : {}) };
}

/** The facts for a normalised package name: the shipped table first, then PyPI lookups. */
export function factsFor(key: string, ctx: RequirementCheckContext): PackageFacts | undefined {
  return supportTable().get(key) ?? ctx.packageFacts?.get(key);
}

/**
 * Checks one parsed requirement. `locate` maps offsets of the text it was parsed from to positions;
 * findings span the requirement proper (name to the end of the specifier, not the marker).
 */
export function checkParsedRequirement(req: ParsedRequirement, locate: Locate, rules: readonly ActiveRule[], ctx: RequirementCheckContext): RawFinding[] {
  if (req.marker && evaluateMarker(req.marker, ctx.target) === false) return [];
  if (req.python && !req.python.some((clauses) => admitsPython(clauses, ctx.target))) return [];
  const out: RawFinding[] = [];
  const requirement = req.written ?? `${req.name}${req.specifier}`;
  const report = (rule: ActiveRule, data: Record<string, string>, docs?: string): void => {
    out.push(finding(rule, locate, req.start, req.end, { requirement, package: req.name, specifier: req.specifier || '(any version)', target: formatVersion(ctx.target), ...data }, docs));
  };

  for (const rule of rulesWith(rules, 'package')) {
    const names = (rule.match.package as string[]) ?? [];
    if (!names.includes(req.key)) continue;
    if (rule.match.pinned === 'prerelease') {
      const pin = exactPin(req.clauses);
      if (pin && isPrerelease(pin)) report(rule, { version: pin });
    } else {
      report(rule, {});
    }
  }

  if (req.url) return out;
  const facts = factsFor(req.key, ctx);
  if (!facts) return out;
  const support = (m: SupportMatch): ActiveRule[] => rulesWith(rules, 'support_table', m);
  if (!facts.firstVersion) {
    if (hasNoRelease(facts) && !(facts.fixedBy && ctx.project.isDeclared(facts.fixedBy))) {
      for (const rule of support('no-release')) report(rule, { replacement: facts.replacement ?? `Replace ${req.name} with a maintained alternative` }, facts.docs);
    }
    return out;
  }
  const first = facts.firstVersion;
  const data = {
    first,
    why: WHY[facts.kind].replace('{first}', first),
    reason: facts.softReason ?? (facts.confidence === 'low' ? `the reference marks this row low confidence (${facts.origin === 'pypi' ? 'PyPI file list' : 'indirect evidence'}), so check PyPI's file list` : 'the evidence is indirect'),
    safer: facts.saferPin ? ` (the reference prefers >=${facts.saferPin.version}: ${facts.saferPin.why})` : '',
  };
  if (!admitsVersionIn(req.clauses, { from: first })) {
    const soft = facts.softReason !== undefined || facts.confidence === 'low';
    for (const rule of support(soft ? 'below-first-release-unconfirmed' : 'below-first-release')) report(rule, data, facts.docs);
    return out;
  }
  const late = facts.wheelsAddedLater;
  if (late && req.hashed && exactPin(req.clauses) === late.version) {
    for (const rule of support('hashes-predate-313-wheels')) report(rule, { ...data, version: late.version, date: late.date }, facts.docs);
  }
  if (facts.excluded.length > 0) {
    const excluded = (v: string): boolean => facts.excluded.some((s) => satisfies(v, s, { prereleases: true }));
    if (!admitsVersionIn(req.clauses, { from: first }, excluded)) {
      for (const rule of support('metadata-excludes-target')) report(rule, { ...data, excluded: facts.excluded.join(', ') }, facts.docs);
    }
  }
  return out;
}

/**
 * Checks one PEP 508 requirement string (`numpy==1.26.4`, `pydub ; python_version < "3.13"`) that starts
 * at `position`, as a requirements-file line would be checked. Strings that are not valid requirements
 * yield no findings (the caller decides whether that is a problem). `rules` may hold rules of every kind;
 * only `requirements` rules are used.
 */
export function checkRequirementString(text: string, position: TextPosition, rules: readonly ActiveRule[], ctx: RequirementCheckContext): RawFinding[] {
  const parsed = parseRequirement(text);
  if (!parsed.ok) return [];
  const locate: Locate = (offset) => ({ line: position.line, column: position.column + offset });
  return checkParsedRequirement(parsed.requirement, locate, rules, ctx);
}

/** A Python-version constraint as written in a manifest (`>=3.8,<3.13`, Poetry `^3.9`), with its alternatives. */
export interface PythonConstraint {
  /** As written. */
  text: string;
  /** OR of AND-sets of clauses. */
  alternatives: Clause[][];
  /** Where it comes from, for the message: `requires-python`, `python_requires`, ... */
  field: string;
}

/** Reports a Python-version constraint that admits no release of the target version. */
export function checkPythonConstraint(constraint: PythonConstraint, locate: Locate, span: { start: number; end: number }, rules: readonly ActiveRule[], ctx: RequirementCheckContext): RawFinding[] {
  if (constraint.alternatives.some((clauses) => admitsPython(clauses, ctx.target))) return [];
  const target = formatVersion(ctx.target);
  return rulesWith(rules, 'python_constraint', 'excludes-target').map((rule) =>
    finding(rule, locate, span.start, span.end, {
      field: constraint.field,
      constraint: constraint.text,
      normalized: constraint.alternatives.map(formatSpecifier).join(' or ') || '(any)',
      target,
    }),
  );
}

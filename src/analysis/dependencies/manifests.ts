// Reads every kind of dependency manifest into one shape: the requirements it declares (parsed as PEP 508,
// with file positions), the Python-version constraints it sets, and the problems that stop pip or the
// build backend from reading it. pip files (requirements*.txt, constraints*.txt, *.in), pyproject.toml
// (PEP 621, PEP 735 dependency groups, [build-system], Poetry), setup.cfg and Pipfile.

import { posix } from 'node:path';
import { lazy } from '../../lazy.js';

const smolToml = lazy<typeof import('smol-toml')>('smol-toml');
import type { FileProblem } from '../analyzer.js';
import type { Deadline } from '../budget.js';
import { normalizePackageName } from '../project.js';
import { parseRequirement, type ParsedRequirement } from './pep508.js';
import { readPipFile } from './pip-file.js';
import { parseSpecifier, poetryConstraint, type Clause } from './specifiers.js';
import { commentStart, linesOf, positionsOf, type Position } from './text-positions.js';

/** Offsets are file offsets: `parsed.start`/`parsed.end` and every span below index the file's text. */
export interface DeclaredRequirement {
  /** PEP 503 name, also for URL / path requirements whose name is known (`#egg=`). */
  key?: string;
  /** Alternatives (Poetry `||` gives several); each is checked and a finding needs all to agree. */
  parsed: ParsedRequirement[];
  /** File offset where the declaration starts (for the declared-package index). */
  offset: number;
}

export interface DeclaredPython {
  field: string;
  text: string;
  alternatives: Clause[][];
  start: number;
  end: number;
}

export interface ManifestContents {
  requirements: DeclaredRequirement[];
  pythons: DeclaredPython[];
  problems: FileProblem[];
  /** Files pulled in with -r / -c, resolved against the including file. */
  includes: string[];
}

export type ManifestKind = 'pip' | 'pyproject' | 'setup-cfg' | 'pipfile';

/** Which manifest format a path is, if any. */
export function manifestKind(path: string): ManifestKind | undefined {
  const base = posix.basename(path);
  if (base === 'pyproject.toml') return 'pyproject';
  if (base === 'setup.cfg') return 'setup-cfg';
  if (base === 'Pipfile') return 'pipfile';
  // requirements.txt, requirements-dev.txt, dev-requirements.txt, constraints.txt, test_constraints.txt.
  if (/^[\w.-]*\.txt$/i.test(base) && /requirements|constraints/i.test(base.slice(0, -4))) return 'pip';
  // requirements/base.txt, requirements.d/dev.txt: the common folder layouts.
  if (/(^|\/)requirements(\.d)?\/[^/]+\.txt$/i.test(path)) return 'pip';
  // pip-tools inputs (requirements.in, dev.in); not MANIFEST.in, Makefile.in, config.h.in or configure.in.
  if (/^[a-z0-9_-]+\.in$/.test(base) && !/^(configure|makefile|manifest)\.in$/i.test(base)) return 'pip';
  return undefined;
}

const empty = (): ManifestContents => ({ requirements: [], pythons: [], problems: [], includes: [] });

/** Parses a PEP 508 string found at file offset `at` (offsets inside the string map 1:1 to the file). */
function requirementAt(text: string, at: number, into: ManifestContents, position: (o: number) => Position, what: string): void {
  readingDeadline?.check();
  const r = parseRequirement(text);
  if (!r.ok) {
    const p = position(at + r.offset);
    into.problems.push({ line: p.line, column: p.column, message: `${what}: ${r.message}`, severity: 'error' });
    return;
  }
  const req = { ...r.requirement, start: at + r.requirement.start, end: at + r.requirement.end };
  into.requirements.push({ key: req.key, parsed: [req], offset: at });
}

function pythonAt(field: string, text: string, start: number, into: ManifestContents, position: (o: number) => Position, poetry = false): void {
  const alternatives = poetry ? poetryConstraint(text) : ((c) => (c ? [c] : undefined))(parseSpecifier(text));
  if (!alternatives) {
    const p = position(start);
    into.problems.push({ line: p.line, column: p.column, message: `${field} \`${text}\` is not a valid version constraint`, severity: 'error' });
    return;
  }
  into.pythons.push({ field, text, alternatives, start, end: start + text.length });
}

// ---------------------------------------------------------------------------------------------------
// pip requirements files

/**
 * Whether a pip-format file says by its name or folder that it is one. Other `*.in` files (`dev.in`) are
 * probably pip-tools inputs but may be some other template, so their problems are notices, not errors.
 */
const namedAsRequirements = (path: string): boolean =>
  /requirements|constraints/i.test(path.slice(path.lastIndexOf('/') + 1)) || /(^|\/)requirements(\.d)?\//i.test(path);

function readPip(path: string, text: string): ManifestContents {
  const out = empty();
  const severity = namedAsRequirements(path) ? 'error' : 'notice';
  const position = positionsOf(text);
  const fileOffset = (offsets: number[], i: number): number => offsets[i] ?? (offsets.length ? offsets[offsets.length - 1]! + 1 : 0);
  for (const entry of readPipFile(path, text)) {
    readingDeadline?.check();
    if (entry.kind === 'error') {
      const p = position(entry.offset);
      out.problems.push({ line: p.line, column: p.column, message: entry.message, severity });
    } else if (entry.kind === 'include') {
      out.includes.push(entry.resolved);
    } else if (entry.kind === 'editable' || (entry.kind === 'requirement' && entry.url)) {
      if (entry.egg) out.requirements.push({ key: normalizePackageName(entry.egg), parsed: [], offset: fileOffset(entry.offsets, 0) });
    } else if (entry.kind === 'requirement') {
      // pip expands `${VAR}` before parsing; the value is unknown here, so keep a same-length stand-in.
      const expands = /\$\{[A-Z0-9_]+\}/.test(entry.text);
      const r = parseRequirement(entry.text.replace(/\$\{[A-Z0-9_]+\}/g, (m) => 'x'.repeat(m.length)));
      if (!r.ok && expands) {
        // Only valid once the variable is set (`numpy==${NUMPY_VERSION}`): declare the name, judge nothing.
        const name = /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(entry.text)?.[0];
        if (name) out.requirements.push({ key: normalizePackageName(name), parsed: [], offset: fileOffset(entry.offsets, 0) });
        continue;
      }
      if (!r.ok) {
        const p = position(fileOffset(entry.offsets, r.offset));
        out.problems.push({ line: p.line, column: p.column, message: `pip rejects this line: ${r.message}`, severity });
        continue;
      }
      // A continuation can split a requirement across lines: map its ends through the offsets.
      const req = {
        ...r.requirement,
        start: fileOffset(entry.offsets, r.requirement.start),
        end: fileOffset(entry.offsets, r.requirement.end - 1) + 1,
        ...(entry.options.includes('--hash') ? { hashed: true } : {}),
      };
      out.requirements.push({ key: req.key, parsed: [req], offset: req.start });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// TOML (pyproject.toml, Pipfile): values from smol-toml, positions found in the text

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Header name -> [start, end) of the table's body. `[tool . "poetry"]` is `tool.poetry`. */
function tableSpans(text: string): Map<string, { start: number; end: number }> {
  const spans = new Map<string, { start: number; end: number }>();
  // One line at a time: the same pattern with the `m` flag is reported as quadratic by the regex audit.
  const header = /^[ \t]*\[\[?([^\]]+)\]\]?[ \t]*(?:#.*)?$/;
  let previous: string | undefined;
  for (const line of linesOf(text)) {
    if (!line.text.includes('[')) continue;
    const m = header.exec(line.text);
    if (!m) continue;
    if (previous !== undefined) spans.get(previous)!.end = line.start;
    const name = m[1]!.split('.').map((s) => s.trim().replace(/^["']|["']$/g, '')).join('.');
    previous = spans.has(name) ? undefined : name;
    if (previous !== undefined) spans.set(name, { start: line.start + m[0].length, end: text.length });
  }
  return spans;
}

/** Offset of `key =` inside [from, to), and the offset just after the `=`. */
function findKey(text: string, key: string, from: number, to: number): { key: number; value: number } | undefined {
  const re = new RegExp(`^[ \\t]*(?:"${escapeRegExp(key)}"|'${escapeRegExp(key)}'|${escapeRegExp(key)})[ \\t]*=`, 'gm');
  re.lastIndex = from;
  const m = re.exec(text);
  if (!m || m.index >= to) return undefined;
  return { key: m.index + m[0].length - m[0].trimStart().length, value: m.index + m[0].length };
}

/** File offset of the first character of a TOML string literal whose value is `value`, at or after `from`. */
function findString(text: string, value: string, from: number): number | undefined {
  const basic = `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const literal = `'${value}'`;
  const hits = [text.indexOf(basic, from), value.includes("'") ? -1 : text.indexOf(literal, from)].filter((i) => i >= 0);
  return hits.length ? Math.min(...hits) + 1 : undefined;
}

/** Where a value under `table.key` starts: the key's `=` in the table's span (or the whole file as a fallback). */
function valueStart(text: string, spans: Map<string, { start: number; end: number }>, table: string, key: string): number {
  const span = spans.get(table);
  if (span) return findKey(text, key, span.start, span.end)?.value ?? span.start;
  return 0;
}

function tomlDocument(text: string, out: ManifestContents, what: string): Record<string, unknown> | undefined {
  try {
    return smolToml().parse(text) as Record<string, unknown>;
  } catch (err) {
    if (!(err instanceof smolToml().TomlError) && !(err instanceof Error && 'line' in err)) throw err;
    const e = err as Error & { line?: number; column?: number };
    out.problems.push({ line: e.line ?? 1, column: e.column ?? 1, message: `${what} is not valid TOML: ${e.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '')}`, severity: 'error' });
    return undefined;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

/** Reads an array of PEP 508 strings that sits under `table.key`. */
function requirementArray(text: string, values: unknown, cursorStart: number, out: ManifestContents, position: (o: number) => Position, what: string): void {
  let cursor = cursorStart;
  for (const s of strings(values)) {
    const at = findString(text, s, cursor) ?? cursorStart;
    requirementAt(s, at, out, position, what);
    cursor = at + s.length;
  }
}

/**
 * A Poetry dependency (`"^1.2"`, `{version, python, markers}`, or a list of those for different
 * environments). Each entry is one declaration; a `||` constraint gives that declaration alternatives.
 */
function poetryDependency(name: string, spec: unknown, keyAt: { key: number; lineEnd: number }, out: ManifestContents, position: (o: number) => Position): void {
  const key = normalizePackageName(name);
  const entries = Array.isArray(spec) ? spec : [spec];
  if (entries.length === 0) out.requirements.push({ key, parsed: [], offset: keyAt.key });
  for (const entry of entries) {
    const parsed: ParsedRequirement[] = [];
    const table: Record<string, unknown> = isRecord(entry) ? entry : { version: entry };
    if (table.git !== undefined || table.path !== undefined || table.url !== undefined) {
      out.requirements.push({ key, parsed: [], offset: keyAt.key });
      continue;
    }
    const version = typeof table.version === 'string' ? table.version : '*';
    const alternatives = poetryConstraint(version);
    if (!alternatives) {
      const p = position(keyAt.key);
      out.problems.push({ line: p.line, column: p.column, message: `Poetry dependency ${name}: \`${version}\` is not a valid version constraint`, severity: 'error' });
      return;
    }
    // A `python` restriction or `markers` that exclude the target make this entry irrelevant there.
    const markers: string[] = [];
    if (typeof table.markers === 'string') markers.push(`(${table.markers})`);
    let marker: ParsedRequirement['marker'];
    if (markers.length) {
      const r = parseRequirement(`${name}; ${markers.join(' and ')}`);
      if (r.ok) marker = r.requirement.marker;
    }
    const pythonAlternatives = typeof table.python === 'string' ? poetryConstraint(table.python) : undefined;
    for (const clauses of alternatives) {
      // Findings quote Poetry's own syntax (`^1.5`); the check uses the PEP 440 clauses.
      parsed.push({ name, key, clauses, specifier: version, written: `${name} = "${version}"`, ...(marker ? { marker } : {}), ...(pythonAlternatives ? { python: pythonAlternatives } : {}), start: keyAt.key, end: keyAt.lineEnd });
    }
    out.requirements.push({ key, parsed, offset: keyAt.key });
  }
}

function readPyproject(text: string): ManifestContents {
  const out = empty();
  const doc = tomlDocument(text, out, 'pyproject.toml');
  if (!doc) return out;
  const position = positionsOf(text);
  const spans = tableSpans(text);
  const project = isRecord(doc.project) ? doc.project : undefined;
  if (project) {
    requirementArray(text, project.dependencies, valueStart(text, spans, 'project', 'dependencies'), out, position, '[project] dependencies');
    if (isRecord(project['optional-dependencies'])) {
      for (const [group, values] of Object.entries(project['optional-dependencies'])) {
        const from = spans.has('project.optional-dependencies') ? valueStart(text, spans, 'project.optional-dependencies', group) : valueStart(text, spans, 'project', 'optional-dependencies');
        requirementArray(text, values, from, out, position, `[project.optional-dependencies] ${group}`);
      }
    }
    if (typeof project['requires-python'] === 'string') {
      const value = project['requires-python'];
      pythonAt('requires-python', value, findString(text, value, valueStart(text, spans, 'project', 'requires-python')) ?? 0, out, position);
    }
  }
  if (isRecord(doc['build-system'])) {
    requirementArray(text, doc['build-system'].requires, valueStart(text, spans, 'build-system', 'requires'), out, position, '[build-system] requires');
  }
  if (isRecord(doc['dependency-groups'])) {
    for (const [group, values] of Object.entries(doc['dependency-groups'])) {
      requirementArray(text, values, valueStart(text, spans, 'dependency-groups', group), out, position, `[dependency-groups] ${group}`);
    }
  }
  const poetry = isRecord(doc.tool) && isRecord(doc.tool.poetry) ? doc.tool.poetry : undefined;
  if (poetry) {
    const tables: [string, unknown][] = [['tool.poetry.dependencies', poetry.dependencies], ['tool.poetry.dev-dependencies', poetry['dev-dependencies']]];
    if (isRecord(poetry.group)) for (const [g, body] of Object.entries(poetry.group)) if (isRecord(body)) tables.push([`tool.poetry.group.${g}.dependencies`, body.dependencies]);
    for (const [table, deps] of tables) {
      if (!isRecord(deps)) continue;
      const span = spans.get(table) ?? { start: 0, end: text.length };
      for (const [name, spec] of Object.entries(deps)) {
        const found = findKey(text, name, span.start, span.end);
        const keyOffset = found?.key ?? span.start;
        const lineEnd = lineEndAt(text, keyOffset);
        if (name === 'python' && table === 'tool.poetry.dependencies') {
          if (typeof spec === 'string') pythonAt('[tool.poetry.dependencies] python', spec, findString(text, spec, found?.value ?? span.start) ?? keyOffset, out, position, true);
          continue;
        }
        poetryDependency(name, spec, { key: keyOffset, lineEnd }, out, position);
      }
    }
  }
  return out;
}

/** Offset of the end of the line holding `offset`, without trailing spaces or a comment. */
function lineEndAt(text: string, offset: number): number {
  const nl = text.slice(offset).search(/\r|\n/);
  const line = text.slice(offset, nl < 0 ? text.length : offset + nl);
  return offset + line.slice(0, commentStart(line) ?? line.length).trimEnd().length;
}

function readPipfile(text: string): ManifestContents {
  const out = empty();
  const doc = tomlDocument(text, out, 'Pipfile');
  if (!doc) return out;
  const position = positionsOf(text);
  const spans = tableSpans(text);
  for (const table of ['packages', 'dev-packages']) {
    const deps = doc[table];
    if (!isRecord(deps)) continue;
    const span = spans.get(table) ?? { start: 0, end: text.length };
    for (const [name, spec] of Object.entries(deps)) {
      const found = findKey(text, name, span.start, span.end);
      const keyOffset = found?.key ?? span.start;
      const entry: Record<string, unknown> = isRecord(spec) ? spec : { version: spec };
      const key = normalizePackageName(name);
      if (entry.git !== undefined || entry.path !== undefined || entry.file !== undefined || typeof entry.version !== 'string') {
        out.requirements.push({ key, parsed: [], offset: keyOffset });
        continue;
      }
      // Pipfile versions are PEP 440 specifiers (`"==1.2"`, `"*"`); markers come as `markers` and per-variable keys.
      const markers = typeof entry.markers === 'string' ? [`(${entry.markers})`] : [];
      for (const variable of ['python_version', 'python_full_version', 'sys_platform', 'platform_system', 'os_name', 'platform_machine']) {
        if (typeof entry[variable] === 'string') markers.push(`${variable} ${entry[variable]}`);
      }
      const version = entry.version === '*' ? '' : entry.version;
      const text508 = `${name}${version}${markers.length ? `; ${markers.join(' and ')}` : ''}`;
      const r = parseRequirement(text508);
      if (!r.ok) {
        const p = position(keyOffset);
        out.problems.push({ line: p.line, column: p.column, message: `Pipfile [${table}] ${name}: ${r.message}`, severity: 'error' });
        continue;
      }
      out.requirements.push({ key, parsed: [{ ...r.requirement, start: keyOffset, end: lineEndAt(text, keyOffset) }], offset: keyOffset });
    }
  }
  const requires = isRecord(doc.requires) ? doc.requires : undefined;
  for (const field of ['python_version', 'python_full_version'] as const) {
    const value = requires?.[field];
    if (typeof value !== 'string') continue;
    // Pipenv reads `python_version = "3.11"` as "this project runs on 3.11".
    const spec = field === 'python_version' ? `==${value}.*` : `==${value}`;
    const start = findString(text, value, valueStart(text, spans, 'requires', field)) ?? 0;
    const clauses = parseSpecifier(spec);
    if (!clauses) {
      const p = position(start);
      out.problems.push({ line: p.line, column: p.column, message: `Pipfile [requires] ${field} \`${value}\` is not a Python version`, severity: 'error' });
      continue;
    }
    out.pythons.push({ field: `[requires] ${field}`, text: value, alternatives: [clauses], start, end: start + value.length });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// setup.cfg: Python's configparser grammar (sections, `key = value` / `key: value`, indented continuation
// lines, full-line `#` / `;` comments), kept with positions. No npm INI parser keeps line numbers or
// implements configparser's continuation rules, and setuptools reads setup.cfg with configparser.

interface CfgValue {
  key: string;
  keyOffset: number;
  /** Value lines (first line's value and continuations), with the file offset of each. */
  lines: { text: string; start: number }[];
}

/**
 * `key = value` or `key: value` of a setup.cfg line whose first `indent` characters are blank: the key and
 * where the value starts (after the separator and one blank). The separator is found with a search, as a
 * pattern for the whole line backtracks quadratically.
 */
function cfgOption(raw: string, indent: number): { key: string; valueAt: number } | undefined {
  const sep = raw.search(/[=:]/);
  if (sep < 0 || raw.slice(indent, sep).trim() === '') return undefined;
  const blank = raw[sep + 1] === ' ' || raw[sep + 1] === '\t';
  return { key: raw.slice(indent, sep), valueAt: sep + (blank ? 2 : 1) };
}

function readCfgSections(text: string, out: ManifestContents): Map<string, CfgValue[]> {
  const sections = new Map<string, CfgValue[]>();
  let current: CfgValue[] | undefined;
  let last: CfgValue | undefined;
  let lastIndent = 0;
  for (const [index, { text: raw, start }] of linesOf(text).entries()) {
    if (/^\s*[#;]/.test(raw)) continue;
    if (raw.trim() === '') continue;
    const indent = raw.length - raw.trimStart().length;
    if (last && indent > lastIndent) {
      last.lines.push({ text: raw.trim(), start: start + indent });
      continue;
    }
    const header = /^\[([^\]]+)\]/.exec(raw);
    if (header) {
      const name = header[1]!.trim();
      current = sections.get(name) ?? [];
      sections.set(name, current);
      last = undefined;
      continue;
    }
    const option = cfgOption(raw, indent);
    if (!option || !current) {
      out.problems.push({ line: index + 1, column: indent + 1, message: current ? 'setup.cfg: this line is neither a section, an option nor a continuation' : 'setup.cfg: an option before the first [section] header', severity: 'error' });
      last = undefined;
      continue;
    }
    const value = raw.slice(option.valueAt);
    last = { key: option.key.trim().toLowerCase(), keyOffset: start + indent, lines: [] };
    if (value.trim() !== '') last.lines.push({ text: value.trim(), start: start + option.valueAt + (value.length - value.trimStart().length) });
    lastIndent = indent;
    current.push(last);
  }
  return sections;
}

function readSetupCfg(text: string): ManifestContents {
  const out = empty();
  const position = positionsOf(text);
  const sections = readCfgSections(text, out);
  const lists: [string, string[]][] = [['options', ['install_requires', 'setup_requires', 'tests_require']], ['options.extras_require', [...(sections.get('options.extras_require') ?? []).map((v) => v.key)]]];
  for (const [section, keys] of lists) {
    for (const value of sections.get(section) ?? []) {
      if (!keys.includes(value.key)) continue;
      for (const line of value.lines) {
        // setuptools' requirement lists: one per line; lines starting with `#` are comments; `file:` is out of reach.
        if (line.text.startsWith('#') || line.text.startsWith('file:')) continue;
        requirementAt(line.text.slice(0, commentStart(line.text) ?? line.text.length), line.start, out, position, `setup.cfg [${section}] ${value.key}`);
      }
    }
  }
  const python = (sections.get('options') ?? []).find((v) => v.key === 'python_requires');
  if (python?.lines[0]) pythonAt('python_requires', python.lines[0].text, python.lines[0].start, out, position);
  return out;
}

/** Reads a manifest of any supported kind; `kind` overrides the name (a pip file included as `base.pip`). */
export function readManifest(path: string, text: string, kind: ManifestKind | undefined = manifestKind(path), deadline?: Deadline): ManifestContents {
  const outer = readingDeadline;
  readingDeadline = deadline;
  try {
    return readManifestOfKind(path, text, kind);
  } finally {
    readingDeadline = outer;
  }
}

/**
 * The deadline of the readManifest call in progress: every PEP 508 string is checked against it, since
 * parsing one (pip-requirements-js) costs tens of microseconds and a 2 MiB file holds 200,000 of them.
 */
let readingDeadline: Deadline | undefined;

function readManifestOfKind(path: string, text: string, kind: ManifestKind | undefined): ManifestContents {
  switch (kind) {
    case 'pip':
      return readPip(path, text);
    case 'pyproject':
      return readPyproject(text);
    case 'setup-cfg':
      return readSetupCfg(text);
    case 'pipfile':
      return readPipfile(text);
    default:
      return empty();
  }
}

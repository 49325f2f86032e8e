// Loads the rule catalogue (rules/**/*.yaml), validates every pack against rules/schema.json and
// selects the rules that apply to one scan (rule-selection.ts, re-exported here).

import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import type { Ajv, ErrorObject } from 'ajv';
import type { LineCounter, parseDocument } from 'yaml';
import { lazy } from '../lazy.js';
import { DEFAULT_RULES_DIR } from './rules-dir.js';
import type { Rule, RuleKind } from './types.js';
import { parseVersion } from './versions.js';

export { DEFAULT_RULES_DIR };

// Only needed when the build's snapshot does not match the rules folder.
const ajv = lazy<typeof import('ajv')>('ajv');
const yaml = lazy<typeof import('yaml')>('yaml');

/**
 * The validated catalogue as `npm run build` leaves it (write-rules-snapshot.ts): the rules of a rules
 * directory whose schema and packs hash to `key`. Loading it instead of parsing and validating the YAML
 * again saves ~0.3 s per process; any change to a pack or the schema changes the key and the YAML is read.
 */
export const DEFAULT_SNAPSHOT = fileURLToPath(new URL('../../lib/catalogue/rules-snapshot.json', import.meta.url));

interface Snapshot {
  key: string;
  rules: Rule[];
}

export class RulePackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RulePackError';
  }
}

export interface Ruleset {
  rules: readonly Rule[];
  byId: ReadonlyMap<string, Rule>;
  /** Hash of every pack's bytes: a cache key that changes whenever the catalogue does. */
  version: string;
  dir: string;
}

/** Lists the YAML packs below `dir` in a stable order. */
export function listPackFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

let compiledValidator: ReturnType<Ajv['compile']> | undefined;
function validator(dir: string): ReturnType<Ajv['compile']> {
  if (!compiledValidator) {
    const schema = JSON.parse(readFileSync(join(dir, 'schema.json'), 'utf8'));
    compiledValidator = new (ajv().Ajv)({ allErrors: true, strict: false }).compile(schema);
  }
  return compiledValidator;
}

/** Turns an ajv instance path (/rules/3/match) into a readable key path with the YAML line. */
function describeError(doc: ReturnType<typeof parseDocument>, lines: LineCounter, data: unknown, err: ErrorObject): string {
  const segments = err.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const extraKey = err.keyword === 'additionalProperties' ? String(err.params.additionalProperty) : undefined;
  const node = (extraKey !== undefined ? doc.getIn([...segments, extraKey], true) : undefined) ?? doc.getIn(segments, true);
  const line = yaml().isNode(node) && node.range ? lines.linePos(node.range[0]).line : undefined;
  let keyPath = segments.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '') || '(top level)';
  if (segments[0] === 'rules' && typeof segments[1] === 'number') {
    const id = (data as { rules?: { id?: unknown }[] }).rules?.[segments[1]]?.id;
    if (typeof id === 'string') keyPath += ` (rule ${id})`;
  }
  const extra = extraKey !== undefined ? ` "${extraKey}"` : '';
  const allowed = err.keyword === 'enum' ? `: ${(err.params.allowedValues as unknown[]).join(', ')}` : '';
  return `${line ? `line ${line}: ` : ''}${keyPath} ${err.message}${extra}${allowed}`;
}

/** Reads and validates one pack; throws RulePackError naming the file, the line and the key path. */
export function loadPack(file: string, dir: string, text: string = readFileSync(file, 'utf8')): Rule[] {
  const name = relative(dir, file).split(sep).join('/');
  const lines = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter: lines, prettyErrors: true });
  if (doc.errors.length > 0) throw new RulePackError(`${name}: invalid YAML: ${doc.errors[0]!.message}`);
  const data = doc.toJS() as { kind: RuleKind; rules: Omit<Rule, 'kind' | 'pack'>[] };
  const validate = validator(dir);
  if (!validate(data)) {
    const seen = new Set<string>();
    const messages = (validate.errors ?? []).map((e) => describeError(doc, lines, data, e)).filter((m) => !seen.has(m) && seen.add(m));
    throw new RulePackError(`${name}: does not match rules/schema.json:\n  ${messages.slice(0, 8).join('\n  ')}`);
  }
  return data.rules.map((r) => {
    for (const field of ['deprecated_in', 'removed_in', 'changed_in'] as const) {
      if (r[field] !== undefined && !parseVersion(r[field]!)) throw new RulePackError(`${name}: rule ${r.id}: ${field} is not a version`);
    }
    if (!r.deprecated_in && !r.removed_in && !r.changed_in && data.kind !== 'core') {
      throw new RulePackError(`${name}: rule ${r.id}: needs deprecated_in, removed_in or changed_in`);
    }
    return { ...r, kind: data.kind, pack: name };
  });
}

/** The packs below `dir` with their bytes, the catalogue version and the snapshot key (schema, names and bytes). */
function readCatalogue(dir: string): { packs: { file: string; bytes: Buffer }[]; version: string; key: string } {
  const version = createHash('sha256');
  const key = createHash('sha256');
  let schema: Buffer | undefined;
  try {
    schema = readFileSync(join(dir, 'schema.json'));
  } catch {
    // A directory without a schema fails validation below with a clear message.
  }
  key.update(schema ?? '').update('\0');
  const packs = listPackFiles(dir).map((file) => {
    const bytes = readFileSync(file);
    version.update(bytes);
    key.update(relative(dir, file)).update('\0').update(bytes).update('\0');
    return { file, bytes };
  });
  return { packs, version: version.digest('hex').slice(0, 16), key: key.digest('hex') };
}

function readSnapshot(file: string): Snapshot | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  } catch {
    return undefined;
  }
}

function indexRules(rules: Rule[], dir: string, version: string): Ruleset {
  const byId = new Map<string, Rule>();
  for (const rule of rules) {
    const dup = byId.get(rule.id);
    if (dup) throw new RulePackError(`${rule.pack}: rule id ${rule.id} is already defined in ${dup.pack}`);
    byId.set(rule.id, rule);
  }
  return { rules, byId, version, dir };
}

/**
 * Loads every pack below `dir`; rule ids must be unique across the catalogue. When `snapshot` (by default
 * the one the build wrote) holds this very catalogue, its already validated rules are used.
 */
export function loadRuleset(dir: string = DEFAULT_RULES_DIR, snapshot: string | undefined = DEFAULT_SNAPSHOT): Ruleset {
  return loadCatalogue(dir, readCatalogue(dir), snapshot === undefined ? undefined : readSnapshot(snapshot));
}

function loadCatalogue(dir: string, { packs, version, key }: ReturnType<typeof readCatalogue>, saved: Snapshot | undefined): Ruleset {
  if (saved?.key === key && Array.isArray(saved.rules)) return indexRules(saved.rules, dir, version);
  return indexRules(packs.flatMap(({ file, bytes }) => loadPack(file, dir, bytes.toString('utf8'))), dir, version);
}

/** Validates the catalogue below `dir` and writes it as a snapshot `loadRuleset` can use. */
export function writeRulesetSnapshot(dir: string, file: string): Ruleset {
  const catalogue = readCatalogue(dir);
  const ruleset = loadCatalogue(dir, catalogue, undefined);
  const snapshot: Snapshot = { key: catalogue.key, rules: [...ruleset.rules] };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(snapshot));
  return ruleset;
}

export { selectRules } from './rule-selection.js';

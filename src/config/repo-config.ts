// `.github/pyshift.yml`: the repository configuration shared by the GitHub App and the CLI.
// Validated strictly: a bad key is reported with its path, never ignored.

import type { ErrorObject, ValidateFunction } from 'ajv';
import { lazy } from '../lazy.js';
import type { Ruleset } from '../analysis/ruleset.js';
import type { RuleSetting, Severity } from '../analysis/types.js';
import { DEFAULT_TARGET, parseTarget, type PythonVersion, SUPPORTED_TARGETS } from '../analysis/versions.js';

export interface RepoConfig {
  target: string;
  annotate: 'added' | 'file';
  fail_on: Severity | 'never';
  comment: 'off' | 'on-findings';
  pypi: boolean;
  paths: { exclude: string[] };
  rules: Record<string, RuleSetting>;
}

/** The configuration with everything resolved that a scan needs. */
export interface EffectiveConfig extends RepoConfig {
  targetVersion: PythonVersion;
  isExcluded: (path: string) => boolean;
}

export const DEFAULT_CONFIG: RepoConfig = {
  target: DEFAULT_TARGET,
  annotate: 'added',
  fail_on: 'error',
  comment: 'off',
  pypi: false,
  paths: { exclude: [] },
  rules: {},
};

export const CONFIG_PATH = '.github/pyshift.yml';

/**
 * Limits on `paths.exclude`, which is user input turned into regular expressions by picomatch. Extglobs are
 * off (`*(a*)b` backtracks exponentially); each `*` or `**` is a lazy loop, so a glob with k of them costs up
 * to n^k steps on an n-character path (`*a*a*a*a*b` took 47 s on a 400-character name): at most 3 per glob.
 */
export const MAX_EXCLUDE_GLOBS = 100;
export const MAX_GLOB_LENGTH = 200;
export const MAX_GLOB_WILDCARDS = 3;

/** The paths.exclude problems of one glob (too many wildcards), if any. */
function globProblem(glob: string): string | undefined {
  const wildcards = glob.match(/\*+/g)?.length ?? 0;
  return wildcards > MAX_GLOB_WILDCARDS
    ? `paths.exclude: "${glob.slice(0, 60)}" has ${wildcards} wildcards; use at most ${MAX_GLOB_WILDCARDS} (\`*\` or \`**\`) per pattern`
    : undefined;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    _extends: { type: 'string' },
    target: { type: ['string', 'number'] },
    annotate: { enum: ['added', 'file'] },
    fail_on: { enum: ['error', 'warning', 'notice', 'never'] },
    comment: { enum: ['off', 'on-findings', false] },
    pypi: { type: 'boolean' },
    paths: {
      type: 'object',
      additionalProperties: false,
      properties: { exclude: { type: 'array', maxItems: MAX_EXCLUDE_GLOBS, items: { type: 'string', minLength: 1, maxLength: MAX_GLOB_LENGTH } } },
    },
    rules: {
      type: 'object',
      additionalProperties: { enum: ['off', 'error', 'warning', 'notice', false] },
    },
  },
} as const;

// Loaded and compiled when a config is read: a scan without one never needs them.
const ajv = lazy<typeof import('ajv')>('ajv');
const yaml = lazy<typeof import('yaml')>('yaml');
const picomatch = lazy<typeof import('picomatch')>('picomatch');
let validator: ValidateFunction | undefined;
const validate = (): ValidateFunction => (validator ??= new (ajv().Ajv)({ allErrors: true, allowUnionTypes: true }).compile(schema));

export class ConfigError extends Error {
  constructor(readonly problems: string[], readonly source: string) {
    super(`${source} is not valid: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

function describe(err: ErrorObject): string {
  const key = err.instancePath.split('/').slice(1).join('.') || '(top level)';
  if (err.keyword === 'additionalProperties') {
    const extra = String(err.params.additionalProperty);
    const allowed = key === 'paths' ? ['exclude'] : Object.keys(schema.properties).filter((k) => k !== '_extends');
    return `${key === '(top level)' ? '' : `${key}.`}${extra}: unknown key (allowed: ${allowed.join(', ')})`;
  }
  if (err.keyword === 'enum') return `${key}: must be one of ${(err.params.allowedValues as unknown[]).filter((v) => v !== false).join(', ')}`;
  return `${key}: ${err.message}`;
}

/**
 * Validates a parsed config object (from YAML, or Probot's context.config) against the schema and the
 * rule catalogue, and resolves it. Throws ConfigError listing every bad key.
 */
export function resolveConfig(raw: unknown, ruleset: Ruleset, source = CONFIG_PATH): EffectiveConfig {
  const input = raw ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) throw new ConfigError(['the file must be a YAML mapping of keys to values'], source);
  const problems: string[] = [];
  // No config at all (`{}`) is valid as it is: the validator is only compiled for a real config.
  const empty = Object.keys(input).length === 0;
  const check = empty ? undefined : validate();
  if (check && !check(input)) problems.push(...new Set((check.errors ?? []).map(describe)));
  const given = input as Partial<Record<keyof RepoConfig, unknown>> & { comment?: unknown; rules?: Record<string, unknown> };
  const rules: Record<string, RuleSetting> = {};
  for (const [id, value] of Object.entries(given.rules ?? {})) {
    if (!ruleset.byId.has(id)) problems.push(`rules.${id}: unknown rule id (see docs/rules.md for the catalogue)`);
    else rules[id] = value === false ? 'off' : (value as RuleSetting);
  }
  let targetVersion: PythonVersion | undefined;
  const target = given.target === undefined ? DEFAULT_TARGET : String(given.target);
  try {
    targetVersion = parseTarget(target);
  } catch {
    problems.push(`target: "${target}" is not a supported target (use one of ${SUPPORTED_TARGETS.join(', ')}, quoted: target: "3.13")`);
  }
  const exclude = (given.paths as { exclude?: string[] } | undefined)?.exclude ?? [];
  let matcher: (path: string) => boolean = () => false;
  for (const glob of exclude) {
    const problem = typeof glob === 'string' ? globProblem(glob) : undefined;
    if (problem) problems.push(problem);
  }
  try {
    if (exclude.length > 0 && problems.length === 0) matcher = picomatch()(exclude, { dot: true, noextglob: true });
  } catch (err) {
    problems.push(`paths.exclude: ${(err as Error).message}`);
  }
  if (problems.length > 0 || !targetVersion) throw new ConfigError(problems, source);
  return {
    target,
    targetVersion,
    annotate: (given.annotate as RepoConfig['annotate']) ?? DEFAULT_CONFIG.annotate,
    fail_on: (given.fail_on as RepoConfig['fail_on']) ?? DEFAULT_CONFIG.fail_on,
    comment: given.comment === 'on-findings' ? 'on-findings' : 'off',
    pypi: (given.pypi as boolean | undefined) ?? false,
    paths: { exclude },
    rules,
    isExcluded: matcher,
  };
}

/** Parses the YAML text of a config file; throws ConfigError with the YAML problem and its line. */
export function parseConfigText(text: string, ruleset: Ruleset, source = CONFIG_PATH): EffectiveConfig {
  let raw: unknown;
  try {
    raw = yaml().parse(text, { prettyErrors: true });
  } catch (err) {
    throw new ConfigError([`invalid YAML: ${(err as Error).message.split('\n')[0]}`], source);
  }
  return resolveConfig(raw, ruleset, source);
}

/** True when findings at `severity` make the check (or the CLI) fail under `failOn`. */
export function failsOn(severity: Severity, failOn: RepoConfig['fail_on']): boolean {
  if (failOn === 'never') return false;
  const rank: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };
  return rank[severity] <= rank[failOn];
}

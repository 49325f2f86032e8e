// The `pyshift` command line: the same engine and rules as the GitHub App, over local files.
// Exit codes: 0 no failing findings, 1 failing findings (error level by default), 2 usage or I/O error.

import { readFile, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeFiles, analyzerFor, type InputFile } from '../analysis/engine.js';
import { loadRuleset, type Ruleset } from '../analysis/ruleset.js';
import type { ScanResult } from '../analysis/types.js';
import { parseTarget, SUPPORTED_TARGETS } from '../analysis/versions.js';
import { CONFIG_PATH, ConfigError, failsOn, parseConfigText, resolveConfig, type EffectiveConfig } from '../config/repo-config.js';
import { collectFiles } from './collect-files.js';
import { readCapped } from '../analysis/read-capped.js';
import { defaultThreads } from '../analysis/pool.js';
import { DEFAULT_MAX_FILE_BYTES } from '../analysis/source.js';
import { preferBaselineCode, shouldPreferBaselineCode } from './v8-tuning.js';
import { DirectoryCache, PypiClient, defaultCacheDir } from '../pypi/client.js';
import { lookupForInputs } from '../pypi/package-facts.js';
import { findIncludedPipFiles } from '../analysis/analyzers/requirements-includes.js';
import { formatGithub } from './formatters/github.js';
import { formatJson } from './formatters/json.js';
import { formatSarif } from './formatters/sarif.js';
import { formatText } from './formatters/text.js';
import { formatCheckRun } from './formatters/check-run.js';

const FORMATS = ['text', 'json', 'sarif', 'github', 'check-run'] as const;
type Format = (typeof FORMATS)[number];

export const USAGE = `Usage: pyshift scan [PATH...] [options]

Checks Python sources, dependency files and Dockerfiles for what breaks or changes on a newer Python.

Options:
  --target VERSION   Python version to check against: ${SUPPORTED_TARGETS.join(', ')} (default: config, else 3.13)
  --format FORMAT    text | json | sarif | github | check-run (default: text)
  --config FILE      configuration file (default: ${CONFIG_PATH} under the first PATH, if present)
  --no-color         never colour the text output (colour is used only on a terminal)
  -h, --help         show this help
  -v, --version      show the version

Exit codes: 0 no failing findings, 1 failing findings, 2 usage or I/O error.`;

export interface CliIO {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  env: Record<string, string | undefined>;
  /** The `pyshift` process itself (bin/pyshift.js): may tune V8 for a scan on several threads (v8-tuning.ts). */
  ownProcess?: boolean;
}

class UsageError extends Error {}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

async function loadConfig(explicit: string | undefined, firstPath: string, io: CliIO, ruleset: Ruleset): Promise<{ config: EffectiveConfig; root: string }> {
  const firstAbs = resolve(io.cwd, firstPath);
  const root = (await stat(firstAbs).catch(() => undefined))?.isDirectory() ? firstAbs : resolve(firstAbs, '..');
  const file = explicit ? resolve(io.cwd, explicit) : join(root, CONFIG_PATH);
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (explicit) throw new UsageError(`cannot read config file ${explicit}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const config = text === undefined ? resolveConfig({}, ruleset) : parseConfigText(text, ruleset, explicit ?? CONFIG_PATH);
  return { config, root };
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  try {
    return await run(argv, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`pyshift: ${err.message}\n`);
      return 2;
    }
    if (err instanceof ConfigError) {
      io.stderr(`pyshift: ${err.source} is not valid: ${err.problems.join('; ')}\n`);
      return 2;
    }
    io.stderr(`pyshift: ${(err as Error).message}\n`);
    return 2;
  }
}

async function run(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        target: { type: 'string' },
        format: { type: 'string', default: 'text' },
        config: { type: 'string' },
        'no-color': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message} (see pyshift --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (values.version) {
    io.stdout(`${packageVersion()}\n`);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (command !== 'scan') throw new UsageError(command ? `unknown command "${command}" (the command is: pyshift scan [PATH...])` : 'missing command (the command is: pyshift scan [PATH...])');
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format "${values.format}": use one of ${FORMATS.join(', ')}`);
  const roots = paths.length > 0 ? paths : ['.'];

  const ruleset = loadRuleset();
  const { config } = await loadConfig(values.config, roots[0]!, io, ruleset);
  let target = config.targetVersion;
  if (values.target !== undefined) {
    try {
      target = parseTarget(values.target);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }

  const inputs: InputFile[] = [];
  const projectPaths: string[] = [];
  const seen = new Set<string>();
  for (const root of roots) {
    let files;
    try {
      files = await collectFiles({ root, cwd: io.cwd, accepts: (p) => analyzerFor(p) !== undefined, isExcluded: config.isExcluded });
    } catch (err) {
      throw new UsageError(`cannot read ${root}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`);
    }
    for (const f of files) {
      if (seen.has(f.absolute)) continue;
      seen.add(f.absolute);
      inputs.push({ path: f.display, load: async (maxBytes = DEFAULT_MAX_FILE_BYTES) => readCapped(f.absolute, maxBytes), localPath: f.absolute });
      projectPaths.push(f.display);
    }
  }

  // Files pulled in with -r / -c, resolved relative to the including file, are read even under other names.
  const included = await findIncludedPipFiles({ inputs, read: (p) => readFile(resolve(io.cwd, p)).catch(() => undefined) });
  inputs.push(...included);
  projectPaths.push(...included.map((f) => f.path));

  // `pypi: true`: facts for packages the shipped 3.13 table does not list, fetched before the (pure) analysis.
  const packageFacts = config.pypi
    ? await lookupForInputs({ inputs, target, client: new PypiClient({ cache: new DirectoryCache(defaultCacheDir(io.env)) }), warn: (m) => io.stderr(`pyshift: ${m}\n`), pipPaths: new Set(included.map((f) => f.path)) })
    : undefined;

  const threads = defaultThreads(inputs.length, io.env);
  if (io.ownProcess && shouldPreferBaselineCode(threads, availableParallelism())) preferBaselineCode();
  const result: ScanResult = await analyzeFiles({
    files: inputs,
    threads,
    includedPipPaths: included.map((f) => f.path),
    packageFacts,
    ruleset,
    target,
    settings: config.rules,
    projectPaths,
    projectRoots: roots.map((r) => toDisplayRoot(r, io.cwd)),
  });

  const colour = io.isTTY && !values['no-color'] && !io.env.NO_COLOR && format === 'text';
  switch (format) {
    case 'json': io.stdout(formatJson(result)); break;
    case 'sarif': io.stdout(formatSarif(result, ruleset.rules, packageVersion())); break;
    case 'github': io.stdout(formatGithub(result)); break;
    case 'check-run': io.stdout(formatCheckRun(result, config)); break;
    default: io.stdout(formatText(result, { colour })); break;
  }
  return result.findings.some((f) => failsOn(f.severity, config.fail_on)) ? 1 : 0;
}

/** A scanned root as the display paths see it: relative to the current directory, `/`-separated. */
function toDisplayRoot(root: string, cwd: string): string {
  return relative(cwd, resolve(cwd, root)).split(sep).join('/');
}

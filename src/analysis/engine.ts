// The analysis engine: routes each file to its analyzer, applies suppressions and core rules, and
// turns raw findings into the Finding shape every output format uses. No network, no git, no GitHub.

import type { Analyzer, FileProblem } from './analyzer.js';
import type { PackageFacts } from './dependencies/package-support.js';
import { analyzers as defaultAnalyzers } from './analyzers/index.js';
import { analyzersWithIncludes } from './analyzers/requirements-includes.js';
import {
  AnalysisTimeout, type Deadline, DEFAULT_FILE_TIME_BUDGET_MS, DEFAULT_MAX_FILES, DEFAULT_SCAN_TIME_BUDGET_MS, fileDeadline, formatCount, formatDuration,
  type ScanBudget,
} from './budget.js';
import { AnalysisPool, defaultThreads, poolAvailable, type PoolContent, UndecodableFile } from './pool.js';
import { ProjectIndex } from './project.js';
import { selectRules } from './rule-selection.js';
import type { Ruleset } from './ruleset.js';
import { decodeSource, DEFAULT_MAX_FILE_BYTES, unreadableMessage } from './source.js';
import { findSuppressions, isSuppressed } from './suppressions.js';
import type { ActiveRule, FileError, Finding, RawFinding, RuleKind, RuleSetting, ScanResult, SourceFile } from './types.js';
import { formatVersion, type PythonVersion } from './versions.js';

/**
 * A file to analyse; `load` is called at most once. It may throw FileTooLarge (given the scan's size
 * limit, see `maxFileBytes`) instead of reading a file that is over it.
 */
export interface InputFile {
  path: string;
  load: (maxBytes?: number) => Promise<Uint8Array | string>;
  /**
   * Where the file is on this machine's disk, if it is (the CLI): an analysis thread then reads it itself
   * (with readCapped, as `load` would), instead of the main thread reading it for the thread.
   */
  localPath?: string;
}

export interface AnalyzeOptions {
  files: readonly InputFile[];
  ruleset: Ruleset;
  target: PythonVersion;
  settings?: Readonly<Record<string, RuleSetting>>;
  maxFileBytes?: number;
  /** Every path of the project (may be more than `files`, e.g. a PR's whole tree); defaults to `files`. */
  projectPaths?: Iterable<string>;
  /** Folders the scan started from, as the paths see them (default: the repository root ''). */
  projectRoots?: readonly string[];
  /** Replaces the built-in analyzers (tests); a scan with its own list runs on this thread. */
  analyzers?: readonly Analyzer[];
  /** Files pulled in by `-r` / `-c` under names the scan does not collect: read as requirements files. */
  includedPipPaths?: readonly string[];
  /** Package facts fetched before the scan (see src/pypi), handed to every analyzer. */
  packageFacts?: ReadonlyMap<string, PackageFacts>;
  /** Worker threads for analysis (1 = this thread); default: by scan size and cores, or PYSHIFT_THREADS. */
  threads?: number;
  /** Files read by one scan (default 10,000); files beyond it are listed as not analysed. */
  maxFiles?: number;
  /** Time one file may take (default 5 s); a file that runs out is skipped with a notice. */
  fileTimeBudgetMs?: number;
  /** Time the whole scan may take (default 120 s); files not reached by then are listed as not analysed. */
  scanTimeBudgetMs?: number;
}

/** Wraps in-memory content as an InputFile. */
export function memoryFile(path: string, content: string | Uint8Array): InputFile {
  return { path, load: async () => content };
}

/** The analyzer that reads `path`, if any. */
export function analyzerFor(path: string, list: readonly Analyzer[] = defaultAnalyzers): Analyzer | undefined {
  return list.find((a) => a.accepts(path));
}

/** How many files scans sent to worker threads and analysed on the main thread beside them (tests, benchmarks). */
export const poolStats = { toWorkers: 0, onMain: 0 };

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/** How many files are read ahead of the one being analysed. */
const READ_AHEAD = 8;
/** Characters of source queued per worker thread before the main thread analyses files itself. */
const WORKER_QUEUE_CHARS = 256 * 1024;

function fillTemplate(text: string, data: Readonly<Record<string, string>> | undefined): string {
  if (!data) return text;
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => data[key] ?? whole);
}

function toFinding(path: string, raw: RawFinding): Finding {
  const message = fillTemplate(raw.rule.message, raw.data);
  return {
    rule: raw.rule.id,
    path,
    line: raw.line,
    column: raw.column,
    endLine: raw.endLine,
    endColumn: raw.endColumn,
    severity: raw.severity ?? raw.rule.effectiveSeverity,
    message: raw.note ? `${message} ${raw.note}` : message,
    fix: fillTemplate(raw.rule.fix, raw.data),
    docs: raw.docs ?? raw.rule.docs,
  };
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

interface Loaded {
  file: SourceFile;
  analyzer: Analyzer;
}

/** A file read but not decoded yet: decoded on the thread that analyses it. */
interface Raw {
  path: string;
  bytes: Uint8Array;
  analyzer: Analyzer;
}

/**
 * Analyses one already-decoded file with its analyzer and the active rules: raw findings, file problems
 * (as `pyshift-parse-error`), suppressions and unused suppressions. Pure.
 */
export function analyzeSource(opts: {
  file: SourceFile;
  analyzer: Analyzer;
  rules: readonly ActiveRule[];
  target: PythonVersion;
  project: ProjectIndex;
  packageFacts?: ReadonlyMap<string, PackageFacts>;
  /** Throws AnalysisTimeout (from the analyzer) when the file runs past it. */
  deadline?: Deadline;
}): Finding[] {
  const { file, analyzer, rules, target, project } = opts;
  const { own: byKind, core } = splitRules(rules);
  const own = byKind.get(analyzer.kind) ?? [];
  const output = analyzer.analyze(file, own, {
    target, project, allRules: rules, ...(opts.packageFacts ? { packageFacts: opts.packageFacts } : {}), ...(opts.deadline ? { deadline: opts.deadline } : {}),
  });
  const raw: RawFinding[] = [...output.findings];
  const parseRule = core.get('parse-error');
  if (parseRule) {
    for (const p of output.problems ?? []) raw.push(problemFinding(parseRule, p));
  }
  const suppressions = findSuppressions(file.text);
  const linesOf = (line: number): readonly number[] => [line, ...(output.suppressedBy?.get(line) ?? [])];
  const kept = suppressions.length === 0 ? raw : raw.filter((f) => !linesOf(f.line).some((l) => isSuppressed(suppressions, l, f.rule.id)));
  const unusedRule = core.get('unused-suppression');
  if (unusedRule) {
    for (const s of suppressions) {
      if (s.used.size > 0) continue;
      kept.push({
        rule: unusedRule,
        line: s.line,
        column: s.column,
        endLine: s.line,
        endColumn: s.endColumn,
        data: { ids: s.ids.length ? s.ids.join(', ') : 'all rules' },
      });
    }
  }
  return kept.map((f) => toFinding(file.path, f));
}

interface SplitRules {
  own: Map<string, readonly ActiveRule[]>;
  core: Map<string, ActiveRule>;
}

const splitCache = new WeakMap<readonly ActiveRule[], SplitRules>();

/**
 * The active rules grouped by kind, computed once per rule list: analyzers cache their compiled indexes
 * by the identity of the list they are given, so it must be the same array for every file of a scan.
 */
function splitRules(rules: readonly ActiveRule[]): SplitRules {
  let split = splitCache.get(rules);
  if (!split) {
    const own = new Map<string, ActiveRule[]>();
    for (const r of rules) {
      const list = own.get(r.kind);
      if (list) list.push(r);
      else own.set(r.kind, [r]);
    }
    split = { own, core: new Map(rules.filter((r) => r.kind === 'core').map((r) => [String(r.match.core), r])) };
    splitCache.set(rules, split);
  }
  return split;
}

function problemFinding(rule: ActiveRule, p: FileProblem): RawFinding {
  return {
    rule,
    line: p.line,
    column: p.column,
    endLine: p.line,
    endColumn: p.column,
    data: { problem: p.message },
    ...(p.severity ? { severity: p.severity } : {}),
  };
}

/**
 * Analyses a set of files. Dependency files are read first so that cross-file facts (declared
 * packages, local modules) are known before Python sources are analysed. Yields to the event loop
 * between files so that a large scan neither blocks the process nor keeps native parse trees alive.
 */
export async function analyzeFiles(opts: AnalyzeOptions): Promise<ScanResult> {
  const list = opts.analyzers ?? (opts.includedPipPaths?.length ? analyzersWithIncludes(opts.includedPipPaths) : defaultAnalyzers);
  const rules = selectRules(opts.ruleset, opts.target, opts.settings);
  const project = new ProjectIndex(opts.projectPaths ?? opts.files.map((f) => f.path), opts.projectRoots);
  const findings: Finding[] = [];
  const errors: FileError[] = [];
  let analysed = 0;

  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  // Reads one file: its text, its bytes (decoded later, by the thread that analyses it), or its error.
  const read = async (input: InputFile, analyzer: Analyzer): Promise<Loaded | Raw | FileError> => {
    let content: Uint8Array | string;
    try {
      content = await input.load(maxBytes);
    } catch (err) {
      return { path: input.path, message: unreadableMessage(err) };
    }
    if (typeof content === 'string') {
      if (Buffer.byteLength(content) > maxBytes) content = Buffer.from(content);
      else return { file: { path: input.path, text: content.replace(/^\uFEFF/, '') }, analyzer };
    }
    return { path: input.path, bytes: content, analyzer };
  };
  const decode = (raw: Raw): Loaded | FileError => {
    const decoded = decodeSource(raw.bytes, { maxBytes });
    return decoded.ok ? { file: { path: raw.path, text: decoded.text }, analyzer: raw.analyzer } : { path: raw.path, message: decoded.message };
  };
  const readDecoded = async (input: InputFile, analyzer: Analyzer): Promise<Loaded | FileError> => {
    const r = await read(input, analyzer);
    return 'bytes' in r ? decode(r) : r;
  };
  const loaded = (r: Loaded | FileError): Loaded | undefined => {
    if ('file' in r) return r;
    errors.push(r);
    return undefined;
  };

  const accepted = opts.files.map((f) => ({ input: f, analyzer: analyzerFor(f.path, list) })).filter((r) => r.analyzer);
  const maxFiles = opts.maxFiles ?? DEFAULT_MAX_FILES;
  const routed = accepted.slice(0, maxFiles);
  for (const { input } of accepted.slice(maxFiles)) {
    errors.push({ path: input.path, message: `not analysed: a scan reads at most ${formatCount(maxFiles)} files and this one has ${formatCount(accepted.length)}` });
  }
  const scanBudget = opts.scanTimeBudgetMs ?? DEFAULT_SCAN_TIME_BUDGET_MS;
  const scanEnds = Date.now() + scanBudget;
  const budget: ScanBudget = { fileMs: opts.fileTimeBudgetMs ?? DEFAULT_FILE_TIME_BUDGET_MS, scanMs: scanBudget, scanEnds };
  const threads = opts.threads ?? defaultThreads(routed.length);
  // The main thread is one of the analysis threads: it analyses whatever the workers have no room for,
  // so `threads` = 2 is one worker, and no thread sits idle waiting for the others. The workers start now
  // and load their code while dependency files are read; they get the scan's setup after that.
  const workers = threads - 1;
  const pool = workers >= 1 && !opts.analyzers && poolAvailable() ? new AnalysisPool(workers) : undefined;
  const collectors = routed.filter((r) => r.analyzer!.collect);
  const preloaded = new Map<string, Loaded>();
  const collect = async (): Promise<void> => {
    for (const { input, analyzer } of collectors) {
      if (Date.now() > scanEnds) break;
      const file = loaded(await readDecoded(input, analyzer!));
      if (!file) continue;
      try {
        analyzer!.collect!(file.file, project, fileDeadline(budget));
      } catch (err) {
        errors.push({ path: input.path, message: err instanceof AnalysisTimeout ? err.message : `internal error while reading this file: ${(err as Error).message}` });
        continue;
      }
      preloaded.set(input.path, file);
      await yieldToEventLoop();
    }
  };
  try {
    await collect();
  } catch (err) {
    await pool?.close();
    throw err;
  }

  pool?.start({
    rules,
    target: opts.target,
    project: project.snapshot(),
    ...(opts.includedPipPaths?.length ? { includedPipPaths: [...opts.includedPipPaths] } : {}),
    ...(opts.packageFacts ? { packageFacts: opts.packageFacts } : {}),
  });
  const internalError = (path: string, err: unknown): void => {
    errors.push({ path, message: err instanceof AnalysisTimeout ? err.message : `internal error while analysing this file: ${(err as Error).message}` });
  };
  // Read-ahead: the next few files are read while this one is analysed, so the scan does not sit idle
  // on file I/O; bounded, so a large scan never holds more than READ_AHEAD unread-by-the-analyzer files.
  const reading = new Map<number, Promise<Loaded | Raw | FileError>>();
  const readAhead = (from: number): void => {
    for (let k = from; k < Math.min(routed.length, from + READ_AHEAD); k++) {
      const r = routed[k]!;
      // A local file may go to a thread by its path: it is read when its turn comes, by whoever analyses it.
      if (reading.has(k) || r.analyzer!.collect || (pool && r.input.localPath !== undefined)) continue;
      reading.set(k, read(r.input, r.analyzer!));
    }
  };
  let started = 0;
  let queuedChars = 0;
  /** The mean length of the files seen so far: the estimate for a local file a thread is sent unread. */
  let seenChars = 0;
  let seenFiles = 0;
  const typicalChars = (): number => (seenFiles > 0 ? seenChars / seenFiles : 16 * 1024);
  let ranOut: string | undefined;
  const inFlight = new Set<Promise<void>>();
  // Work queued for the workers is counted in characters (what analysis costs is about proportional to
  // them: bytes for files they decode themselves, an estimate for files they read); while they have less
  // than WORKER_QUEUE_CHARS each, a file goes to them, otherwise the main thread analyses it itself.
  // Counting files instead left the workers idle while the main thread worked through a large file.
  const send = (path: string, content: PoolContent, kind: RuleKind, size: number): void => {
    queuedChars += size;
    const job: Promise<void> = pool!.analyzeCounted(path, content, kind, budget)
      .then((done) => {
        findings.push(...done.findings);
        seenChars += done.chars;
        seenFiles++;
      }, (err) => {
        if (!(err instanceof UndecodableFile)) return internalError(path, err);
        analysed--;
        errors.push({ path, message: err.message });
      })
      .finally(() => {
        inFlight.delete(job);
        queuedChars -= size;
      });
    inFlight.add(job);
    poolStats.toWorkers++;
  };
  try {
    for (const [index, { input, analyzer }] of routed.entries()) {
      if (ranOut === undefined && Date.now() > scanEnds) {
        ranOut = `not analysed: the scan's ${formatDuration(scanBudget)} budget ran out after ${formatCount(started)} of ${formatCount(routed.length)} files`;
      }
      if (ranOut !== undefined) {
        errors.push({ path: input.path, message: ranOut });
        continue;
      }
      started++;
      const room = pool !== undefined && queuedChars < workers * WORKER_QUEUE_CHARS;
      if (room && input.localPath !== undefined && !preloaded.has(input.path)) {
        analysed++;
        send(input.path, { localPath: input.localPath, maxBytes }, analyzer!.kind, typicalChars());
        continue;
      }
      readAhead(index);
      // Dependency files were read before (preloaded, or their error is listed); the others now, if not yet.
      const pending = reading.get(index) ?? (analyzer!.collect ? undefined : read(input, analyzer!));
      reading.delete(index);
      const got = preloaded.get(input.path) ?? (pending ? await pending : undefined);
      if (!got) continue;
      if ('message' in got) {
        errors.push(got);
        continue;
      }
      preloaded.delete(input.path);
      analysed++;
      if (room) {
        const content = 'bytes' in got ? { bytes: got.bytes, maxBytes } : { text: got.file.text };
        send(input.path, content, got.analyzer.kind, 'bytes' in got ? got.bytes.length : got.file.text.length);
        continue;
      }
      const file = 'bytes' in got ? loaded(decode(got)) : got;
      if (!file) {
        analysed--;
        continue;
      }
      seenChars += file.file.text.length;
      seenFiles++;
      if (pool) poolStats.onMain++;
      try {
        findings.push(...analyzeSource({ file: file.file, analyzer: file.analyzer, rules, target: opts.target, project, packageFacts: opts.packageFacts, deadline: fileDeadline(budget) }));
      } catch (err) {
        internalError(input.path, err);
      }
      await yieldToEventLoop();
    }
    await Promise.all(inFlight);
  } finally {
    await pool?.close();
  }

  findings.sort(compareFindings);
  errors.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { target: formatVersion(opts.target), files: analysed, findings, errors };
}

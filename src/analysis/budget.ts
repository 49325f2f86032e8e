// Time budgets for one file and one scan. Analyzers are synchronous, so a budget needs their cooperation:
// the Python analyzer hands the time left to tree-sitter's parse timeout, and loops over lines or nodes
// call `deadline.check()`. A file that runs out is reported as skipped, never as findings cut in half.

/** Per-file analysis budget: a pathological file (deeply nested brackets, megabyte lines) stops here. */
export const DEFAULT_FILE_TIME_BUDGET_MS = 5_000;
/** Whole-scan budget, below the GitHub App's 300 s job timeout so that a slow PR still gets partial results. */
export const DEFAULT_SCAN_TIME_BUDGET_MS = 120_000;
/** Files one scan reads (a PR lists at most 3,000 changed files, plus up to 100 dependency files). */
export const DEFAULT_MAX_FILES = 10_000;

/** Thrown by an analyzer that ran past its deadline; the engine turns it into a FileError with `message`. */
export class AnalysisTimeout extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnalysisTimeout';
  }
}

/**
 * A point in wall-clock time (Date.now() milliseconds, so it can cross to a worker thread) and what to say
 * when it passes (given as a function: written only then, not for each of thousands of files).
 */
export class Deadline {
  constructor(readonly at: number, private readonly say: string | (() => string)) {}

  get message(): string {
    return typeof this.say === 'string' ? this.say : this.say();
  }

  /** Milliseconds left, 0 once the deadline has passed. */
  remainingMs(): number {
    return Math.max(0, this.at - Date.now());
  }

  expired(): boolean {
    return Date.now() > this.at;
  }

  /** @throws AnalysisTimeout once the deadline has passed. */
  check(): void {
    if (Date.now() > this.at) throw new AnalysisTimeout(this.message);
  }

  /** @throws AnalysisTimeout, always (for a parser that gave up). */
  fail(): never {
    throw new AnalysisTimeout(this.message);
  }
}

/** "2 s", "1.5 s", "250 ms": a budget as people read it. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return `${Number((ms / 1000).toFixed(1)).toLocaleString('en-US')} s`;
}

/** "1,234": counts in notices. */
export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** The budgets of one scan as plain data (it crosses to worker threads): a file's deadline starts when its analysis does. */
export interface ScanBudget {
  fileMs: number;
  scanMs: number;
  /** Date.now() milliseconds at which the scan's budget runs out. */
  scanEnds: number;
}

/** The deadline of a file whose analysis starts now: its own budget, or what is left of the scan's. */
export function fileDeadline(budget: ScanBudget): Deadline {
  const ends = Date.now() + budget.fileMs;
  return ends <= budget.scanEnds
    ? new Deadline(ends, () => `skipped: analysis took longer than ${formatDuration(budget.fileMs)}`)
    : new Deadline(budget.scanEnds, () => `skipped: the scan's ${formatDuration(budget.scanMs)} budget ran out while this file was analysed`);
}

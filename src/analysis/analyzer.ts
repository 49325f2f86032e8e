// The contract between the engine and one analyzer per file kind. Analyzers are pure: text in, findings out.

import type { ActiveRule, RawFinding, RuleKind, Severity, SourceFile } from './types.js';
import type { ProjectIndex } from './project.js';
import type { PythonVersion } from './versions.js';
import type { PackageFacts } from './dependencies/package-support.js';
import type { Deadline } from './budget.js';

export interface AnalyzerContext {
  target: PythonVersion;
  project: ProjectIndex;
  /** Every active rule of the scan, of every kind: for content checked with another kind's rules (`pip install` in a Dockerfile). */
  allRules?: readonly ActiveRule[];
  /** Package facts fetched before the scan (PyPI lookups when `pypi: true`), keyed by PEP 503 name. */
  packageFacts?: ReadonlyMap<string, PackageFacts>;
  /** When the file's time budget runs out: long loops call `deadline.check()`, which throws AnalysisTimeout. */
  deadline?: Deadline;
}

/** A problem with the file itself (does not parse, not valid for its format); reported via core rules. */
export interface FileProblem {
  line: number;
  column: number;
  message: string;
  /** Defaults to the `pyshift-parse-error` rule's severity. */
  severity?: Severity;
}

export interface AnalysisOutput {
  findings: RawFinding[];
  problems?: FileProblem[];
  /**
   * Comment lines whose `# pyshift: ignore` also covers a finding line (finding line -> comment lines), for
   * formats where a comment cannot share the line: in a Dockerfile a comment is a line of its own.
   */
  suppressedBy?: ReadonlyMap<number, readonly number[]>;
}

export interface Analyzer {
  readonly kind: Exclude<RuleKind, 'core'>;
  /** Whether this analyzer reads the file at `path` (`/`-separated, relative). */
  accepts(path: string): boolean;
  /** Optional first pass over every accepted file, recording project-wide facts (may throw AnalysisTimeout past `deadline`). */
  collect?(file: SourceFile, project: ProjectIndex, deadline?: Deadline): void;
  analyze(file: SourceFile, rules: readonly ActiveRule[], ctx: AnalyzerContext): AnalysisOutput;
}

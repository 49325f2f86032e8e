// Core types shared by the rule catalogue, the analyzers, the engine and every output format.

export type Severity = 'error' | 'warning' | 'notice';
export type RuleSetting = Severity | 'off';
export type RuleKind = 'core' | 'python' | 'requirements' | 'dockerfile';

/** Where a rule's facts come from: a file of the reference set and a phrase or heading found in it. */
export interface RuleReference {
  file: string;
  section: string;
}

/** One rule of the catalogue, as written in a `rules/**\/*.yaml` pack. */
export interface Rule {
  id: string;
  kind: RuleKind;
  title: string;
  /** Severity once the target version has removed (or changed) the thing. */
  severity: Severity;
  /** Severity while the removal is still pending on the target (deprecated, not removed yet). */
  pending_severity?: Severity;
  deprecated_in?: string;
  removed_in?: string;
  /** For behaviour changes that are not removals (PEP 667 locals(), base images...). */
  changed_in?: string;
  message: string;
  fix: string;
  docs: string;
  reference: RuleReference;
  match: Record<string, unknown>;
  /** Pack file the rule was read from, relative to the rules directory. */
  pack: string;
}

/** A rule switched on for one scan, with the severity it reports at for the chosen target. */
export interface ActiveRule extends Rule {
  effectiveSeverity: Severity;
  /** True when the target still has the thing (deprecated, pending removal). */
  pending: boolean;
}

/** A source file handed to an analyzer: decoded text, `/`-separated path. */
export interface SourceFile {
  path: string;
  text: string;
}

/** What an analyzer reports: positions are 1-based, columns count UTF-16 code units + 1. */
export interface RawFinding {
  rule: ActiveRule;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Values for `{placeholders}` in the rule's message and fix. */
  data?: Record<string, string>;
  /** Overrides the rule's severity for this one finding (e.g. a guarded import). */
  severity?: Severity;
  /** Appended to the message, e.g. why the severity was lowered. */
  note?: string;
  /** Overrides the rule's docs link for this one finding (e.g. the package's changelog). */
  docs?: string;
}

/** A finding as every output format sees it. */
export interface Finding {
  rule: string;
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  message: string;
  fix: string;
  docs: string;
}

/** A file that could not be analysed at all (binary, undecodable, too large, unreadable). */
export interface FileError {
  path: string;
  message: string;
}

export interface ScanResult {
  target: string;
  files: number;
  findings: Finding[];
  errors: FileError[];
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

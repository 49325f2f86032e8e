// Pure rendering of a scan into what a "Python 3.13 migration" check run shows: name, title, summary
// markdown, annotations and conclusion. No I/O: the GitHub App publishes it, the CLI can print it.

import { SEVERITY_ORDER, type Finding, type ScanResult, type Severity } from '../analysis/types.js';
import { failsOn, type RepoConfig } from '../config/repo-config.js';

/** Lines of the new file a pull request adds, or `'all'` when the whole file counts as changed. */
export type ChangedLines = ReadonlySet<number> | 'all';

export type AnnotationLevel = 'failure' | 'warning' | 'notice';
export type Conclusion = 'success' | 'neutral' | 'failure';

/** One annotation as the Checks API takes it (`output.annotations[]`). */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: AnnotationLevel;
  title: string;
  message: string;
  raw_details?: string;
}

export interface CheckRunReport {
  name: string;
  title: string;
  summary: string;
  conclusion: Conclusion;
  /** Every annotation to publish, in order; the publisher sends them 50 per request. */
  annotations: CheckAnnotation[];
  /** Findings on the annotated lines, and the other findings of the changed files. */
  counted: Finding[];
  others: Finding[];
}

export interface RenderOptions {
  result: ScanResult;
  config: Pick<RepoConfig, 'annotate' | 'fail_on'>;
  /** Changed files and their added lines; without it (a local scan) every finding counts as added. */
  changedLines?: ReadonlyMap<string, ChangedLines>;
  /** Plain-text notes for the summary (files GitHub did not list, patches it omitted...). */
  notes?: readonly string[];
  headSha?: string;
  /** Cap on annotations (each request carries 50; a cap keeps huge PRs to a bounded number of requests). */
  maxAnnotations?: number;
  /** Summary size limit; GitHub's is 65,535 characters. */
  summaryLimit?: number;
}

/** GitHub's documented limits for one check-run request. */
export const CHECKS_LIMITS = { annotationsPerRequest: 50, summaryCharacters: 65_535 } as const;
export const DEFAULT_MAX_ANNOTATIONS = 500;

/** The Re-run button (label <= 20, description <= 40, identifier <= 20 characters). */
export const RERUN_ACTION = { label: 'Re-run', description: 'Analyse this commit again', identifier: 'rerun' } as const;

const LEVEL: Record<Severity, AnnotationLevel> = { error: 'failure', warning: 'warning', notice: 'notice' };
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'notice'];
const MAX_NOTES = 50;

/** The check run's name: the target version is part of it. */
export function checkRunName(target: string): string {
  return `Python ${target} migration`;
}

/** True when `name` is a check run this app publishes (any target). */
export function isOwnCheckRunName(name: string): boolean {
  return /^Python \d+\.\d+ migration$/.test(name);
}

/**
 * Maps one finding to a Checks API annotation: title = rule id, message = message + fix, docs in
 * raw_details; columns only when the finding starts and ends on the same line (an API rule).
 * @param finding A finding of the engine.
 * @returns The annotation.
 */
export function toAnnotation(finding: Finding): CheckAnnotation {
  const sameLine = finding.line === finding.endLine;
  return {
    path: finding.path,
    start_line: finding.line,
    end_line: finding.endLine,
    ...(sameLine ? { start_column: finding.column, end_column: Math.max(finding.endColumn, finding.column) } : {}),
    annotation_level: LEVEL[finding.severity],
    title: finding.rule,
    message: `${finding.message}\nFix: ${finding.fix}`,
    raw_details: `Docs: ${finding.docs}`,
  };
}

/** Splits findings into those annotated (on added lines, or all under `annotate: file`) and the rest. */
function splitFindings(findings: readonly Finding[], annotate: RepoConfig['annotate'], changed: ReadonlyMap<string, ChangedLines> | undefined): [Finding[], Finding[]] {
  if (!changed || annotate === 'file') return [[...findings], []];
  const counted: Finding[] = [];
  const others: Finding[] = [];
  for (const f of findings) {
    const lines = changed.get(f.path);
    const onAdded = lines === 'all' || (lines !== undefined && rangeTouches(lines, f.line, f.endLine));
    (onAdded ? counted : others).push(f);
  }
  return [counted, others];
}

function rangeTouches(lines: ReadonlySet<number>, start: number, end: number): boolean {
  for (let l = start; l <= end; l++) if (lines.has(l)) return true;
  return false;
}

function countBy(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function describeCounts(counts: Record<Severity, number>): string {
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => plural(counts[s], s));
  return parts.length > 0 ? parts.join(', ') : 'no findings';
}

const cell = (text: string): string => text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');

function findingRow(f: Finding): string {
  return `| \`${cell(f.path)}:${f.line}\` | [\`${f.rule}\`](${f.docs}) | ${f.severity} | ${cell(f.message)} | ${cell(f.fix)} |`;
}

const FINDINGS_HEADER = ['| Location | Rule | Severity | What breaks | What to do |', '|---|---|---|---|---|'];

/** Appends lines while they fit in a character budget; remembers what it had to leave out. */
class Budget {
  private readonly parts: string[] = [];
  private used = 0;
  constructor(private readonly limit: number) {}
  fits(text: string, reserve = 0): boolean {
    return this.used + text.length + 1 + reserve <= this.limit;
  }
  push(text: string): void {
    this.parts.push(text);
    this.used += text.length + 1;
  }
  toString(): string {
    return this.parts.join('\n');
  }
}

/** Room kept for the closing lines of a table section and the truncation note. */
const RESERVE = 400;

/**
 * Adds a findings table, row by row while the budget allows.
 * @returns How many findings did not fit.
 */
function pushTable(out: Budget, findings: readonly Finding[]): number {
  if (!out.fits(FINDINGS_HEADER.join('\n'), RESERVE)) return findings.length;
  for (const line of FINDINGS_HEADER) out.push(line);
  let shown = 0;
  for (const f of findings) {
    const row = findingRow(f);
    if (!out.fits(row, RESERVE)) break;
    out.push(row);
    shown++;
  }
  return findings.length - shown;
}

/**
 * Renders a scan as a check run. `annotate: added` annotates the findings on lines the pull request
 * adds and lists the other findings of the changed files in a collapsed section; `annotate: file`
 * annotates every finding. Conclusion: failure when an annotated finding is at or above `fail_on`,
 * neutral when there are findings that do not fail the check, success otherwise.
 */
export function renderCheckRun(opts: RenderOptions): CheckRunReport {
  const { result, config } = opts;
  const limit = opts.summaryLimit ?? CHECKS_LIMITS.summaryCharacters;
  const maxAnnotations = opts.maxAnnotations ?? DEFAULT_MAX_ANNOTATIONS;
  const [counted, others] = splitFindings(result.findings, config.annotate, opts.changedLines);
  const failing = counted.filter((f) => failsOn(f.severity, config.fail_on));
  const conclusion: Conclusion = failing.length > 0 ? 'failure' : counted.length + others.length > 0 ? 'neutral' : 'success';
  const byAdded = opts.changedLines !== undefined && config.annotate === 'added';
  const countedCounts = countBy(counted);
  const otherCounts = countBy(others);

  const title =
    counted.length + others.length === 0
      ? `No findings in ${plural(result.files, 'file')}`
      : `${describeCounts(countedCounts)}${byAdded ? ' on added lines' : ''}${others.length > 0 ? `; ${others.length} more in changed files` : ''}`;

  const out = new Budget(limit);
  const verdict =
    conclusion === 'failure'
      ? `### ❌ ${plural(failing.length, 'finding')} ${failing.length === 1 ? 'fails' : 'fail'} this check`
      : conclusion === 'neutral'
        ? `### ⚠️ ${plural(counted.length + others.length, 'finding')} to review; none fails this check`
        : `### ✅ Nothing in the changed files breaks or changes on Python ${result.target}`;
  out.push(verdict);
  out.push('');
  const where = byAdded ? 'findings on lines this pull request adds' : 'every finding in the changed files';
  out.push(
    `Target: Python ${result.target} · ${plural(result.files, 'file')} analysed · fails on: ${config.fail_on} · annotated: ${where}${opts.headSha ? ` · commit \`${opts.headSha.slice(0, 7)}\`` : ''}`,
  );
  out.push('');
  if (counted.length + others.length > 0) {
    out.push('| | Errors | Warnings | Notices |');
    out.push('|---|---|---|---|');
    out.push(`| ${byAdded ? 'On added lines' : 'In changed files'} | ${countedCounts.error} | ${countedCounts.warning} | ${countedCounts.notice} |`);
    if (byAdded) out.push(`| Elsewhere in changed files | ${otherCounts.error} | ${otherCounts.warning} | ${otherCounts.notice} |`);
    out.push('');
    pushRuleTable(out, [...counted, ...others]);
  }

  const notes = [...(opts.notes ?? []), ...result.errors.map((e) => `\`${e.path}\`: ${e.message}`)];
  const annotations = counted.map(toAnnotation);
  if (annotations.length > maxAnnotations) {
    notes.push(`${annotations.length - maxAnnotations} findings are listed here but not annotated: one check run carries at most ${maxAnnotations} annotations.`);
    annotations.length = maxAnnotations;
  }
  if (notes.length > 0) {
    out.push('#### Notes');
    for (const n of notes.slice(0, MAX_NOTES)) out.push(`- ${cell(n)}`.slice(0, 1000));
    if (notes.length > MAX_NOTES) out.push(`- … and ${notes.length - MAX_NOTES} more notes`);
    out.push('');
  }

  let left = 0;
  if (counted.length > 0) {
    out.push(byAdded ? '#### Findings on lines this pull request adds' : '#### Findings');
    left += pushTable(out, counted);
    out.push('');
  }
  if (others.length > 0) {
    const open = `<details><summary>${plural(others.length, 'more finding')} in the changed files, on lines this pull request does not add</summary>`;
    if (out.fits(open, RESERVE)) {
      out.push(open);
      out.push('');
      left += pushTable(out, others);
      out.push('');
      out.push('</details>');
    } else left += others.length;
  }
  if (left > 0) {
    out.push('');
    out.push(
      `_Summary truncated: ${plural(left, 'finding')} not listed (GitHub limits a check-run summary to ${limit.toLocaleString('en-US')} characters). Run \`pyshift scan\` locally for the full list._`,
    );
  }
  return { name: checkRunName(result.target), title, summary: out.toString(), conclusion, annotations, counted, others };
}

function pushRuleTable(out: Budget, findings: readonly Finding[]): void {
  const rules = new Map<string, { count: number; severity: Severity; docs: string }>();
  for (const f of findings) {
    const r = rules.get(f.rule);
    if (!r) rules.set(f.rule, { count: 1, severity: f.severity, docs: f.docs });
    else {
      r.count++;
      if (SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[r.severity]) r.severity = f.severity;
    }
  }
  const sorted = [...rules].sort(([a, x], [b, y]) => SEVERITY_ORDER[x.severity] - SEVERITY_ORDER[y.severity] || y.count - x.count || (a < b ? -1 : 1));
  out.push('| Rule | Findings | Highest severity |');
  out.push('|---|---|---|');
  for (const [id, r] of sorted) {
    const row = `| [\`${id}\`](${r.docs}) | ${r.count} | ${r.severity} |`;
    if (!out.fits(row, RESERVE * 2)) break;
    out.push(row);
  }
  out.push('');
}

/** What a check run says when no scan result could be published. */
export type Interruption =
  | { kind: 'config'; problems: readonly string[]; source: string }
  | { kind: 'error'; message: string }
  | { kind: 'timeout'; seconds: number }
  | { kind: 'superseded'; by: string }
  | { kind: 'no-pull-request' };

export interface InterruptionReport {
  title: string;
  summary: string;
  conclusion: 'failure' | 'neutral' | 'timed_out' | 'cancelled' | 'skipped';
}

/**
 * Renders the check run for a scan that could not finish: an invalid config names every bad key
 * (failure, so it is not ignored); an internal or GitHub error explains itself (neutral, with Re-run).
 */
export function renderInterruption(i: Interruption): InterruptionReport {
  switch (i.kind) {
    case 'config':
      return {
        title: `Invalid configuration: ${i.source}`,
        conclusion: 'failure',
        summary: [
          `### ❌ ${i.source} is not valid`,
          '',
          'PyShift did not analyse this pull request because its configuration has these problems:',
          '',
          ...i.problems.map((p) => `- \`${cell(p).slice(0, 2000)}\``),
          '',
          'Fix the file on the default branch, then press **Re-run**. The keys are described in the README (section "The repository config").',
        ].join('\n').slice(0, CHECKS_LIMITS.summaryCharacters),
      };
    case 'timeout':
      return {
        title: 'The analysis timed out',
        conclusion: 'timed_out',
        summary: `### ⏱️ The analysis did not finish within ${i.seconds} seconds\n\nPress **Re-run** to try again. If it keeps happening, exclude generated or vendored folders with \`paths.exclude\` in .github/pyshift.yml.`,
      };
    case 'superseded':
      return {
        title: 'Superseded by a newer commit',
        conclusion: 'cancelled',
        summary: `### ⏭️ Not analysed: the pull request moved on to ${i.by}\n\nThe newer commit has its own check run.`,
      };
    case 'no-pull-request':
      return {
        title: 'No open pull request for this commit',
        conclusion: 'skipped',
        summary: '### ⏭️ Not analysed\n\nPyShift analyses commits that are the head of an open pull request, and found none for this one.',
      };
    default:
      return {
        title: 'PyShift could not finish the analysis',
        conclusion: 'neutral',
        summary: `### ⚠️ PyShift could not finish the analysis\n\n${cell(i.message).slice(0, 4000)}\n\nNothing was concluded about this commit. Press **Re-run** to try again.`,
      };
  }
}

// Writes the check run: find-or-create on the head SHA (never a second run with the same name), then the
// report in requests of at most 50 annotations, the last one completing the run with its conclusion.

import { CHECKS_LIMITS, RERUN_ACTION, type CheckAnnotation, type CheckRunReport, type InterruptionReport } from '../report/check-run.js';
import type { Octokit, RepoRef } from './changed-files.js';

/** Marks check runs this app created; carries the pull request number so re-runs find it (even for forks). */
export const EXTERNAL_ID_PREFIX = 'pyshift:pr=';

export interface CheckRunRef {
  id: number;
  /** False when an existing run (redelivery, re-run) was found and is being reused. */
  created: boolean;
  status: string;
  /** The run's page on GitHub, for links. */
  url?: string | null;
}

/** The pull request number recorded in a check run's external id, if this app created it. */
export function pullNumberFromExternalId(externalId: string | null | undefined): number | undefined {
  if (!externalId?.startsWith(EXTERNAL_ID_PREFIX)) return undefined;
  const n = Number(externalId.slice(EXTERNAL_ID_PREFIX.length));
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

const ANALYSING = { title: 'Analysing…', summary: 'PyShift is reading the files this pull request changes.' } as const;

/** Finds this app's check run named `name` on `headSha`, or creates it `in_progress`. */
export async function findOrCreateCheckRun(opts: { octokit: Octokit; repo: RepoRef; headSha: string; name: string; pullNumber: number; signal?: AbortSignal }): Promise<CheckRunRef> {
  const { octokit, repo, headSha, name, signal } = opts;
  const { data } = await octokit.rest.checks.listForRef({ ...repo, ref: headSha, check_name: name, filter: 'all', per_page: 100, request: { signal } });
  const own = data.check_runs.filter((r) => r.name === name && r.external_id?.startsWith(EXTERNAL_ID_PREFIX)).sort((a, b) => b.id - a.id)[0];
  if (own) return { id: own.id, created: false, status: own.status, url: own.html_url };
  const created = await octokit.rest.checks.create({
    ...repo,
    name,
    head_sha: headSha,
    external_id: `${EXTERNAL_ID_PREFIX}${opts.pullNumber}`,
    status: 'in_progress',
    started_at: new Date().toISOString(),
    output: ANALYSING,
    request: { signal },
  });
  return { id: created.data.id, created: true, status: 'in_progress', url: created.data.html_url };
}

/** Puts a reused check run back to `in_progress` for a new analysis. */
export async function markInProgress(opts: { octokit: Octokit; repo: RepoRef; checkRunId: number; signal?: AbortSignal }): Promise<void> {
  await opts.octokit.rest.checks.update({
    ...opts.repo,
    check_run_id: opts.checkRunId,
    status: 'in_progress',
    started_at: new Date().toISOString(),
    output: ANALYSING,
    request: { signal: opts.signal },
  });
}

export const annotationKey = (a: Pick<CheckAnnotation, 'path' | 'start_line' | 'end_line' | 'title' | 'message'>): string =>
  JSON.stringify([a.path, a.start_line, a.end_line, a.title ?? '', a.message]);

/** Keys of the annotations a reused check run already carries (GitHub appends; it never replaces). */
export async function listAnnotationKeys(opts: { octokit: Octokit; repo: RepoRef; checkRunId: number; signal?: AbortSignal }): Promise<Set<string>> {
  const keys = new Set<string>();
  const pages = opts.octokit.paginate.iterator(opts.octokit.rest.checks.listAnnotations, { ...opts.repo, check_run_id: opts.checkRunId, per_page: 100, request: { signal: opts.signal } });
  for await (const page of pages) {
    for (const a of page.data) keys.add(annotationKey({ path: a.path, start_line: a.start_line, end_line: a.end_line, title: a.title ?? '', message: a.message ?? '' }));
  }
  return keys;
}

/** A body for `PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}`. */
export interface CheckRunUpdate {
  status?: 'in_progress' | 'completed';
  conclusion?: string;
  completed_at?: string;
  output: { title: string; summary: string; annotations?: CheckAnnotation[] };
  actions?: { label: string; description: string; identifier: string }[];
}

/**
 * Splits a report into update bodies: every body carries the title and summary (GitHub requires them with
 * any output), at most 50 annotations each, and the last one completes the run. Pure.
 * @param report The rendered check run.
 * @param opts `existing`: annotation keys already on the run, not sent again; `now`: the completion time.
 */
export function buildUpdates(report: Pick<CheckRunReport, 'title' | 'summary' | 'conclusion' | 'annotations'>, opts: { existing?: ReadonlySet<string>; now: string }): CheckRunUpdate[] {
  const fresh = opts.existing ? report.annotations.filter((a) => !opts.existing!.has(annotationKey(a))) : report.annotations;
  const output = { title: report.title, summary: report.summary };
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < fresh.length; i += CHECKS_LIMITS.annotationsPerRequest) batches.push(fresh.slice(i, i + CHECKS_LIMITS.annotationsPerRequest));
  if (batches.length === 0) batches.push([]);
  return batches.map((annotations, i) => {
    const out = { output: annotations.length > 0 ? { ...output, annotations } : output };
    return i < batches.length - 1
      ? out
      : { status: 'completed' as const, conclusion: report.conclusion, completed_at: opts.now, ...out, actions: [{ ...RERUN_ACTION }] };
  });
}

/** The one body that completes a run which could not publish a scan (bad config, error, timeout...). */
export function interruptionUpdate(report: InterruptionReport, now: string): CheckRunUpdate {
  return { status: 'completed', conclusion: report.conclusion, completed_at: now, output: { title: report.title, summary: report.summary }, actions: [{ ...RERUN_ACTION }] };
}

/** Sends one update body to `PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}`. */
export async function updateCheckRun(opts: { octokit: Octokit; repo: RepoRef; checkRunId: number; body: CheckRunUpdate; signal?: AbortSignal }): Promise<void> {
  type Params = Parameters<Octokit['rest']['checks']['update']>[0];
  await opts.octokit.rest.checks.update({ ...opts.repo, check_run_id: opts.checkRunId, ...opts.body, request: { signal: opts.signal } } as Params);
}

/** Sends update bodies in order, each through `write` (which may refuse when the analysis is stale). */
export async function sendUpdates(opts: {
  octokit: Octokit;
  repo: RepoRef;
  checkRunId: number;
  updates: readonly CheckRunUpdate[];
  write: <T>(fn: () => Promise<T>) => Promise<T>;
  signal?: AbortSignal;
}): Promise<void> {
  for (const body of opts.updates) await opts.write(() => updateCheckRun({ ...opts, body }));
}

// The GitHub App's event handling: turns pull_request, check_run and check_suite events into one analysis of
// a pull request's head commit (config -> check run -> list files -> fetch -> analyze -> publish).

import type { Context, Probot } from 'probot';
import type { Logger } from 'pino';
import type { Ruleset } from '../analysis/ruleset.js';
import type { FileError, ScanResult } from '../analysis/types.js';
import { DEFAULT_TARGET } from '../analysis/versions.js';
import { CONFIG_PATH, ConfigError, resolveConfig, type EffectiveConfig } from '../config/repo-config.js';
import { checkRunName, isOwnCheckRunName, renderCheckRun, renderInterruption, type ChangedLines, type CheckRunReport, type Interruption } from '../report/check-run.js';
import { renderPrComment } from '../report/pr-comment.js';
import type { Analyze } from './analysis-pool.js';
import { fetchHeadTree, listChangedFiles, type Octokit, type RepoRef } from './changed-files.js';
import {
  buildUpdates,
  findOrCreateCheckRun,
  interruptionUpdate,
  listAnnotationKeys,
  markInProgress,
  pullNumberFromExternalId,
  sendUpdates,
  updateCheckRun,
} from './checks-publisher.js';
import { fetchContents } from './contents.js';
import { planFiles } from './file-plan.js';
import { RunRegistry, SupersededError, type Ticket } from './run-registry.js';
import { syncStickyComment } from './sticky-comment.js';
import type { AppSettings } from './settings.js';
import type { CheckRunRef } from './checks-publisher.js';
import { enqueueAnalysis, type JobQueue } from '../queue/job-queue.js';

export interface AppDeps extends AppSettings {
  ruleset: Ruleset;
  registry: RunRegistry;
  /** Runs the engine (on a worker thread in production). */
  analyze: Analyze;
  /**
   * Where analyses go once their check run is in progress (issue #5): the in-process queue or BullMQ on
   * Redis. Absent: the webhook handler analyses the pull request itself (tests of the handler alone).
   */
  queue?: JobQueue;
}

/** What to analyse: a pull request of the base repository at one head commit. */
export interface Job {
  repo: RepoRef;
  pullNumber: number;
  headSha: string;
  /** A re-run re-analyses a completed check run; a redelivered pull_request event does not. */
  trigger: 'pull_request' | 'rerun';
}

const PULL_REQUEST_EVENTS = ['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened', 'pull_request.ready_for_review'] as const;

/** Every webhook event and action the app handles (app.yml subscribes to their event names). */
export const HANDLED_EVENTS = [...PULL_REQUEST_EVENTS, 'check_run.rerequested', 'check_run.requested_action', 'check_suite.rerequested'] as const;

/** Subscribes the app to the events of issue #4. */
export function registerHandlers(app: Probot, deps: AppDeps): void {
  app.on([...PULL_REQUEST_EVENTS], (context) =>
    checkPullRequest(context, deps, { repo: context.repo(), pullNumber: context.payload.pull_request.number, headSha: context.payload.pull_request.head.sha, trigger: 'pull_request' }),
  );
  app.on('check_run.rerequested', (context) => onCheckRunRerun(context, deps));
  app.on('check_run.requested_action', (context) => {
    if (context.payload.requested_action?.identifier !== 'rerun') {
      context.log.debug(`requested action "${context.payload.requested_action?.identifier}" is not ours, returning`);
      return undefined;
    }
    return onCheckRunRerun(context, deps);
  });
  app.on('check_suite.rerequested', (context) => onCheckSuiteRerun(context, deps));
}

async function onCheckRunRerun(context: Context<'check_run'>, deps: AppDeps): Promise<void> {
  const run = context.payload.check_run;
  if (!isOwnCheckRunName(run.name)) {
    context.log.debug(`check run "${run.name}" is not a PyShift check run, returning`);
    return;
  }
  const pullNumber: number | undefined = pullNumberFromExternalId(run.external_id) ?? run.pull_requests[0]?.number;
  await rerun(context, deps, { repo: context.repo(), headSha: run.head_sha, pullNumber, checkRunId: run.id });
}

async function onCheckSuiteRerun(context: Context<'check_suite'>, deps: AppDeps): Promise<void> {
  const suite = context.payload.check_suite;
  let pullNumber: number | undefined = suite.pull_requests[0]?.number;
  if (pullNumber === undefined) {
    // Forked pull requests are not listed on the suite; our check run's external id names the PR.
    const { data } = await context.octokit.rest.checks.listForSuite({ ...context.repo(), check_suite_id: suite.id, per_page: 100 });
    pullNumber = data.check_runs.map((r) => pullNumberFromExternalId(r.external_id)).find((n) => n !== undefined);
  }
  if (pullNumber === undefined) {
    context.log.debug(`check suite ${suite.id} belongs to no pull request PyShift analysed, returning`);
    return;
  }
  await rerun(context, deps, { repo: context.repo(), headSha: suite.head_sha, pullNumber });
}

/** A re-run analyses the commit only while it is still the head of its open pull request. */
async function rerun(context: Context, deps: AppDeps, opts: { repo: RepoRef; headSha: string; pullNumber: number | undefined; checkRunId?: number }): Promise<void> {
  const { repo, headSha, pullNumber } = opts;
  let interruption: Interruption | undefined;
  if (pullNumber === undefined) interruption = { kind: 'no-pull-request' };
  else {
    const { data: pr } = await context.octokit.rest.pulls.get({ ...repo, pull_number: pullNumber });
    if (pr.head.sha !== headSha) interruption = { kind: 'superseded', by: pr.head.sha.slice(0, 7) };
  }
  if (!interruption) return checkPullRequest(context, deps, { repo, pullNumber: pullNumber!, headSha, trigger: 'rerun' });
  context.log.info({ repository: `${repo.owner}/${repo.repo}`, sha: headSha, pr: pullNumber }, `re-run not analysed: ${interruption.kind}`);
  if (opts.checkRunId !== undefined) {
    await updateCheckRun({ octokit: context.octokit, repo, checkRunId: opts.checkRunId, body: interruptionUpdate(renderInterruption(interruption), new Date().toISOString()) });
  }
}

/**
 * Reads `.github/pyshift.yml` from the default branch (`_extends` works). A bad file, or GitHub failing to
 * serve it, becomes an Interruption that the check run reports.
 */
async function loadConfig(context: Context, ruleset: Ruleset): Promise<{ config: EffectiveConfig; raw: unknown } | { problem: Interruption }> {
  let raw: unknown;
  try {
    raw = await context.config('pyshift.yml');
  } catch (err) {
    if (typeof (err as { status?: unknown }).status === 'number') return { problem: { kind: 'error', message: describeFailure(err) } };
    const cause = (err as Error & { cause?: Error }).cause?.message.split('\n')[0];
    const message = (err as Error).message.replace(/^\[@probot\/octokit-plugin-config\]\s*/, '').replace(/ from \S+/, '');
    return { problem: { kind: 'config', source: CONFIG_PATH, problems: [cause ? `${message}: ${cause}` : message] } };
  }
  try {
    return { config: resolveConfig(raw ?? {}, ruleset), raw: raw ?? {} };
  } catch (err) {
    if (err instanceof ConfigError) return { problem: { kind: 'config', source: err.source, problems: err.problems } };
    throw err;
  }
}

/** Says what went wrong in words a maintainer can act on; never includes credentials. */
export function describeFailure(err: unknown): string {
  const e = err as { status?: number; message?: string; request?: { method?: string; url?: string } };
  if (typeof e.status === 'number' && e.request) {
    const path = (e.request.url ?? '').replace(/^https?:\/\/[^/]+/, '').split('?')[0];
    return `GitHub answered ${e.status} to ${e.request.method} ${path} (after retries): ${e.message ?? 'no message'}`;
  }
  return `Internal error: ${e.message ?? String(err)}`;
}

/** Runs one analysis end to end; whatever happens, the check run ends completed. */
async function checkPullRequest(context: Context, deps: AppDeps, job: Job): Promise<void> {
  const started = Date.now();
  const { repo, headSha } = job;
  const log = context.log.child({ delivery: context.id, event: context.name, repository: `${repo.owner}/${repo.repo}`, pr: job.pullNumber, sha: headSha });
  const octokit = context.octokit;
  let requests = 0;
  octokit.hook.after('request', () => void requests++);
  octokit.hook.error('request', (error) => {
    requests++;
    throw error;
  });
  const durations: Record<string, number> = {};
  const timed = stepTimer(durations);

  const loaded = await timed('config', () => loadConfig(context, deps.ruleset));
  const name = checkRunName('config' in loaded ? loaded.config.target : DEFAULT_TARGET);
  const prKey = `${repo.owner}/${repo.repo}#${job.pullNumber}`;
  const checkRun = await timed('checkRun', () =>
    deps.registry.withLock(`${repo.owner}/${repo.repo}@${headSha}:${name}`, async () => {
      const ref = await findOrCreateCheckRun({ octokit, repo, headSha, name, pullNumber: job.pullNumber });
      if (ref.created || ref.status !== 'completed' || job.trigger === 'pull_request') return ref;
      await markInProgress({ octokit, repo, checkRunId: ref.id }).catch((err: { status?: number }) => {
        // GitHub may refuse to reopen a completed run; the new result still replaces its output.
        if (err.status !== 422) throw err;
      });
      return { ...ref, status: 'in_progress' };
    }),
  );
  if (checkRun.status === 'completed') {
    log.info({ checkRunId: checkRun.id }, `${name} is already completed for this commit (redelivered event), returning`);
    return;
  }
  log.info({ checkRunId: checkRun.id, created: checkRun.created, ms: Date.now() - started }, 'check run in progress');

  if (deps.queue && 'config' in loaded) {
    const installationId = (context.payload as { installation?: { id: number } }).installation?.id;
    if (installationId === undefined) throw new Error('a webhook without an installation cannot be analysed');
    const outcome = await enqueueAnalysis({
      octokit,
      queue: deps.queue,
      data: { installationId, ...repo, pullNumber: job.pullNumber, headSha, trigger: job.trigger, checkRun: { ...checkRun, name }, config: loaded.raw, delivery: context.id, event: context.name, durations },
    });
    log.info({ checkRunId: checkRun.id, ...outcome, ms: Date.now() - started }, outcome.duplicate ? 'analysis already queued (duplicate delivery)' : 'analysis queued');
    return;
  }
  const ticket = deps.registry.begin(prKey, headSha, checkRun.id);
  if ('problem' in loaded) {
    try {
      await ticket.write(() => updateCheckRun({ octokit, repo, checkRunId: checkRun.id, body: interruptionUpdate(renderInterruption(loaded.problem), new Date().toISOString()) }));
      log.info({ problem: loaded.problem, requests, durations }, 'configuration problem reported');
    } catch (err) {
      await finishAfterError({ err, octokit, repo, checkRunId: checkRun.id, ticket, timedOut: false, timeoutSeconds: deps.timeoutSeconds, log });
    } finally {
      ticket.end();
    }
    return;
  }
  await analyseAndPublish({ octokit, log, deps, job, config: loaded.config, checkRun, ticket, durations, started, requests: () => requests });
}

/**
 * The analysis of a check run already in progress, up to its completion (list files -> fetch -> analyze ->
 * publish): run by the webhook handler itself, or by a queue worker (src/queue) with the job's data.
 * Whatever happens the check run ends completed, except when `keepForRetry` claims the error: then the
 * run stays in progress and the error propagates (the queue retries the job with backoff).
 */
export async function analyseAndPublish(opts: {
  octokit: Octokit;
  log: Logger;
  deps: AppDeps;
  job: Job;
  config: EffectiveConfig;
  checkRun: CheckRunRef;
  ticket: Ticket;
  /** Durations of the steps before (config, checkRun), for the completion log. */
  durations?: Record<string, number>;
  started?: number;
  requests?: () => number;
  keepForRetry?: (err: unknown) => boolean;
}): Promise<void> {
  const { octokit, log, deps, job, checkRun, ticket } = opts;
  const { repo, headSha } = job;
  const started = opts.started ?? Date.now();
  let own = 0;
  if (!opts.requests) octokit.hook.wrap('request', (request, options) => (own++, request(options)));
  const requests = opts.requests ?? (() => own);
  const durations: Record<string, number> = { ...opts.durations };
  const timed = stepTimer(durations);
  const loaded = { config: opts.config };
  const timeout = AbortSignal.timeout(deps.timeoutSeconds * 1000);
  const signal = AbortSignal.any([ticket.signal, timeout]);
  const now = (): string => new Date().toISOString();
  try {
    const analysis = await analysePullRequest({ octokit, job, config: loaded.config, deps, signal, timed });
    ticket.assertCurrent();
    const render = (notes: readonly string[]): CheckRunReport =>
      renderCheckRun({ ...analysis, notes: [...analysis.notes, ...notes], config: loaded.config, headSha, maxAnnotations: deps.maxAnnotations });
    let report = render([]);
    if (loaded.config.comment === 'on-findings') {
      const problem = await timed('comment', () => updateComment({ octokit, job, report, checkRunUrl: checkRun.url, ticket, signal, log }));
      if (problem) report = render([problem]);
    }
    await timed('publish', async () => {
      const existing = checkRun.created ? undefined : await listAnnotationKeys({ octokit, repo, checkRunId: checkRun.id, signal });
      await sendUpdates({ octokit, repo, checkRunId: checkRun.id, updates: buildUpdates(report, { existing, now: now() }), write: ticket.write, signal });
    });
    log.info(
      { checkRunId: checkRun.id, conclusion: report.conclusion, annotated: report.annotations.length, other: report.others.length, requests: requests(), durations, ms: Date.now() - started },
      'check run completed',
    );
  } catch (err) {
    if (!ticket.signal.aborted && !timeout.aborted && !(err instanceof SupersededError) && opts.keepForRetry?.(err)) throw err;
    await finishAfterError({ err, octokit, repo, checkRunId: checkRun.id, ticket, timedOut: timeout.aborted, timeoutSeconds: deps.timeoutSeconds, log });
    log.info({ requests: requests(), durations, ms: Date.now() - started }, 'analysis ended early');
  } finally {
    ticket.end();
  }
}

/** Runs a step and adds its duration (ms) to `durations[step]`. */
function stepTimer(durations: Record<string, number>): <T>(step: string, fn: () => Promise<T>) => Promise<T> {
  return async (step, fn) => {
    const t = Date.now();
    try {
      return await fn();
    } finally {
      durations[step] = (durations[step] ?? 0) + Date.now() - t;
    }
  };
}

/** list files -> plan -> fetch -> analyze: the scan of the changed files and what the summary needs. */
async function analysePullRequest(opts: {
  octokit: Octokit;
  job: Job;
  config: EffectiveConfig;
  deps: AppDeps;
  signal: AbortSignal;
  timed: <T>(step: string, fn: () => Promise<T>) => Promise<T>;
}): Promise<{ result: ScanResult; changedLines: Map<string, ChangedLines>; notes: string[] }> {
  const { octokit, job, config, deps, signal, timed } = opts;
  const { repo, headSha } = job;
  const [tree, changed] = await timed('list', () =>
    Promise.all([fetchHeadTree({ octokit, repo, sha: headSha, signal }), listChangedFiles({ octokit, repo, pullNumber: job.pullNumber, signal })]),
  );
  const plan = planFiles({ changed: changed.files, capped: changed.capped, tree, isExcluded: config.isExcluded, maxFileBytes: deps.maxFileBytes });
  const toRead = [...plan.analyse, ...plan.manifests];
  const fetched = await timed('fetch', () => fetchContents({ octokit, repo, sha: headSha, files: toRead, signal }));
  signal.throwIfAborted();
  const result = await timed('analyze', () =>
    deps.analyze(
      {
        files: toRead.filter((f) => fetched.contents.has(f.path)).map((f) => ({ path: f.path, content: fetched.contents.get(f.path)! })),
        target: config.targetVersion,
        settings: config.rules,
        maxFileBytes: deps.maxFileBytes,
        projectPaths: plan.projectPaths,
        projectRoots: [''],
      },
      signal,
    ),
  );
  const reported = new Set(plan.analyse.map((f) => f.path));
  const isReported = (e: { path: string }): boolean => reported.has(e.path);
  const errors: FileError[] = [...plan.skipped, ...fetched.errors.filter(isReported), ...result.errors.filter(isReported)];
  const manifestsAnalysed = plan.manifests.filter((m) => fetched.contents.has(m.path) && !result.errors.some((e) => e.path === m.path)).length;
  const scan: ScanResult = { target: result.target, files: result.files - manifestsAnalysed, findings: result.findings.filter(isReported), errors };
  return { result: scan, changedLines: plan.changedLines, notes: plan.notes };
}

/**
 * Brings the sticky comment up to date. A failure (typically 403: the app was installed without the
 * pull_requests: write permission the comment needs) does not fail the analysis; it becomes a note.
 * @returns The note for the summary when the comment could not be written.
 */
async function updateComment(opts: { octokit: Octokit; job: Job; report: CheckRunReport; checkRunUrl?: string | null; ticket: Ticket; signal: AbortSignal; log: Logger }): Promise<string | undefined> {
  const { report, job } = opts;
  try {
    const action = await syncStickyComment({
      octokit: opts.octokit,
      repo: job.repo,
      pullNumber: job.pullNumber,
      body: renderPrComment({ report, checkRunUrl: opts.checkRunUrl, headSha: job.headSha }),
      hasFindings: report.counted.length + report.others.length > 0,
      write: opts.ticket.write,
      signal: opts.signal,
    });
    opts.log.info({ action }, 'pull request comment synchronised');
    return undefined;
  } catch (err) {
    if (err instanceof SupersededError || opts.signal.aborted) throw err;
    const status = (err as { status?: number }).status;
    opts.log.warn({ err: { message: describeFailure(err) } }, 'could not write the pull request comment');
    const hint = status === 403 ? ' (comment: on-findings needs the app to have the pull_requests: write permission)' : '';
    return `The pull request comment could not be written: ${describeFailure(err)}${hint}.`;
  }
}

/** Completes the check run after a failure, a timeout or a newer push; logs without credentials. */
async function finishAfterError(opts: {
  err: unknown;
  octokit: Octokit;
  repo: RepoRef;
  checkRunId: number;
  ticket: Ticket;
  timedOut: boolean;
  timeoutSeconds: number;
  log: Logger;
}): Promise<void> {
  const { octokit, repo, checkRunId, ticket, log } = opts;
  const superseded = ticket.signal.aborted ? (ticket.signal.reason as SupersededError) : opts.err instanceof SupersededError ? opts.err : undefined;
  const now = new Date().toISOString();
  try {
    if (superseded) {
      log.info({ by: superseded.bySha }, 'analysis superseded by a newer one');
      // On the same check run the newer analysis publishes; on an older commit's run, say why it stopped.
      if (!superseded.sameCheckRun) {
        await updateCheckRun({ octokit, repo, checkRunId, body: interruptionUpdate(renderInterruption({ kind: 'superseded', by: superseded.bySha.slice(0, 7) }), now) });
      }
      return;
    }
    const interruption: Interruption = opts.timedOut ? { kind: 'timeout', seconds: opts.timeoutSeconds } : { kind: 'error', message: describeFailure(opts.err) };
    log.error({ err: { name: (opts.err as Error).name, message: describeFailure(opts.err) } }, 'analysis failed; completing the check run with the reason');
    await ticket.write(() => updateCheckRun({ octokit, repo, checkRunId, body: interruptionUpdate(renderInterruption(interruption), now) }));
  } catch (err) {
    if (err instanceof SupersededError) return;
    log.error({ err: { message: describeFailure(err) }, checkRunId }, 'could not complete the check run');
  }
}


// The job that crosses from a webhook receiver to a worker (issue #5), the queue contract both the
// embedded in-process queue and BullMQ on Redis implement, and what the receiver does when it enqueues.

import type { Logger } from 'pino';
import { renderInterruption } from '../report/check-run.js';
import type { Octokit } from '../github/changed-files.js';
import { interruptionUpdate, updateCheckRun } from '../github/checks-publisher.js';

/** Plain data only: it is stored in Redis as JSON and read by another process. */
export interface PullRequestJobData {
  installationId: number;
  owner: string;
  repo: string;
  pullNumber: number;
  headSha: string;
  trigger: 'pull_request' | 'rerun';
  /** The check run the receiver created (or reused), already `in_progress`. */
  checkRun: { id: number; name: string; created: boolean; status: string; url?: string | null };
  /** `.github/pyshift.yml` as the receiver read it (raw YAML data), so the worker analyses with the same config. */
  config: unknown;
  /** The webhook delivery and event that asked for the analysis, for the logs. */
  delivery: string;
  event: string;
  /** Milliseconds the receiver spent per step (config, checkRun). */
  durations: Record<string, number>;
}

/** Where an attempt stands: the processor lets transient errors propagate unless it is the last one. */
export interface Attempt {
  number: number;
  final: boolean;
  /** No earlier attempt started (a job taken over from a worker that died is not first). */
  first: boolean;
}

export type JobProcessor = (data: PullRequestJobData, attempt: Attempt) => Promise<void>;

/** The latest head SHA enqueued for each pull request: what a running job checks before it publishes. */
export interface HeadStore {
  latest(prKey: string): Promise<string | undefined>;
}

export interface AddResult {
  /** True when a job for the same (repository, PR, head SHA) was already waiting or running. */
  duplicate: boolean;
  /** Waiting jobs for older SHAs of the same pull request, removed from the queue. */
  superseded: PullRequestJobData[];
}

export interface JobQueue {
  readonly heads: HeadStore;
  /** Adds one job per (repository, PR, head SHA); removes waiting jobs for older SHAs of the pull request. */
  add(data: PullRequestJobData): Promise<AddResult>;
  /** Starts taking jobs (a worker). Receivers that only enqueue never call it. */
  work(processor: JobProcessor): void;
  /**
   * Graceful stop: takes no new job and waits up to `graceMs` for running ones; a job still running then
   * goes back to the queue (Redis) or is dropped. Returns the jobs that were waiting in this process and
   * will never run (embedded queue only; on Redis they stay queued for other workers).
   */
  close(graceMs?: number): Promise<PullRequestJobData[]>;
}

/** The pull request a job belongs to: supersede works per pull request. */
export const prKeyOf = (d: Pick<PullRequestJobData, 'owner' | 'repo' | 'pullNumber'>): string => `${d.owner}/${d.repo}/${d.pullNumber}`;

/** One job per (repository, PR, head SHA): duplicate deliveries collapse on this id (no `:`, BullMQ reserves it). */
export const jobIdOf = (d: Pick<PullRequestJobData, 'owner' | 'repo' | 'pullNumber' | 'headSha'>): string => `${prKeyOf(d)}/${d.headSha}`;

/**
 * Errors worth another attempt later: GitHub's 5xx and 429, a secondary rate limit (403 saying so), and
 * network failures. Anything else (404, a bad response, a bug) would fail the same way again.
 */
export function isTransient(err: unknown): boolean {
  const e = err as { status?: unknown; message?: unknown; code?: unknown; cause?: { code?: unknown } };
  if (typeof e.status === 'number') return e.status >= 500 || e.status === 429 || (e.status === 403 && /rate limit/i.test(String(e.message)));
  const code = String(e.code ?? e.cause?.code ?? '');
  return /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN|UND_ERR_\w+)$/.test(code) || /fetch failed|socket hang up/i.test(String(e.message));
}

/**
 * What the webhook receiver does once the check run is in progress: enqueue, then complete the check runs
 * of the waiting jobs this push superseded (their commit is no longer the head of the pull request).
 */
export async function enqueueAnalysis(opts: { octokit: Octokit; queue: JobQueue; data: PullRequestJobData; log?: Logger }): Promise<{ jobId: string; duplicate: boolean; superseded: number }> {
  const { octokit, data } = opts;
  const { duplicate, superseded } = await opts.queue.add(data);
  for (const old of superseded) {
    const body = interruptionUpdate(renderInterruption({ kind: 'superseded', by: data.headSha.slice(0, 7) }), new Date().toISOString());
    await updateCheckRun({ octokit, repo: { owner: old.owner, repo: old.repo }, checkRunId: old.checkRun.id, body }).catch((err: Error) =>
      opts.log?.warn({ checkRunId: old.checkRun.id, err: { message: err.message } }, 'could not complete a superseded check run'),
    );
  }
  return { jobId: jobIdOf(data), duplicate, superseded: superseded.length };
}

// A worker's side of a job: authenticate as the installation, then fetch -> analyze -> publish with the
// App's own functions (analyseAndPublish). A newer head SHA of the pull request, seen in the queue's head
// store, supersedes the job; transient GitHub errors propagate so that the queue retries with backoff.

import type { Logger } from 'pino';
import { resolveConfig } from '../config/repo-config.js';
import type { Octokit } from '../github/changed-files.js';
import { analyseAndPublish, type AppDeps } from '../github/pull-request-handler.js';
import { SupersededError, type Ticket } from '../github/run-registry.js';
import { isTransient, prKeyOf, type HeadStore, type JobProcessor } from './job-queue.js';

/**
 * A Ticket (see run-registry.ts) whose authority is the head store, which may live in another process:
 * its signal aborts when a newer SHA is enqueued for the pull request (checked every `pollMs`), and every
 * write to the check run checks the store first.
 */
export function headTicket(heads: HeadStore, prKey: string, sha: string, checkRunId: number, pollMs = 250): Ticket {
  const controller = new AbortController();
  const check = async (): Promise<void> => {
    const latest = await heads.latest(prKey);
    if (latest !== undefined && latest !== sha && !controller.signal.aborted) controller.abort(new SupersededError(latest, false));
  };
  const timer = setInterval(() => void check().catch(() => undefined), pollMs);
  timer.unref();
  const assertCurrent = (): void => {
    if (controller.signal.aborted) throw controller.signal.reason as SupersededError;
  };
  return {
    signal: controller.signal,
    checkRunId,
    assertCurrent,
    write: async (write) => {
      await check();
      assertCurrent();
      return write();
    },
    end: () => clearInterval(timer),
  };
}

export function createProcessor(opts: { auth: (installationId: number) => Promise<Octokit>; log: Logger; deps: AppDeps; heads: HeadStore; pollMs?: number }): JobProcessor {
  const { deps } = opts;
  return async (data, attempt) => {
    const repository = `${data.owner}/${data.repo}`;
    const log = opts.log.child({ delivery: data.delivery, event: data.event, repository, pr: data.pullNumber, sha: data.headSha, attempt: attempt.number });
    const octokit = await opts.auth(data.installationId);
    const ticket = headTicket(opts.heads, prKeyOf(data), data.headSha, data.checkRun.id, opts.pollMs);
    await analyseAndPublish({
      octokit,
      log,
      deps,
      job: { repo: { owner: data.owner, repo: data.repo }, pullNumber: data.pullNumber, headSha: data.headSha, trigger: data.trigger },
      // The receiver resolved this config without error against the same catalogue.
      config: resolveConfig(data.config ?? {}, deps.ruleset),
      // A later attempt may find annotations an earlier one (or a worker that died) sent: list them, do not repeat them.
      checkRun: { ...data.checkRun, created: data.checkRun.created && attempt.first },
      ticket,
      durations: data.durations,
      keepForRetry: attempt.final ? undefined : isTransient,
    });
  };
}

// Chooses the deployment shape from the environment: without REDIS_URL one process receives webhooks and
// runs jobs on the embedded queue with an in-memory result cache; with REDIS_URL receivers enqueue to BullMQ,
// `npm run worker` processes run the jobs, and the result cache and supersede state live in Redis.

import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Analyze } from '../github/analysis-pool.js';
import type { Octokit } from '../github/changed-files.js';
import { interruptionUpdate, updateCheckRun } from '../github/checks-publisher.js';
import type { AppDeps } from '../github/pull-request-handler.js';
import { RunRegistry } from '../github/run-registry.js';
import type { AppSettings } from '../github/settings.js';
import { renderInterruption } from '../report/check-run.js';
import { cachedAnalyze, MemoryResultCache, RedisResultCache, type CacheStats, type ResultCache } from '../cache/result-cache.js';
import type { JobQueue, PullRequestJobData } from './job-queue.js';
import { MemoryQueue, type QueueLimits } from './memory-queue.js';
import { createProcessor } from './processor.js';
import { RedisLockRegistry } from './redis-lock.js';
import { RedisQueue, type RedisQueueOptions } from './redis-queue.js';

export interface Runtime {
  /** 'embedded': this process receives and works; 'redis': shared queue (this process receives, works, or both). */
  mode: 'embedded' | 'redis';
  queue: JobQueue;
  registry: RunRegistry;
  /** The analysis behind the result cache. */
  analyze: Analyze;
  cacheStats: CacheStats;
  /** Starts taking jobs in this process. */
  work(deps: AppDeps, auth: (installationId: number) => Promise<Octokit>, log: Logger): void;
  /** Graceful stop (see JobQueue.close); embedded jobs that never ran get their check runs completed. */
  close(opts?: { graceMs?: number; auth?: (installationId: number) => Promise<Octokit> }): Promise<void>;
}

export function queueLimits(settings: AppSettings): QueueLimits {
  return { concurrency: settings.queueConcurrency, perInstallation: settings.installationConcurrency, attempts: settings.jobAttempts, backoffMs: settings.retryBackoffMs };
}

/**
 * @param opts `redis`: extra BullMQ options (tests shorten the lock so a killed worker's job moves on sooner).
 */
export function createRuntime(opts: {
  env: Readonly<Record<string, string | undefined>>;
  settings: AppSettings;
  rulesetVersion: string;
  analyze: Analyze;
  log?: Logger;
  redis?: Partial<RedisQueueOptions>;
}): Runtime {
  const url = opts.env.REDIS_URL || undefined;
  const limits = queueLimits(opts.settings);
  let queue: JobQueue;
  let cache: ResultCache;
  let registry: RunRegistry;
  let lockClient: Redis | undefined;
  if (url) {
    queue = new RedisQueue({ url, ...limits, ...opts.redis }, opts.log);
    cache = new RedisResultCache(url);
    lockClient = new Redis(url, { maxRetriesPerRequest: 2 });
    registry = new RedisLockRegistry(lockClient);
  } else {
    queue = new MemoryQueue(limits, opts.log);
    cache = new MemoryResultCache(opts.settings.cacheEntries);
    registry = new RunRegistry();
  }
  const cached = cachedAnalyze(opts.analyze, cache, opts.rulesetVersion);
  return {
    mode: url ? 'redis' : 'embedded',
    queue,
    registry,
    analyze: cached.analyze,
    cacheStats: cached.stats,
    work: (deps, auth, log) => queue.work(createProcessor({ auth, log, deps, heads: queue.heads })),
    close: async ({ graceMs = opts.settings.shutdownSeconds * 1000, auth } = {}) => {
      const dropped = await queue.close(graceMs);
      if (auth) await completeDropped(dropped, auth, opts.log);
      await cache.close?.();
      await lockClient?.quit().catch(() => undefined);
    },
  };
}

/** Completes the check runs of embedded jobs that the process stopped before running. */
async function completeDropped(dropped: readonly PullRequestJobData[], auth: (installationId: number) => Promise<Octokit>, log?: Logger): Promise<void> {
  const message = 'PyShift was restarting and stopped before analysing this commit. Use "Re-run" to analyse it.';
  for (const job of dropped) {
    try {
      const octokit = await auth(job.installationId);
      const body = interruptionUpdate(renderInterruption({ kind: 'error', message }), new Date().toISOString());
      await updateCheckRun({ octokit, repo: { owner: job.owner, repo: job.repo }, checkRunId: job.checkRun.id, body });
    } catch (err) {
      log?.error({ checkRunId: job.checkRun.id, err: { message: (err as Error).message } }, 'could not complete the check run of a job dropped at shutdown');
    }
  }
}

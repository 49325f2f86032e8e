// `npm run worker`: a queue worker (same image as the webhook receiver, another command). It needs the
// receiver's environment (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, REDIS_URL, PYSHIFT_*) and takes pull
// request jobs from the shared BullMQ queue: fetch -> analyze -> publish. SIGTERM (or SIGINT) stops it
// gracefully: no new jobs, the running ones finish (or, after PYSHIFT_SHUTDOWN_SECONDS, go back to the queue).

import { pathToFileURL } from 'node:url';
import { createProbot, type Probot } from 'probot';
import { loadRuleset } from './analysis/ruleset.js';
import { AnalysisPool, inProcessAnalyze } from './github/analysis-pool.js';
import type { AppDeps } from './github/pull-request-handler.js';
import { readAppSettings } from './github/settings.js';
import { createRuntime, type Runtime } from './queue/runtime.js';
import type { RedisQueueOptions } from './queue/redis-queue.js';

export interface RunningWorker {
  runtime: Runtime;
  /** Graceful stop (the SIGTERM path). */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a worker on the queue named by `env.REDIS_URL`.
 * @param opts `probot` authenticates as installations; `overrides` and `redis` let tests and benchmarks
 *   inject the analysis runner, settings, or a shorter job lock.
 */
export function startWorker(opts: { probot: Probot; env: Readonly<Record<string, string | undefined>>; overrides?: Partial<AppDeps>; redis?: Partial<RedisQueueOptions> }): RunningWorker {
  if (!opts.env.REDIS_URL) throw new Error('REDIS_URL is not set: a worker takes its jobs from Redis (without Redis, `npm start` alone analyses)');
  const settings = { ...readAppSettings(opts.env), ...opts.overrides };
  const ruleset = opts.overrides?.ruleset ?? loadRuleset();
  const pool = opts.overrides?.analyze || settings.analysisWorkers === 0 ? undefined : new AnalysisPool({ size: settings.analysisWorkers, ruleset });
  const analyze = opts.overrides?.analyze ?? pool?.run ?? inProcessAnalyze(ruleset);
  const runtime = createRuntime({ env: opts.env, settings, rulesetVersion: ruleset.version, analyze, log: opts.probot.log, redis: opts.redis });
  const deps: AppDeps = { ...settings, registry: runtime.registry, ruleset, analyze: runtime.analyze, queue: runtime.queue };
  runtime.work(deps, (id) => opts.probot.auth(id), opts.probot.log);
  opts.probot.log.info({ concurrency: settings.queueConcurrency, perInstallation: settings.installationConcurrency }, 'worker started');
  return {
    runtime,
    stop: async (graceMs) => {
      await runtime.close({ graceMs });
      await pool?.close();
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const probot = createProbot();
  await probot.auth(); // initialises Probot (its logger among others) without a network request
  const worker = startWorker({ probot, env: process.env });
  const stop = (signal: string): void => {
    probot.log.info(`${signal}: taking no new jobs, finishing the running ones`);
    void worker.stop().then(
      () => process.exit(0),
      (err: Error) => {
        probot.log.error({ err: { message: err.message } }, 'unclean shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

// Builds the Probot application function with its dependencies (rules, settings, run registry, job queue).

import type { ApplicationFunction, Probot } from 'probot';
import { loadRuleset } from '../analysis/ruleset.js';
import { createRuntime, type Runtime } from '../queue/runtime.js';
import { AnalysisPool, inProcessAnalyze } from './analysis-pool.js';
import { registerHandlers, type AppDeps } from './pull-request-handler.js';
import { RunRegistry } from './run-registry.js';
import { readAppSettings } from './settings.js';

/**
 * The PyShift GitHub App. The rule catalogue loads when the app loads, so a broken rule pack fails the
 * deploy instead of a pull request. Analyses run on a pool of worker threads (PYSHIFT_ANALYSIS_WORKERS).
 * The webhook handler creates the check run and enqueues the analysis: without REDIS_URL on the embedded
 * queue that this process also works (one process), with REDIS_URL on BullMQ for `npm run worker`
 * processes (src/worker.ts). `overrides` lets tests and benchmarks inject settings, the ruleset, the
 * analysis runner or the queue (`queue: undefined`: the handler analyses before it returns); `onRuntime`
 * receives the queue runtime so that they can close it.
 */
export function pyshiftApp(overrides: Partial<AppDeps> = {}, onRuntime?: (runtime: Runtime) => void): ApplicationFunction {
  return (app: Probot) => {
    const settings = { ...readAppSettings(process.env), ...overrides };
    const ruleset = overrides.ruleset ?? loadRuleset();
    const analyze = overrides.analyze ?? (settings.analysisWorkers > 0 ? new AnalysisPool({ size: settings.analysisWorkers, ruleset }).run : inProcessAnalyze(ruleset));
    if ('queue' in overrides) {
      registerHandlers(app, { registry: new RunRegistry(), ...settings, ruleset, analyze });
      return;
    }
    const runtime = createRuntime({ env: process.env, settings, rulesetVersion: ruleset.version, analyze, log: app.log });
    onRuntime?.(runtime);
    const deps: AppDeps = { registry: runtime.registry, ...settings, ruleset, analyze: runtime.analyze, queue: runtime.queue };
    registerHandlers(app, deps);
    if (runtime.mode !== 'embedded') return;
    const auth = (installationId: number) => app.auth(installationId);
    runtime.work(deps, auth, app.log);
    if (process.env.NODE_ENV === 'test') return;
    process.once('SIGTERM', () => {
      app.log.info('SIGTERM: finishing the running analyses, then stopping');
      void runtime.close({ auth }).finally(() => process.exit(0));
    });
  };
}

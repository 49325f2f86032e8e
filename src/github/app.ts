// Builds the Probot application function with its dependencies (rules, settings, run registry).

import type { ApplicationFunction, Probot } from 'probot';
import { loadRuleset } from '../analysis/ruleset.js';
import { AnalysisPool, inProcessAnalyze } from './analysis-pool.js';
import { registerHandlers, type AppDeps } from './pull-request-handler.js';
import { RunRegistry } from './run-registry.js';
import { readAppSettings } from './settings.js';

/**
 * The PyShift GitHub App. The rule catalogue loads when the app loads, so a broken rule pack fails the
 * deploy instead of a pull request. Analyses run on a pool of worker threads (PYSHIFT_ANALYSIS_WORKERS).
 * `overrides` lets tests and benchmarks inject settings, the ruleset or the analysis runner.
 */
export function pyshiftApp(overrides: Partial<AppDeps> = {}): ApplicationFunction {
  return (app: Probot) => {
    const settings = { ...readAppSettings(process.env), ...overrides };
    const ruleset = overrides.ruleset ?? loadRuleset();
    const analyze = overrides.analyze ?? (settings.analysisWorkers > 0 ? new AnalysisPool({ size: settings.analysisWorkers, ruleset }).run : inProcessAnalyze(ruleset));
    registerHandlers(app, { registry: new RunRegistry(), ...settings, ruleset, analyze });
  };
}

// Builds the Probot application function with its dependencies (rules, settings, run registry).

import type { ApplicationFunction, Probot } from 'probot';
import { loadRuleset } from '../analysis/ruleset.js';
import { registerHandlers, type AppDeps } from './pull-request-handler.js';
import { RunRegistry } from './run-registry.js';
import { readAppSettings } from './settings.js';

/**
 * The PyShift GitHub App. The rule catalogue loads when the app loads, so a broken rule pack fails the
 * deploy instead of a pull request. `overrides` lets tests and benchmarks inject settings or a registry.
 */
export function pyshiftApp(overrides: Partial<AppDeps> = {}): ApplicationFunction {
  return (app: Probot) => {
    const deps: AppDeps = { ruleset: overrides.ruleset ?? loadRuleset(), registry: new RunRegistry(), ...readAppSettings(process.env), ...overrides };
    registerHandlers(app, deps);
  };
}

// Selects the rules of a loaded catalogue that apply to one scan (target version + per-rule settings).
// Apart from ruleset.ts so that worker threads, which receive selected rules, never load YAML or ajv.

import type { Ruleset } from './ruleset.js';
import type { ActiveRule, RuleSetting } from './types.js';
import { compareVersions, parseVersion, type PythonVersion } from './versions.js';

/**
 * The rules that apply to `target`, with their effective severity:
 * removed (or changed) on the target -> the rule's severity; deprecated but still present -> pending severity;
 * not even deprecated yet on the target -> not active. Settings switch rules off or override the severity.
 */
export function selectRules(ruleset: Ruleset, target: PythonVersion, settings: Readonly<Record<string, RuleSetting>> = {}): ActiveRule[] {
  const active: ActiveRule[] = [];
  for (const rule of ruleset.rules) {
    const setting = settings[rule.id];
    if (setting === 'off') continue;
    const done = rule.removed_in ?? rule.changed_in;
    const reached = (v: string | undefined): boolean => v !== undefined && compareVersions(target, parseVersion(v)!) >= 0;
    let pending: boolean;
    if (rule.kind === 'core' || reached(done)) pending = false;
    else if (reached(rule.deprecated_in)) pending = true;
    else continue;
    const natural = pending ? (rule.pending_severity ?? 'warning') : rule.severity;
    active.push({ ...rule, pending, effectiveSeverity: setting ?? natural });
  }
  return active;
}

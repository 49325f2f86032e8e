// Property tests over every analyzer, through the engine: random and mutated inputs (binary, NUL, invalid
// UTF-8, BOM, CRLF and lone CR, deep nesting, mutations of the rule fixtures). Nothing escapes the engine,
// each file yields findings or one clear error entry, positions stay inside the file, and a second scan gives
// the same result. Short runs here; `npm run fuzz:long` runs the long campaign (bench/FUZZ.md).

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { analyzeSource } from '../../src/analysis/engine.js';
import { analyzers } from '../../src/analysis/analyzers/index.js';
import { ProjectIndex } from '../../src/analysis/project.js';
import { DEFAULT_RULES_DIR, loadRuleset, selectRules } from '../../src/analysis/ruleset.js';
import { AnalysisTimeout, Deadline } from '../../src/analysis/budget.js';
import { checkScan, contents, fixtureTexts, TARGETS } from './inputs.js';

const ruleset = loadRuleset();
const fixtures = fixtureTexts(DEFAULT_RULES_DIR);

describe.each(Object.entries(TARGETS))('%s analyzer', (kind, paths) => {
  it('keeps every property on random and mutated files', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), contents(kind, fixtures[kind]!, { maxDepth: 3000 }), async (path, content) => {
        expect(await checkScan(ruleset, path, content)).toEqual([]);
      }),
      { numRuns: 120, seed: 6 },
    );
  }, 60_000);

  // A 2 MB line (the engine's file size limit: it never hands an analyzer more) and 10,000-deep nesting,
  // each given straight to analyzeSource: findings, or the budget's AnalysisTimeout, never another
  // exception. (A 10 MB requirements line made V8's regexp engine throw a RangeError under a loaded CI
  // machine; files that large are skipped by the engine before any analyzer sees them.)
  it.each([
    ['a 2 MB line', 'x'.repeat(2_000_000)],
    ['10,000 nested brackets', `${'['.repeat(10_000)}${']'.repeat(10_000)}`],
    ['10,000 unclosed parentheses', '('.repeat(10_000)],
  ])('%s', (_what, body) => {
    const analyzer = analyzers.find((a) => a.kind === kind)!;
    const text = kind === 'dockerfile' ? `FROM python:3.11\nRUN ${body}\n` : kind === 'python' ? `import imp\nx = ${body}\n` : `numpy==1.0 ${body}\n`;
    const rules = selectRules(ruleset, [3, 13]);
    const run = (): unknown => analyzeSource({
      file: { path: paths[0]!, text }, analyzer, rules, target: [3, 13], project: new ProjectIndex([paths[0]!]), deadline: new Deadline(Date.now() + 10_000, 'budget'),
    });
    try {
      const findings = run() as { line: number }[];
      for (const f of findings) expect(f.line).toBeLessThanOrEqual(3);
    } catch (err) {
      expect(err).toBeInstanceOf(AnalysisTimeout);
    }
  }, 60_000);
});

// Regression table: inputs that made an analyzer quadratic (or worse) in the size of the file. Each one
// was found by probing the analyzers with generated files; each now finishes far inside the default
// 5 s file budget, so the file yields its findings instead of a "skipped: analysis took longer" entry.
// No timing assertion: before the fixes these files took 30 s to minutes and were cut by the budget.

import { describe, expect, it } from '@jest/globals';
import { analyzeFiles, memoryFile } from '../../src/analysis/engine.js';
import { loadRuleset } from '../../src/analysis/ruleset.js';
import { parseTarget } from '../../src/analysis/versions.js';

const ruleset = loadRuleset();
const lines = (n: number, f: (i: number) => string): string => Array.from({ length: n }, (_, i) => f(i)).join('');

describe('analysis time stays near-linear in the size of the file', () => {
  it.each([
    {
      what: 'receivers typed by their assignment (gzip.GzipFile().filename): bindings were searched once per receiver (4,000: 32 s)',
      path: 'receivers.py',
      text: `import gzip\nclass A(B):\n  def f(self):\n${lines(4000, () => '    x = gzip.GzipFile()\n    x.filename\n')}`,
      rule: 'py-removed-gzip-filename', count: 4000,
    },
    {
      what: 'a chain of 300 local classes, each calling a removed TestCase alias: every base was searched in the whole tree (minutes)',
      path: 'chain.py',
      text: `import unittest\nclass C300(unittest.TestCase): pass\n${lines(300, (i) => `class C${i}(C${i + 1}):\n  def f(self): self.failUnless(x)\n`)}`,
      rule: 'py-removed-unittest-fail-unless', count: 300,
    },
    {
      what: 'exec() then locals() 4,000 times in one function: the later locals() calls were searched once per exec (25 s)',
      path: 'exec.py',
      text: `def f():\n${lines(4000, () => '  exec(x)\n  locals()\n')}`,
      rule: 'py-locals-exec-readback', count: 4000,
    },
  ])('$what', async ({ path, text, rule, count }) => {
    const result = await analyzeFiles({ files: [memoryFile(path, text)], ruleset, target: parseTarget('3.13'), threads: 1 });
    expect(result.errors).toEqual([]);
    expect(result.findings.filter((f) => f.rule === rule)).toHaveLength(count);
  }, 60_000);
});

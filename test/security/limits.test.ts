// Scan limits (issue #6): files per scan, the per-file and per-scan time budgets. A file that runs out is
// one FileError with a human notice and no half findings; the files after it are still analysed, or each
// listed as not analysed once the scan's budget is gone. No timing assertions: the slow analyzer below
// never finishes on its own, and the Python file is far larger than a 1 ms budget can parse.

import { describe, expect, it } from '@jest/globals';
import type { Analyzer } from '../../src/analysis/analyzer.js';
import { analyzeFiles, memoryFile } from '../../src/analysis/engine.js';
import { loadRuleset } from '../../src/analysis/ruleset.js';
import type { ScanResult } from '../../src/analysis/types.js';
import { parseTarget } from '../../src/analysis/versions.js';

const ruleset = loadRuleset();
const target = parseTarget('3.13');

/** Reads `*.loop` files forever (checking its deadline, as every analyzer's long loops do) and `*.quick` files at once. */
const testAnalyzer: Analyzer = {
  kind: 'python',
  accepts: (path) => path.endsWith('.loop') || path.endsWith('.quick'),
  analyze(file, _rules, ctx) {
    if (file.path.endsWith('.loop')) for (;;) ctx.deadline!.check();
    return { findings: [] };
  },
};

const summary = (r: ScanResult): string[] => [
  ...r.findings.map((f) => `${f.path}:${f.line} ${f.rule}`),
  ...r.errors.map((e) => `${e.path}: ${e.message}`),
];

describe('scan limits', () => {
  it.each([
    {
      what: 'a file that runs past its budget is skipped, the next ones are analysed',
      files: ['a.loop', 'b.quick'],
      options: { fileTimeBudgetMs: 30 },
      expected: ['a.loop: skipped: analysis took longer than 30 ms'],
    },
    {
      what: 'once the scan budget is gone, every file left is listed as not analysed',
      files: ['a.loop', 'b.quick', 'c.quick'],
      options: { fileTimeBudgetMs: 60_000, scanTimeBudgetMs: 30 },
      expected: [
        "a.loop: skipped: the scan's 30 ms budget ran out while this file was analysed",
        "b.quick: not analysed: the scan's 30 ms budget ran out after 1 of 3 files",
        "c.quick: not analysed: the scan's 30 ms budget ran out after 1 of 3 files",
      ],
    },
    {
      what: 'files beyond maxFiles are listed, in the order given',
      files: ['a.quick', 'b.quick', 'c.quick', 'd.quick'],
      options: { maxFiles: 2 },
      expected: ['c.quick: not analysed: a scan reads at most 2 files and this one has 4', 'd.quick: not analysed: a scan reads at most 2 files and this one has 4'],
    },
  ])('$what', async ({ files, options, expected }) => {
    const result = await analyzeFiles({ files: files.map((p) => memoryFile(p, 'x\n')), ruleset, target, analyzers: [testAnalyzer], ...options });
    expect(summary(result)).toEqual(expected);
  });

  it("tree-sitter's parse stops at the file budget, and the next parse starts afresh", async () => {
    // ~2 MB of Python: parsing it takes well over 20 ms; a parser left mid-parse would resume it for b.py.
    const big = `import imp\n${'x = [1, 2, (3, {4: 5})]\n'.repeat(80_000)}`;
    const result = await analyzeFiles({
      files: [memoryFile('a.py', big)],
      ruleset, target, fileTimeBudgetMs: 20, threads: 1, maxFileBytes: 4_000_000,
    });
    const withRoom = await analyzeFiles({ files: [memoryFile('b.py', 'import os\nimport imp\n')], ruleset, target, fileTimeBudgetMs: 60_000, threads: 1 });
    expect(result.errors).toEqual([{ path: 'a.py', message: 'skipped: analysis took longer than 20 ms' }]);
    expect(summary(withRoom)).toEqual(['b.py:2 py-removed-module-imp']);
  });

  it('a dependency file that runs out while its packages are collected is skipped once', async () => {
    const manifest = 'numpy==1.0\n'.repeat(50_000);
    const result = await analyzeFiles({ files: [memoryFile('requirements.txt', manifest)], ruleset, target, fileTimeBudgetMs: 1, threads: 1 });
    expect(result.errors).toEqual([{ path: 'requirements.txt', message: 'skipped: analysis took longer than 1 ms' }]);
  });
});

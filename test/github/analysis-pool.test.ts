// The worker-thread pool that runs analyses off the main thread (workers load the TypeScript sources
// through test/support/ts-register.mjs, as the built app loads lib/).

import { afterEach, describe, expect, it } from '@jest/globals';
import { loadRuleset } from '../../src/analysis/ruleset.js';
import { parseTarget } from '../../src/analysis/versions.js';
import { AnalysisPool, inProcessAnalyze, type AnalysisJob } from '../../src/github/analysis-pool.js';
import { WORKER_OPTIONS } from './harness.js';

const ruleset = loadRuleset();

const job = (files: Record<string, string>): AnalysisJob => ({
  files: Object.entries(files).map(([path, content]) => ({ path, content })),
  target: parseTarget('3.13'),
  settings: {},
  maxFileBytes: 1_000_000,
  projectPaths: Object.keys(files),
  projectRoots: [''],
});

/** Each worker transpiles the TypeScript sources as it starts (the built app loads lib/ instead). */
const WORKER_TEST_TIMEOUT = 30_000;

let pool: AnalysisPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('AnalysisPool', () => {
  it('gives the same result as the analysis on the main thread', async () => {
    pool = new AnalysisPool({ size: 1, ruleset, ...WORKER_OPTIONS });
    const input = job({ 'a.py': 'import cgi\nimport imp\n', 'requirements.txt': 'zombie-imp==0.0.2\n' });
    const never = new AbortController().signal;
    expect(await pool.run(input, never)).toEqual(await inProcessAnalyze(ruleset)(input, never)); // toEqual: the result comes from another realm
  }, WORKER_TEST_TIMEOUT);

  it('runs jobs in parallel up to its size and reuses its workers', async () => {
    pool = new AnalysisPool({ size: 2, ruleset, ...WORKER_OPTIONS });
    const never = new AbortController().signal;
    const results = await Promise.all([1, 2, 3, 4].map((i) => pool!.run(job({ [`m${i}.py`]: 'import telnetlib\n' }), never)));
    expect(results.map((r) => r.findings.map((f) => `${f.path} ${f.rule}`))).toStrictEqual([1, 2, 3, 4].map((i) => [`m${i}.py py-removed-module-telnetlib`]));
    expect(pool.workers).toBe(2);
  }, WORKER_TEST_TIMEOUT);

  it('an abandoned job rejects with the reason at once, and its worker is replaced', async () => {
    pool = new AnalysisPool({ size: 1, ruleset, ...WORKER_OPTIONS });
    const controller = new AbortController();
    const slow = pool.run(job({ 'slow.py': `import cgi\n${'# a comment line\n'.repeat(3000)}` }), controller.signal);
    controller.abort(new Error('deadline'));
    await expect(slow).rejects.toThrow('deadline');
    expect(pool.workers).toBe(0);
    const next = await pool.run(job({ 'b.py': 'import cgi\n' }), new AbortController().signal);
    expect(next.findings).toHaveLength(1);
  }, WORKER_TEST_TIMEOUT);

  it('an error inside the analysis rejects that job only', async () => {
    pool = new AnalysisPool({ size: 1, ruleset, ...WORKER_OPTIONS });
    const bad = { ...job({}), files: [{ path: 'x.py', content: 42 as unknown as string }] };
    await expect(pool.run(bad, new AbortController().signal)).rejects.toThrow(/^internal error in the analysis: /);
    expect((await pool.run(job({ 'c.py': 'import cgi\n' }), new AbortController().signal)).findings).toHaveLength(1);
  }, WORKER_TEST_TIMEOUT);
});

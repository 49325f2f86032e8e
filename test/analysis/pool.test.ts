// The worker-thread pool gives the same result as one thread. Worker threads run compiled JavaScript,
// so this test uses the build in lib/ (`npm test` builds first).

import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const lib = (path: string): Promise<Record<string, any>> => import(join(repo, 'lib', path));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe('analysis pool', () => {
  it('analyses every fixture and the example in worker threads with the same findings as one thread', async () => {
    const { analyzeFiles, memoryFile } = await lib('analysis/engine.js');
    const { loadRuleset } = await lib('analysis/ruleset.js');
    const { parseTarget } = await lib('analysis/versions.js');
    const { poolAvailable } = await lib('analysis/pool.js');
    expect(poolAvailable()).toBe(true);
    const corpus = [...files(join(repo, 'rules')), ...files(join(repo, 'examples'))]
      .filter((p) => !p.endsWith('.yaml') && !p.endsWith('schema.json'))
      .map((p: string) => memoryFile(p.slice(repo.length), readFileSync(p)));
    const ruleset = loadRuleset(join(repo, 'rules'));
    const run = (threads: number) => analyzeFiles({ files: corpus, ruleset, target: parseTarget('3.13'), threads });
    const single = await run(1);
    const pooled = await run(2);
    expect(single.findings.length).toBeGreaterThan(200);
    expect(pooled).toEqual(single);
  });

  it('reads files pulled in with -r under other names as requirements files in the threads too', async () => {
    const { analyzeFiles, memoryFile } = await lib('analysis/engine.js');
    const { loadRuleset } = await lib('analysis/ruleset.js');
    const { parseTarget } = await lib('analysis/versions.js');
    const corpus = [
      memoryFile('requirements.txt', '-r deps/base.pip\n'),
      memoryFile('deps/base.pip', 'numpy==1.26.4\n'),
      ...Array.from({ length: 80 }, (_, i) => memoryFile(`pkg/m${i}.py`, i % 2 ? 'import cgi\n' : 'import os\n')),
    ];
    const run = (threads: number) => analyzeFiles({
      files: corpus, ruleset: loadRuleset(join(repo, 'rules')), target: parseTarget('3.13'), threads, includedPipPaths: ['deps/base.pip'],
    });
    const single = await run(1);
    const pooled = await run(2);
    expect(single.findings.filter((f: { path: string }) => f.path === 'deps/base.pip').map((f: { rule: string }) => f.rule)).toContain('req-pin-below-313-support');
    expect(pooled).toEqual(single);
  });

  it('has the main thread analyse files beside the workers once their queue is full, with the same result', async () => {
    const { analyzeFiles, memoryFile, poolStats } = await lib('analysis/engine.js');
    const { loadRuleset } = await lib('analysis/ruleset.js');
    const { parseTarget } = await lib('analysis/versions.js');
    const body = Array.from({ length: 400 }, (_, k) => `def f${k}(x):\n    return x + ${k}\n`).join('');
    const corpus = Array.from({ length: 100 }, (_, i) => memoryFile(`pkg/m${i}.py`, `${i % 3 ? 'import os' : 'import imp'}\n${body}`));
    const run = (threads: number) => analyzeFiles({ files: corpus, ruleset: loadRuleset(join(repo, 'rules')), target: parseTarget('3.13'), threads });
    const single = await run(1);
    poolStats.toWorkers = 0;
    poolStats.onMain = 0;
    const pooled = await run(2);
    expect(poolStats.toWorkers).toBeGreaterThan(0);
    expect(poolStats.onMain).toBeGreaterThan(0);
    expect(poolStats.toWorkers + poolStats.onMain).toBe(100);
    expect(single.findings).toHaveLength(34);
    expect(pooled).toEqual(single);
  });

  it('turns a file the threads cannot analyse into an error entry, not a crash', async () => {
    const { AnalysisPool } = await lib('analysis/pool.js');
    const { loadRuleset, selectRules } = await lib('analysis/ruleset.js');
    const rules = selectRules(loadRuleset(join(repo, 'rules')), [3, 13]);
    const pool = new AnalysisPool(1, { rules, target: [3, 13], project: { paths: [], roots: [''], declared: [], manifests: [] } });
    try {
      await expect(pool.analyze('a.py', 'import cgi\n', 'python')).resolves.toHaveLength(1);
      await expect(pool.analyze('a.x', 'x', 'no-such-kind')).rejects.toThrow('no analyzer of kind no-such-kind');
    } finally {
      await pool.close();
    }
  });
});

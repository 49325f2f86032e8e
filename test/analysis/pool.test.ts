// The worker-thread pool gives the same result as one thread. Worker threads run compiled JavaScript,
// so this test uses the build in lib/ (`npm test` builds first).

import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

  it('decodes files in the threads as the main thread does: binary, invalid UTF-8, cookies, BOM, size limit', async () => {
    const { analyzeFiles, memoryFile } = await lib('analysis/engine.js');
    const { loadRuleset } = await lib('analysis/ruleset.js');
    const { parseTarget } = await lib('analysis/versions.js');
    const odd: [string, Uint8Array][] = [
      ['blob.py', new Uint8Array([0x69, 0x6d, 0, 0xff])],
      ['bad.py', Buffer.from([0x69, 0x3d, 0xff, 0xfe, 0x0a])],
      ['latin.py', Buffer.from('# -*- coding: latin-1 -*-\nimport uu  # caf\xe9\n', 'latin1')],
      ['bom.py', Buffer.from('\uFEFFimport imp\n')],
      ['big.py', Buffer.from(`import cgi\n${'#'.repeat(3000)}\n`)],
    ];
    const files = Array.from({ length: 120 }, (_, i) => memoryFile(`m${i}/${odd[i % odd.length]![0]}`, odd[i % odd.length]![1]));
    const run = (threads: number) => analyzeFiles({ files, ruleset: loadRuleset(join(repo, 'rules')), target: parseTarget('3.13'), threads, maxFileBytes: 2000 });
    const single = await run(1);
    const pooled = await run(2);
    expect(single.errors).toHaveLength(72);
    expect(single.files).toBe(48);
    expect(pooled).toEqual(single);
  });

  it('lets the threads read local files themselves, with the same findings and errors as one thread', async () => {
    const { analyzeFiles } = await lib('analysis/engine.js');
    const { loadRuleset } = await lib('analysis/ruleset.js');
    const { parseTarget } = await lib('analysis/versions.js');
    const { readCapped } = await lib('analysis/read-capped.js');
    const dir = mkdtempSync(join(tmpdir(), 'pyshift-pool-'));
    const kinds: [string, string | Uint8Array][] = [
      ['ok.py', 'import imp\n'],
      ['blob.py', new Uint8Array([0x69, 0, 0x6d])],
      ['big.py', `import cgi\n${'#'.repeat(3000)}\n`],
      ['gone.py', ''],
    ];
    const files = Array.from({ length: 100 }, (_, i) => {
      const [name, content] = kinds[i % kinds.length]!;
      const path = join(dir, `${i}-${name}`);
      if (name !== 'gone.py') writeFileSync(path, content);
      return { path: `${i}-${name}`, localPath: path, load: async (maxBytes: number) => readCapped(path, maxBytes) };
    });
    try {
      const run = (threads: number) => analyzeFiles({ files, ruleset: loadRuleset(join(repo, 'rules')), target: parseTarget('3.13'), threads, maxFileBytes: 2000 });
      const single = await run(1);
      const pooled = await run(2);
      expect(single.files).toBe(25);
      expect(single.errors.map((e: { message: string }) => e.message.replace(/:.*/, ''))).toEqual(expect.arrayContaining(['skipped', 'could not read the file']));
      expect(single.errors).toHaveLength(75);
      expect(pooled).toEqual(single);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('turns a file the threads cannot analyse into an error entry, not a crash', async () => {
    const { AnalysisPool } = await lib('analysis/pool.js');
    const { loadRuleset, selectRules } = await lib('analysis/ruleset.js');
    const rules = selectRules(loadRuleset(join(repo, 'rules')), [3, 13]);
    const pool = new AnalysisPool(1, { rules, target: [3, 13], project: { paths: [], roots: [''], declared: [], manifests: [] } });
    try {
      await expect(pool.analyze('a.py', { text: 'import cgi\n' }, 'python')).resolves.toHaveLength(1);
      await expect(pool.analyze('a.x', { text: 'x' }, 'no-such-kind')).rejects.toThrow('no analyzer of kind no-such-kind');
      // Bytes are decoded in the thread; the caller's buffer stays usable (a copy moves, not it).
      const bytes = Buffer.from('\uFEFFimport imp\n');
      await expect(pool.analyze('b.py', { bytes, maxBytes: 100 }, 'python')).resolves.toHaveLength(1);
      expect(bytes.toString()).toBe('\uFEFFimport imp\n');
      await expect(pool.analyze('c.py', { bytes: new Uint8Array([0x69, 0, 0x6d]), maxBytes: 100 }, 'python')).rejects.toThrow('skipped: binary file (it contains NUL bytes)');
      await expect(pool.analyze('d.py', { bytes, maxBytes: 5 }, 'python')).rejects.toThrow('bytes is over the 5-byte limit');
    } finally {
      await pool.close();
    }
  });
});

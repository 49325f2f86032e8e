// The embedded queue's fairness and retry bookkeeping, and the result cache's keys, without GitHub.

import { describe, expect, it } from '@jest/globals';
import { loadRuleset } from '../../src/analysis/ruleset.js';
import { analyzeJob, inProcessAnalyze, type AnalysisJob } from '../../src/github/analysis-pool.js';
import { cachedAnalyze, MemoryResultCache } from '../../src/cache/result-cache.js';
import type { PullRequestJobData } from '../../src/queue/job-queue.js';
import { MemoryQueue } from '../../src/queue/memory-queue.js';

const ruleset = loadRuleset();

function jobData(installationId: number, pullNumber: number): PullRequestJobData {
  return {
    installationId,
    owner: `org${installationId}`,
    repo: 'r',
    pullNumber,
    headSha: String(pullNumber).padStart(40, '0'),
    trigger: 'pull_request',
    checkRun: { id: pullNumber, name: 'Python 3.13 migration', created: true, status: 'in_progress' },
    config: {},
    delivery: `d${pullNumber}`,
    event: 'pull_request',
    durations: {},
  };
}

describe('the embedded queue', () => {
  it('a busy installation cannot starve another: the cap leaves slots to the later installation', async () => {
    const queue = new MemoryQueue({ concurrency: 3, perInstallation: 2, attempts: 1, backoffMs: 0 });
    const started: number[] = [];
    const release: (() => void)[] = [];
    queue.work((data) => {
      started.push(data.installationId);
      return new Promise<void>((resolve) => release.push(resolve));
    });
    for (let pr = 1; pr <= 6; pr++) await queue.add(jobData(1, pr));
    await queue.add(jobData(2, 100));
    expect(started).toStrictEqual([1, 1, 2]);
    release.shift()!();
    await new Promise((r) => setImmediate(r));
    expect(started).toStrictEqual([1, 1, 2, 1]);
    while (release.length > 0) {
      release.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    await queue.idle();
    expect(started.filter((i) => i === 1)).toHaveLength(6);
  });

  it.each([
    ['retries until an attempt succeeds', 2, 3, [1, 2, 3], [false, false, true]],
    ['stops after the last attempt', 9, 2, [1, 2], [false, true]],
  ])('%s', async (_label, failures, attempts, numbers, finals) => {
    const queue = new MemoryQueue({ concurrency: 1, perInstallation: 1, attempts, backoffMs: 1 });
    const seen: { number: number; final: boolean }[] = [];
    let left = failures;
    queue.work(async (_data, attempt) => {
      seen.push({ number: attempt.number, final: attempt.final });
      if (left-- > 0) throw Object.assign(new Error('bad gateway'), { status: 502 });
    });
    await queue.add(jobData(1, 1));
    await queue.idle();
    expect(seen).toStrictEqual(numbers.map((number, i) => ({ number, final: finals[i] })));
  });
});

describe('the result cache', () => {
  const base: AnalysisJob = {
    files: [
      { path: 'a.py', content: 'import cgi\n' },
      { path: 'b.py', content: 'import imp\nimport os\n' },
      { path: 'requirements.txt', content: 'requests==2.32.3\n' },
    ],
    target: [3, 13],
    settings: {},
    maxFileBytes: 1_000_000,
    projectPaths: ['a.py', 'b.py', 'requirements.txt'],
    projectRoots: [''],
  };
  const signal = new AbortController().signal;

  it.each<[string, (job: AnalysisJob) => AnalysisJob, string[], number]>([
    ['the same files again: nothing is analysed', (j) => j, [], 0],
    ['one file changed: only that file (and the manifests) is analysed', (j) => ({ ...j, files: j.files.map((f) => (f.path === 'b.py' ? { ...f, content: 'import imp\n' } : f)) }), ['b.py', 'requirements.txt'], 1],
    ['another target: everything is analysed', (j) => ({ ...j, target: [3, 12] as const }), ['a.py', 'b.py', 'requirements.txt'], 3],
    ['other rule settings: everything is analysed', (j) => ({ ...j, settings: { 'py-removed-module-cgi': 'off' } }), ['a.py', 'b.py', 'requirements.txt'], 3],
    ['a changed manifest: everything is analysed', (j) => ({ ...j, files: j.files.map((f) => (f.path === 'requirements.txt' ? { ...f, content: 'flask==3.0.0\n' } : f)) }), ['a.py', 'b.py', 'requirements.txt'], 3],
  ])('%s, with the result an uncached analysis gives', async (_label, change, analysed, misses) => {
    const seen: string[][] = [];
    const inner = inProcessAnalyze(ruleset);
    const { analyze, stats } = cachedAnalyze(async (job, s) => (seen.push(job.files.map((f) => f.path)), inner(job, s)), new MemoryResultCache(100), ruleset.version);
    await analyze(base, signal);
    const next = change(base);
    const result = await analyze(next, signal);
    expect(seen.slice(1).flat().sort()).toStrictEqual(analysed);
    expect(result).toStrictEqual(await analyzeJob(ruleset, next));
    expect(stats).toStrictEqual({ hits: 3 - misses, misses: 3 + misses });
  });
});

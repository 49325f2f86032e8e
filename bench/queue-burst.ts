// Benchmark (issue #5): a burst of N pull_request webhooks (default 200, each PR a few Python files and a
// requirements.txt) through real receivers into BullMQ on a real redis-server (started here on a free
// loopback port), processed by 1 and then 2 workers against the local fake GitHub. Reports jobs per second
// (first webhook sent -> last check run completed), the slowest webhook answer, and the result-cache hit
// rate when every PR is re-pushed with one file changed.
//
//   npm run bench:queue -- [--prs 200] [--files 6] [--latency-ms 0] [--concurrency 4]
//
// The Octokit has retries and throttling off (the app's own throughput; GitHub's write throttling would
// otherwise pace one installation's check-run writes).

import { createHmac, generateKeyPairSync } from 'node:crypto';
import { existsSync, symlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { ProbotOctokit } from 'probot';
import { addedFilePatch, FakeGitHub } from '../test/support/fake-github.js';
import type { Cluster as ClusterType } from '../test/support/pyshift-cluster.js';
import { startRedis } from '../test/support/redis-server.js';

type Cluster = ClusterType;

const { values } = parseArgs({ options: { prs: { type: 'string', default: '200' }, files: { type: 'string', default: '6' }, 'latency-ms': { type: 'string', default: '0' }, concurrency: { type: 'string', default: '4' } } });
const PRS = Number(values.prs);
const FILES = Number(values.files);
const LATENCY = Number(values['latency-ms']);
const CONCURRENCY = Number(values.concurrency);
const SECRET = 'bench-secret';

const outRules = fileURLToPath(new URL('../rules', import.meta.url));
if (!existsSync(outRules)) symlinkSync('../../rules', outRules, 'dir');
const { Cluster } = await import('../test/support/pyshift-cluster.js');

const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
const Octokit = ProbotOctokit.defaults((options: Record<string, any>) => ({ ...options, retry: { enabled: false }, throttle: { ...options.throttle, enabled: false } })); // eslint-disable-line @typescript-eslint/no-explicit-any

const module = (pr: number, i: number, version: number): string =>
  `import os\n${i === 0 ? 'import cgi\n' : ''}\n${Array.from({ length: 15 }, (_, k) => `def f${k}_${version}(x):\n    return os.path.join(str(x), "${pr}-${i}-${k}")\n`).join('\n')}`;

function commit(pr: number, version: number): Record<string, string> {
  const files: Record<string, string> = { 'requirements.txt': 'requests==2.32.3\n' };
  for (let i = 0; i < FILES; i++) files[`pkg/m${i}.py`] = module(pr, i, i === 1 ? version : 0);
  return files;
}

const shaOf = (pr: number, version: number): string => createHmac('sha1', 'bench').update(`${pr}/${version}`).digest('hex');

function event(repo: string, pr: number, sha: string, id: string): { id: string; name: string; payload: unknown } {
  return {
    id,
    name: 'pull_request',
    payload: {
      action: 'synchronize',
      number: pr,
      pull_request: { number: pr, head: { sha, ref: 'feature', repo: { full_name: `bench/${repo}` } }, base: { ref: 'main', repo: { full_name: `bench/${repo}` } } },
      repository: { id: 1, name: repo, full_name: `bench/${repo}`, owner: { login: 'bench' }, default_branch: 'main' },
      installation: { id: 1 + (pr % 8) },
      sender: { login: 'bench' },
    },
  };
}

interface Round {
  seconds: number;
  slowestAnswerMs: number;
}

async function burst(cluster: Cluster, fake: FakeGitHub, repo: string, version: number): Promise<Round> {
  const prs = Array.from({ length: PRS }, (_, i) => i + 1);
  const commits: Record<string, Record<string, string>> = {};
  for (const pr of prs) for (let v = 0; v <= version; v++) commits[shaOf(pr, v)] = commit(pr, v);
  fake.addRepo({
    owner: 'bench',
    repo,
    commits,
    pulls: prs.map((pr) => ({ number: pr, headSha: shaOf(pr, version), files: Object.entries(commit(pr, version)).map(([filename, text]) => ({ filename, status: 'added' as const, patch: addedFilePatch(text) })) })),
  });
  const heads = new Set(prs.map((pr) => shaOf(pr, version)));
  const done = (): boolean => [...fake.checkRuns.values()].filter((r) => heads.has(r.head_sha) && r.status === 'completed').length === heads.size;
  const t0 = performance.now();
  let slowest = 0;
  await Promise.all(
    prs.map(async (pr) => {
      const t = performance.now();
      const res = await cluster.deliver(event(repo, pr, shaOf(pr, version), `${repo}-${pr}-${version}`), pr % cluster.receiverUrls.length);
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
      slowest = Math.max(slowest, performance.now() - t);
    }),
  );
  await fake.waitFor(done, 600_000);
  const seconds = (performance.now() - t0) / 1000;
  const failed = [...fake.checkRuns.values()].filter((r) => heads.has(r.head_sha) && r.conclusion !== 'failure');
  if (failed.length > 0) throw new Error(`${failed.length} check runs did not conclude as expected: ${failed[0]!.output.title}`);
  return { seconds, slowestAnswerMs: slowest };
}

const redis = await startRedis();
console.log(`# Queue burst: ${PRS} pull_request webhooks (${FILES} Python files + requirements.txt each), 2 receivers, fake GitHub latency ${LATENCY} ms, ${CONCURRENCY} jobs per worker, ${8} installations`);
console.log(`node ${process.version}, redis-server at ${redis.url}\n`);
try {
  for (const workers of [1, 2]) {
    const client = new Redis(redis.url);
    await client.flushall();
    client.disconnect();
    const fake = new FakeGitHub();
    fake.latencyMs = LATENCY;
    await fake.start();
    const cluster = await Cluster.start({
      fake,
      privateKey,
      secret: SECRET,
      Octokit,
      redisUrl: redis.url,
      receivers: 2,
      workers,
      overrides: { analysisWorkers: 2, queueConcurrency: CONCURRENCY, installationConcurrency: CONCURRENCY },
    });
    const first = await burst(cluster, fake, `service${workers}`, 0);
    const before = cluster.workers.reduce((s, w) => ({ hits: s.hits + w.runtime.cacheStats.hits, misses: s.misses + w.runtime.cacheStats.misses }), { hits: 0, misses: 0 });
    const second = await burst(cluster, fake, `service${workers}`, 1);
    const after = cluster.workers.reduce((s, w) => ({ hits: s.hits + w.runtime.cacheStats.hits, misses: s.misses + w.runtime.cacheStats.misses }), { hits: 0, misses: 0 });
    const hits = after.hits - before.hits;
    const misses = after.misses - before.misses;
    const perWorker = cluster.workerLogs.map((l) => l.messages('check run completed').length);
    console.log(`## ${workers} worker${workers > 1 ? 's' : ''}`);
    console.log(`burst:   ${PRS} jobs in ${first.seconds.toFixed(2)} s = ${(PRS / first.seconds).toFixed(1)} jobs/s; slowest webhook answer ${first.slowestAnswerMs.toFixed(0)} ms`);
    console.log(`re-push: ${PRS} jobs in ${second.seconds.toFixed(2)} s = ${(PRS / second.seconds).toFixed(1)} jobs/s; cache ${hits} hits / ${hits + misses} files = ${((100 * hits) / (hits + misses)).toFixed(1)} % hit rate`);
    console.log(`jobs per worker: ${perWorker.join(', ')}\n`);
    await cluster.stop();
    await fake.stop();
  }
} finally {
  await redis.stop();
}
process.exit(0);
